/**
 * `npm run bench:profile`: where a reference call spends its time, from V8's sampling profiler
 * (node:inspector, in process), self time grouped by component. For the goals the benchmark does
 * not meet, this is the evidence of why (see the README's Performance section).
 *
 *     npm run bench:profile                 # every reference call, 2 s each
 *     npm run bench:profile -- login.loads  # one of them
 */
import { Session, type Profiler } from "node:inspector";
import { nodeCases } from "./cases.js";
import { PythonWorker } from "./python-worker.js";

/** Components, matched on the profiled function's file and name, first match wins. */
const COMPONENTS: [string, (url: string, name: string) => boolean][] = [
  ["zlib (pako)", (url) => url.includes("/pako/")],
  ["zlib inflate (src/zlib/inflate.ts)", (url) => url.endsWith("/zlib/inflate.js")],
  ["zlib glue (src/compress.ts)", (url) => /\/src\/compress\.js$/.test(url)],
  ["deflate (our port, src/zlib/deflate.ts, trees.ts)", (url) => url.includes("/zlib/deflate") || url.includes("/zlib/trees")],
  ["HMAC-SHA1", (url) => url.includes("/sha1/") || /\/src\/(crypto|mac)\.js$/.test(url)],
  ["JSON (parse/write, incl. JSON.parse)", (url, name) => url.includes("/src/json/") || name === "parse"],
  ["tags (Flask's tagged JSON)", (url) => url.includes("/flask/tag") || url.includes("/flask/tuple")],
  ["base64", (url) => url.endsWith("/encoding.js")],
  ["UTF-8 (TextEncoder/Decoder)", (url, name) => url.includes("internal/encoding") || /^(encode|decode)/i.test(name)],
  ["garbage collector", (_url, name) => name === "(garbage collector)"],
  ["signer, serializer, bytes", (url) => /\/(signer|timed|serializer|url-safe|bytes|slab)\.js$/.test(url)],
];

function componentOf(node: Profiler.ProfileNode): string {
  const { url, functionName } = node.callFrame;
  for (const [name, test] of COMPONENTS) if (test(url, functionName)) return name;
  return "other (benchmark loop, runtime)";
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

/** Self time per component, in percent of the samples, for `seconds` of calling `fn`. */
export async function profileCall(fn: () => unknown, seconds: number): Promise<Map<string, number>> {
  const session = new Session();
  session.connect();
  await post(session, "Profiler.enable");
  await post(session, "Profiler.setSamplingInterval", { interval: 50 });
  for (let i = 0; i < 20_000; i++) fn(); // warm up first: compiling is not what is asked about
  await post(session, "Profiler.start");
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) for (let i = 0; i < 200; i++) fn();
  const { profile } = await post<{ profile: Profiler.Profile }>(session, "Profiler.stop");
  session.disconnect();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map<string, number>();
  const samples = profile.samples ?? [];
  for (const id of samples) {
    const component = componentOf(byId.get(id)!);
    counts.set(component, (counts.get(component) ?? 0) + 1);
  }
  const out = new Map<string, number>();
  for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1])) out.set(name, (100 * count) / samples.length);
  return out;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const started = await PythonWorker.start();
  if (started.worker === null) {
    console.error(`Python with Flask is needed for the reference cookies: ${started.reason}`);
    process.exitCode = 3;
    return;
  }
  started.worker.close();
  for (const c of nodeCases(started.cases)) {
    for (const fn of ["loads", "dumps"] as const) {
      if (only && only !== `${c.name}.${fn}`) continue;
      const shares = await profileCall(c[fn], 2);
      const line = [...shares].map(([name, pct]) => `${name} ${pct.toFixed(0)}%`).join(", ");
      console.log(`${c.name}.${fn} (${c.jsonBytes} B JSON${c.compressed ? ", compressed" : ""}): ${line}`);
    }
  }
}

await main();
