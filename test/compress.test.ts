/**
 * zlib with kept state (src/compress.ts): whatever was compressed or decompressed before, every
 * result equals what a fresh pako stream gives (and the fixture tests compare those bytes with
 * CPython's zlib). Compression is our own deflate (tested in depth in test/deflate.test.ts and
 * against CPython in test/deflate-python.test.ts), decompression our own decoder (test/inflate.test.ts).
 */
import fc from "fast-check";
import { deflate, inflate } from "pako";
import { describe, expect, test } from "vitest";
import { PortedZlib, zlibCompress, zlibDecompress, ZlibError } from "../src/compress.js";
import { inflateZlib } from "../src/zlib/inflate.js";

/** What the default Zlib hands a serializer: possibly a view of the port's output buffer. */
const zlibCompressTransient = (data: Uint8Array) => new PortedZlib().compress(data, Infinity)!;
const zlibDecompressTransient = (data: Uint8Array, maxSize: number) => inflateZlib(data, maxSize, true);
import { noise } from "./helpers/noise.js";

const encoder = new TextEncoder();

function hex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
}

const session = encoder.encode(
  '{"_flashes":[{" t":["success","You are logged in."]},{" t":["message","Saved."]}],"_fresh":true,' +
    '"_id":"' +
    "0123456789abcdef".repeat(8) +
    '","_user_id":"42","csrf_token":"07b6615beb38daf888498991cd992d103a3889ac"}',
);

/** Inputs in an order where stale state would show: the same one twice, small after large, ... */
const INPUTS: [string, Uint8Array][] = [
  ["empty", new Uint8Array(0)],
  ["one byte", encoder.encode("a")],
  ["a session", session],
  ["the same session again", session],
  ["repetitive text, 100 KB (several output chunks)", encoder.encode("flask session cookie ".repeat(5000))],
  ["noise, 100 KB (stored blocks, several output chunks)", noise(100_000, 1)],
  ["the session after large inputs", session],
  ["noise, 1 KB", noise(1000, 2)],
  ["short JSON", encoder.encode('{"_fresh":true,"_id":"947ee04199f7b33f","_user_id":"42"}')],
];

/** Text with few distinct characters, so that deflate finds matches. */
const textish = fc
  .array(fc.constantFrom(...'{}[]",:_ab01 tsx'), { maxLength: 3000 })
  .map((chars) => encoder.encode(chars.join("")));

describe("zlibCompress", () => {
  test("gives what a fresh pako stream gives, input after input", () => {
    for (let round = 0; round < 2; round++) {
      for (const [name, data] of INPUTS) {
        const fresh = hex(deflate(data, { legacyHash: true }));
        expect(hex(zlibCompress(data)), name).toBe(fresh);
        expect(hex(zlibCompressTransient(data)), `${name} (transient)`).toBe(fresh);
      }
    }
  });

  test("gives what a fresh pako stream gives, for any sequence of inputs", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(textish, fc.uint8Array({ maxLength: 2000 })), { minLength: 1, maxLength: 8 }), (list) => {
        for (const data of list) expect(hex(zlibCompress(data))).toBe(hex(deflate(data, { legacyHash: true })));
      }),
      { numRuns: 200 },
    );
  });
});

/** What a fresh pako stream makes of `data`: the bytes, or "error". */
function freshInflate(data: Uint8Array): string {
  try {
    return hex(inflate(data));
  } catch {
    return "error";
  }
}

function keptInflate(data: Uint8Array, maxSize?: number): string {
  let copied: string;
  try {
    copied = hex(zlibDecompress(data, maxSize));
  } catch (error) {
    expect(error).toBeInstanceOf(ZlibError);
    copied = "error";
  }
  // The variant that may return a view of the kept buffer must agree (it is read at once here).
  let viewed: string;
  try {
    viewed = hex(zlibDecompressTransient(data, maxSize ?? 16 * 1024 * 1024));
  } catch (error) {
    expect(error).toBeInstanceOf(ZlibError);
    viewed = "error";
  }
  expect(viewed).toBe(copied);
  return copied;
}

/** A compressed input, possibly damaged: cut short, a bit flipped, or bytes that were never zlib. */
const damaged = fc.oneof(
  fc.oneof(textish, fc.uint8Array({ maxLength: 3000 })).map((data) => deflate(data, { legacyHash: true })),
  fc.tuple(textish, fc.nat(), fc.nat(7)).map(([data, at, bit]) => {
    const out = deflate(data, { legacyHash: true });
    out[at % out.length]! ^= 1 << bit;
    return out;
  }),
  fc.tuple(textish, fc.nat()).map(([data, cut]) => {
    const out = deflate(data, { legacyHash: true });
    return out.subarray(0, cut % out.length);
  }),
  fc.uint8Array({ maxLength: 200 }),
);

describe("zlibDecompress (our decoder, with a kept output buffer), call after call", () => {
  test("gives what a fresh pako stream gives, input after input", () => {
    for (let round = 0; round < 2; round++) {
      for (const [name, data] of INPUTS) {
        const compressed = deflate(data, { legacyHash: true });
        expect(keptInflate(compressed), name).toBe(hex(data));
        expect(keptInflate(compressed.subarray(0, compressed.length >> 1)), `${name}, cut in half`).toBe("error");
      }
    }
  });

  test("gives what a fresh pako stream gives, for any sequence of valid and damaged inputs", () => {
    fc.assert(
      fc.property(fc.array(damaged, { minLength: 1, maxLength: 10 }), (list) => {
        for (const data of list) expect(keptInflate(data)).toBe(freshInflate(data));
      }),
      { numRuns: 300 },
    );
  });

  test("a refusal over the size bound leaves the next call unharmed", () => {
    const big = encoder.encode("x".repeat(100_000));
    const compressed = deflate(big, { legacyHash: true });
    expect(keptInflate(compressed, 50_000)).toBe("error");
    expect(keptInflate(compressed, 100_000)).toBe(hex(big));
    expect(keptInflate(deflate(session, { legacyHash: true }))).toBe(hex(session));
  });
});
