/**
 * How often `dumps` is spared compressing: on generated Flask sessions (a few of the keys
 * Flask-Login, Flask-WTF, `flash()` and apps commonly keep, serialized by our tagged JSON
 * serializer exactly as `dumps` does), how many zlib leaves uncompressed (pako with legacyHash,
 * canonical zlib's length), and how many of those the lower bound of src/zlib/bound.ts
 * proves without compressing, by size. Counts, not timings.
 *
 *     npx tsc -p tsconfig.bench.json && node .bench/bench/zlib-shortcut.js [sessions]
 */
import { deflate } from "pako";
import { TaggedJSONSerializer, tuple } from "../src/index.js";
import { zlibSizeAtLeast } from "../src/zlib/bound.js";

/** A fixed LCG, so that runs are comparable. */
let seed = 1;
function random(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (alphabet: string, n: number) => Array.from({ length: n }, () => pick([...alphabet])).join("");
const HEX = "0123456789abcdef";
const URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** One to four entries, as apps and extensions leave them. */
function session(): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  const entries: (() => void)[] = [
    () => (s._fresh = random() < 0.5),
    () => (s._permanent = true),
    () => (s._user_id = String(Math.floor(random() * 100_000))),
    () => (s.user_id = Math.floor(random() * 100_000)),
    () => (s._id = digits(HEX, pick([16, 32, 40, 64, 128]))),
    () => (s.csrf_token = digits(HEX, 40)),
    () => (s.lang = pick(["en", "fr", "de-DE"])),
    () => (s.theme = pick(["dark", "light"])),
    () => (s.next = "/" + pick(["account", "cart", "orders/12"])),
    () => (s.oauth_state = digits(URLSAFE, pick([16, 22, 32]))),
    () => (s.visits = Math.floor(random() * 1000)),
    () => (s.cart = Array.from({ length: Math.floor(random() * 3) }, () => Math.floor(random() * 9999))),
    () => (s._flashes = [tuple("message", pick(["Saved.", "Welcome back!", "Logged out."]))]),
  ];
  const count = 1 + Math.floor(random() * 4);
  for (let i = 0; i < count; i++) pick(entries)();
  return s;
}

const total = Number(process.argv[2] ?? 20_000);
const serializer = new TaggedJSONSerializer();
const encoder = new TextEncoder();
/** Per size bucket of 10 bytes: sessions, left uncompressed by zlib, of those proven. */
const buckets = new Map<number, { sessions: number; uncompressed: number; proven: number }>();
let uncompressed = 0;
let proven = 0;
for (let i = 0; i < total; i++) {
  const json = encoder.encode(serializer.dumps(session()));
  const limit = json.length - 1;
  const bucket = buckets.get(Math.floor(json.length / 10) * 10) ?? { sessions: 0, uncompressed: 0, proven: 0 };
  buckets.set(Math.floor(json.length / 10) * 10, bucket);
  bucket.sessions++;
  if (deflate(json, { legacyHash: true }).length < limit) continue;
  uncompressed++;
  bucket.uncompressed++;
  if (zlibSizeAtLeast(json, limit)) {
    proven++;
    bucket.proven++;
  }
}
console.log(
  `${total} generated sessions: ${uncompressed} left uncompressed by zlib, ${proven} of them proven so without compressing`,
);
console.log("JSON bytes  sessions  uncompressed  proven");
for (const [size, b] of [...buckets].sort((a, b) => a[0] - b[0])) {
  console.log(
    `${String(size).padStart(4)}-${String(size + 9).padEnd(5)} ${String(b.sessions).padStart(9)} ${String(b.uncompressed).padStart(13)} ${String(b.proven).padStart(7)}`,
  );
}
