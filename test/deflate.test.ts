/**
 * Our port of zlib's deflate (src/zlib/deflate.ts, src/zlib/trees.ts) against pako's with
 * `legacyHash`, which writes canonical zlib's bytes (CPython's own are checked in
 * test/deflate-python.test.ts): every length up to 3000 in every kind of content, random inputs,
 * large and multi-block inputs, the edges of the match rules, and the Huffman code builder alone
 * on frequencies that force zlib's code-length limit fix-ups.
 */
import fc from "fast-check";
import { deflate, deflateRaw, Z_HUFFMAN_ONLY } from "pako";
import { describe, expect, test } from "vitest";
import { PortedZlib, zlibCompress } from "../src/compress.js";
import { createDeflate, deflateTransient, MAX_ONE_SHOT } from "../src/zlib/deflate.js";
import { Trees } from "../src/zlib/trees.js";

const zlibCompressTransient = (data: Uint8Array) => new PortedZlib().compress(data, Infinity)!;
import { hex, input, KINDS, Lcg, type Kind } from "./helpers/deflate-inputs.js";

const oracle = (data: Uint8Array) => hex(deflate(data, { legacyHash: true }));
const ours = (data: Uint8Array) => hex(deflateTransient(data));

describe("deflate: the same bytes as zlib (pako with legacyHash)", () => {
  test.each(Object.keys(KINDS) as Kind[])("%s content, every length from 0 to 3000, two seeds each", (kind) => {
    for (let length = 0; length <= 3000; length++) {
      for (const seed of [1, 2]) {
        const data = input(kind, length, seed);
        const got = ours(data);
        if (got !== oracle(data)) expect(got, `${kind}, length ${length}, seed ${seed}`).toBe(oracle(data));
      }
    }
  });

  test("random inputs (fast-check)", () => {
    const textish = fc
      .array(fc.constantFrom(...'{}[]",:_ab01 tsx'), { maxLength: 4000 })
      .map((chars) => new TextEncoder().encode(chars.join("")));
    const bytes = fc.uint8Array({ maxLength: 4000 });
    const fewSymbols = fc.array(fc.constantFrom(0, 1, 2, 255), { maxLength: 4000 }).map((a) => Uint8Array.from(a));
    fc.assert(
      fc.property(
        fc.oneof(
          textish,
          bytes,
          fewSymbols,
          fc.string({ maxLength: 2000 }).map((s) => new TextEncoder().encode(s)),
        ),
        (data) => {
          expect(ours(data)).toBe(oracle(data));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test.each(["random", "json", "text", "runs", "zeros", "skewed", "repetitive"] as Kind[])(
    "%s content, large inputs: several blocks of 16,383 symbols, distances up to the window's",
    (kind) => {
      for (const length of [16_382, 16_383, 16_384, 20_000, 32_768, 40_000, MAX_ONE_SHOT]) {
        const data = input(kind, length, 3);
        expect(ours(data), `${kind}, length ${length}`).toBe(oracle(data));
      }
    },
  );

  test("inputs beyond the port's size go to pako, still zlib's bytes", () => {
    for (const kind of ["random", "json", "runs"] as Kind[]) {
      for (const length of [MAX_ONE_SHOT + 1, 100_000, 300_000]) {
        const data = input(kind, length, 4);
        expect(() => deflateTransient(data)).toThrow(RangeError);
        expect(hex(zlibCompress(data)), `${kind}, length ${length}`).toBe(oracle(data));
        expect(hex(zlibCompressTransient(data))).toBe(oracle(data));
      }
    }
  });

  test("a few MB of text (pako's sliding window): zlibCompress still gives zlib's bytes", () => {
    const data = input("text", 3_000_000, 5);
    expect(hex(zlibCompress(data))).toBe(oracle(data));
  });

  test("matches at the limits: 32,506 bytes back (MAX_DIST) and beyond, length 3 beyond 4,096 (TOO_FAR)", () => {
    // Random bytes, with a copy of a few bytes from `distance` back.
    for (const distance of [1, 2, 4095, 4096, 4097, 4098, 32_505, 32_506, 32_507, 32_768, 40_000]) {
      for (const copied of [3, 4, 5, 258, 300]) {
        const data = input("random", distance + 2 * copied + 100, distance);
        data.copyWithin(50 + distance, 50, 50 + copied);
        expect(ours(data), `distance ${distance}, ${copied} bytes`).toBe(oracle(data));
      }
    }
  });

  test("a match from the input's first byte is never taken (zlib's NIL), one from the second is", () => {
    for (const start of [0, 1, 2]) {
      const data = input("random", 200, start + 10);
      data.copyWithin(100, start, start + 20);
      expect(ours(data), `copy of bytes ${start}..`).toBe(oracle(data));
    }
  });

  test("call after call, whatever came before (the hash table is tagged, not cleared)", () => {
    const inputs = [
      input("json", 300, 1),
      input("random", 5000, 1),
      input("json", 300, 1),
      new Uint8Array(0),
      input("runs", 65_000, 1),
    ];
    for (let round = 0; round < 3; round++) {
      for (const data of inputs) expect(ours(data)).toBe(oracle(data));
    }
  });

  test("each compressor owns its buffers: another's call leaves its result alone", () => {
    const a = createDeflate();
    const b = createDeflate();
    const small = input("json", 300, 1);
    const large = input("text", 40_000, 2);
    const kept = a(small);
    expect(hex(b(large))).toBe(oracle(large));
    expect(hex(deflateTransient(large))).toBe(oracle(large));
    expect(hex(kept)).toBe(oracle(small));
  });

  test("the result is a view that the next call overwrites; zlibCompress copies it", () => {
    const a = input("json", 300, 7);
    const b = input("json", 300, 8);
    const copied = zlibCompress(a);
    const viewed = deflateTransient(a);
    const before = hex(viewed);
    deflateTransient(b);
    expect(hex(copied)).toBe(oracle(a));
    expect(hex(viewed)).not.toBe(before);
  });
});

/**
 * The trees half alone: every byte tallied as a literal, one last block, as zlib's
 * `deflate_huff` (strategy Z_HUFFMAN_ONLY) does for an input of fewer than 16,383 bytes. The
 * frequencies are then exactly the input's, whatever they are.
 */
const trees = new Trees();

function huffmanOnly(data: Uint8Array): string {
  const out = new Uint8Array(data.length + 64);
  trees.startStream(out, 0, data.length);
  for (let i = 0; i < data.length; i++) trees.tallyLiteral(i, data[i]!);
  trees.flushBlock(data.length, data, 0, data.length, true);
  return hex(out.subarray(0, trees.streamEnd()));
}

const huffmanOracle = (data: Uint8Array) => hex(deflateRaw(data, { level: 6, strategy: Z_HUFFMAN_ONLY }));

/** Each byte value `i * 11` as often as `counts[i]` says, in a shuffled order. */
function withCounts(counts: readonly number[], seed: number): Uint8Array {
  const bytes: number[] = [];
  counts.forEach((count, i) => {
    for (let k = 0; k < count; k++) bytes.push((i * 11) & 0xff);
  });
  const rng = new Lcg(seed);
  for (let i = bytes.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [bytes[i], bytes[j]] = [bytes[j]!, bytes[i]!];
  }
  return Uint8Array.from(bytes);
}

describe("Huffman codes (build_tree, gen_bitlen, gen_codes, send_tree), frequencies chosen at will", () => {
  test("a chain of frequencies deeper than 15 bits: the literal code's length-limit fix-up", () => {
    // Each leaf one more than the chain node two merges back: Huffman then builds a single chain
    // (zlib's ties prefer leaves, so exact Fibonacci numbers would split it).
    for (const leaves of [16, 17, 18]) {
      const counts = [1];
      const chain = [1, 2];
      while (counts.length < leaves) {
        const next = chain[chain.length - 2]! + 1;
        counts.push(next);
        chain.push(chain[chain.length - 1]! + next);
      }
      const data = withCounts(counts, leaves);
      const before = trees.lengthFixUps.other;
      expect(huffmanOnly(data), `${leaves} leaves`).toBe(huffmanOracle(data));
      expect(trees.lengthFixUps.other, "the fix-up ran").toBeGreaterThan(before);
    }
  });

  test("random frequencies (fast-check): stored, fixed and dynamic blocks, skewed and flat", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 400 }), { minLength: 1, maxLength: 40 }), fc.nat(), (counts, seed) => {
        const data = withCounts(counts, seed);
        expect(huffmanOnly(data)).toBe(huffmanOracle(data));
      }),
      { numRuns: 1500 },
    );
  });

  test("skewed inputs make the bit-length code overflow 7 bits: zlib's fix-up, through the whole deflate", () => {
    const counted = new Trees();
    const deflate = createDeflate(counted);
    const before = counted.lengthFixUps.bitLength;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const rng = new Lcg(seed);
      const data = Uint8Array.from({ length: 20_000 }, () => {
        let b = 0;
        while (b < 60 && rng.below(100) < 88) b++;
        return b * 3;
      });
      expect(hex(deflate(data)), `seed ${seed}`).toBe(oracle(data));
    }
    expect(counted.lengthFixUps.bitLength, "the fix-up ran").toBeGreaterThan(before);
  });
});
