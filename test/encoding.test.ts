/**
 * The fast paths of src/encoding.ts and src/lib/bytes.ts against the general code they bypass:
 * clean base64 against the lenient decoder (Python's binascii semantics, checked by the
 * fixtures), results and errors alike; base64 written as bytes against the string encoder;
 * integers below 2^53 against the BigInt conversion; UTF-8 of ASCII against the checked path.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { b2aBase64, base64UrlBytes, decodePadded, decodePaddedLenient, intToBytes } from "../src/encoding.js";
import { encodeUtf8 } from "../src/lib/bytes.js";
import { Slab } from "../src/lib/slab.js";

const encoder = new TextEncoder();
const URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function outcome(decode: (data: Uint8Array) => Uint8Array, data: Uint8Array): string {
  try {
    return Array.from(decode(data), (b) => b.toString(16).padStart(2, "0")).join("");
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const slab = new Slab();

function same(data: Uint8Array): void {
  const expected = outcome(decodePaddedLenient, data);
  expect(outcome(decodePadded, data)).toBe(expected);
  // Into arrays of a signer's or serializer's allocator.
  expect(outcome((d: Uint8Array) => decodePadded(d, (size) => slab.take(size)), data)).toBe(expected);
}

describe("decodePadded", () => {
  test("clean input of every length up to 64, every alphabet character in every position", () => {
    for (let length = 0; length <= 64; length++) {
      for (let shift = 0; shift < URLSAFE.length; shift += 7) {
        const text = Array.from({ length }, (_, i) => URLSAFE[(i * 5 + shift) % URLSAFE.length]).join("");
        same(encoder.encode(text));
      }
    }
  });

  test("any mix of alphabet, '+/', padding, other bytes", () => {
    const char = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...URLSAFE) },
      fc.constantFrom("+", "/", "=", ".", " ", "\n", "!", "é"),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 80 }), (chars) => same(encoder.encode(chars.join("")))),
      { numRuns: 3000 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), same), { numRuns: 1000 });
  });

  test("the transient decoder grows its buffer for long input", () => {
    for (const length of [10, 5000, 100_000, 12]) {
      const text = "QUJD".repeat(length);
      same(encoder.encode(text));
    }
  });
});

describe("base64UrlBytes", () => {
  test("is b2aBase64's URL-safe text as bytes, after the prefix, for every length", () => {
    const prefix = Uint8Array.of(0x2e);
    for (let length = 0; length <= 100; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 97 + length) & 0xff);
      const text = b2aBase64(data, true, false);
      expect(new TextDecoder().decode(base64UrlBytes(data))).toBe(text);
      expect(new TextDecoder().decode(base64UrlBytes(data, prefix))).toBe("." + text);
    }
  });
});

describe("intToBytes", () => {
  test("numbers below 2^53 give what their BigInt gives", () => {
    const hex = (data: Uint8Array) => Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
    for (const n of [0, 1, 255, 256, 65535, 65536, 1700000000, 2 ** 32, 2 ** 53 - 1]) {
      expect(hex(intToBytes(n)), String(n)).toBe(hex(intToBytes(BigInt(n))));
    }
    fc.assert(fc.property(fc.maxSafeNat(), (n) => hex(intToBytes(n)) === hex(intToBytes(BigInt(n)))));
  });
});

describe("encodeUtf8", () => {
  test("refuses a lone surrogate anywhere, keeps U+FFFD and surrogate pairs", () => {
    expect(() => encodeUtf8("ok\ud800")).toThrow(TypeError);
    expect(() => encodeUtf8("\udc00ok")).toThrow(TypeError);
    expect(Array.from(encodeUtf8("\ufffd"))).toEqual([0xef, 0xbf, 0xbd]);
    expect(Array.from(encodeUtf8("\ud83d\ude00"))).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    expect(Array.from(encodeUtf8("abc"))).toEqual([0x61, 0x62, 0x63]);
  });
});
