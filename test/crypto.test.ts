/**
 * The keyed HMAC of src/crypto.ts: for SHA-1 it is computed by src/sha1/hmac.ts, which must give
 * exactly what `@noble/hashes` gives, for every key and message, call after call on one key.
 * (Every signature in the fixture tests is also Python's.)
 */
import fc from "fast-check";
import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { getDigest } from "../src/crypto.js";
import { defaultMac } from "../src/mac.js";

function hex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
}

function bytes(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 131 + seed * 17 + 7) & 0xff);
}

describe("defaultMac", () => {
  test.each([0, 1, 20, 55, 63, 64, 65, 200])("HMAC-SHA1 with a %i-byte key, every message length to 300", (keyLength) => {
    const key = bytes(keyLength, keyLength);
    const mac = defaultMac(getDigest("sha1"), key);
    // One instance for all lengths: each call must start from the key alone.
    for (let length = 0; length <= 300; length++) {
      const message = bytes(length, length + 1);
      expect(hex(mac.mac(message)), `${length}-byte message`).toBe(hex(hmac(sha1, key, message)));
    }
  });

  test("HMAC-SHA1 of random keys and messages, in any order", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 150 }),
        fc.array(fc.uint8Array({ maxLength: 5000 }), { minLength: 1, maxLength: 5 }),
        (key, messages) => {
          const mac = defaultMac(getDigest("sha1"), key);
          for (const message of messages) expect(hex(mac.mac(message))).toBe(hex(hmac(sha1, key, message)));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("other digests are @noble/hashes' own", () => {
    const key = bytes(32, 3);
    const mac = defaultMac(getDigest("sha256"), key);
    for (const length of [0, 64, 1000]) {
      const message = bytes(length, 5);
      expect(hex(mac.mac(message))).toBe(hex(hmac(sha256, key, message)));
    }
  });
});

test("src/sha1/compress.ts is what scripts/gen-sha1.mjs writes", () => {
  const root = new URL("..", import.meta.url).pathname;
  expect(() => execFileSync(process.execPath, ["scripts/gen-sha1.mjs", "--check"], { cwd: root, stdio: "pipe" })).not.toThrow();
});
