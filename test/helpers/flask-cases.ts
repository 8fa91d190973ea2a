/**
 * The checks for the cookies a real Flask app wrote (fixtures/flask-*.json, from
 * scripts/gen_flask_fixtures.py driving Flask 2.2 through its test client and a real server): one
 * function per kind of case.
 *
 * Shared with the edge-runtime run (test/edge/), where the `vitest` import is bundled as
 * test/edge/expect.ts: keep to the matchers that file implements.
 */
import { expect } from "vitest";
import { BadData, FlaskSession, type SessionData } from "../../src/index.js";
import { flaskConfig, sessionInterface } from "./flask-config.js";
import { expectTyped, fromTyped, hasIntegralFloat, type Typed } from "./typed.js";

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
export function checkSessionRead(c: SessionCase): void {
  const sessions = sessionInterface(c.timestamp, c.json);
  const session = sessions.openSession(flaskConfig(c.config), { cookieValue: c.cookie });
  expect(session.loadError).toBeNull();
  expect(session.new).toBe(false);
  expectTyped(session.toDict(), c.decoded);
}

/** We write the same Set-Cookie for the same data, keys and time. */
export function checkSessionWrite(c: SessionCase): void {
  if (hasIntegralFloat(c.session)) return; // the documented difference: 3.0 is written as 3
  const sessions = sessionInterface(c.timestamp, c.json);
  const session = new FlaskSession(fromTyped(c.session) as SessionData);
  session.modified = true;
  const result = sessions.saveSession(flaskConfig(c.signedBy ?? c.config), session);
  expect(result.setCookie).toBe(c.setCookie);
  expect(result.varyCookie).toBe(true);
}

/** What a route of the fixture app did to the session, and the Set-Cookie and Vary Flask sent (flask-set-cookie.json). */
export interface SetCookieCase {
  id: string;
  config: Record<string, unknown>;
  now: number;
  requestCookie: string | null;
  action: string;
  session: Typed;
  setCookie: string[];
  vary: string | null;
  warnings: string[];
}

/**
 * The Set-Cookie cases this library follows. Flask 2.2 derived the cookie domain from
 * SERVER_NAME; Flask 2.3 removed that, and this library follows current Flask (set
 * sessionCookieDomain instead).
 */
export function followedSetCookieCases(cases: SetCookieCase[]): SetCookieCase[] {
  return cases.filter((c) => !("SERVER_NAME" in c.config) || "SESSION_COOKIE_DOMAIN" in c.config);
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

/** The same request against our session interface sends the same Set-Cookie, Vary and warnings. */
export function checkSetCookie(c: SetCookieCase): void {
  const warnings: string[] = [];
  const sessions = sessionInterface(c.now, undefined, (w) => warnings.push(w));
  const config = flaskConfig(c.config);
  const cookieHeader = c.requestCookie === null ? null : `${sessions.getCookieName(config)}=${c.requestCookie}`;
  const session = sessions.openSession(config, cookieHeader);
  expect(session.loadError).toBeNull();
  act(session, c.action, c.session);
  // Key order is irrelevant here: the cookie is written with sorted keys.
  expectTyped(session.toDict(), c.session, "$", { ignoreKeyOrder: true });
  const result = sessions.saveSession(config, session);
  expect(result.setCookie === null ? [] : [result.setCookie]).toEqual(c.setCookie);
  expect(result.varyCookie).toBe((c.vary ?? "").split(/,\s*/).includes("Cookie"));
  expect(warnings).toEqual(c.warnings);
  expect(result.warning === null ? [] : [result.warning]).toEqual(c.warnings);
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
export function checkBadCookie(c: BadCookieCase): void {
  const sessions = sessionInterface(c.now);
  const config = flaskConfig(c.config);
  let session: FlaskSession | undefined;
  expect(() => {
    session = sessions.openSession(config, `${sessions.getCookieName(config)}=${c.cookie}`);
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
  // An empty cookie is no cookie: Flask does not even try to load it.
  if (c.error !== null && opened.size === 0 && c.cookie !== "") {
    expect(opened.loadError?.name).toBe(c.error);
    expect(opened.loadError?.message).toBe(c.message);
  }
  if ((c.session as { dict: unknown[] }).dict.length > 0) expect(opened.loadError).toBeNull();
}
