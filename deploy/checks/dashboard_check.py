#!/usr/bin/env python3
"""The Grafana dashboard and the alert rules use only metrics the services expose.

usage: dashboard_check.py REPO DASHBOARD.json [--rules FILE ...] [--same-rules A.yml B.yaml]
Known metrics: Chirp's meters derived from the sources (config_model.py) and known-metrics.txt (Boot/Micrometer).
With CHIRP_CHECK_LIVE=1 every metric the dashboard uses must also appear in a live scrape of
CHIRP_CHECK_LIVE_URLS (space-separated; default: http://127.0.0.1:8180 (the gateway's management port), 8081..8085 /actuator/prometheus).
"""
import argparse
import json
import os
import re
import sys
import urllib.request

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from config_model import Model  # noqa: E402

KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
            "offset", "inf", "nan", "le"}


def metrics_in(expr):
    """Metric names in a PromQL expression (label matchers, ranges, strings, grouping clauses removed)."""
    m = re.match(r"\s*label_values\(\s*([a-zA-Z_:][\w:]*)\s*,", expr)
    if m:
        return {m.group(1)}
    e = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', expr)
    e = re.sub(r"\{[^}]*\}", " ", e)
    e = re.sub(r"\[[^\]]*\]", " ", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    names = set()
    for m in re.finditer(r"(?<![\w$.])([a-zA-Z_:][\w:]*)(\s*\()?", e):
        name, call = m.group(1), m.group(2)
        if call or name.lower() in KEYWORDS or re.fullmatch(r"\d.*", name):
            continue
        names.add(name)
    return names


def dashboard_exprs(dash):
    out = []

    def walk(panels):
        for p in panels or []:
            for t in p.get("targets", []) or []:
                if t.get("expr"):
                    out.append((p.get("title", "?"), t["expr"]))
            walk(p.get("panels"))
    walk(dash.get("panels"))
    for v in (dash.get("templating") or {}).get("list", []):
        q = v.get("query")
        q = q.get("query") if isinstance(q, dict) else q
        if v.get("type") == "query" and q:
            out.append((f"variable {v.get('name')}", q))
    return out


def rule_exprs(path):
    doc = yaml.safe_load(open(path))
    groups = doc["spec"]["groups"] if doc.get("kind") == "PrometheusRule" else doc["groups"]
    return [(r.get("alert") or r.get("record"), r["expr"]) for g in groups for r in g["rules"]], groups


def known_metrics(repo):
    known = dict(Model(repo).metric_names())
    for line in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "known-metrics.txt")):
        line = line.strip()
        if line and not line.startswith("#"):
            known.setdefault(line.split()[0], "known-metrics.txt")
    return known


def live_names(urls):
    names = set()
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                for line in r.read().decode().splitlines():
                    if line and not line.startswith("#"):
                        names.add(re.match(r"[a-zA-Z_:][\w:]*", line).group(0))
        except Exception as e:  # noqa: BLE001
            print(f"FAIL live scrape {url}: {e}")
            return None
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo")
    ap.add_argument("dashboard")
    ap.add_argument("--rules", action="append", default=[])
    ap.add_argument("--same-rules", nargs=2)
    a = ap.parse_args()
    bad = 0
    try:
        dash = json.load(open(a.dashboard))
    except ValueError as e:
        print(f"FAIL {a.dashboard} does not parse: {e}")
        return 1
    for key in ("title", "uid", "panels"):
        if key not in dash:
            print(f"FAIL {a.dashboard}: no {key}")
            bad += 1
    ids = [p.get("id") for p in dash.get("panels", [])]
    if len(ids) != len(set(ids)):
        print(f"FAIL {a.dashboard}: duplicate panel ids")
        bad += 1
    known = known_metrics(a.repo)
    used = {}
    for where, expr in dashboard_exprs(dash):
        for n in metrics_in(expr):
            used.setdefault(n, set()).add(f"dashboard panel '{where}'")
    if not used:
        print("FAIL the dashboard queries no metric")
        bad += 1
    for path in a.rules:
        for where, expr in rule_exprs(path)[0]:
            for n in metrics_in(expr):
                used.setdefault(n, set()).add(f"{os.path.basename(path)} {where}")
    for n in sorted(used):
        if n not in known:
            print(f"FAIL {n} (used by {', '.join(sorted(used[n]))}) is not exposed by the services")
            bad += 1
    if a.same_rules:
        g1, g2 = rule_exprs(a.same_rules[0])[1], rule_exprs(a.same_rules[1])[1]
        if g1 != g2:
            print(f"FAIL {a.same_rules[0]} and {a.same_rules[1]} define different alert groups")
            bad += 1
    if os.environ.get("CHIRP_CHECK_LIVE") == "1":
        urls = os.environ.get("CHIRP_CHECK_LIVE_URLS", " ".join(
            # The gateway's actuator is on its management port, 8180; the other services' on their own.
            f"http://127.0.0.1:{p}/actuator/prometheus" for p in [8180, *range(8081, 8086)])).split()
        live = live_names(urls)
        if live is None:
            bad += 1
        else:
            dash_used = {n for n, w in used.items() if any(x.startswith("dashboard") for x in w)} - {"up"}
            for n in sorted(dash_used - live):
                print(f"FAIL {n} is not in the live scrape of {len(urls)} service(s)")
                bad += 1
    print(f"{len(used)} metric names checked against {len(known)} known, {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
