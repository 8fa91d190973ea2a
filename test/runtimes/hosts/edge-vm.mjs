// Runs the conformance suite inside Vercel's Edge Runtime VM (@edge-runtime/vm, a devDependency of
// the library): a V8 context with Web APIs only, which evaluates scripts, not modules, so it gets
// the bundle's classic-script form. Prints {version, report} as JSON.
//
//   node edge-vm.mjs <conformance.js> <fixture server URL>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { EdgeVM } from "@edge-runtime/vm";

const [script, fixtures] = process.argv.slice(2);
const vm = new EdgeVM();
vm.evaluate(readFileSync(script, "utf8"));
const json = await vm.evaluate(`CONFORMANCE.runConformanceFrom(${JSON.stringify(fixtures)}).then(JSON.stringify)`);
const { version } = createRequire(import.meta.url)("@edge-runtime/vm/package.json");
process.stdout.write(JSON.stringify({ version, report: JSON.parse(json) }));
