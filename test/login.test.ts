/**
 * Flask-Login and Flask-WTF beyond the fixtures: option checks, key rotation, Flask-Login 0.7's
 * behaviour where it differs from 0.6.3 (read from its main branch: it is not on PyPI, so these
 * cases come from its source, not from running it), the async user loader, limits, and that no
 * object prints a secret.
 */
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import {
  CSRFError,
  CSRFProtect,
  CsrfTokens,
  FlaskSession,
  LoginManager,
  RememberCookie,
  decodeRememberCookie,
  encodeRememberCookie,
  validateCsrf,
  type LoginManagerOptions,
  type LoginRequest,
} from "../src/index.js";

const KEY = "unit-login-key";
const USERS = new Map([
  ["42", { id: "42", isActive: true }],
  ["7", { id: "7", isActive: false }],
]);
type User = { id: string; isActive: boolean };

function request(options: Partial<LoginRequest> & { headers?: Record<string, string> } = {}): LoginRequest {
  const headers = new Map(Object.entries(options.headers ?? { "User-Agent": "unit/1.0" }).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method: options.method ?? "GET",
    url: options.url ?? "http://localhost/page",
    remoteAddr: options.remoteAddr === undefined ? "127.0.0.1" : options.remoteAddr,
    header: (name) => headers.get(name.toLowerCase()) ?? null,
    cookieHeader: options.cookieHeader ?? null,
  };
}

function manager(options: Partial<LoginManagerOptions<User>> = {}) {
  return new LoginManager<User>({
    secretKey: KEY,
    loadUser: (id) => USERS.get(id) ?? null,
    now: () => 1_700_000_000,
    ...options,
  });
}

describe("options are checked when the manager is built", () => {
  test.each([
    ["no secret key", { secretKey: undefined }, /secret key/],
    ["an empty secret key", { secretKey: "" }, /secret key/],
    ["a key latin-1 cannot hold", { secretKey: "snow \u2603" }, /latin-1/],
    ["Flask's spelling", { REMEMBER_COOKIE_NAME: "x" }, /rememberCookieName/],
    ["an unknown protection mode", { sessionProtection: "paranoid" }, /sessionProtection/],
    ["a NaN duration", { rememberCookieDuration: Number.NaN }, /finite number/],
    ["a duration as text", { rememberCookieDuration: "365 days" }, /finite number/],
    ["a duration beyond year 9999", { rememberCookieDuration: 1e15 }, /finite number/],
    ["an invalid SameSite", { rememberCookieSamesite: "Loose" }, /SameSite/],
    ["an empty cookie name", { rememberCookieName: "" }, /must not be empty/],
    ["an unknown version", { flaskLoginVersion: "0.5" }, /flaskLoginVersion/],
  ])("%s", (_name, bad, message) => {
    expect(() => manager(bad as Partial<LoginManagerOptions<User>>)).toThrow(message);
  });

  test("loadUser is required", () => {
    expect(() => new LoginManager({ secretKey: KEY } as unknown as LoginManagerOptions<User>)).toThrow(/loadUser/);
  });

  test("CSRF: no key, a NaN time limit, a bad option", () => {
    expect(() => new CsrfTokens({})).toThrow("A secret key is required to use CSRF.");
    expect(() => new CsrfTokens({ secretKey: KEY, wtfCsrfTimeLimit: Number.NaN })).toThrow(/finite number/);
    expect(() => new CSRFProtect({ secretKey: KEY, wtfCsrfMethods: "POST" as unknown as string[] })).toThrow(/list of strings/);
  });
});

describe("the remember cookie and key rotation", () => {
  test("Flask-Login verifies with SECRET_KEY only: secretKeyFallbacks does not widen it", async () => {
    const old = encodeRememberCookie("42", "old-key");
    const login = manager({ secretKey: "new-key", secretKeyFallbacks: ["old-key"] }).open(
      new FlaskSession(),
      request({ cookieHeader: `remember_token=${old}` }),
    );
    expect(await login.currentUser()).toBeNull();
  });

  test("rememberCookieKeyFallbacks accepts cookies of older keys (not Flask-Login's behaviour), and signs with the current key", async () => {
    const old = encodeRememberCookie("42", "old-key");
    const m = manager({ secretKey: "new-key", rememberCookieKeyFallbacks: ["old-key"] });
    const session = new FlaskSession();
    const login = m.open(session, request({ cookieHeader: `remember_token=${old}` }));
    expect(await login.currentUser()).toEqual({ id: "42", isActive: true });
    expect(decodeRememberCookie(m.rememberCookie.encode("42"), "new-key")).toBe("42");
    expect(decodeRememberCookie(old, ["new-key", "old-key"])).toBe("42");
    expect(decodeRememberCookie(old, ["new-key"])).toBeNull();
  });

  test("a cookie longer than the limit is refused without hashing", () => {
    const cookie = encodeRememberCookie("x".repeat(5000), KEY);
    expect(new RememberCookie(KEY).decode(cookie)).toBe("x".repeat(5000));
    expect(new RememberCookie(KEY, { maxLength: 4096 }).decode(cookie)).toBeNull();
  });

  test("non-string cookies and lone surrogates are refused, not thrown", () => {
    const remember = new RememberCookie(KEY);
    for (const value of [undefined, null, 42, {}, ["42|x"], "\ud800|" + "0".repeat(128)])
      expect(remember.decode(value)).toBeNull();
    expect(() => remember.encode("\ud800")).toThrow(TypeError);
  });
});

describe("Flask-Login 0.7 (from its main branch's source)", () => {
  const v07 = { flaskLoginVersion: "0.7" as const };

  test("the identifier ignores X-Forwarded-For and hashes the plain text", () => {
    const m = manager(v07);
    const direct = request({ remoteAddr: "10.0.0.1" });
    const forwarded = request({
      remoteAddr: "10.0.0.1",
      headers: { "User-Agent": "unit/1.0", "X-Forwarded-For": "203.0.113.9" },
    });
    expect(m.createIdentifier(forwarded)).toBe(m.createIdentifier(direct));
    expect(manager().createIdentifier(forwarded)).not.toBe(manager().createIdentifier(direct));
  });

  test("refresh each request only sends the cookie again when the request has one", () => {
    const m = manager({ ...v07, rememberCookieRefreshEachRequest: true });
    const session = new FlaskSession({ _user_id: "42" });
    expect(m.open(session, request()).updateRememberCookie()).toBeNull();
    expect(session.modified).toBe(false); // 0.6.3 sets and pops _remember: modified on every request
    const withCookie = m.open(new FlaskSession({ _user_id: "42" }), request({ cookieHeader: "remember_token=x" }));
    expect(withCookie.updateRememberCookie()).toMatch(/^remember_token=42\|/);
    const old = manager({ rememberCookieRefreshEachRequest: true });
    const oldSession = new FlaskSession({ _user_id: "42" });
    expect(old.open(oldSession, request()).updateRememberCookie()).toMatch(/^remember_token=42\|/);
    expect(oldSession.modified).toBe(true);
  });

  test("LOGIN_DISABLED is gone in 0.7", async () => {
    const verdict06 = await manager({ loginDisabled: true }).open(new FlaskSession(), request()).loginRequired();
    const verdict07 = await manager({ ...v07, loginDisabled: true })
      .open(new FlaskSession(), request())
      .loginRequired();
    expect(verdict06.allowed).toBe(true);
    expect(verdict07).toMatchObject({ allowed: false, status: 401 });
  });
});

describe("the request's user", () => {
  test("is loaded once, and an async loader may be slow", async () => {
    let calls = 0;
    const m = manager({
      loadUser: async (id) => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return USERS.get(id) ?? null;
      },
    });
    const login = m.open(new FlaskSession({ _user_id: "42", _id: m.createIdentifier(request()) }), request());
    const [a, b] = await Promise.all([login.currentUser(), login.currentUser()]);
    expect(a).toBe(b);
    expect(calls).toBe(1);
  });

  test("a logout while the remember cookie is still being read is not undone", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const m = manager({
      loadUser: async (id) => {
        await gate;
        return USERS.get(id) ?? null;
      },
    });
    const session = new FlaskSession();
    const login = m.open(session, request({ cookieHeader: `remember_token=${encodeRememberCookie("42", KEY)}` }));
    const pending = login.currentUser(); // not awaited
    login.logoutUser();
    release();
    expect(await pending).toBeNull();
    expect(await login.currentUser()).toBeNull();
    expect(session.has("_user_id")).toBe(false);
    expect(session.get("_remember")).toBe("clear");
  });

  test("loadUserFromRequest is tried when there is no session user and no remember cookie", async () => {
    const m = manager({ loadUserFromRequest: (r) => (r.header("Authorization") === "Bearer 42" ? USERS.get("42") : null) });
    const login = m.open(new FlaskSession(), request({ headers: { Authorization: "Bearer 42" } }));
    expect(await login.currentUser()).toEqual({ id: "42", isActive: true });
    expect(await m.open(new FlaskSession(), request()).currentUser()).toBeNull();
  });

  test("a user without an id cannot log in; an inactive one only when forced", () => {
    const login = manager().open(new FlaskSession(), request());
    expect(() => login.loginUser({} as User)).toThrow(/id/);
    expect(login.loginUser({ id: "7", isActive: false })).toBe(false);
    expect(login.loginUser({ id: "7", isActive: false }, { force: true })).toBe(true);
    expect(() => login.loginUser({ id: "42", isActive: true }, { duration: Number.NaN })).toThrow(/finite/);
  });
});

describe("CSRF tokens", () => {
  test("WTF_CSRF_SECRET_KEY, not SECRET_KEY, signs when both are set", () => {
    const session = new FlaskSession();
    const tokens = new CsrfTokens({ secretKey: KEY, wtfCsrfSecretKey: "csrf-key" });
    const token = tokens.generateCsrf(session);
    expect(() => validateCsrf(token, session, { secretKey: "csrf-key" })).not.toThrow();
    expect(() => validateCsrf(token, session, { secretKey: KEY })).toThrow(CSRFError);
  });

  test("a CSRFError is a 400 with Flask-WTF's message and a reason", () => {
    const error = new CsrfTokens({ secretKey: KEY }).checkCsrf("", new FlaskSession());
    expect(error).toMatchObject({
      code: "ERR_CSRF",
      reason: "missing",
      status: 400,
      statusCode: 400,
      message: "The CSRF token is missing.",
    });
    expect(error!.description).toBe(error!.message);
  });
});

describe("no object shows a secret", () => {
  const secret = "do-not-print-this-secret";
  const objects = {
    LoginManager: new LoginManager({ secretKey: secret, loadUser: () => null }),
    RememberCookie: new RememberCookie(secret, { fallbacks: [`${secret}-old`] }),
    CsrfTokens: new CsrfTokens({ secretKey: secret }),
    CSRFProtect: new CSRFProtect({ secretKey: secret, wtfCsrfSecretKey: `${secret}-csrf` }),
  };
  test.each(Object.entries(objects))("%s", (_name, object) => {
    for (const shown of [
      inspect(object, { depth: 10, showHidden: false }),
      JSON.stringify(object),
      String(object),
      JSON.stringify({ ...object }),
    ]) {
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(Buffer.from(secret).toString("hex"));
    }
  });
});
