/**
 * zlibCompress against CPython's own zlib.compress (fixtures/zlib-compress.json, from
 * scripts/gen_zlib_fixtures.py): Flask-like session JSON byte for byte, with itsdangerous' "compress
 * only if shorter" decision, and generated inputs from empty to beyond the port's 65,000 bytes by
 * length and SHA-256.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { PortedZlib, zlibCompress } from "../src/compress.js";

/** itsdangerous' decision with the default Zlib: its bytes when shorter than `limit`, else null. */
function zlibCompressShorterThan(data: Uint8Array, limit: number): Uint8Array | null {
  const out = new PortedZlib().compress(data, limit);
  return out !== null && out.length < limit ? out : null;
}
import { hex, Lcg } from "./helpers/deflate-inputs.js";

interface Recipe {
  name: string;
  alphabet: string | null;
  length: number;
  seed: number;
  run: number;
  compressedLength: number;
  sha256: string;
}

const table = JSON.parse(readFileSync(new URL("../fixtures/zlib-compress.json", import.meta.url), "utf8")) as {
  versions: { zlib: string };
  sessions: { json: string; compressed: string }[];
  generated: Recipe[];
};

/** The bytes of a recipe, as scripts/gen_zlib_fixtures.py's `generate` builds them. */
function generate(recipe: Recipe): Uint8Array {
  const rng = new Lcg(recipe.seed);
  const alphabet =
    recipe.alphabet === null ? Uint8Array.from({ length: 256 }, (_, i) => i) : new TextEncoder().encode(recipe.alphabet);
  const out = new Uint8Array(recipe.length);
  for (let at = 0; at < recipe.length;) {
    const symbol = alphabet[rng.below(alphabet.length)]!;
    const count = recipe.run > 1 ? 1 + rng.below(recipe.run) : 1;
    out.fill(symbol, at, Math.min(recipe.length, at + count));
    at += count;
  }
  return out;
}

describe(`zlib.compress (CPython, zlib ${table.versions.zlib})`, () => {
  test.each(table.sessions.map((row) => [row.json.length, row.json.slice(0, 50), row] as const))(
    "session JSON, %s characters: %s",
    (_length, _start, row) => {
      const json = new TextEncoder().encode(row.json);
      expect(hex(zlibCompress(json))).toBe(row.compressed);
      // Flask's choice: the compressed bytes when shorter than the JSON less one, else none.
      const shorter = zlibCompressShorterThan(json, json.length - 1);
      expect(shorter === null ? null : hex(shorter)).toBe(row.compressed.length / 2 < json.length - 1 ? row.compressed : null);
    },
  );

  test.each(table.generated.map((row) => [row.name, row.length, row.run, row] as const))(
    "%s, %s bytes, runs up to %s",
    (_n, _l, _r, row) => {
      const compressed = zlibCompress(generate(row));
      expect(compressed.length).toBe(row.compressedLength);
      expect(createHash("sha256").update(compressed).digest("hex")).toBe(row.sha256);
    },
  );
});
