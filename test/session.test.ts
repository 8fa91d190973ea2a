/**
 * The session interface's contract beyond the fixtures: no secret, no session (as in Flask);
 * a refused cookie gives an empty session with the reason; Flask 3.1's Partitioned attribute; the
 * session object's typing.
 */
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  BadPayload,
  BadTimeSignature,
  FlaskSession,
  SecureCookieSessionInterface,
  SignatureExpired,
  URLSafeTimedSerializer,
} from "../src/index.js";
import { flaskConfig } from "./helpers/flask-config.js";
import { fixtureCases } from "./helpers/fixtures.js";

interface SetCookieCase {
  id: string;
  config: Record<string, unknown>;
  now: number;
  setCookie: string[];
}
const setCookieCases = fixtureCases<SetCookieCase>("flask-set-cookie.json");

describe("the secret key", () => {
  const sessions = new SecureCookieSessionInterface();

  test.each([
    ["missing", undefined],
    ["null", null],
    ["empty", ""],
    ["empty bytes", new Uint8Array(0)],
  ])("%s: sessions are refused with a clear TypeError, as Flask refuses them", (_what, secretKey) => {
    expect(() => sessions.openSession({ secretKey }, "session=x")).toThrow(TypeError);
    expect(() => sessions.openSession({ secretKey }, "session=x")).toThrow(/no secret key was set/);
    expect(() => sessions.saveSession({ secretKey }, new FlaskSession({ a: 1 }).set("a", 2))).toThrow(/secret/);
  });

  test("the signing serializer is Flask's: salt cookie-session, HMAC key derivation, SHA-1, newest key last", () => {
    const serializer = sessions.getSigningSerializer({ secretKey: "new", secretKeyFallbacks: ["old", "older"] });
    expect(serializer).toBeInstanceOf(URLSafeTimedSerializer);
    expect(new TextDecoder().decode(serializer.salt!)).toBe("cookie-session");
    expect(serializer.secretKeys.map((k) => new TextDecoder().decode(k))).toEqual(["old", "older", "new"]);
    const signer = serializer.makeSigner();
    expect(signer.keyDerivation).toBe("hmac");
    expect(signer.digestMethod.outputLen).toBe(20);
  });
});

describe("opening refused cookies", () => {
  const app = { secretKey: "s3cret-for-tests" };
  const now = 1_700_000_000;
  const sessions = new SecureCookieSessionInterface({ now: () => now });
  const good = sessions.getSigningSerializer(app).dumps({ user: "ada" });

  test("a valid cookie opens with no reason and is not new", () => {
    const session = sessions.openSession(app, `theme=dark; session=${good}; other=1`);
    expect(session.get("user")).toBe("ada");
    expect(session.loadError).toBeNull();
    expect(session.new).toBe(false);
  });

  test("no cookie: a new, empty session without a reason", () => {
    for (const header of [null, undefined, "", "other=1", "session="]) {
      const session = sessions.openSession(app, header);
      expect(session.size).toBe(0);
      expect(session.new).toBe(true);
      expect(session.loadError).toBeNull();
    }
  });

  test.each([
    ["tampered", good.slice(0, -2) + (good.endsWith("A") ? "BB" : "AA"), BadTimeSignature],
    [
      "wrong key",
      new SecureCookieSessionInterface({ now: () => now }).getSigningSerializer({ secretKey: "other" }).dumps({ a: 1 }),
      BadTimeSignature,
    ],
    [
      "expired",
      new SecureCookieSessionInterface({ now: () => now - 32 * 86400 }).getSigningSerializer(app).dumps({ a: 1 }),
      SignatureExpired,
    ],
    [
      "signed in the future",
      new SecureCookieSessionInterface({ now: () => now + 60 }).getSigningSerializer(app).dumps({ a: 1 }),
      SignatureExpired,
    ],
    ["validly signed garbage", sessions.getSigningSerializer(app).makeSigner().sign("bm90IGpzb24"), BadPayload],
  ])("%s: empty session, the reason in loadError, never a throw", (_what, cookie, errorClass) => {
    const session = sessions.openSession(app, `session=${cookie}`);
    expect(session.size).toBe(0);
    expect(session.new).toBe(true);
    expect(session.loadError).toBeInstanceOf(errorClass);
    expect(session.loadError!.message).not.toContain(app.secretKey);
  });
});

describe("Partitioned (Flask 3.1 / Werkzeug 3.1)", () => {
  // Werkzeug 3.1 appends "Partitioned" last and forces Secure. Flask 2.2 (our recorded oracle)
  // has no such option, so the expectation is Flask 2.2's cookie for the same config with Secure,
  // plus that documented rule.
  const base = setCookieCases.find((c) => c.id === "samesite-None")!;

  test("adds Partitioned after SameSite", () => {
    const sessions = new SecureCookieSessionInterface({ now: () => base.now });
    const session = new FlaskSession();
    session.set("user", "alice");
    const result = sessions.saveSession({ ...flaskConfig(base.config), sessionCookiePartitioned: true }, session);
    expect(result.setCookie).toBe(`${base.setCookie[0]}; Partitioned`);
  });

  test("forces Secure", () => {
    const sessions = new SecureCookieSessionInterface({ now: () => base.now });
    const session = new FlaskSession();
    session.set("user", "alice");
    const config = { ...flaskConfig(base.config), sessionCookieSecure: false, sessionCookiePartitioned: true };
    expect(sessions.saveSession(config, session).setCookie).toContain("; Secure;");
  });
});

describe("the session object", () => {
  test("keys and attributes never collide", () => {
    const session = new FlaskSession();
    session.set("permanent", "a key, not the attribute");
    session.set("modified", 1);
    session.set("__proto__", { polluted: true });
    expect(session.permanent).toBe(false);
    expect(session.get("permanent")).toBe("a key, not the attribute");
    session.permanent = true;
    expect(session.get("_permanent")).toBe(true);
    expect(session.get("permanent")).toBe("a key, not the attribute");
    const dict = session.toDict();
    expect(Object.getPrototypeOf(dict)).toBe(Object.prototype);
    expect(Object.keys(dict)).toContain("__proto__");
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  test("is typed by its shape", () => {
    const session = new FlaskSession<{ _user_id: string; visits: number }>();
    expectTypeOf(session.get("_user_id")).toEqualTypeOf<string | undefined>();
    expectTypeOf(session.get("visits", 0)).toEqualTypeOf<number>();
    // @ts-expect-error: a number is not a user id
    session.set("_user_id", 42);
    // @ts-expect-error: not a key of this session
    session.get("nope");
    expect(session.size).toBe(1);
  });
});
