// Validates every object of built kustomize overlays against the Kubernetes OpenAPI schemas shipped in the npm
// package kubernetes-models (plus @kubernetes-models/prometheus-operator for ServiceMonitor/PrometheusRule and
// @kubernetes-models/gateway-api for Gateway/HTTPRoute), offline.
// Run from deploy/.tools (where deploy/check.sh installs the packages): node validate-k8s.mjs BUILT.yaml ...
// Prints one line per invalid object; exits 1 when any object is invalid or of an unknown kind.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const roots = [join(here, "node_modules", "kubernetes-models"),
               join(here, "node_modules", "@kubernetes-models", "prometheus-operator"),
               join(here, "node_modules", "@kubernetes-models", "gateway-api")];

function modelFile(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  for (const root of roots) {
    const file = group ? join(root, group, version, `${kind}.js`) : join(root, version, `${kind}.js`);
    if (existsSync(file)) return file;
  }
  return null;
}

let bad = 0, total = 0;
for (const path of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(path, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) { console.log(`FAIL ${path}: YAML: ${doc.errors[0].message}`); bad++; continue; }
    const obj = doc.toJS();
    if (!obj) continue;
    total++;
    const id = `${path}: ${obj.kind} ${obj.metadata?.namespace ?? ""}/${obj.metadata?.name}`;
    const file = modelFile(obj.apiVersion ?? "", obj.kind ?? "");
    if (!file) { console.log(`FAIL ${id}: no schema for ${obj.apiVersion} ${obj.kind}`); bad++; continue; }
    // kustomize wraps long base64 values at 70 columns; the API server (Go's base64) ignores the newlines, the
    // schema's "byte" format does not: validate the value without them.
    if (obj.kind === "Secret" && obj.data) {
      for (const k of Object.keys(obj.data)) obj.data[k] = String(obj.data[k]).replace(/\s+/g, "");
    }
    const mod = await import(pathToFileURL(file).href);
    const Model = mod[obj.kind] ?? mod.default;
    try {
      new Model(obj).validate();
    } catch (e) {
      console.log(`FAIL ${id}: ${e.message}`);
      bad++;
    }
  }
}
console.log(`${total} objects validated, ${bad} invalid`);
process.exit(bad ? 1 : 0);
