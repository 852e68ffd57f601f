#!/usr/bin/env python3
"""Every environment variable that docker-compose.yml, the Dockerfile or a built kustomize overlay gives a Chirp
service must be one the service reads (config_model.py; plus env-allowlist.txt for standard Spring/JVM names).

usage: env_check.py REPO [--compose FILE] [--dockerfile FILE] [--k8s NAME=BUILT_YAML ...]
Prints one line per problem; exits 1 when there is any.
"""
import argparse
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from config_model import Model, SERVICES  # noqa: E402


def load_allow(path):
    return {l.strip() for l in open(path) if l.strip() and not l.startswith("#")}


JVM_VARIABLES = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}


def boot_properties(repo):
    """Property names from the configuration metadata of the Spring Boot jars in the local Maven repository (the
    version of the root pom's parent), or None when they are not there (nothing resolved yet)."""
    import glob
    import json
    import zipfile
    pom = open(os.path.join(repo, "pom.xml")).read()
    m = re.search(r"<parent>.*?<artifactId>spring-boot-starter-parent</artifactId>\s*<version>([^<]+)</version>",
                  pom, flags=re.S)
    if not m:
        return None
    m2 = os.environ.get("MAVEN_REPO") or os.path.expanduser("~/.m2/repository")
    jars = glob.glob(os.path.join(m2, "org", "springframework", "boot", "*", m.group(1), f"*-{m.group(1)}.jar"))
    props, maps = set(), set()
    for jar in jars:
        try:
            z = zipfile.ZipFile(jar)
        except (OSError, zipfile.BadZipFile):
            continue
        for name in ("META-INF/spring-configuration-metadata.json",
                     "META-INF/additional-spring-configuration-metadata.json"):
            try:
                entries = json.loads(z.read(name)).get("properties", [])
                props |= {p["name"] for p in entries}
                maps |= {p["name"] for p in entries if p.get("type", "").startswith("java.util.Map<")}
            except (KeyError, ValueError):
                pass
    return (props, maps) if len(props) > 100 else None


def check_allow_list(repo, allow):
    """Every allow-list entry (but the JVM's own variables) must name a real Spring Boot property."""
    from config_model import env_forms
    found = boot_properties(repo)
    if found is None:
        return [], "allow-list not cross-checked (no Spring Boot jars in the local Maven repository yet)"
    props, maps = found
    forms = set()
    for p in props:
        forms |= env_forms(p)
    # A Map property (spring.kafka.properties) takes any key below it: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM.
    map_forms = set()
    for p in maps:
        map_forms |= env_forms(p)
    bad = [f"FAIL env-allowlist.txt: {v} is not a Spring Boot property (configuration metadata of the Boot jars)"
           for v in sorted(allow - JVM_VARIABLES)
           if v not in forms and not any(v.startswith(m + "_") and len(v) > len(m) + 1 for m in map_forms)]
    return bad, f"allow-list checked against {len(props)} Spring Boot properties"


def compose_env(path):
    """(where, module, NAME) for the services built from this repository."""
    doc = yaml.safe_load(open(path))
    for name, svc in (doc.get("services") or {}).items():
        build = svc.get("build")
        if not build:
            continue
        args = build.get("args", {}) if isinstance(build, dict) else {}
        if isinstance(args, list):
            args = dict(a.split("=", 1) for a in args)
        module = args.get("MODULE", name)
        env = svc.get("environment") or {}
        names = env.keys() if isinstance(env, dict) else [e.split("=", 1)[0] for e in env]
        for var in names:
            yield f"{os.path.basename(path)} service {name}", module, var


def dockerfile_env(path):
    text = open(path).read().replace("\\\n", " ")
    for m in re.finditer(r"^ENV\s+(.*)$", text, flags=re.M):
        for var in re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", m.group(1)):
            yield os.path.basename(path), None, var


def k8s_env(label, path):
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    maps = {(d["kind"], d["metadata"]["name"]): d for d in docs if d.get("kind") in ("ConfigMap", "Secret")}
    for d in docs:
        if d.get("kind") not in ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"):
            continue
        spec = d["spec"]["template"]["spec"] if d["kind"] != "CronJob" else \
            d["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        for c in spec.get("containers", []) + spec.get("initContainers", []):
            image = c.get("image", "")
            m = re.search(r"(?:^|/)chirp/([a-z-]+-service)(?::|@|$)", image)
            if not m:
                continue  # not a Chirp service (data tier images have their own variables)
            module = m.group(1)
            where = f"{label}: {d['kind']} {d['metadata']['name']} container {c['name']}"
            for e in c.get("env", []):
                yield where, module, e["name"]
            for ef in c.get("envFrom", []):
                for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                    if key in ef:
                        ref = maps.get((kind, ef[key]["name"]))
                        if ref is None:
                            if not ef[key].get("optional"):
                                print(f"FAIL {where}: envFrom {kind} {ef[key]['name']} is not in the build")
                                yield where, module, None
                            continue
                        prefix = ef.get("prefix", "")
                        for var in list((ref.get("data") or {}).keys()) + list((ref.get("stringData") or {}).keys()):
                            yield f"{where} ({kind} {ef[key]['name']})", module, prefix + var


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo")
    ap.add_argument("--compose")
    ap.add_argument("--dockerfile")
    ap.add_argument("--k8s", action="append", default=[])
    ap.add_argument("--allow", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "env-allowlist.txt"))
    a = ap.parse_args()
    model = Model(a.repo)
    missing = [s for s in SERVICES if s not in model.modules]
    if missing:
        print(f"FAIL service modules not found: {', '.join(missing)}")
        return 1
    allow = load_allow(a.allow)
    allow_problems, allow_note = check_allow_list(a.repo, allow)
    for line in allow_problems:
        print(line)
    sources = []
    if a.compose:
        sources.append(compose_env(a.compose))
    if a.dockerfile:
        sources.append(dockerfile_env(a.dockerfile))
    for spec in a.k8s:
        label, _, path = spec.partition("=")
        sources.append(k8s_env(label, path))
    bad, seen = len(allow_problems), 0
    for src in sources:
        for where, module, var in src:
            if var is None:
                bad += 1
                continue
            seen += 1
            if module is not None and module not in model.modules:
                print(f"FAIL {where}: image of unknown module {module}")
                bad += 1
            elif not model.reads(module, var, allow):
                print(f"FAIL {where}: {var} is not read by {module or 'any service'} "
                      f"(no matching property, placeholder or allow-list entry)")
                bad += 1
    print(f"{seen} variable settings checked, {allow_note}, {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
