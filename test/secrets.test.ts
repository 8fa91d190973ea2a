/**
 * Secret hygiene: signatures are compared in constant time (checked by construction: the bytes
 * read do not depend on the data), no secret key (nor a key derived from it) shows in an error
 * message, `toString`, `JSON.stringify` or `util.inspect` output, and an empty SECRET_KEY is
 * refused where Flask refuses it.
 */
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import {
  BadData,
  FlaskSession,
  HMACAlgorithm,
  SecureCookieSessionInterface,
  Serializer,
  Signer,
  TaggedJSONSerializer,
  TimedSerializer,
  TimestampSigner,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  constantTimeEqual,
  flash,
} from "../src/index.js";

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

describe("no secret in any output", () => {
  const SECRET = "S3cr3t-\u00e9-4f1c9a";
  const OLD = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x42, 0x13, 0x37, 0x99]);
  const bytes = (value: string | Uint8Array) => (typeof value === "string" ? new TextEncoder().encode(value) : value);

  /** Every way a key could show: as text, hex, base64, a list of numbers, a JSON object of bytes. */
  function spellings(key: string | Uint8Array): string[] {
    const b = bytes(key);
    const out = [
      Buffer.from(b).toString("hex"),
      Buffer.from(b).toString("base64").replace(/=+$/, ""),
      Buffer.from(b).toString("base64url"),
      Array.from(b).join(","),
      Array.from(b, (n, i) => `"${i}":${n}`).slice(0, 4).join(","),
    ];
    if (typeof key === "string") out.push(key, JSON.stringify(key).slice(1, -1));
    return out;
  }

  function expectNoSecret(text: string, keys: (string | Uint8Array)[], where: string): void {
    const flat = text.replace(/\s+/g, "");
    for (const key of keys) {
      for (const spelling of spellings(key)) {
        expect(text.includes(spelling) || flat.includes(spelling.replace(/\s+/g, "")), `${where} shows ${spelling}`).toBe(false);
      }
    }
  }

  /** Everything a log line could print of `value`. */
  function outputs(value: unknown): [string, string][] {
    return [
      ["util.inspect", inspect(value, { depth: Infinity, showHidden: true })],
      ["util.inspect (nested)", inspect({ nested: [value] }, { depth: Infinity })],
      ["JSON.stringify", JSON.stringify(value) ?? ""],
      ["String()", String(value)],
      ["template", `${value as string}`],
    ];
  }

  const keys = [OLD, SECRET];

  test.each([
    ["Signer", () => new Signer(keys, { keyDerivation: "hmac" })],
    ["TimestampSigner", () => new TimestampSigner(keys, { digestMethod: "sha512" })],
    ["Serializer", () => new Serializer(keys)],
    ["TimedSerializer", () => new TimedSerializer(keys, { fallbackSigners: [{ digestMethod: "sha256" }] })],
    ["URLSafeSerializer", () => new URLSafeSerializer(keys, { salt: "s" })],
    ["URLSafeTimedSerializer", () => new URLSafeTimedSerializer(keys, { serializer: new TaggedJSONSerializer() })],
  ])("%s, after use", (_name, make) => {
    const obj = make();
    // Use it, so that derived keys and keyed HMAC states are cached inside.
    const token = "sign" in obj ? obj.sign("value") : obj.dumps({ a: 1 });
    expect(() => ("unsign" in obj ? obj.unsign(token) : obj.loads(token))).not.toThrow();
    const derived = ("deriveKey" in obj ? obj : obj.makeSigner()).deriveKey();
    for (const [how, text] of outputs(obj)) expectNoSecret(text, [...keys, derived], `${how}(${_name})`);
    expect(Object.keys(obj)).not.toContain("secretKeys");
    expect({ ...obj }).not.toHaveProperty("secretKeys");
    // The keys are still there for the program that owns them (Python's secret_keys).
    expect(obj.secretKeys).toHaveLength(2);
  });

  test("the errors of a bad token, whatever went wrong", () => {
    const s = new URLSafeTimedSerializer(keys);
    const good = s.dumps({ a: 1 });
    const bad = [good.slice(0, -1), good + "x", "garbage", "", good.replace(".", "!"), "\ud800", s.makeSigner().sign("!!!")];
    for (const token of bad) {
      let error: unknown;
      try {
        s.loads(token, { maxAge: 10 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BadData);
      for (const [how, text] of [...outputs(error), ["stack", (error as Error).stack ?? ""] as [string, string]]) {
        expectNoSecret(text, [...keys, s.makeSigner().deriveKey()], `${how} of the error for ${token}`);
      }
    }
  });

  test("the session interface, its sessions and its load errors", () => {
    const sessions = new SecureCookieSessionInterface();
    const app = { secretKey: SECRET, secretKeyFallbacks: [OLD] };
    const session = new FlaskSession({ user: "alice" });
    flash(session, "hello");
    const { setCookie } = sessions.saveSession(app, session);
    const cookie = setCookie!.split(";")[0]!;
    const opened = sessions.openSession(app, cookie);
    expect(opened.get("user")).toBe("alice");
    const refused = sessions.openSession(app, cookie.slice(0, -3));
    expect(refused.loadError).toBeInstanceOf(BadData);
    const derived = sessions.getSigningSerializer(app).makeSigner().deriveKey();
    for (const value of [sessions, opened, refused, refused.loadError, sessions.getSigningSerializer(app)]) {
      for (const [how, text] of outputs(value)) expectNoSecret(text, [SECRET, OLD, derived], how);
    }
  });

  test("the checks themselves would see a leak", () => {
    const leaky = { keys: [OLD], text: SECRET };
    expect(() => expectNoSecret(inspect(leaky), [OLD], "inspect")).toThrow();
    expect(() => expectNoSecret(JSON.stringify(leaky), [SECRET], "JSON")).toThrow();
    expect(() => expectNoSecret(JSON.stringify({ k: OLD }), [OLD], "JSON of bytes")).toThrow();
  });
});

describe("an empty SECRET_KEY is refused where Flask refuses it", () => {
  const sessions = new SecureCookieSessionInterface();
  test.each([["an empty string", ""], ["empty bytes", new Uint8Array(0)], ["null", null], ["undefined", undefined]])(
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
