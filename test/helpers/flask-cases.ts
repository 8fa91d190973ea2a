/**
 * The checks for the cookies a real Flask app wrote (fixtures/<env>/flask-*.json, from
 * scripts/gen_flask_fixtures.py driving each pinned Flask through its test client and a real
 * server): one function per kind of case, each run with the library configured for the Flask
 * and Werkzeug releases that wrote the case (`flaskVersion`, `werkzeugVersion`: the table's generatedBy).
 *
 * Shared with the edge-runtime run (test/edge/), where the `vitest` import is bundled as
 * test/edge/expect.ts: keep to the matchers that file implements.
 */
import { expect } from "vitest";
import {
  BadData,
  FlaskSession,
  findCookie,
  getFlashedMessages,
  type SessionData,
  type SessionInterfaceOptions,
} from "../../src/index.js";
import { flaskConfig, sessionInterface, type MadeBy } from "./flask-config.js";
import { expectTyped, fromTyped, hasIntegralFloat, type Typed } from "./typed.js";

/** Codecs to read and write with instead of the defaults (test/pluggable.test.ts). */
type Extra = Pick<SessionInterfaceOptions, "mac" | "zlib">;

/** A session Flask wrote (flask-sessions.json). */
export interface SessionCase {
  id: string;
  config: Record<string, unknown>;
  json: { sort_keys: boolean; ensure_ascii: boolean };
  timestamp: number;
  session: Typed;
  cookie: string;
  compressed: boolean;
  setCookie: string;
  decoded: Typed;
  signedBy?: Record<string, unknown>;
}

/** We read Flask's cookie to the same values and types. */
export function checkSessionRead(c: SessionCase, made: MadeBy, extra: Extra = {}): void {
  const sessions = sessionInterface(made, c.timestamp, c.json, undefined, extra);
  const session = sessions.openSession(flaskConfig(c.config), { cookieValue: c.cookie });
  expect(session.loadError).toBeNull();
  expect(session.new).toBe(false);
  expectTyped(session.toDict(), c.decoded);
}

/** We write the same Set-Cookie for the same data, keys and time. */
export function checkSessionWrite(c: SessionCase, made: MadeBy, extra: Extra = {}): void {
  if (hasIntegralFloat(c.session)) return; // the documented difference: 3.0 is written as 3
  const warnings: string[] = [];
  const sessions = sessionInterface(made, c.timestamp, c.json, (w) => warnings.push(w), extra);
  const session = new FlaskSession(fromTyped(c.session) as SessionData);
  session.modified = true;
  const config = flaskConfig(c.signedBy ?? c.config);
  const result = sessions.saveSession(config, session);
  expect(result.setCookie).toBe(c.setCookie);
  expect(result.varyCookie).toBe(true);
  // Flask 3.1.0 signs with the last fallback: said once, as a warning.
  const lastFallbackSigns = sessions.behaviour.signingKey === "lastFallback" && (config.secretKeyFallbacks?.length ?? 0) > 0;
  expect(warnings.some((w) => w.includes("GHSA-4grg-w6v8-c28g"))).toBe(lastFallbackSigns);
}

/** What a route of the fixture app did to the session, and the Set-Cookie and Vary Flask sent (flask-set-cookie.json). */
export interface SetCookieCase {
  id: string;
  config: Record<string, unknown>;
  now: number;
  requestCookie: string | null;
  action: string;
  session: Typed;
  /** 200, or 500 where Flask failed (then `error` names the exception and nothing was sent). */
  status: number;
  error?: string;
  setCookie: string[];
  vary: string | null;
  warnings: string[];
}

/** What each route of the fixture app did to the session. */
function act(session: FlaskSession, action: string, result: Typed): void {
  const target = fromTyped(result) as Record<string, unknown>;
  switch (action) {
    case "set":
    case "set (same value)":
    case "set large":
      for (const [key, value] of Object.entries(target)) session.set(key, value);
      return;
    case "modify":
      session.set("cart", target.cart);
      return;
    case "clear":
      session.clear();
      return;
    case "pop last key":
      session.pop("user");
      return;
    case "read-only":
    case "read-only (+ Vary: Accept-Encoding)":
      session.get("user");
      return;
    case "contains":
      session.has("user");
      return;
    case "len":
      void session.size;
      return;
    case "keys":
      void [...session.keys()];
      return;
    case "flag modified":
      session.modified = true;
      return;
    case "get flashes":
      getFlashedMessages(session);
      return;
    case "nothing":
      return;
    case "mutate nested value":
      (session.get("cart") as number[]).push(3);
      return;
    case "mutate nested value + modified":
      (session.get("cart") as number[]).push(3);
      session.modified = true;
      return;
    case "make permanent":
      session.set("user", "alice");
      session.permanent = true;
      return;
    case "make non-permanent":
      session.permanent = false;
      return;
    default:
      throw new Error(`unknown action ${action}`);
  }
}

/**
 * The same request against our session interface sends the same Set-Cookie, Vary and warnings
 * (Flask's warnings about SERVER_NAME, 3.1.0's signing key and Werkzeug's size warning all come
 * through `warn`; `result.warning` is the size warning alone). Where Flask failed (HTTP 500),
 * saving fails too, with a TypeError.
 */
export function checkSetCookie(c: SetCookieCase, made: MadeBy): void {
  const warnings: string[] = [];
  const sessions = sessionInterface(made, c.now, undefined, (w) => warnings.push(w));
  const config = flaskConfig(c.config);
  const cookieHeader = c.requestCookie === null ? null : `${sessions.getCookieName(config)}=${c.requestCookie}`;
  const session = sessions.openSession(config, cookieHeader);
  expect(session.loadError).toBeNull();
  act(session, c.action, c.session);
  if (c.status === 500) {
    expect(() => sessions.saveSession(config, session), `Flask failed with ${c.error}`).toThrow(TypeError);
    return;
  }
  if (config.sessionCookiePartitioned && !sessions.behaviour.partitioned) {
    // A deliberate difference: Flask before 3.1 ignores SESSION_COOKIE_PARTITIONED (it has no such
    // setting); asked for it, we refuse rather than write a cookie without Partitioned.
    expect(() => sessions.saveSession(config, session)).toThrow(/SESSION_COOKIE_PARTITIONED/);
    expect(c.setCookie.some((h) => h.includes("Partitioned"))).toBe(false);
    return;
  }
  const result = sessions.saveSession(config, session);
  // After saving: reading the data is itself a use of the session in Flask 3.1.3. Key order is
  // irrelevant here: the cookie is written with sorted keys.
  expectTyped(session.toDict(), c.session, "$", { ignoreKeyOrder: true });
  expect(result.setCookie === null ? [] : [result.setCookie]).toEqual(c.setCookie);
  expect(result.varyCookie).toBe((c.vary ?? "").split(/,\s*/).includes("Cookie"));
  expect(warnings.filter((w) => !w.includes("GHSA-4grg-w6v8-c28g"))).toEqual(c.warnings);
  expect(result.warning === null ? [] : [result.warning]).toEqual(c.warnings.filter((w) => w.includes("cookie is too large")));
}

/** A hostile or broken cookie and what Flask opened for it (flask-bad-cookies.json). */
export interface BadCookieCase {
  id: string;
  config: Record<string, unknown>;
  now: number;
  cookie: string;
  error: string | null;
  message: string | null;
  status: number;
  session: Typed | null;
}

/** We open a bad cookie exactly as Flask does, and never throw. */
export function checkBadCookie(c: BadCookieCase, made: MadeBy): void {
  const sessions = sessionInterface(made, c.now);
  const config = flaskConfig(c.config);
  const header = `${sessions.getCookieName(config)}=${c.cookie}`;
  let session: FlaskSession | undefined;
  expect(() => {
    session = sessions.openSession(config, header);
  }).not.toThrow();
  const opened = session!;
  if (c.status === 500) {
    // Flask answers 500 here (open_session only catches BadSignature, or Python fails
    // outright); we never throw: an empty session, with the reason.
    expect(opened.size).toBe(0);
    expect(opened.loadError).toBeInstanceOf(BadData);
    return;
  }
  expectTyped(opened.toDict(), c.session!);
  // Whether Flask's request.cookies had the cookie at all (Werkzeug 3.1.9 drops a value with a
  // space; an empty cookie is no cookie either): without it, there is nothing to refuse.
  const read = findCookie(header, sessions.getCookieName(config), { werkzeugVersion: sessions.werkzeugVersion });
  if (read === undefined) expect(opened.loadError).toBeNull();
  if (c.error !== null && opened.size === 0 && c.cookie !== "" && read !== undefined) {
    expect(opened.loadError?.name).toBe(c.error);
    expect(opened.loadError?.message).toBe(c.message);
  }
  if ((c.session as { dict: unknown[] }).dict.length > 0) expect(opened.loadError).toBeNull();
}
