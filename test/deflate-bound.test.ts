/**
 * The lower bound on zlib's output length (src/zlib/bound.ts) must never exceed the real
 * length: for every input here, `zlibSizeAtLeast(data, real + 1)` is false, where `real` is the
 * length pako (legacyHash, canonical zlib's bytes) gives. That is the bound's whole promise;
 * `dumps` leaves a payload uncompressed on its word. The inputs: every length from 0 to 5000 in
 * every kind of content, random inputs and limits, and the largest lengths it accepts.
 */
import fc from "fast-check";
import { deflate } from "pako";
import { describe, expect, test } from "vitest";
import { PortedZlib } from "../src/compress.js";

/** itsdangerous' decision with the default Zlib: its bytes when shorter than `limit`, else null. */
function zlibCompressShorterThan(data: Uint8Array, limit: number): Uint8Array | null {
  const out = new PortedZlib().compress(data, limit);
  return out !== null && out.length < limit ? out : null;
}
import { MAX_BOUNDED_INPUT, zlibSizeAtLeast } from "../src/zlib/bound.js";
import { hex, input, KINDS, type Kind } from "./helpers/deflate-inputs.js";

const realLength = (data: Uint8Array) => deflate(data, { legacyHash: true }).length;

/** Checks the bound on one input; returns whether it proves that zlib cannot save 2 bytes. */
function checkBound(data: Uint8Array, label: string): boolean {
  const real = realLength(data);
  if (zlibSizeAtLeast(data, real + 1)) {
    expect.fail(`${label}: the bound claims at least ${real + 1} bytes, zlib writes ${real}`);
  }
  const fires = zlibSizeAtLeast(data, data.length - 1);
  if (fires) expect(real, label).toBeGreaterThanOrEqual(data.length - 1);
  return fires;
}

describe("zlibSizeAtLeast: never more than zlib's real length", () => {
  test.each(Object.keys(KINDS) as Kind[])("%s content, every length from 0 to 5000, two seeds each", (kind) => {
    let fired = 0;
    for (let length = 0; length <= 5000; length++) {
      for (const seed of [1, 2]) if (checkBound(input(kind, length, seed), `${kind}, length ${length}, seed ${seed}`)) fired++;
    }
    // Not a goal, a sign that the bound is not dead code: it proves every input below 10 bytes.
    expect(fired).toBeGreaterThanOrEqual(20);
  });

  test("random inputs and limits (fast-check)", () => {
    const textish = fc
      .array(fc.constantFrom(...'{}[]",:_ab01 tsx'), { maxLength: 600 })
      .map((chars) => new TextEncoder().encode(chars.join("")));
    const json = fc.jsonValue().map((value) => new TextEncoder().encode(JSON.stringify(value)));
    fc.assert(
      fc.property(fc.oneof(textish, json, fc.uint8Array({ maxLength: 2000 })), fc.nat({ max: 40 }), (data, slack) => {
        const real = realLength(data);
        // Never above the real length, whatever the limit above it.
        expect(zlibSizeAtLeast(data, real + 1 + slack)).toBe(false);
        checkBound(data, hex(data).slice(0, 60));
      }),
      { numRuns: 3000 },
    );
  });

  test("the largest inputs it takes (one deflate block), and none larger", () => {
    for (const kind of ["random", "hex", "base64"] as Kind[]) {
      for (const length of [MAX_BOUNDED_INPUT - 1, MAX_BOUNDED_INPUT])
        checkBound(input(kind, length, 9), `${kind}, length ${length}`);
    }
    const tooLong = input("random", MAX_BOUNDED_INPUT + 1, 9);
    expect(zlibSizeAtLeast(tooLong, 0)).toBe(false);
  });

  test("it fires where it should: short JSON and incompressible bytes", () => {
    const encoder = new TextEncoder();
    for (const json of ['{"_fresh":false}', '{"_permanent":true,"user_id":1234}', '{"lang":"en","theme":"dark"}']) {
      const data = encoder.encode(json);
      expect(zlibSizeAtLeast(data, data.length - 1), json).toBe(true);
    }
    for (const length of [100, 1000, 4000]) {
      const data = input("random", length, 11);
      expect(zlibSizeAtLeast(data, data.length - 1), `${length} random bytes`).toBe(true);
    }
  });
});

describe("zlibCompressShorterThan: itsdangerous' decision, with or without the bound", () => {
  test("compressed exactly when zlib's output is shorter than the limit, and then zlib's bytes", () => {
    const encoder = new TextEncoder();
    const check = (data: Uint8Array, limit: number) => {
      const real = deflate(data, { legacyHash: true });
      const got = zlibCompressShorterThan(data, limit);
      if (real.length < limit) expect(got === null ? null : hex(got)).toBe(hex(real));
      else expect(got).toBeNull();
    };
    for (const kind of Object.keys(KINDS) as Kind[]) {
      for (let length = 0; length <= 400; length++) {
        const data = input(kind, length, 5);
        check(data, length - 1);
      }
    }
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: -3, max: 3 }), (value, delta) => {
        const data = encoder.encode(JSON.stringify(value));
        check(data, data.length - 1 + delta);
      }),
      { numRuns: 1000 },
    );
  });
});
