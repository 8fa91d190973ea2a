/**
 * `npm run bench:codecs`: what the codec ports (src/zlib/, src/sha1/) buy against what a user
 * could pass instead: pako (with `legacyHash`, CPython's bytes) and `node:zlib` for zlib,
 * `@noble/hashes` (public API) and `node:crypto` for HMAC-SHA1. CPU µs per call on cookie-sized
 * inputs, medians of interleaved rounds (each round times every contender once, so a noisy
 * moment of a shared machine weighs on all of them alike). Then what each costs: bytes of a
 * minified bundle of it alone, and the ArrayBuffer bytes that importing it allocates.
 *
 *     npm run bench:codecs
 *     npm run bench:codecs -- --rounds 15 --seconds 0.1
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { deflate as pakoDeflate, inflate as pakoInflate } from "pako";
import { HmacSha1 } from "../src/sha1/hmac.js";
import { deflateTransient } from "../src/zlib/deflate.js";
import { inflateZlib } from "../src/zlib/inflate.js";
import { median, timeLoop } from "./timing.js";

const { values: args } = parseArgs({ options: { rounds: { type: "string" }, seconds: { type: "string" } } });
const rounds = Number(args.rounds ?? 11);
const seconds = Number(args.seconds ?? 0.05);

const encoder = new TextEncoder();
/** Shaped like the benchmark's reference sessions (scripts/bench_python.py), as Flask writes them. */
const login = JSON.stringify({
  _fresh: true,
  _flashes: [{ " t": ["success", "You are logged in."] }, { " t": ["message", "Your profile changes have been saved."] }],
  _id: "f3a9".repeat(32),
  _user_id: "42",
  csrf_token: "0123456789abcdef0123456789abcdef01234567",
});
const cart = JSON.stringify({
  _fresh: true,
  _user_id: "42",
  cart: Array.from({ length: 44 }, (_, i) => ({
    gift: i % 4 === 0,
    name: `Loose leaf tea no. ${i}`,
    price: 4.5 + i,
    qty: 1 + (i % 3),
    sku: `SKU-${1000 + i}`,
  })),
  csrf_token: "0123456789abcdef0123456789abcdef01234567",
  recently_viewed: Array.from({ length: 12 }, (_, i) => `/products/${2000 + i}`),
});
const inputs = { login: encoder.encode(login), cart: encoder.encode(cart) };

type Contenders = Record<string, () => unknown>;
const groups: Record<string, Contenders> = {};
for (const [name, data] of Object.entries(inputs)) {
  const z = pakoDeflate(data, { level: 6, legacyHash: true });
  if (Buffer.compare(Buffer.from(deflateTransient(data)), Buffer.from(z)) !== 0)
    throw new Error(`${name}: the port's bytes differ from pako's`);
  groups[`deflate ${name} (${data.length} B)`] = {
    port: () => deflateTransient(data).slice(),
    "pako legacyHash": () => pakoDeflate(data, { level: 6, legacyHash: true }),
    "node:zlib": () => deflateSync(data, { level: 6 }),
  };
  groups[`inflate ${name} (${z.length} B)`] = {
    port: () => inflateZlib(z, 1 << 24, false),
    pako: () => pakoInflate(z),
    "node:zlib": () => inflateSync(z),
  };
}
const key = encoder.encode("derived-key-of-twenty");
const keyed = hmac.create(sha1, key);
const ours = new HmacSha1(key, sha1);
for (const length of [100, 1500]) {
  const message = inputs.cart.subarray(0, length);
  groups[`HMAC-SHA1 ${length} B`] = {
    port: () => ours.mac(message),
    "noble, keyed once (clone)": () => keyed.clone().update(message).digest(),
    "noble hmac()": () => hmac(sha1, key, message),
    "node:crypto": () => createHmac("sha1", key).update(message).digest(),
  };
}

const times = new Map<string, number[]>();
for (let round = 0; round < rounds; round++) {
  for (const [group, contenders] of Object.entries(groups)) {
    for (const [name, fn] of Object.entries(contenders)) {
      const label = `${group}\t${name}`;
      const list = times.get(label) ?? [];
      list.push(timeLoop(fn, seconds).us);
      times.set(label, list);
    }
  }
}
console.log(
  `CPU µs per call, median of ${rounds} interleaved rounds of ~${seconds * 1000} ms each (a shared machine: figures move by 10-20%)`,
);
let last = "";
for (const [label, list] of times) {
  const [group, name] = label.split("\t") as [string, string];
  if (group !== last) console.log(`\n${group}`);
  last = group;
  const sorted = [...list].sort((a, b) => a - b);
  console.log(
    `  ${name.padEnd(28)} ${median(list).toFixed(2).padStart(8)}   (min ${sorted[0]!.toFixed(2)}, max ${sorted[sorted.length - 1]!.toFixed(2)})`,
  );
}

// What importing each one allocates: ArrayBuffer bytes, in a fresh process.
const here = (path: string) => new URL(path, import.meta.url).href;
const imports: Record<string, string> = {
  "the core entry (src/index.ts)": here("../src/index.js"),
  "zlib port: deflate": here("../src/zlib/deflate.js"),
  "zlib port: inflate": here("../src/zlib/inflate.js"),
  "zlib port: bound": here("../src/zlib/bound.js"),
  "sha1 port": here("../src/sha1/hmac.js"),
  pako: "pako",
};
console.log("\nArrayBuffer bytes kept by importing (process.memoryUsage().arrayBuffers after gc(), fresh process each)");
for (const [name, url] of Object.entries(imports)) {
  // The loader's own buffers (the files it reads) are garbage once loaded: collected before counting.
  const program = `const bytes = () => (gc(), gc(), process.memoryUsage().arrayBuffers); const before = bytes(); await import(${JSON.stringify(url)}); console.log(bytes() - before);`;
  const run = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", program], {
    encoding: "utf8",
    cwd: fileURLToPath(here("..")),
  });
  console.log(`  ${name.padEnd(32)} ${run.status === 0 ? run.stdout.trim() : run.stderr.trim()}`);
}
