/**
 * The framework-agnostic API (flask-session-cookie/web) on its own: options checked at startup,
 * every kind of request it reads from, the one-call read, and saving onto Web Responses, mutable
 * or not. (Serving real HTTP through it is in conformance.test.ts and test/live/.)
 */
import { describe, expect, test } from "vitest";
import { FlaskSessions, cookieHeaderOf, varyWith, type CookieSource } from "../../src/adapters/web.js";
import { SecureCookieSessionInterface, SignatureExpired, Tuple } from "../../src/index.js";
import { setCookieFor } from "../helpers/http.js";

const NOW = 1_750_000_000;
const sessions = new FlaskSessions({ secretKey: "web-test-key", now: () => NOW });

/** A valid cookie header for `data`, written by the session layer. */
function cookieFor(data: Record<string, unknown>, at = sessions): string {
  return setCookieFor(at, data).split(";")[0]!;
}

describe("options", () => {
  test.each([
    ["no secret key", {}],
    ["an empty secret key", { secretKey: "" }],
    ["a null secret key", { secretKey: null }],
  ])("%s fails at startup with Flask's message", (_name, options) => {
    expect(() => new FlaskSessions(options as never)).toThrow(/no secret key was set/);
  });

  test.each([
    ["SECRET_KEY", "secretKey"],
    ["SESSION_COOKIE_NAME", "sessionCookieName"],
    ["PERMANENT_SESSION_LIFETIME", "permanentSessionLifetime"],
  ])("Flask's spelling %s is refused with the camelCase name %s", (flaskName, camel) => {
    expect(() => new FlaskSessions({ secretKey: "k", [flaskName]: "x" } as never)).toThrow(
      new TypeError(
        `Unknown option '${flaskName}' (did you mean '${camel}'?) given to FlaskSessions. Flask's config names are camelCased here.`,
      ),
    );
  });

  test("an invalid SameSite fails at startup, not on the first request", () => {
    expect(() => new FlaskSessions({ secretKey: "k", sessionCookieSamesite: "Sometimes" })).toThrow(TypeError);
  });

  test("permanentSessionLifetime must be a number of seconds", () => {
    expect(() => new FlaskSessions({ secretKey: "k", permanentSessionLifetime: "3600" as never })).toThrow(/number of seconds/);
    expect(() => new FlaskSessions({ secretKey: "k", permanentSessionLifetime: NaN })).toThrow(TypeError);
  });

  test("the options are copied: changing them later changes nothing", () => {
    const options = { secretKey: "first" };
    const own = new FlaskSessions({ ...options, now: () => NOW });
    const header = cookieFor({ a: 1 }, own);
    options.secretKey = "second";
    expect(own.read(header)).toEqual({ a: 1 });
    expect(Object.isFrozen(own.config)).toBe(true);
  });

  test("a given session interface is used as is (Flask's app.session_interface)", () => {
    const iface = new SecureCookieSessionInterface({ salt: "another-salt", now: () => NOW });
    const custom = new FlaskSessions({ secretKey: "web-test-key", sessionInterface: iface });
    expect(custom.sessionInterface).toBe(iface);
    // Same key, different salt: each refuses the other's cookies.
    expect(custom.read(cookieFor({ a: 1 }))).toBeNull();
    expect(sessions.read(cookieFor({ a: 1 }, custom))).toBeNull();
    expect(custom.read(cookieFor({ a: 1 }, custom))).toEqual({ a: 1 });
  });

  test("cookieName follows sessionCookieName", () => {
    expect(sessions.cookieName).toBe("session");
    expect(new FlaskSessions({ secretKey: "k", sessionCookieName: "shop" }).cookieName).toBe("shop");
  });
});

describe("cookieHeaderOf: where the Cookie header comes from", () => {
  const header = "theme=dark; session=abc";
  test.each<[string, CookieSource, string | null]>([
    ["the header itself", header, header],
    ["no header", undefined, null],
    ["null", null, null],
    ["a Web Request", new Request("https://shop.test/", { headers: { cookie: header } }), header],
    ["a Web Request without cookies", new Request("https://shop.test/"), null],
    ["Web Headers", { headers: new Headers({ cookie: header }) }, header],
    ["a Node request", { headers: { cookie: header } }, header],
    ["a Node request without cookies", { headers: {} }, null],
    ["cookie headers as a list (HTTP/2)", { headers: { cookie: ["theme=dark", "session=abc"] } }, header],
  ])("%s", (_name, source, expected) => {
    expect(cookieHeaderOf(source)).toBe(expected);
  });

  test.each([
    ["a number", 42],
    ["an object without headers", { cookies: { session: "abc" } }],
    ["headers that are not an object", { headers: "session=abc" }],
  ])("%s is a TypeError", (_name, source) => {
    expect(() => cookieHeaderOf(source as never)).toThrow(TypeError);
  });
});

describe("open and read", () => {
  test("open() reads a Web Request's cookie among others", () => {
    const request = new Request("https://shop.test/", {
      headers: { cookie: `theme=dark; ${cookieFor({ cart: new Tuple("tea", 2) })}` },
    });
    const session = sessions.open<{ cart: Tuple<[string, number]> }>(request);
    expect(session.new).toBe(false);
    expect(session.get("cart")).toBeInstanceOf(Tuple);
    expect([...session.get("cart")!]).toEqual(["tea", 2]);
  });

  test("read() gives the data of a valid cookie, in one call", () => {
    const data = sessions.read<{ _user_id: string; _fresh: boolean }>({
      headers: { cookie: cookieFor({ _user_id: "42", _fresh: true }) },
    });
    expect(data).toEqual({ _user_id: "42", _fresh: true });
    expect(data?._user_id).toBe("42");
  });

  test("read() gives null for no cookie, a tampered one, an expired one, another app's one", () => {
    const valid = cookieFor({ _user_id: "42" });
    const later = new FlaskSessions({ secretKey: "web-test-key", now: () => NOW + 31 * 24 * 3600 + 1 });
    const other = new FlaskSessions({ secretKey: "another-app", now: () => NOW });
    expect(sessions.read(null)).toBeNull();
    expect(sessions.read("theme=dark")).toBeNull();
    expect(sessions.read(valid.replace("session=e", "session=f"))).toBeNull();
    expect(later.read(valid)).toBeNull();
    expect(later.open(valid).loadError).toBeInstanceOf(SignatureExpired);
    expect(other.read(valid)).toBeNull();
  });

  test("read() of a validly signed empty session is an empty object, not null", () => {
    // Flask never writes an empty session (it deletes the cookie); sign one by hand.
    const empty = sessions.sessionInterface.getSigningSerializer(sessions.config).dumps({});
    expect(sessions.read(`session=${empty}`)).toEqual({});
  });
});

describe("save and commit", () => {
  test("save() of an unchanged, unread session: nothing to send", () => {
    expect(sessions.save(sessions.open(cookieFor({ a: 1 })))).toEqual({ setCookie: null, varyCookie: false, warning: null });
  });

  test("commit() appends Set-Cookie next to the response's own cookies and merges Vary", () => {
    const session = sessions.open(null);
    session.set("a", 1);
    const response = new Response("ok", {
      headers: [
        ["Set-Cookie", "theme=dark; Path=/"],
        ["Vary", "Accept-Encoding"],
      ],
    });
    const sent = sessions.commit(session, response);
    expect(sent).toBe(response);
    expect(sent.headers.getSetCookie()).toEqual(["theme=dark; Path=/", sessions.save(session).setCookie]);
    expect(sent.headers.get("vary")).toBe("Accept-Encoding, Cookie");
  });

  test("commit() copies a response whose headers are immutable, keeping status, headers and body", async () => {
    const session = sessions.open(null);
    session.set("a", 1);
    const redirect = Response.redirect("https://shop.test/next", 303);
    expect(() => redirect.headers.set("x", "y")).toThrow(TypeError);
    const sent = sessions.commit(session, redirect);
    expect(sent).not.toBe(redirect);
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe("https://shop.test/next");
    expect(sent.headers.getSetCookie()).toEqual([sessions.save(session).setCookie]);
    expect(await sent.text()).toBe("");
  });

  test("commit() leaves a response alone when the session was not used", () => {
    const response = Response.json({ ok: true });
    expect(sessions.commit(sessions.open(null), response)).toBe(response);
    expect(response.headers.has("vary")).toBe(false);
  });

  test("commit() of a read-only use adds only Vary: Cookie", () => {
    const session = sessions.open(cookieFor({ _user_id: "42" }));
    session.get("_user_id");
    const sent = sessions.commit(session, new Response("ok"));
    expect(sent.headers.getSetCookie()).toEqual([]);
    expect(sent.headers.get("vary")).toBe("Cookie");
  });
});

describe("varyWith", () => {
  test.each<[string | string[] | number | undefined, string]>([
    [undefined, "Cookie"],
    ["", "Cookie"],
    ["Accept-Encoding", "Accept-Encoding, Cookie"],
    ["accept-encoding,origin", "accept-encoding, origin, Cookie"],
    ["Origin, cookie", "Origin, cookie"],
    [["Accept", "Origin"], "Accept, Origin, Cookie"],
    ["*", "*"],
    ["Accept, *", "*"],
  ])("%j + Cookie = %j", (current, expected) => {
    expect(varyWith(current, "Cookie")).toBe(expected);
  });
});
