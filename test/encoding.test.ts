/**
 * Base64 decoding (src/encoding.ts): the fast path for clean input must give exactly what the
 * general, lenient decoder gives (Python's binascii semantics, checked by the fixtures), results
 * and errors alike, for any input.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { decodePadded, decodePaddedLenient } from "../src/encoding.js";

const encoder = new TextEncoder();
const URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function outcome(decode: (data: Uint8Array) => Uint8Array, data: Uint8Array): string {
  try {
    return Array.from(decode(data), (b) => b.toString(16).padStart(2, "0")).join("");
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

function same(data: Uint8Array): void {
  expect(outcome(decodePadded, data)).toBe(outcome(decodePaddedLenient, data));
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
});
