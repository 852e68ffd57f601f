#!/usr/bin/env python3
"""Structural checks of docker-compose.yml (and the fallback when docker-compose cannot be installed):
it parses; every service has a health check; depends_on waits for health; data-tier images are pinned;
ports are published on 127.0.0.1 only; named volumes are declared; the six services are built with MODULE.

usage: compose_check.py COMPOSE_FILE
"""
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from config_model import SERVICES  # noqa: E402


def prometheus_targets(path, services):
    """The Prometheus config mounted into the prometheus service scrapes every Chirp service, by its compose name."""
    prom = services.get("prometheus")
    if not prom:
        return []
    cfg = None
    for vol in prom.get("volumes") or []:
        if isinstance(vol, str) and vol.split(":")[1:2] == ["/etc/prometheus/prometheus.yml"]:
            cfg = os.path.join(os.path.dirname(os.path.abspath(path)), vol.split(":")[0])
    if not cfg or not os.path.exists(cfg):
        return ["prometheus: no prometheus.yml mounted"]
    bad, scraped = [], set()
    for job in yaml.safe_load(open(cfg)).get("scrape_configs", []):
        for sc in job.get("static_configs", []):
            for target in sc.get("targets", []):
                host = target.rsplit(":", 1)[0]
                if host not in services and host not in ("127.0.0.1", "localhost"):
                    bad.append(f"prometheus job {job['job_name']}: target {target} is not a compose service")
                scraped.add(host)
    for module in SERVICES:
        if module not in scraped:
            bad.append(f"prometheus does not scrape {module}")
    return bad


def main(path):
    try:
        doc = yaml.safe_load(open(path))
    except yaml.YAMLError as e:
        print(f"FAIL {path} does not parse: {e}")
        return 1
    bad = []
    services = doc.get("services") or {}
    if not services:
        bad.append("no services")
    declared = set((doc.get("volumes") or {}).keys())
    built = {}
    for name, svc in services.items():
        hc = svc.get("healthcheck")
        if not hc or hc.get("disable") or not hc.get("test") or hc.get("test") in (["NONE"], "NONE"):
            bad.append(f"service {name} has no health check")
        deps = svc.get("depends_on") or {}
        if isinstance(deps, list):
            bad.append(f"service {name}: depends_on is a list (starts without waiting for health)")
        else:
            for dep, cond in deps.items():
                if dep not in services:
                    bad.append(f"service {name} depends on unknown service {dep}")
                c = (cond or {}).get("condition")
                if c not in ("service_healthy", "service_completed_successfully"):
                    bad.append(f"service {name}: depends_on {dep} has condition {c}, not service_healthy")
        build = svc.get("build")
        if build:
            args = build.get("args", {}) if isinstance(build, dict) else {}
            module = args.get("MODULE") if isinstance(args, dict) else None
            if module not in SERVICES:
                bad.append(f"service {name} is built without a known MODULE build argument")
            built[module] = name
        else:
            image = svc.get("image", "")
            if not re.search(r":[^/]+$", image) or image.endswith(":latest"):
                bad.append(f"service {name}: image {image!r} is not pinned to a version")
        for port in svc.get("ports") or []:
            spec = port if isinstance(port, str) else f"{port.get('host_ip', '')}:{port.get('published')}"
            if not str(spec).startswith("127.0.0.1:"):
                bad.append(f"service {name}: port {spec} is not bound to 127.0.0.1")
        for vol in svc.get("volumes") or []:
            src = vol.split(":", 1)[0] if isinstance(vol, str) else vol.get("source", "")
            if src and not src.startswith((".", "/", "~")) and src not in declared:
                bad.append(f"service {name}: volume {src} is not declared")
            if src.startswith("./") and not os.path.exists(os.path.join(os.path.dirname(os.path.abspath(path)), src)):
                bad.append(f"service {name}: bind-mounted {src} does not exist")
    bad.extend(prometheus_targets(path, services))
    for module in SERVICES:
        if module not in built:
            bad.append(f"{module} is not built from the Dockerfile")
    for b in bad:
        print(f"FAIL {b}")
    print(f"{len(services)} services, {len(bad)} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
