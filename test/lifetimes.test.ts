/**
 * Every way a lifetime or `maxAge` enters refuses what is not a finite number of seconds (issue
 * 14, item 3): `age > NaN` and `age > "abc"` are false in JavaScript, so either would turn expiry
 * off. Python: itsdangerous raises TypeError for "abc" (`'>' not supported between instances of
 * 'int' and 'str'`), and Flask cannot hold `timedelta(seconds=nan)` (ValueError) or infinity
 * (OverflowError); itsdangerous alone accepts NaN and infinity, which here are refused too.
 */
import { describe, expect, test } from "vitest";
import {
  SecureCookieSessionInterface,
  SignatureExpired,
  TimedSerializer,
  TimestampSigner,
  URLSafeTimedSerializer,
} from "../src/index.js";
import { FlaskSessions } from "../src/adapters/web.js";

const NOT_SECONDS: [string, unknown][] = [
  ["NaN", NaN],
  ["Number(undefined)", Number(undefined)],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity],
  ['"abc"', "abc"],
  ['"3600"', "3600"],
  ["true", true],
  ["an object", { seconds: 3600 }],
  ["a bigint", 3600n],
];

const TEN_YEARS = 10 * 365 * 24 * 3600;

describe.each([
  ["TimedSerializer", TimedSerializer],
  ["URLSafeTimedSerializer", URLSafeTimedSerializer],
] as const)("%s", (_name, Class) => {
  class Old extends TimestampSigner {
    override getTimestamp(): number {
      return Math.floor(Date.now() / 1000) - TEN_YEARS;
    }
  }
  const old = new Class("secret", { signer: Old }).dumps({ user: 42 });
  const s = new Class("secret");

  test("a ten-year-old token is expired for a real maxAge", () => {
    expect(() => s.loads(old, { maxAge: 3600 })).toThrow(SignatureExpired);
    expect(s.loads(old, { maxAge: null })).toEqual({ user: 42 });
    expect(s.loads(old)).toEqual({ user: 42 });
  });

  test.each(NOT_SECONDS)("loads refuses maxAge %s with a TypeError, never accepts the token", (_label, maxAge) => {
    expect(() => s.loads(old, { maxAge: maxAge as number })).toThrow(TypeError);
    expect(() => s.loads(old, { maxAge: maxAge as number })).toThrow(
      /maxAge given to \w+\.loads must be a finite number of seconds/,
    );
    expect(() => s.loadsUnsafe(old, { maxAge: maxAge as number })).toThrow(TypeError);
  });
});

describe("TimestampSigner", () => {
  class Old extends TimestampSigner {
    override getTimestamp(): number {
      return Math.floor(Date.now() / 1000) - TEN_YEARS;
    }
  }
  const signed = new Old("secret").sign("value");
  const signer = new TimestampSigner("secret");

  test.each(NOT_SECONDS)("unsign and validate refuse maxAge %s", (_label, maxAge) => {
    expect(() => signer.unsign(signed, { maxAge: maxAge as number })).toThrow(TypeError);
    expect(() => signer.validate(signed, { maxAge: maxAge as number })).toThrow(TypeError);
  });

  test("a finite maxAge still expires, null still means none", () => {
    expect(() => signer.unsign(signed, { maxAge: 60 })).toThrow(SignatureExpired);
    expect(signer.validate(signed, { maxAge: 60 })).toBe(false);
    expect(signer.unsign(signed, { maxAge: null })).toBe("value");
  });
});

describe("SecureCookieSessionInterface and FlaskSessions", () => {
  const tenYearsAgo = Math.floor(Date.now() / 1000) - TEN_YEARS;
  const cookie = (() => {
    const then = new SecureCookieSessionInterface({ now: () => tenYearsAgo });
    const session = then.openSession({ secretKey: "k" }, null);
    session.set("_user_id", "1");
    const header = then.saveSession({ secretKey: "k" }, session).setCookie!;
    return header.slice("session=".length, header.indexOf(";"));
  })();

  test("a ten-year-old cookie opens an empty session with the default lifetime", () => {
    const session = new SecureCookieSessionInterface().openSession({ secretKey: "k" }, `session=${cookie}`);
    expect(session.new).toBe(true);
    expect(session.loadError).toBeInstanceOf(SignatureExpired);
  });

  test.each(NOT_SECONDS)("permanentSessionLifetime %s is refused, the cookie not opened", (_label, lifetime) => {
    const app = { secretKey: "k", permanentSessionLifetime: lifetime as number };
    const sessions = new SecureCookieSessionInterface();
    expect(() => sessions.openSession(app, `session=${cookie}`)).toThrow(TypeError);
    expect(() => sessions.openSession(app, `session=${cookie}`)).toThrow(/permanentSessionLifetime .* must be a finite number/);
    expect(() => new FlaskSessions(app)).toThrow(TypeError);
  });
});
