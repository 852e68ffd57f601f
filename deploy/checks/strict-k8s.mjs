// Strict check of built kustomize overlays: no unknown or misplaced fields (what `kubeconform -strict` does).
// The JSON schemas in kubernetes-models allow extra properties, so this type-checks every object as a TypeScript
// object literal against the package's interfaces (IDeployment, IServiceMonitor, ...): TypeScript's excess-property
// check rejects any field that the Kubernetes type does not have, at any depth. Offline; run from deploy/.tools.
// usage: node strict-k8s.mjs BUILT.yaml ...   (exits 1 when any object has an unknown field or a wrong type)
import { readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const roots = [["kubernetes-models", join(here, "node_modules", "kubernetes-models")],
               ["@kubernetes-models/prometheus-operator",
                join(here, "node_modules", "@kubernetes-models", "prometheus-operator")],
               ["@kubernetes-models/gateway-api", join(here, "node_modules", "@kubernetes-models", "gateway-api")]];

function typeModule(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  for (const [pkg, root] of roots) {
    const rel = group ? `${group}/${version}/${kind}` : `${version}/${kind}`;
    if (existsSync(join(root, `${rel}.d.ts`))) return `${pkg}/${rel}`;
  }
  return null;
}

const lines = [];
const owners = []; // [first line, object id]
let n = 0, missing = 0;
for (const path of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(path, "utf8"))) {
    const obj = doc.toJS();
    if (!obj) continue;
    const id = `${path}: ${obj.kind} ${obj.metadata?.name}`;
    const mod = typeModule(obj.apiVersion ?? "", obj.kind ?? "");
    if (!mod) { console.log(`FAIL ${id}: no type for ${obj.apiVersion} ${obj.kind}`); missing++; continue; }
    const { apiVersion, kind, ...rest } = obj;
    owners.push([lines.length + 1, id]);
    lines.push(`import type { I${kind} as T${n} } from "${mod}";`);
    lines.push(...`export const o${n}: Omit<T${n}, "apiVersion" | "kind"> = ${JSON.stringify(rest, null, 1)};`.split("\n"));
    n++;
  }
}
const dir = join(here, "strict");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "objects.ts"), lines.join("\n") + "\n");
writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
  compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022",
                     skipLibCheck: true, types: [] },
  files: ["objects.ts"] }));
const tsc = spawnSync(process.execPath, [join(here, "node_modules", "typescript", "bin", "tsc"), "-p", dir],
                      { encoding: "utf8" });
let bad = missing;
for (const line of (tsc.stdout + tsc.stderr).split("\n")) {
  const m = line.match(/objects\.ts\((\d+),\d+\): error (TS\d+: .*)/);
  if (!m) { if (line.trim() && tsc.status !== 0) console.log(`FAIL tsc: ${line}`); continue; }
  const at = Number(m[1]);
  const owner = owners.filter(([first]) => first <= at).pop();
  const src = lines[at - 1]?.trim() ?? "";
  console.log(`FAIL ${owner ? owner[1] : "?"}: ${m[2]} (at ${src.slice(0, 80)})`);
  bad++;
}
if (tsc.status !== 0 && bad === missing) bad++;
console.log(`${n} objects type-checked, ${bad} with unknown fields or wrong types`);
process.exit(bad ? 1 : 0);
