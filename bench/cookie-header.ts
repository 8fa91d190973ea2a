/**
 * `npm run bench:cookie`: reading a Cookie header, from 1 KB to 1 MB, with each Werkzeug reader
 * (issue 14: the cost must stay flat per KB), beside real Werkzeug reading the same headers
 * (`request.cookies` in every pinned environment). CPU µs, best of several rounds.
 *
 *     npm run bench:cookie
 *     npm run bench:cookie -- --rounds 5 --seconds 0.2 --no-python
 *
 * First table: findCookie (what opening a session does) and parseCookie on issue 14's header,
 * `a=b;` repeated with the session cookie last. Second: findCookie on every family of
 * bench/cookie-headers.ts at 1 MB. Third: Werkzeug on the same 1 MB header, and on the hostile
 * families at 16 and 64 KB (4x the header: 4x the time when linear, 16x when quadratic).
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { findCookie, parseCookie, type WerkzeugVersion } from "../src/flask/cookie.js";
import { HEADER_FAMILIES } from "./cookie-headers.js";
import { ROOT } from "./paths.js";
import { timeLoop } from "./timing.js";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string" },
    seconds: { type: "string" },
    "no-python": { type: "boolean" },
  },
});
const rounds = Number(args.rounds ?? 3);
const seconds = Number(args.seconds ?? 0.1);

const READERS: [string, WerkzeugVersion][] = [
  ["2.2", "2.2"],
  ["2.3-3.1.8", "3.0"],
  ["3.1.9", "3.1"],
];
const KB = 1024;
const SIZES = [1, 4, 16, 64, 256, 1024].map((k) => k * KB);

function best(fn: () => unknown): number {
  let min = Infinity;
  timeLoop(fn, seconds); // warm-up, discarded
  for (let r = 0; r < rounds; r++) min = Math.min(min, timeLoop(fn, seconds).us);
  return min;
}

const cell = (value: number, width = 10) =>
  (value < 10 ? value.toFixed(3) : value < 1000 ? value.toFixed(1) : value.toFixed(0)).padStart(width);
const write = (line: string) => process.stdout.write(line + "\n");

function ours(): void {
  write(`CPU µs per call (µs per KB), best of ${rounds} rounds of ${seconds} s; header "a=b;" x N, then session=x`);
  write(
    `${"size".padEnd(8)}${READERS.map(([name]) => `${`findCookie ${name}`.padStart(26)}${`parseCookie ${name}`.padStart(26)}`).join("")}`,
  );
  for (const size of SIZES) {
    const header = HEADER_FAMILIES.pairs!(size);
    const kb = header.length / KB;
    let line = `${`${size / KB} KB`.padEnd(8)}`;
    for (const [, werkzeugVersion] of READERS) {
      const find = best(() => findCookie(header, "session", { werkzeugVersion }));
      const parse = best(() => parseCookie(header, { werkzeugVersion }));
      line += `${cell(find, 14)} (${cell(find / kb, 8)})${cell(parse, 14)} (${cell(parse / kb, 8)})`;
    }
    write(line);
  }
  write("");
  write("findCookie at 1 MB, µs per KB, every family of bench/cookie-headers.ts");
  write(`${"family".padEnd(16)}${READERS.map(([name]) => name.padStart(12)).join("")}`);
  for (const [name, family] of Object.entries(HEADER_FAMILIES)) {
    const header = family(1024 * KB);
    const kb = header.length / KB;
    write(
      `${name.padEnd(16)}${READERS.map(([, werkzeugVersion]) => cell(best(() => findCookie(header, "session", { werkzeugVersion })) / kb, 12)).join("")}`,
    );
  }
}

const PYTHON = `
import json, sys, time
from importlib.metadata import version
from werkzeug.wrappers import Request
rounds, seconds = int(sys.argv[1]), float(sys.argv[2])
headers = json.load(sys.stdin)
def loop(header, n):
    t = time.process_time()
    for _ in range(n):
        Request({"HTTP_COOKIE": header}).cookies
    return time.process_time() - t
out = {"werkzeug": version("werkzeug"), "us": {}}
for name, header in headers.items():
    n = 1
    while True:
        spent = loop(header, n)
        if spent >= seconds or spent > 2:
            break
        n *= 2
    out["us"][name] = min([spent / n] + [loop(header, n) / n for _ in range(rounds - 1)]) * 1e6
print(json.dumps(out))
`;

async function python(): Promise<void> {
  // scripts/ is not compiled into .bench/: load it from the repository.
  const { envNames, findPython } = (await import(`${ROOT}scripts/python.mjs`)) as typeof import("../scripts/python.mjs");
  const headers: Record<string, string> = { "pairs 1 MB": HEADER_FAMILIES.pairs!(1024 * KB) };
  const hostile = ["newlines", "open quotes", "bad tokens", "spaces"];
  for (const name of hostile) for (const size of [16, 64]) headers[`${name} ${size} KB`] = HEADER_FAMILIES[name]!(size * KB);
  write("");
  write("Werkzeug's request.cookies on the same headers, CPU µs per call (µs per KB)");
  write(
    `${"environment".padEnd(22)}${Object.keys(headers)
      .map((h) => h.padStart(22))
      .join("")}`,
  );
  for (const env of envNames()) {
    const found = findPython(env);
    if (!found) {
      write(`${env}: no Python environment (npm run pyenv)`);
      continue;
    }
    const run = spawnSync(found.python, ["-c", PYTHON, String(rounds), String(seconds)], {
      input: JSON.stringify(headers),
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    if (run.status !== 0) throw new Error(`${env}: ${run.stderr}`);
    const result = JSON.parse(run.stdout) as { werkzeug: string; us: Record<string, number> };
    const cells = Object.entries(headers).map(([name, header]) => {
      const us = result.us[name]!;
      return `${cell(us, 11)} (${cell(us / (header.length / KB), 7)})`.padStart(22);
    });
    write(`${`${env} (${result.werkzeug})`.padEnd(22)}${cells.join("")}`);
  }
}

ours();
if (!args["no-python"]) await python();
