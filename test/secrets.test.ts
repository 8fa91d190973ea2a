/**
 * Secret hygiene: signatures are compared in constant time (checked by construction: the bytes
 * read do not depend on the data), and an empty SECRET_KEY is refused where Flask refuses it.
 * That no secret key (nor a key derived from it) is ever printed is secrets-print.test.ts.
 */
import { describe, expect, test } from "vitest";
import { FlaskSession, HMACAlgorithm, SecureCookieSessionInterface, URLSafeSerializer, constantTimeEqual } from "../src/index.js";

describe("constantTimeEqual", () => {
  /** Wraps bytes so every read of an index or of `length` is logged. */
  function logged(bytes: Uint8Array, name: string, log: string[]): Uint8Array {
    return new Proxy(bytes, {
      get(target, prop) {
        if (prop === "length" || (typeof prop === "string" && /^\d+$/.test(prop))) log.push(`${name}.${prop}`);
        return Reflect.get(target, prop) as unknown;
      },
    });
  }

  function reads(a: Uint8Array, b: Uint8Array): { equal: boolean; log: string[] } {
    const log: string[] = [];
    const equal = constantTimeEqual(logged(a, "a", log), logged(b, "b", log));
    return { equal, log };
  }

  const expected = Uint8Array.from({ length: 20 }, (_, i) => (i * 37 + 11) & 0xff);

  test("reads the same bytes, in the same order, wherever the first difference is", () => {
    const same = reads(expected.slice(), expected);
    expect(same.equal).toBe(true);
    expect(same.log.filter((r) => r.startsWith("b.") && r !== "b.length")).toHaveLength(expected.length);
    for (let at = 0; at < expected.length; at++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const received = expected.slice();
        received[at]! ^= flip;
        const run = reads(received, expected);
        expect(run.equal).toBe(false);
        expect(run.log).toEqual(same.log);
      }
    }
  });

  test("a received value of another length costs the same walk over the expected one", () => {
    const walk = (log: string[]) => log.filter((r) => r.startsWith("b.") && r !== "b.length");
    for (const length of [0, 1, 19, 21, 64]) {
      const run = reads(new Uint8Array(length), expected);
      expect(run.equal).toBe(false);
      expect(walk(run.log)).toEqual(walk(reads(expected.slice(), expected).log));
    }
  });

  test("is what signature checks use: HMACAlgorithm compares the received signature with it", () => {
    const algorithm = new HMACAlgorithm("sha1");
    const key = new TextEncoder().encode("derived key");
    const value = new TextEncoder().encode("payload");
    const good = algorithm.getSignature(key, value);
    const runs = Array.from({ length: good.length }, (_, at) => {
      const log: string[] = [];
      const sig = good.slice();
      sig[at]! ^= 1;
      expect(algorithm.verifySignature(key, value, logged(sig, "sig", log))).toBe(false);
      return log;
    });
    const log: string[] = [];
    expect(algorithm.verifySignature(key, value, logged(good.slice(), "sig", log))).toBe(true);
    for (const run of runs) expect(run).toEqual(log);
    expect(log.filter((r) => r !== "sig.length")).toHaveLength(good.length);
  });
});

describe("an empty SECRET_KEY is refused where Flask refuses it", () => {
  const sessions = new SecureCookieSessionInterface();
  test.each([
    ["an empty string", ""],
    ["empty bytes", new Uint8Array(0)],
    ["null", null],
    ["undefined", undefined],
  ])(
    "%s: no session can be opened or saved (Flask: 'The session is unavailable because no secret key was set')",
    (_name, secretKey) => {
      const app = { secretKey, secretKeyFallbacks: ["an old key is not enough"] };
      expect(() => sessions.openSession(app, "session=abc")).toThrow(/no secret key was set/);
      const session = new FlaskSession();
      session.set("a", 1); // Flask raises on this write already (its NullSession); we raise on saving it
      expect(() => sessions.saveSession(app, session)).toThrow(/no secret key was set/);
    },
  );

  test("itsdangerous itself accepts an empty key, as Python's does (it is only weak)", () => {
    const s = new URLSafeSerializer("");
    expect(s.loads(s.dumps([1]))).toEqual([1]);
    expect(() => new URLSafeSerializer([])).toThrow(TypeError);
  });
});
