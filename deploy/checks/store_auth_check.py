#!/usr/bin/env python3
"""The data stores of a built overlay require credentials, and each Chirp service has its own for each store it uses
(k8s/components/store-auth; deploy/README.md, "Data-store credentials"):

- every service Deployment gets, for each store its pom uses (Redis, Kafka, Cassandra, Elasticsearch), the
  variables of its credential from its OWN Secret (<store prefix><module>), and no variable, envFrom or volume of
  another's credential Secret;
- those Secrets exist with the keys referenced; a Kafka Secret's JAAS line names its own user and password;
- every Redis ACL user, Kafka ACL user and Cassandra role of the rule files has a Secret that its store mounts;
- the stores are set to authenticate: Redis users.acl turns the default user off and the pods' init script makes
  replicas sign in (masteruser/masterauth), Cassandra uses PasswordAuthenticator + CassandraAuthorizer, Kafka has
  SASL on every listener with an authorizer and no allow-everyone, Elasticsearch has security on; the exporters of
  the monitoring component get their users;
- Redis in either shape: with Sentinel (the base's) the services also sign in to the Sentinels
  (SPRING_DATA_REDIS_SENTINEL_USERNAME/_PASSWORD) and the Sentinels' users are mounted; as a Redis Cluster (the
  redis-cluster component: chirp-common has SPRING_DATA_REDIS_CLUSTER_NODES) no service gets any
  SPRING_DATA_REDIS_SENTINEL_ variable (Spring Boot would then connect through Sentinel), the Sentinel-only ACL file,
  user Secret and user are gone, and the ACL lets every service user read the slot map (CLUSTER NODES) and every user
  with INFO, the exporter included, run CLUSTER INFO (the health check and the exporter on a cluster).

usage: store_auth_check.py REPO BUILT_YAML
Prints one line per problem; exits 1 when there is any.
"""
import base64
import os
import re
import sys

import yaml

STORES = {
    # store: (Secret prefix, marker in a service's pom.xml, variables -> Secret key or literal value)
    "redis": ("redis-user-", re.compile(r"<artifactId>spring-boot-starter-data-redis(-reactive)?</artifactId>"), {
        "SPRING_DATA_REDIS_USERNAME": ("secret", "username"),
        "SPRING_DATA_REDIS_PASSWORD": ("secret", "password"),
    }),
    "kafka": ("kafka-user-", re.compile(r"<artifactId>spring-boot-starter-kafka</artifactId>"), {
        "SPRING_KAFKA_SECURITY_PROTOCOL": ("value", "SASL_PLAINTEXT"),
        "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM": ("value", "SCRAM-SHA-512"),
        "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG": ("secret", "sasl.jaas.config"),
    }),
    "cassandra": ("cassandra-role-", re.compile(r"<artifactId>spring-boot-starter-data-cassandra</artifactId>"), {
        "SPRING_CASSANDRA_USERNAME": ("secret", "username"),
        "SPRING_CASSANDRA_PASSWORD": ("secret", "password"),
        "CHIRP_CASSANDRA_CREATE_KEYSPACE": ("value", "false"),
    }),
    "elasticsearch": ("elasticsearch-user-", re.compile(r"<artifactId>elasticsearch-java</artifactId>"), {
        "CHIRP_SEARCH_ELASTICSEARCH_USERNAME": ("secret", "username"),
        "CHIRP_SEARCH_ELASTICSEARCH_PASSWORD": ("secret", "password"),
    }),
}
PREFIXES = tuple(p for p, _, _ in STORES.values())
COMPONENT = "k8s/components/store-auth"
# Redis with Sentinel: the services also sign in to the Sentinels (as the same user).
SENTINEL_VARIABLES = {
    "SPRING_DATA_REDIS_SENTINEL_USERNAME": ("secret", "username"),
    "SPRING_DATA_REDIS_SENTINEL_PASSWORD": ("secret", "password"),
}
# Redis Cluster: what Lettuce (CLUSTER NODES) and Spring Boot's health check and redis_exporter (CLUSTER INFO) run.
CLUSTER_SLOT_MAP = "+cluster|nodes"
CLUSTER_INFO = "+cluster|info"


def stores_of(repo, module):
    pom = open(os.path.join(repo, module, "pom.xml")).read()
    return [store for store, (_, marker, _) in STORES.items() if marker.search(pom)]


def rule_names(path, pattern):
    out = []
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#"):
            m = re.match(pattern, line)
            if m:
                out.append(m.group(1))
    return out


def secret_refs(spec):
    """(where, Secret name) of every Secret a pod spec refers to."""
    for c in spec.get("containers", []) + spec.get("initContainers", []):
        for e in c.get("env", []) or []:
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                yield f"container {c['name']} variable {e['name']}", ref["name"]
        for ef in c.get("envFrom", []) or []:
            if "secretRef" in ef:
                yield f"container {c['name']} envFrom", ef["secretRef"]["name"]
    for v in spec.get("volumes", []) or []:
        if "secret" in v:
            yield f"volume {v['name']}", v["secret"]["secretName"]
        for src in (v.get("projected") or {}).get("sources", []) or []:
            if "secret" in src:
                yield f"volume {v['name']}", src["secret"]["name"]


def projected_secrets(spec, volume):
    for v in spec.get("volumes", []) or []:
        if v["name"] == volume:
            return {s["secret"]["name"] for s in (v.get("projected") or {}).get("sources", []) if "secret" in s}
    return set()


def secret_value(secret, key):
    if key in (secret.get("stringData") or {}):
        return secret["stringData"][key]
    if key in (secret.get("data") or {}):
        return base64.b64decode(secret["data"][key]).decode()
    return None


def main(repo, built, docs=None):
    docs = docs if docs is not None else [d for d in yaml.safe_load_all(open(built)) if d]
    by = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    secrets = {name: d for (kind, name), d in by.items() if kind == "Secret"}
    problems = []

    def bad(msg):
        problems.append(msg)

    common = next((d.get("data", {}) for (kind, name), d in by.items()
                   if kind == "ConfigMap" and re.fullmatch(r"chirp-common(-[a-z0-9]{10})?", name)), {})
    cluster = "SPRING_DATA_REDIS_CLUSTER_NODES" in common

    # ---- the services --------------------------------------------------------------------------------------------
    services = 0
    for d in docs:
        if d["kind"] != "Deployment":
            continue
        spec = d["spec"]["template"]["spec"]
        container = next((c for c in spec["containers"]
                          if re.search(r"(?:^|/)chirp/([a-z-]+-service)(?::|@|$)", c.get("image", ""))), None)
        if container is None:
            continue
        module = re.search(r"chirp/([a-z-]+-service)", container["image"]).group(1)
        services += 1
        where = f"Deployment {d['metadata']['name']}"
        env = {e["name"]: e for e in container.get("env", []) or []}
        for store in stores_of(repo, module):
            prefix, _, variables = STORES[store]
            own = prefix + module
            if store == "redis" and not cluster:
                variables = {**variables, **SENTINEL_VARIABLES}
            if store == "redis" and cluster:
                for var in sorted(v for v in env if v.startswith("SPRING_DATA_REDIS_SENTINEL_")):
                    bad(f"{where}: {var} on a Redis Cluster: Spring Boot would connect through Sentinel instead")
            for var, (kind, expected) in variables.items():
                e = env.get(var)
                if e is None:
                    bad(f"{where}: uses {store} but has no {var}")
                elif kind == "value" and e.get("value") != expected:
                    bad(f"{where}: {var} is {e.get('value')!r}, expected {expected!r}")
                elif kind == "secret":
                    ref = (e.get("valueFrom") or {}).get("secretKeyRef") or {}
                    if ref.get("name") != own or ref.get("key") != expected:
                        bad(f"{where}: {var} must come from Secret {own} key {expected}, not {ref or e}")
                    elif own not in secrets or secret_value(secrets[own], expected) is None:
                        bad(f"{where}: Secret {own} with key {expected} is not in the build")
        for place, name in secret_refs(spec):
            if name.startswith(PREFIXES) and not name.endswith("-" + module):
                bad(f"{where}: {place} uses Secret {name}, another's data-store credential")
    if services != 6:
        bad(f"expected 6 service Deployments, found {services}")

    # Kafka JAAS lines name their own Secret's user and password.
    for name, s in secrets.items():
        if name.startswith("kafka-user-") and secret_value(s, "sasl.jaas.config") is not None:
            line, user, pw = (secret_value(s, k) for k in ("sasl.jaas.config", "username", "password"))
            want = (f'org.apache.kafka.common.security.scram.ScramLoginModule required username="{user}" '
                    f'password="{pw}";')
            if line != want:
                bad(f"Secret {name}: sasl.jaas.config does not match its username and password")

    # ---- the stores ------------------------------------------------------------------------------------------------
    comp = os.path.join(repo, COMPONENT)
    redis = by.get(("StatefulSet", "redis"))
    if redis:
        rspec = redis["spec"]["template"]["spec"]
        mounted = projected_secrets(rspec, "users")
        acl_files = (by.get(("ConfigMap", "redis-acl")) or {}).get("data") or {}
        if not acl_files:
            bad("ConfigMap redis-acl (the ACL rule files) is not in the build")
        # the rules as deployed (the ConfigMap), else as committed
        acl = acl_files.get("users.acl") or open(os.path.join(comp, "redis/users.acl")).read()
        rules = {m.group(1): m.group(2) for m in re.finditer(r"^user (\S+) (.*)$", acl, flags=re.M)}
        if not re.search(r"^user default off\b", acl, flags=re.M):
            bad("redis/users.acl: the default user is not off")
        users = [u for u in rules if u != "default"]
        if cluster:
            users = [u for u in users if u != "sentinel"]
            if "sentinel-users.acl" in acl_files:
                bad("ConfigMap redis-acl: sentinel-users.acl on a Redis Cluster (it has no Sentinel)")
            if "redis-user-sentinel" in secrets:
                bad("Secret redis-user-sentinel on a Redis Cluster (it has no Sentinel)")
            for u in ("gateway-service", "tweet-service", "timeline-service", "search-service"):
                if CLUSTER_SLOT_MAP not in rules.get(u, "").split():
                    bad(f"Redis ACL user {u}: no {CLUSTER_SLOT_MAP}: Lettuce cannot read the cluster's slot map")
            for u, r in rules.items():
                if (u == "exporter" or "+info" in r.split()) and u != "sentinel" and "+@all" not in r.split() \
                        and CLUSTER_INFO not in r.split():
                    bad(f"Redis ACL user {u}: INFO but no {CLUSTER_INFO} (the health check / exporter on a cluster)")
        else:
            users += [u for u in rule_names(os.path.join(comp, "redis/sentinel-users.acl"), r"user (\S+) ")
                      if u != "default" and u not in users]
        for u in users:
            if f"redis-user-{u}" not in mounted:
                bad(f"Redis ACL user {u}: Secret redis-user-{u} is not mounted in the redis pods")
        # replicas sign in: the init script the pods run writes masteruser/masterauth
        init = next((c for c in rspec.get("initContainers", []) if c["name"] == "config"), None)
        script = (init or {}).get("command", [""])[-1].rsplit("/", 1)[-1]
        volume = next((v for v in rspec.get("volumes", []) if v["name"] == "scripts"), {})
        cm = next((d for (kind, name), d in by.items() if kind == "ConfigMap"
                   and name == (volume.get("configMap") or {}).get("name")), {})
        text = (cm.get("data") or {}).get(script, "")
        if "masteruser replication" not in text or "masterauth" not in text or "aclfile" not in text:
            bad(f"StatefulSet redis: its init script {script or '(none)'} does not load the ACL file and make "
                "replicas sign in as replication")
    job = by.get(("Job", "kafka-auth-setup"))
    if not job:
        bad("Job kafka-auth-setup is not in the build")
    else:
        mounted = projected_secrets(job["spec"]["template"]["spec"], "users")
        for u in set(rule_names(os.path.join(comp, "kafka/acls.txt"), r"(\S+) ")) | {"admin"}:
            if f"kafka-user-{u}" not in mounted:
                bad(f"Kafka user {u}: Secret kafka-user-{u} is not mounted in Job kafka-auth-setup")
    job = by.get(("Job", "cassandra-auth-setup"))
    if not job:
        bad("Job cassandra-auth-setup is not in the build")
    else:
        mounted = projected_secrets(job["spec"]["template"]["spec"], "roles")
        for r in rule_names(os.path.join(comp, "cassandra/roles.txt"), r"(\S+) ") + ["admin"]:
            if f"cassandra-role-{r}" not in mounted:
                bad(f"Cassandra role {r}: Secret cassandra-role-{r} is not mounted in Job cassandra-auth-setup")
    cassandra = by.get(("StatefulSet", "cassandra"))
    command = " ".join(cassandra["spec"]["template"]["spec"]["containers"][0].get("command", [])) if cassandra else ""
    if "PasswordAuthenticator" not in command or "CassandraAuthorizer" not in command:
        bad("StatefulSet cassandra: PasswordAuthenticator and CassandraAuthorizer are not set")
    kafka = (by.get(("ConfigMap", "kafka-config")) or {}).get("data", {})
    protocols = [p.split(":")[1] for p in kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "").split(",") if ":" in p]
    if not protocols or any(not p.startswith("SASL_") for p in protocols):
        bad(f"kafka-config: a listener without SASL: {kafka.get('KAFKA_LISTENER_SECURITY_PROTOCOL_MAP')}")
    if "StandardAuthorizer" not in kafka.get("KAFKA_AUTHORIZER_CLASS_NAME", "") or \
            kafka.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND") != "false":
        bad("kafka-config: no StandardAuthorizer, or allow.everyone.if.no.acl.found is not false")
    es = (by.get(("ConfigMap", "elasticsearch-config")) or {}).get("data", {})
    if es.get("ES_SETTING_XPACK_SECURITY_ENABLED") != "true":
        bad("elasticsearch-config: security is not on")

    # ---- the exporters (monitoring component) ----------------------------------------------------------------------
    exporter = by.get(("Deployment", "kafka-exporter"))
    if exporter:
        c = exporter["spec"]["template"]["spec"]["containers"][0]
        if "--sasl.enabled" not in c.get("args", []) or "--sasl.username=exporter" not in c.get("args", []):
            bad("Deployment kafka-exporter: does not sign in as the Kafka user exporter")
    for kind, name, container, var, secret in (
            ("Deployment", "elasticsearch-exporter", "elasticsearch-exporter", "ES_USERNAME",
             "elasticsearch-user-exporter"),
            ("StatefulSet", "redis", "redis-exporter", "REDIS_USER", "redis-user-exporter")):
        d = by.get((kind, name))
        if not d:
            continue
        c = next((c for c in d["spec"]["template"]["spec"]["containers"] if c["name"] == container), None)
        if c is None:
            continue
        env = {e["name"]: e for e in c.get("env", []) or []}
        ref = ((env.get(var) or {}).get("valueFrom") or {}).get("secretKeyRef") or {}
        if ref.get("name") != secret or secret not in secrets:
            bad(f"{kind} {name} container {container}: {var} does not come from Secret {secret}")

    for p in problems:
        print("FAIL " + p)
    print(f"{services} services, {len([s for s in secrets if s.startswith(PREFIXES)])} credential Secrets, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


def selftest(repo, built):
    """The check must catch a service given another's Secret and a service missing a credential."""
    import contextlib
    import copy
    import io
    docs = [d for d in yaml.safe_load_all(open(built)) if d]
    bad = copy.deepcopy(docs)
    for d in bad:
        if d["kind"] == "Deployment" and d["metadata"]["name"] in ("tweet-service", "search-service"):
            env = d["spec"]["template"]["spec"]["containers"][0]["env"]
            for e in env:
                if e["name"] == "SPRING_CASSANDRA_PASSWORD":
                    e["valueFrom"]["secretKeyRef"]["name"] = "cassandra-role-user-service"
            d["spec"]["template"]["spec"]["containers"][0]["env"] = [
                e for e in env if e["name"] != "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"]
        if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "kafka-config":
            d["data"]["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] += ",EXTRA:PLAINTEXT"
    wanted = ["another's data-store credential", "search-service: uses kafka but has no "
              "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "a listener without SASL"]
    cluster = any(d["kind"] == "ConfigMap" and "SPRING_DATA_REDIS_CLUSTER_NODES" in (d.get("data") or {})
                  for d in docs)
    for d in bad:
        if cluster and d["kind"] == "Deployment" and d["metadata"]["name"] == "gateway-service":
            # a Sentinel sign-in on a Redis Cluster: Spring Boot would look for Sentinels
            env = d["spec"]["template"]["spec"]["containers"][0]["env"]
            env.append({"name": "SPRING_DATA_REDIS_SENTINEL_PASSWORD", "valueFrom": {"secretKeyRef": {
                "name": "redis-user-gateway-service", "key": "password"}}})
        if cluster and d["kind"] == "ConfigMap" and d["metadata"]["name"] == "redis-acl":
            # the slot map refused to a service, CLUSTER INFO to the exporter
            acl = d["data"]["users.acl"]
            d["data"]["users.acl"] = re.sub(r"^(user (search-service|exporter) .*?) \+cluster\|(nodes|info)",
                                            r"\1", acl, flags=re.M)
    if cluster:
        wanted += ["gateway-service: SPRING_DATA_REDIS_SENTINEL_PASSWORD on a Redis Cluster",
                   "Redis ACL user search-service: no +cluster|nodes", "Redis ACL user exporter: INFO but no +cluster|info"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = main(repo, built, bad)
    text = out.getvalue()
    missing = [w for w in wanted if w not in text]
    if rc != 1 or missing:
        print(f"FAIL self-test: the check missed {missing} in a broken build:\n{text}")
        return 1
    print(f"self-test: {len(wanted)} kinds of broken build caught")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--selftest":
        sys.exit(selftest(sys.argv[2], sys.argv[3]))
    sys.exit(main(sys.argv[1], sys.argv[2]))
