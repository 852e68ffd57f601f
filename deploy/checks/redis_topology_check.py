#!/usr/bin/env python3
"""Redis in a built overlay is one of two consistent shapes, and the services are told which:

- cluster (the redis-cluster component; the production overlay): StatefulSet redis has 6 pods, no Sentinel
  container, its init script writes cluster-enabled, a nodes.conf on the volume, the stable announced host name, and
  the cluster bus port 16379 (a container port, open between the redis pods only); the PDB allows one pod down; Job
  redis-cluster-bootstrap forms the cluster (redis-cli --cluster create ... --cluster-replicas 1); chirp-common gives
  the services SPRING_DATA_REDIS_CLUSTER_NODES naming every pod and no SPRING_DATA_REDIS_SENTINEL_ setting, and no
  service gets one any other way (Spring Boot would choose Sentinel over Cluster);
- sentinel (the base, single-node): a Sentinel beside every Redis server, SPRING_DATA_REDIS_SENTINEL_MASTER and
  _NODES in chirp-common, no cluster setting.

usage: redis_topology_check.py BUILT.yaml --expect cluster|sentinel
       redis_topology_check.py --selftest BUILT_CLUSTER.yaml
Prints one line per problem; exits 1 when there is any.
"""
import copy
import re
import sys

import yaml

CLUSTER_PODS = 6


def script_text(by, spec, container):
    """The script a container runs from the ConfigMap mounted at its folder (command [sh, /scripts/x.sh])."""
    path = (container.get("command") or [""])[-1]
    folder, _, name = path.rpartition("/")
    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
    volume = next((v for v in spec.get("volumes", []) if v["name"] == mounts.get(folder)), {})
    cm = by.get(("ConfigMap", (volume.get("configMap") or {}).get("name")), {})
    return (cm.get("data") or {}).get(name, "")


def check(docs, expect):
    by = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    problems = []
    bad = problems.append
    common = next((d.get("data", {}) for (kind, name), d in by.items()
                   if kind == "ConfigMap" and re.fullmatch(r"chirp-common(-[a-z0-9]{10})?", name)), None)
    redis = by.get(("StatefulSet", "redis"))
    if common is None or redis is None:
        return ["no ConfigMap chirp-common or no StatefulSet redis in the build"]
    spec = redis["spec"]["template"]["spec"]
    containers = {c["name"]: c for c in spec["containers"]}
    sentinel_keys = sorted(k for k in common if k.startswith("SPRING_DATA_REDIS_SENTINEL_"))
    services = [d for d in docs if d["kind"] == "Deployment"
                and d["spec"]["template"]["metadata"].get("labels", {}).get("app.kubernetes.io/component") == "service"]

    if expect == "sentinel":
        if "sentinel" not in containers:
            bad("StatefulSet redis: no sentinel container")
        if "SPRING_DATA_REDIS_SENTINEL_MASTER" not in common or "SPRING_DATA_REDIS_SENTINEL_NODES" not in common:
            bad("chirp-common: no SPRING_DATA_REDIS_SENTINEL_MASTER / _NODES")
        if "SPRING_DATA_REDIS_CLUSTER_NODES" in common:
            bad("chirp-common: SPRING_DATA_REDIS_CLUSTER_NODES next to Sentinel settings")
        return problems

    replicas = redis["spec"].get("replicas", 1)
    if replicas != CLUSTER_PODS:
        bad(f"StatefulSet redis: {replicas} pods, not {CLUSTER_PODS} (3 primaries with a replica each)")
    if "sentinel" in containers:
        bad("StatefulSet redis: a sentinel container in a Redis Cluster")
    redis_c = containers.get("redis", {})
    if not any(p["containerPort"] == 16379 for p in redis_c.get("ports", [])):
        bad("StatefulSet redis: the cluster bus port 16379 is not a container port")
    if not any(m["mountPath"] == "/data" for m in redis_c.get("volumeMounts", [])):
        bad("StatefulSet redis: no volume at /data (nodes.conf must survive restarts)")
    init = next((c for c in spec.get("initContainers", []) if c["name"] == "config"), {})
    conf = script_text(by, spec, init)
    for setting in (r"^cluster-enabled yes$", r"^cluster-config-file nodes\.conf$", r"^dir (/data|\$\{DATA_DIR\})$",
                    r"^cluster-node-timeout ", r"^cluster-announce-hostname ", r"^cluster-preferred-endpoint-type hostname$",
                    r"^appendonly yes$"):
        if not re.search(setting, conf, flags=re.M):
            bad(f"StatefulSet redis: its init script does not write /{setting}/ into redis.conf")
    pdb = [p for p in docs if p["kind"] == "PodDisruptionBudget"
           and p["spec"]["selector"].get("matchLabels", {}).get("app.kubernetes.io/name") == "redis"]
    if not pdb or pdb[0]["spec"].get("maxUnavailable") != 1:
        bad("PodDisruptionBudget redis: not maxUnavailable 1")
    job = by.get(("Job", "redis-cluster-bootstrap"))
    if not job:
        bad("no Job redis-cluster-bootstrap (nothing forms the cluster)")
    else:
        jspec = job["spec"]["template"]["spec"]
        text = script_text(by, jspec, jspec["containers"][0])
        if "--cluster create" not in text or "--cluster-replicas 1" not in text:
            bad("Job redis-cluster-bootstrap: its script does not run redis-cli --cluster create --cluster-replicas 1")
    np_ = by.get(("NetworkPolicy", "redis"))
    rules = (np_ or {}).get("spec", {}).get("ingress", [])
    peers = [r for r in rules if any("redis" in (f.get("podSelector") or {}).get("matchExpressions", [{}])[0]
                                     .get("values", []) for f in r.get("from", []))]
    if not any(p.get("port") == 16379 for r in peers for p in r.get("ports", [])):
        bad("NetworkPolicy redis: the redis pods may not reach each other's cluster bus (16379)")
    for r in rules:
        if r not in peers and any(p.get("port") == 16379 for p in r.get("ports", [])):
            bad("NetworkPolicy redis: the cluster bus (16379, no password) is open to others than the redis pods")
        if any(p.get("port") == 26379 for p in r.get("ports", [])):
            bad("NetworkPolicy redis: the Sentinel port 26379 is still open")
    nodes = common.get("SPRING_DATA_REDIS_CLUSTER_NODES")
    want = ",".join(f"redis-{i}.redis:6379" for i in range(CLUSTER_PODS))
    if nodes is None:
        bad("chirp-common: no SPRING_DATA_REDIS_CLUSTER_NODES")
    elif sorted(nodes.split(",")) != sorted(want.split(",")):
        bad(f"chirp-common: SPRING_DATA_REDIS_CLUSTER_NODES is {nodes!r}, not the {CLUSTER_PODS} pods {want!r}")
    for k in sentinel_keys:
        bad(f"chirp-common: {k} next to SPRING_DATA_REDIS_CLUSTER_NODES (Spring Boot would choose Sentinel)")
    for d in services:
        for c in d["spec"]["template"]["spec"]["containers"]:
            for e in c.get("env", []) or []:
                if e["name"].startswith("SPRING_DATA_REDIS_SENTINEL_"):
                    bad(f"Deployment {d['metadata']['name']}: {e['name']} on a Redis Cluster")
            if not any(re.fullmatch(r"chirp-common(-[a-z0-9]{10})?", (ef.get("configMapRef") or {}).get("name", ""))
                       for ef in c.get("envFrom", []) or []):
                bad(f"Deployment {d['metadata']['name']}: does not import chirp-common (the cluster's nodes)")
    return problems


def main(path, expect):
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    problems = check(docs, expect)
    for p in problems:
        print(f"FAIL {p}")
    print(f"Redis as {expect}: {len(problems)} problem(s)")
    return 1 if problems else 0


def selftest(path):
    """The check must fail on a production build broken in each way it is for."""
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    if check(docs, "cluster"):
        print("FAIL self-test: the build itself does not pass")
        return 1

    def broken(edit):
        bad = copy.deepcopy(docs)
        for d in bad:
            edit(d)
        return check(bad, "cluster")

    def three_pods(d):
        if d["kind"] == "StatefulSet" and d["metadata"]["name"] == "redis":
            d["spec"]["replicas"] = 3

    def sentinel_back(d):
        if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("chirp-common"):
            d["data"]["SPRING_DATA_REDIS_SENTINEL_MASTER"] = "chirp"
        if d["kind"] == "Deployment" and d["metadata"]["name"] == "timeline-service":
            d["spec"]["template"]["spec"]["containers"][0].setdefault("env", []).append(
                {"name": "SPRING_DATA_REDIS_SENTINEL_PASSWORD", "value": "x"})

    def not_a_cluster(d):
        if d["kind"] == "ConfigMap" and "cluster-init.sh" in (d.get("data") or {}):
            d["data"]["cluster-init.sh"] = d["data"]["cluster-init.sh"].replace("cluster-enabled yes", "")
        if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("chirp-common"):
            del d["data"]["SPRING_DATA_REDIS_CLUSTER_NODES"]

    cases = [(three_pods, "not 6"), (sentinel_back, "SPRING_DATA_REDIS_SENTINEL_MASTER next to"),
             (sentinel_back, "timeline-service: SPRING_DATA_REDIS_SENTINEL_PASSWORD"),
             (not_a_cluster, "cluster-enabled yes"), (not_a_cluster, "no SPRING_DATA_REDIS_CLUSTER_NODES")]
    for edit, wanted in cases:
        found = broken(edit)
        if not any(wanted in p for p in found):
            print(f"FAIL self-test: {edit.__name__} not caught ({wanted!r}); found {found}")
            return 1
    print(f"self-test: {len(cases)} broken builds caught")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--selftest":
        sys.exit(selftest(sys.argv[2]))
    sys.exit(main(sys.argv[1], sys.argv[sys.argv.index("--expect") + 1]))
