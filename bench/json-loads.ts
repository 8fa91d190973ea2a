/**
 * `json.loads` and the session serializer's `loads` against `JSON.parse` on the same texts
 * (issue 16: `json.loads` on plain JSON within 1.3x of `JSON.parse`), in interleaved rounds,
 * medians of CPU time per call (the machine may be shared: interleaving spreads the noise over
 * every contender alike).
 *
 *   npx tsc -p tsconfig.bench.json && node .bench/bench/json-loads.js [rounds]
 */
import { TaggedJSONSerializer, Tuple, json } from "../src/index.js";
import { median, timeLoop } from "./timing.js";

/** A cart of 44 items (strings, ints, floats, short lists), about 5 KB of JSON, as a shop keeps it. */
function cartSession(): Record<string, unknown> {
  const cart = Array.from({ length: 44 }, (_, i) => ({
    sku: `SKU-${1000 + i}`,
    name: `Loose leaf tea no. ${i}`,
    qty: 1 + (i % 3),
    price: 4.5 + i * 1.25,
    tags: ["tea", i % 2 ? "green" : "black"],
    sizes: [50, 100 + i],
  }));
  return { _user_id: "42", _fresh: true, csrf_token: "0123456789abcdef0123456789abcdef01234567", cart };
}

const login = {
  _fresh: true,
  _id: "a".repeat(128),
  _user_id: "42",
  csrf_token: "b".repeat(40),
  _flashes: [new Tuple("success", "You are logged in."), new Tuple("message", "Your profile changes have been saved.")],
};

const tagged = new TaggedJSONSerializer();
const texts = { cart: tagged.dumps(cartSession()), login: tagged.dumps(login) };
const contenders: Record<string, (text: string) => unknown> = {
  "JSON.parse": (text) => JSON.parse(text),
  "json.loads": (text) => json.loads(text),
  "TaggedJSONSerializer.loads": (text) => tagged.loads(text),
};

const rounds = Number(process.argv[2] ?? 15);
for (const [name, text] of Object.entries(texts)) {
  const us: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [who, fn] of Object.entries(contenders)) (us[who] ??= []).push(timeLoop(() => fn(text), 0.1).us);
  }
  const base = median(us["JSON.parse"]!);
  console.log(`${name} (${text.length} chars of JSON), medians of ${rounds} interleaved rounds:`);
  for (const [who, list] of Object.entries(us)) {
    const m = median(list);
    console.log(`  ${who.padEnd(28)} ${m.toFixed(2).padStart(8)} us  ${(m / base).toFixed(2)}x JSON.parse`);
  }
}
