#!/usr/bin/env python3
"""The checkers must catch what they are for: run them on known-bad inputs (and the parsers on known cases).
usage: selftest.py REPO
"""
import io
import os
import subprocess
import sys
import tempfile
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compose_check  # noqa: E402
import images  # noqa: E402
import k8s_policy_check  # noqa: E402
from config_model import Model, env_forms, kebab  # noqa: E402
from dashboard_check import metrics_in  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def quiet(fn, *args):
    with redirect_stdout(io.StringIO()):
        return fn(*args)


def main(repo):
    n = 0

    def ok(cond, what):
        nonlocal n
        n += 1
        if not cond:
            raise SystemExit(f"FAIL selftest: {what}")

    ok(kebab("refillPerSecond") == "refill-per-second" and kebab("s3") == "s3", "kebab-case")
    ok(env_forms("chirp.id.worker-id") == {"CHIRP_ID_WORKERID", "CHIRP_ID_WORKER_ID"}, "relaxed binding forms")
    ok(metrics_in('histogram_quantile(0.99, sum by (le, uri) (rate(a_b_bucket{x="y(z)"}[5m]))) > 1') == {"a_b_bucket"},
       "PromQL metric extraction")
    ok(metrics_in("label_values(foo_total, application)") == {"foo_total"}, "label_values extraction")
    model = Model(repo)
    ok(model.reads("user-service", "CHIRP_ID_WORKER_ID", set()), "shared property is read")
    ok(not model.reads("user-service", "CHIRP_ID_WORKER_IDS", set()), "misspelt variable is not read")
    ok(not model.reads("user-service", "CHIRP_GATEWAY_SERVICES_USER", set()), "another service's variable")
    ok(any(k.endswith("_total") for k in model.metric_names()), "Chirp counters found in the sources")

    with tempfile.TemporaryDirectory() as tmp:
        bad_compose = os.path.join(tmp, "compose.yml")
        open(bad_compose, "w").write(
            "services:\n  redis:\n    image: redis:latest\n    ports: ['6379:6379']\n"
            "  app:\n    image: x:1\n    depends_on: [redis]\n    healthcheck: {test: ['CMD', 'true']}\n")
        out = io.StringIO()
        with redirect_stdout(out):
            rc = compose_check.main(bad_compose)
        text = out.getvalue()
        ok(rc == 1 and "no health check" in text and "not pinned" in text and "127.0.0.1" in text
           and "depends_on is a list" in text, "compose_check catches a bad compose file")
        bad_k8s = os.path.join(tmp, "k8s.yaml")
        open(bad_k8s, "w").write("""apiVersion: apps/v1
kind: Deployment
metadata: {name: user-service}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: user-service}}
  template:
    metadata: {labels: {app.kubernetes.io/name: user-service, app.kubernetes.io/component: service}}
    spec:
      containers: [{name: c, image: 'chirp/user-service:latest'}]
""")
        out = io.StringIO()
        with redirect_stdout(out):
            rc = k8s_policy_check.main(bad_k8s)
        text = out.getvalue()
        ok(rc == 1 and "no HorizontalPodAutoscaler" in text and "not pinned" in text
           and "default-deny" in text and "read-only" in text, "k8s_policy_check catches a bad manifest")
        env_bad = subprocess.run([sys.executable, os.path.join(HERE, "env_check.py"), repo, "--k8s",
                                  f"bad={bad_k8s}"], capture_output=True, text=True)
        ok(env_bad.returncode == 0, "env_check accepts a manifest without variables")
        # The way in: the actuator port routed, the object store open to writes, a namespace in an address, a
        # memory budget exceeded.
        bad_routes = os.path.join(tmp, "routes.yaml")
        open(bad_routes, "w").write("""apiVersion: v1
kind: Service
metadata: {name: gateway-service}
spec:
  selector: {app.kubernetes.io/name: gateway-service}
  ports: [{name: http, port: 8080}, {name: management, port: 8180}]
---
apiVersion: v1
kind: Service
metadata: {name: seaweedfs}
spec:
  selector: {app.kubernetes.io/name: seaweedfs}
  ports: [{name: s3, port: 8333}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: chirp}
spec: {gatewayClassName: x, listeners: [{name: api, protocol: HTTP, port: 80}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: chirp, sectionName: api}]
  rules:
    - backendRefs: [{name: gateway-service, port: 8180}]
    - matches: [{method: POST, path: {type: PathPrefix, value: /chirp-media/}}]
      backendRefs: [{name: seaweedfs, port: 8333}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: gateway-service}
spec:
  replicas: 1
  selector: {matchLabels: {app.kubernetes.io/name: gateway-service}}
  template:
    metadata: {labels: {app.kubernetes.io/name: gateway-service}}
    spec:
      containers:
        - name: c
          image: chirp/gateway-service:1
          env: [{name: X, value: "http://user-service.chirp.svc.cluster.local:8081"}]
          ports: [{name: http, containerPort: 8080}]
          resources: {requests: {memory: 9Gi}}
          livenessProbe: {httpGet: {path: /actuator/health/liveness, port: http}}
""")
        out = io.StringIO()
        with redirect_stdout(out):
            rc = k8s_policy_check.main(bad_routes, 5.5)
        text = out.getvalue()
        ok(rc == 1 and "exposes gateway-service:8180" in text and "only GET and HEAD" in text
           and "names a namespace" in text and "above 5.5 GiB" in text
           and "livenessProbe is not on the management port" in text,
           "k8s_policy_check catches a routed actuator, writable media route, namespaced address, memory overrun")
        # A component's object outside the build's namespace; a Job whose ConfigMap reference does not resolve.
        stray = os.path.join(tmp, "stray.yaml")
        open(stray, "w").write("""apiVersion: v1
kind: Namespace
metadata: {name: chirp}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: redis-acl}
---
apiVersion: batch/v1
kind: Job
metadata: {name: setup, namespace: chirp}
spec:
  template:
    spec:
      containers:
        - name: c
          image: x:1
          env: [{name: A, valueFrom: {configMapKeyRef: {name: chirp-common, key: A}}}]
""")
        out = io.StringIO()
        with redirect_stdout(out):
            rc = k8s_policy_check.main(stray)
        text = out.getvalue()
        ok(rc == 1 and "ConfigMap redis-acl: namespace (none)" in text
           and "Job setup: ConfigMap chirp-common (variable A) does not exist" in text,
           "k8s_policy_check catches an object outside the namespace and a Job's dangling reference")
        open(bad_k8s, "a").write("      \n")
        text = open(bad_k8s).read().replace("image: 'chirp/user-service:latest'}",
                                            "image: 'chirp/user-service:1', env: [{name: CHIRP_USER_JWT_KEYDIRR, value: x}]}")
        open(bad_k8s, "w").write(text)
        env_bad = subprocess.run([sys.executable, os.path.join(HERE, "env_check.py"), repo, "--k8s",
                                  f"bad={bad_k8s}"], capture_output=True, text=True)
        ok(env_bad.returncode == 1 and "CHIRP_USER_JWT_KEYDIRR" in env_bad.stdout, "env_check catches a misspelt variable")
        drifted = os.path.join(tmp, "drifted.yaml")
        open(drifted, "w").write("kind: Pod\nspec:\n  containers:\n    - image: cassandra:5.0.9@sha256:" + "0" * 64
                                 + "\n    - image: busybox:1.37\n")
        out = io.StringIO()
        with redirect_stdout(out):
            rc = images.check([drifted])
        ok(rc == 1 and "cassandra:5.0.9 appears with different digests" in out.getvalue()
           and "busybox:1.37 is deployed but deploy/README.md" in out.getvalue(),
           "images.py catches a drifted digest and an image missing from the README")
    print(f"{n} self-tests")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
