#!/usr/bin/env python3
"""PromQL syntax of the alert rules, the Prometheus config and every dashboard query, checked with promtool.

usage: promql_check.py PROMTOOL WORKDIR PROMETHEUS_YML ALERTS_YML DASHBOARD_JSON
Dashboard queries become recording rules (Grafana's $__rate_interval/$__interval and $variables replaced by
plain values) so that `promtool check rules` parses them.
"""
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dashboard_check import dashboard_exprs  # noqa: E402


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        print(f"FAIL {' '.join(cmd[1:3])} {os.path.basename(cmd[-1])}:")
        print((p.stdout + p.stderr).strip())
    return p.returncode == 0


def main(promtool, work, prom_yml, alerts, dashboard):
    os.makedirs(work, exist_ok=True)
    ok = run([promtool, "check", "rules", alerts])
    # The config names /etc/prometheus/alerts.yml (its path in the container): check a copy pointing at ours.
    cfg = yaml.safe_load(open(prom_yml))
    shutil.copy(alerts, os.path.join(work, "alerts.yml"))
    cfg["rule_files"] = ["alerts.yml"]
    local = os.path.join(work, "prometheus.yml")
    yaml.safe_dump(cfg, open(local, "w"))
    ok = run([promtool, "check", "config", "--syntax-only", local]) and ok
    rules = []
    for i, (where, expr) in enumerate(dashboard_exprs(json.load(open(dashboard)))):
        if expr.lstrip().startswith("label_values("):
            continue
        e = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
        e = re.sub(r"\$\{?\w+\}?", ".*", e)
        rules.append({"record": f"chirp_dashboard:query_{i}", "expr": e})
    dash_rules = os.path.join(work, "dashboard-queries.yml")
    yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, open(dash_rules, "w"), sort_keys=False)
    ok = run([promtool, "check", "rules", dash_rules]) and ok
    print(f"alerts, prometheus.yml and {len(rules)} dashboard queries parsed by {os.path.basename(promtool)}"
          if ok else "PromQL problems above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
