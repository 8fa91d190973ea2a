/**
 * The one Adler-32 that our deflate writes and our inflate checks (src/zlib/adler32.ts), against
 * RFC 1950's definition summed byte by byte with exact arithmetic.
 */
import { describe, expect, test } from "vitest";
import { adler32 } from "../src/zlib/adler32.js";
import { noise } from "./helpers/noise.js";

/** RFC 1950 §8.2 as written: a = 1 + sum of bytes, b = sum of the a's, both mod 65521. */
function definition(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return b * 65536 + a;
}

describe("adler32", () => {
  test("RFC 1950's checksum of a known text", () => {
    expect(adler32(new TextEncoder().encode("Wikipedia"))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });

  test("every length from 0 to 9,000 bytes, noise and all-0xff (the largest sums), with and without a view", () => {
    for (const fill of ["noise", "ff"] as const) {
      const all = fill === "ff" ? new Uint8Array(9000).fill(0xff) : noise(9000, 7);
      for (let length = 0; length <= 9000; length += length < 200 ? 1 : 97) {
        const bytes = all.subarray(0, length);
        const expected = definition(bytes);
        expect(adler32(bytes), `${fill}, ${length} bytes`).toBe(expected);
        expect(adler32(all, length, new DataView(all.buffer, all.byteOffset)), `${fill}, ${length} bytes, view`).toBe(expected);
      }
    }
  });

  test("a view into a larger buffer at an odd offset", () => {
    const buffer = noise(5001, 3);
    const bytes = buffer.subarray(1, 4998);
    expect(adler32(bytes)).toBe(definition(bytes));
  });
});
