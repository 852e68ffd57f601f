#!/usr/bin/env python3
"""What the schemas cannot say, checked on a built overlay: the service Deployments are hardened and probed, each
has an HPA and a PDB, each StatefulSet has a PDB and anti-affinity, ingress is denied by default, images pinned.

usage: k8s_policy_check.py BUILT.yaml
"""
import sys

import yaml


def references(by_kind):
    """Names that must resolve inside the build: Services to pods and ports, Ingress to Services, HPAs to
    Deployments, ConfigMap/Secret references, NetworkPolicy and PDB selectors to pods."""
    bad = []
    workloads = by_kind.get("Deployment", []) + by_kind.get("StatefulSet", [])
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
    for w in workloads:
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
                if key in v and v[key][field] not in names[kind]:
                    bad.append(f"{where}: volume {v['name']} refers to missing {kind} {v[key][field]}")
        if w["kind"] == "StatefulSet" and w["spec"].get("serviceName") not in names["Service"]:
            bad.append(f"{where}: governing Service {w['spec'].get('serviceName')} does not exist")
    return bad


def main(path):
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
    backends = {p["backend"]["service"]["name"] for i in ing for r in i["spec"].get("rules", [])
                for p in r["http"]["paths"]}
    if "gateway-service" not in backends:
        bad.append("no Ingress routes to gateway-service")
    for other in backends - {"gateway-service", "minio"}:
        bad.append(f"Ingress exposes {other}: only the gateway (and the object store for presigned URLs) may be")
    bad.extend(references(by_kind))
    for kind in ("ServiceMonitor", "PrometheusRule", "Namespace", "ConfigMap", "Secret"):
        if kind not in by_kind:
            bad.append(f"no {kind}")
    for b in bad:
        print(f"FAIL {b}")
    print(f"{len(docs)} objects, {len(bad)} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
