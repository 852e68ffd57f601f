#!/usr/bin/env python3
"""What the schemas cannot say, checked on a built overlay: the service Deployments are hardened and probed, each
has an HPA and a PDB, each StatefulSet has a PDB and anti-affinity, ingress is denied by default, images pinned;
the way in (Gateway API, optional Ingress) routes only the gateway's API port and media reads; no address names a
namespace; the actuator of the gateway is probed and scraped on its management port.

usage: k8s_policy_check.py BUILT.yaml [--max-memory-requests GIB]
"""
import re
import sys

import yaml


def references(by_kind):
    """Names that must resolve inside the build: Services to pods and ports, Ingress to Services, HPAs to
    Deployments, ConfigMap/Secret references, NetworkPolicy and PDB selectors to pods."""
    bad = []
    workloads = by_kind.get("Deployment", []) + by_kind.get("StatefulSet", [])
    # Jobs' pods refer to ConfigMaps and Secrets too (not selected by Services, PDBs or NetworkPolicies)
    with_jobs = workloads + by_kind.get("Job", [])
    names = {k: {o["metadata"]["name"] for o in by_kind.get(k, [])} for k in ("ConfigMap", "Secret", "Service",
                                                                            "Deployment", "StatefulSet")}

    def pods(selector):
        return [w for w in workloads
                if all(w["spec"]["template"]["metadata"].get("labels", {}).get(k) == v for k, v in selector.items())]

    def ports_of(ws):
        out = set()
        for w in ws:
            for c in w["spec"]["template"]["spec"]["containers"]:
                for p in c.get("ports", []):
                    out |= {p.get("name"), p["containerPort"]}
        return out
    for svc in by_kind.get("Service", []):
        sel = svc["spec"].get("selector") or {}
        matched = pods(sel)
        if not matched:
            bad.append(f"Service {svc['metadata']['name']} selects no pods")
        for p in svc["spec"].get("ports", []):
            target = p.get("targetPort", p["port"])
            if matched and target not in ports_of(matched):
                bad.append(f"Service {svc['metadata']['name']}: targetPort {target} is not a container port")
    svc_ports = {s["metadata"]["name"]: {x for p in s["spec"].get("ports", []) for x in (p.get("name"), p["port"])}
                 for s in by_kind.get("Service", [])}
    for ing in by_kind.get("Ingress", []):
        for r in ing["spec"].get("rules", []):
            for path in r["http"]["paths"]:
                be = path["backend"]["service"]
                port = be["port"].get("name", be["port"].get("number"))
                if be["name"] not in svc_ports or port not in svc_ports[be["name"]]:
                    bad.append(f"Ingress {ing['metadata']['name']}: backend {be['name']}:{port} does not exist")
    for route in by_kind.get("HTTPRoute", []):
        gateways = {g["metadata"]["name"]: g for g in by_kind.get("Gateway", [])}
        for parent in route["spec"].get("parentRefs", []):
            gw = gateways.get(parent["name"])
            if not gw:
                bad.append(f"HTTPRoute {route['metadata']['name']}: Gateway {parent['name']} does not exist")
            elif parent.get("sectionName") and parent["sectionName"] not in {l["name"] for l in gw["spec"]["listeners"]}:
                bad.append(f"HTTPRoute {route['metadata']['name']}: listener {parent['sectionName']} does not exist")
        for rule in route["spec"].get("rules", []):
            for be in rule.get("backendRefs", []):
                if be["name"] not in svc_ports or be.get("port") not in svc_ports[be["name"]]:
                    bad.append(f"HTTPRoute {route['metadata']['name']}: backend {be['name']}:{be.get('port')} "
                               "does not exist")
    for sm in by_kind.get("ServiceMonitor", []):
        sel = sm["spec"]["selector"].get("matchLabels", {})
        chosen = [s for s in by_kind.get("Service", [])
                  if all(s["metadata"].get("labels", {}).get(k) == v for k, v in sel.items())]
        if not chosen:
            bad.append(f"ServiceMonitor {sm['metadata']['name']} selects no Service")
        for ep in sm["spec"]["endpoints"]:
            if not any(ep["port"] in svc_ports[s["metadata"]["name"]] for s in chosen):
                bad.append(f"ServiceMonitor {sm['metadata']['name']}: no selected Service has port {ep['port']}")
    for h in by_kind.get("HorizontalPodAutoscaler", []):
        ref = h["spec"]["scaleTargetRef"]
        if ref["name"] not in names.get(ref["kind"], set()):
            bad.append(f"HPA {h['metadata']['name']} targets missing {ref['kind']} {ref['name']}")
    for kind in ("PodDisruptionBudget", "NetworkPolicy"):
        for o in by_kind.get(kind, []):
            sel = (o["spec"]["selector"] if kind == "PodDisruptionBudget" else o["spec"]["podSelector"])
            labels = sel.get("matchLabels", {})
            if labels and not pods(labels):
                bad.append(f"{kind} {o['metadata']['name']} selects no pods")
    for w in with_jobs:
        spec = w["spec"]["template"]["spec"]
        where = f"{w['kind']} {w['metadata']['name']}"
        for c in spec.get("containers", []) + spec.get("initContainers", []):
            for e in c.get("env", []):
                vf = e.get("valueFrom", {})
                for key, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                    if key in vf and vf[key]["name"] not in names[kind] and not vf[key].get("optional"):
                        bad.append(f"{where}: {kind} {vf[key]['name']} (variable {e['name']}) does not exist")
            for ef in c.get("envFrom", []):
                for key, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                    if key in ef and ef[key]["name"] not in names[kind] and not ef[key].get("optional"):
                        bad.append(f"{where}: envFrom {kind} {ef[key]['name']} does not exist")
            mounts = {m["name"] for m in c.get("volumeMounts", [])}
            known = {v["name"] for v in spec.get("volumes", [])} | \
                {t["metadata"]["name"] for t in w["spec"].get("volumeClaimTemplates", [])}
            for m in mounts - known:
                bad.append(f"{where} container {c['name']}: volume {m} is not defined")
        for v in spec.get("volumes", []):
            for key, kind, field in (("configMap", "ConfigMap", "name"), ("secret", "Secret", "secretName")):
                if key in v and v[key][field] not in names[kind] and not v[key].get("optional"):
                    bad.append(f"{where}: volume {v['name']} refers to missing {kind} {v[key][field]}")
        if w["kind"] == "StatefulSet" and w["spec"].get("serviceName") not in names["Service"]:
            bad.append(f"{where}: governing Service {w['spec'].get('serviceName')} does not exist")
    return bad


def main(path, max_memory=None):
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    bad = []
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    hpa_targets = {h["spec"]["scaleTargetRef"]["name"] for h in by_kind.get("HorizontalPodAutoscaler", [])}
    pdb_selectors = [p["spec"]["selector"].get("matchLabels", {}) for p in by_kind.get("PodDisruptionBudget", [])]

    def has_pdb(labels):
        return any(sel and all(labels.get(k) == v for k, v in sel.items()) for sel in pdb_selectors)

    for d in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", []):
        name, kind = d["metadata"]["name"], d["kind"]
        tpl = d["spec"]["template"]
        spec = tpl["spec"]
        labels = tpl["metadata"].get("labels", {})
        if not has_pdb(labels):
            bad.append(f"{kind} {name} has no PodDisruptionBudget")
        if not (spec.get("affinity") or {}).get("podAntiAffinity"):
            bad.append(f"{kind} {name} has no pod anti-affinity")
        for c in spec.get("containers", []) + spec.get("initContainers", []):
            img = c.get("image", "")
            if ":" not in img.rsplit("/", 1)[-1] and "@" not in img or img.endswith(":latest"):
                bad.append(f"{kind} {name}: image {img} is not pinned")
            if c in spec.get("containers", []):
                res = c.get("resources") or {}
                if not res.get("requests") or not res.get("limits"):
                    bad.append(f"{kind} {name} container {c['name']}: no resource requests and limits")
                if "readinessProbe" not in c or "livenessProbe" not in c:
                    bad.append(f"{kind} {name} container {c['name']}: no readiness or liveness probe")
            sc = c.get("securityContext") or {}
            if sc.get("allowPrivilegeEscalation") is not False:
                bad.append(f"{kind} {name} container {c['name']}: allowPrivilegeEscalation is not false")
            if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
                bad.append(f"{kind} {name} container {c['name']}: capabilities not dropped")
        psc = spec.get("securityContext") or {}
        if (psc.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
            bad.append(f"{kind} {name}: seccompProfile is not RuntimeDefault")
        if not psc.get("runAsNonRoot"):
            bad.append(f"{kind} {name}: runAsNonRoot is not set")
        if labels.get("app.kubernetes.io/component") == "service":
            if kind != "Deployment":
                bad.append(f"service {name} is a {kind}, not a Deployment")
            if name not in hpa_targets:
                bad.append(f"Deployment {name} has no HorizontalPodAutoscaler")
            c = spec["containers"][0]
            sc = c.get("securityContext") or {}
            if not sc.get("readOnlyRootFilesystem"):
                bad.append(f"Deployment {name}: root filesystem is not read-only")
            mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
            vols = {v["name"]: v for v in spec.get("volumes", [])}
            if "/tmp" not in mounts or "emptyDir" not in vols.get(mounts["/tmp"], {}):
                bad.append(f"Deployment {name}: no emptyDir at /tmp")
            if spec.get("automountServiceAccountToken") is not False:
                bad.append(f"Deployment {name}: service account token is mounted")
    nps = by_kind.get("NetworkPolicy", [])
    if not any(n["spec"].get("podSelector") == {} and "Ingress" in n["spec"].get("policyTypes", [])
               and not n["spec"].get("ingress") for n in nps):
        bad.append("no default-deny ingress NetworkPolicy")
    covered = {n["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name") for n in nps}
    for d in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", []):
        if d["metadata"]["name"] not in covered:
            bad.append(f"{d['kind']} {d['metadata']['name']} has no NetworkPolicy allowing its clients")
    ing = by_kind.get("Ingress", [])
    backends = {(p["backend"]["service"]["name"], p["backend"]["service"]["port"].get("name"))
                for i in ing for r in i["spec"].get("rules", []) for p in r["http"]["paths"]}
    for route in by_kind.get("HTTPRoute", []):
        for rule in route["spec"].get("rules", []):
            methods = {m.get("method") for m in rule.get("matches", [])}
            for be in rule.get("backendRefs", []):
                port = {8080: "http", 8333: "s3"}.get(be.get("port"), be.get("port"))
                backends.add((be["name"], port))
                if be["name"] == "seaweedfs" and not methods <= {"GET", "HEAD"}:
                    bad.append(f"HTTPRoute {route['metadata']['name']}: the object store is routed for methods "
                               f"{sorted(m or 'any' for m in methods)}, only GET and HEAD may be")
    if not by_kind.get("Gateway") or not by_kind.get("HTTPRoute"):
        bad.append("no Gateway and HTTPRoute (the default way in)")
    if ("gateway-service", "http") not in backends:
        bad.append("nothing routes to gateway-service's http port")
    for name, port in backends - {("gateway-service", "http"), ("seaweedfs", "s3")}:
        bad.append(f"the way in exposes {name}:{port}: only the gateway's API port (and media reads) may be routed")
    # The gateway's actuator: probed and served on the management port, which nothing routes.
    for d in by_kind.get("Deployment", []):
        if d["metadata"]["name"] != "gateway-service":
            continue
        c = d["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e.get("value") for e in c.get("env", [])}
        mgmt = [p for p in c.get("ports", []) if p.get("name") == "management"]
        if not mgmt or env.get("MANAGEMENT_SERVER_PORT") != str(mgmt[0]["containerPort"]):
            bad.append("gateway-service: no management port matching MANAGEMENT_SERVER_PORT")
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            if (c.get(probe) or {}).get("httpGet", {}).get("port") != "management":
                bad.append(f"gateway-service: {probe} is not on the management port")
    # Short names only: a namespace spelled into an address breaks an overlay that moves the namespace.
    text = yaml.safe_dump_all(docs)
    for m in sorted(set(re.findall(r"[\w.-]+\.[a-z0-9-]+\.svc\.cluster\.local", text))):
        bad.append(f"address {m} names a namespace: use the short service name")
    bad.extend(references(by_kind))
    # One namespace: an object without one (e.g. a component's, in an overlay that sets none) would be applied to
    # whatever namespace kubectl's context names, away from the pods that use it.
    namespaces = {n["metadata"]["name"] for n in by_kind.get("Namespace", [])}
    for d in docs:
        if d["kind"] in CLUSTER_SCOPED:
            continue
        ns = d["metadata"].get("namespace")
        if namespaces and ns not in namespaces:
            bad.append(f"{d['kind']} {d['metadata']['name']}: namespace {ns or '(none)'}, not {sorted(namespaces)}")
    for kind in ("Namespace", "ConfigMap", "Secret"):
        if kind not in by_kind:
            bad.append(f"no {kind}")
    total = memory_requests(by_kind)
    if max_memory is not None and total > max_memory * 2**30:
        bad.append(f"memory requests add up to {total / 2**30:.2f} GiB, above {max_memory} GiB")
    for b in bad:
        print(f"FAIL {b}")
    print(f"{len(docs)} objects, {total / 2**30:.2f} GiB memory requested, {len(bad)} problem(s)")
    return 1 if bad else 0


CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
                  "StorageClass", "GatewayClass", "IngressClass", "PersistentVolume"}
UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 1e3, "M": 1e6, "G": 1e9, "": 1}


def memory_requests(by_kind):
    """Memory the scheduler reserves for one pod of every replica (HPA minimums aside)."""
    total = 0
    for w in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", []):
        replicas = w["spec"].get("replicas", 1)
        for c in w["spec"]["template"]["spec"]["containers"]:
            req = ((c.get("resources") or {}).get("requests") or {}).get("memory")
            if req:
                m = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(req))
                total += replicas * float(m.group(1)) * UNITS[m.group(2)]
    return total


if __name__ == "__main__":
    limit = float(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--max-memory-requests" else None
    sys.exit(main(sys.argv[1], limit))
