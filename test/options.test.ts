/**
 * Misspelled option names are refused when the object is built (issue 15): JavaScript passes
 * `secretkey` or `sessionCookieSamsite` silently, and the default left in place is found in
 * production. One helper (src/lib/options.ts) names the unknown option and the one meant; it is
 * used by SecureCookieSessionInterface, FlaskSessions and every adapter's factory, and for the
 * app config the session interface is handed on each call (where only misspellings are refused:
 * that object may be an app's whole configuration).
 */
import express from "express";
import Fastify from "fastify";
import Koa from "koa";
import { describe, expect, test } from "vitest";
import { checkOptionNames, closestName, optionNames } from "../src/lib/options.js";
import { FLASK_CONFIG_NAMES, SESSION_INTERFACE_OPTION_NAMES } from "../src/flask/session.js";
import { FlaskSession, SecureCookieSessionInterface, TaggedJSONSerializer } from "../src/index.js";
import { defaultMac } from "../src/mac.js";
import { PortedZlib } from "../src/compress.js";
import { FlaskSessions, type FlaskSessionOptions } from "../src/adapters/web.js";
import { flaskSession as expressSession } from "../src/adapters/express.js";
import { flaskSession as koaSession } from "../src/adapters/koa.js";
import { flaskSession as fastifySession } from "../src/adapters/fastify.js";

const SECRET = "S3cr3t-never-in-a-message";
const ALL_OPTIONS = [...FLASK_CONFIG_NAMES, ...SESSION_INTERFACE_OPTION_NAMES, "sessionInterface"];

describe("closestName: the option meant", () => {
  test.each([
    ["secretkey", "secretKey"],
    ["SECRET_KEY", "secretKey"],
    ["secret_key", "secretKey"],
    ["SESSION_COOKIE_SAMESITE", "sessionCookieSamesite"],
    ["sessionCookieSamsite", "sessionCookieSamesite"],
    ["sessionCookieSameSite", "sessionCookieSamesite"],
    ["sessionCookieHttpOnly", "sessionCookieHttponly"],
    ["secretKeyFallback", "secretKeyFallbacks"],
    ["secretKeysFallbacks", "secretKeyFallbacks"],
    ["permanentSesionLifetime", "permanentSessionLifetime"],
    ["sameSite", "sessionCookieSamesite"],
    ["httpOnly", "sessionCookieHttponly"],
    ["domain", "sessionCookieDomain"],
    ["secret", "secretKey"],
    ["digestmethod", "digestMethod"],
    ["nwo", "now"],
  ])("%s → %s", (name, meant) => {
    expect(closestName(name, ALL_OPTIONS)).toBe(meant);
  });

  test.each(["colour", "x", "debug", "databaseUrl", "port"])("%s → none", (name) => {
    expect(closestName(name, ALL_OPTIONS)).toBeUndefined();
  });

  test("aliases name another library's option; typos only leave names of one's own alone", () => {
    expect(closestName("maxAge", ALL_OPTIONS, { maxAge: "permanentSessionLifetime" })).toBe("permanentSessionLifetime");
    expect(closestName("maxAge", ALL_OPTIONS, { maxAge: "permanentSessionLifetime" }, true)).toBeUndefined();
    // Both end in "name"; the adapters name cookie-session's `name` by alias.
    expect(closestName("name", ALL_OPTIONS)).toBe("serverName");
    expect(closestName("name", ALL_OPTIONS, { name: "sessionCookieName" })).toBe("sessionCookieName");
    expect(closestName("name", ALL_OPTIONS, {}, true)).toBeUndefined();
    expect(closestName("secretkey", ALL_OPTIONS, {}, true)).toBe("secretKey");
  });
});

describe("checkOptionNames", () => {
  test("names the unknown option and the one meant, never a value", () => {
    const run = () => checkOptionNames({ salt: "s", secretkey: SECRET }, ["secretKey", "salt"], "Thing");
    expect(run).toThrow(new TypeError("Unknown option 'secretkey' (did you mean 'secretKey'?) given to Thing."));
    expect(() => checkOptionNames({ SECRET_KEY: SECRET }, ["secretKey"], "Thing")).toThrow(
      new TypeError(
        "Unknown option 'SECRET_KEY' (did you mean 'secretKey'?) given to Thing. Flask's config names are camelCased here.",
      ),
    );
  });

  test("without a close name, lists the names taken", () => {
    expect(() => checkOptionNames({ colour: "red" }, ["secretKey", "salt"], "Thing")).toThrow(
      new TypeError("Unknown option 'colour' given to Thing; its options are: secretKey, salt."),
    );
  });

  test("known names, an empty object, symbols and non-enumerable keys pass; what is not an object is refused", () => {
    expect(() => checkOptionNames({ salt: 1, secretKey: 2 }, ["secretKey", "salt"], "Thing")).not.toThrow();
    expect(() => checkOptionNames({}, ["salt"], "Thing")).not.toThrow();
    const extra = Object.defineProperty({ [Symbol("x")]: 1 }, "hidden", { value: 1, enumerable: false });
    expect(() => checkOptionNames(extra, ["salt"], "Thing")).not.toThrow();
    for (const bad of [null, "salt", 3]) {
      expect(() => checkOptionNames(bad, ["salt"], "Thing")).toThrow(/The options given to Thing must be an object/);
    }
  });

  test("not strict: names of one's own pass, misspellings of known ones do not", () => {
    const loose = { strict: false };
    expect(() =>
      checkOptionNames({ secretKey: 1, databaseUrl: 2, name: 3, DEBUG: 4 }, ["secretKey", "sessionCookieName"], "Thing", loose),
    ).not.toThrow();
    expect(() => checkOptionNames({ secretkey: 1 }, ["secretKey"], "Thing", loose)).toThrow(/did you mean 'secretKey'/);
  });

  test("optionNames lists an interface's names (the compiler checks the record against it)", () => {
    interface Opts {
      salt?: string;
      sep: string;
    }
    expect(optionNames<Opts>({ salt: true, sep: true })).toEqual(["salt", "sep"]);
    // @ts-expect-error a name missing from the record does not compile
    optionNames<Opts>({ salt: true });
    // @ts-expect-error nor does one the interface does not have
    optionNames<Opts>({ salt: true, sep: true, extra: true });
  });
});

/** A misspelling of each option FlaskSessions takes, with the name meant. */
const MISSPELLED: [string, string][] = [
  ["secretkey", "secretKey"],
  ["SECRET_KEY", "secretKey"],
  ["secretKeyFallback", "secretKeyFallbacks"],
  ["sessionCookieNmae", "sessionCookieName"],
  ["sessionCookieDomian", "sessionCookieDomain"],
  ["sessionCookiePth", "sessionCookiePath"],
  ["APPLICATION_ROOT", "applicationRoot"],
  ["sessionCookieHttpOnly", "sessionCookieHttponly"],
  ["sessionCookieSecrue", "sessionCookieSecure"],
  ["sessionCookieSamsite", "sessionCookieSamesite"],
  ["sessionCookiePartitionned", "sessionCookiePartitioned"],
  ["sessionRefreshEachRequests", "sessionRefreshEachRequest"],
  ["PERMANENT_SESSION_LIFETIME", "permanentSessionLifetime"],
  ["maxCookiesize", "maxCookieSize"],
  ["slat", "salt"],
  ["digestmethod", "digestMethod"],
  ["keyDerivaton", "keyDerivation"],
  ["serialiser", "serializer"],
  ["limit", "limits"],
  ["Now", "now"],
  ["warning", "warn"],
  ["sessioninterface", "sessionInterface"],
  // Other session libraries' names for the same settings.
  ["secret", "secretKey"],
  ["maxAge", "permanentSessionLifetime"],
  ["sameSite", "sessionCookieSamesite"],
  ["name", "sessionCookieName"],
];

describe("FlaskSessions and the adapters refuse misspelled options at construction", () => {
  test("every name FlaskSessionOptions has is taken", () => {
    const options: Required<FlaskSessionOptions> = {
      secretKey: "k",
      secretKeyFallbacks: ["old"],
      sessionCookieName: "s",
      sessionCookieDomain: "example.com",
      serverName: "example.com",
      sessionCookiePath: "/",
      applicationRoot: "/",
      sessionCookieHttponly: true,
      sessionCookieSecure: true,
      sessionCookieSamesite: "Lax",
      sessionCookiePartitioned: false,
      sessionRefreshEachRequest: true,
      permanentSessionLifetime: 60,
      maxCookieSize: 4093,
      flaskVersion: "3.1",
      werkzeugVersion: "3.1",
      salt: "cookie-session",
      digestMethod: "sha1",
      keyDerivation: "hmac",
      serializer: new TaggedJSONSerializer(),
      limits: {},
      mac: defaultMac,
      zlib: new PortedZlib(),
      now: () => 1,
      warn: () => undefined,
      sessionInterface: new SecureCookieSessionInterface(),
    };
    expect(Object.keys(options).sort()).toEqual([...ALL_OPTIONS].sort());
    expect(() => new FlaskSessions(options)).not.toThrow();
    const { sessionInterface: _ignored, ...own } = options;
    const sessions = new FlaskSessions(own);
    // The session interface's options reach the interface built from them.
    expect(sessions.sessionInterface.salt).toBe("cookie-session");
    expect(sessions.sessionInterface.keyDerivation).toBe("hmac");
  });

  const factories: [string, (options: FlaskSessionOptions) => unknown][] = [
    ["FlaskSessions", (options) => new FlaskSessions(options)],
    ["flaskSession (flask-session-cookie/express)", (options) => express().use(expressSession(options))],
    ["flaskSession (flask-session-cookie/koa)", (options) => new Koa().use(koaSession(options))],
  ];
  describe.each(factories)("%s", (where, make) => {
    test.each(MISSPELLED)("%s: did you mean %s?", (name, meant) => {
      const options = { secretKey: SECRET, [name]: SECRET } as unknown as FlaskSessionOptions;
      let error: unknown;
      try {
        make(options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TypeError);
      const message = (error as Error).message;
      expect(message).toMatch(
        new RegExp(`^Unknown option '${name}' \\(did you mean '${meant}'\\?\\) given to ${where.replace(/[()]/g, "\\$&")}\\.`),
      );
      expect(message).not.toContain(SECRET);
    });

    test("an option nothing is close to is refused with the list of options", () => {
      expect(() => make({ secretKey: SECRET, colour: "red" } as never)).toThrow(
        /^Unknown option 'colour' given to .*; its options are: secretKey, secretKeyFallbacks, /,
      );
    });
  });

  test("the Fastify plugin refuses them when registered, and takes Fastify's own register options", async () => {
    for (const [name, meant] of MISSPELLED.slice(0, 4)) {
      const app = Fastify();
      await expect(app.register(fastifySession, { secretKey: SECRET, [name]: 1 } as never)).rejects.toThrow(
        `Unknown option '${name}' (did you mean '${meant}'?) given to the flaskSession plugin (flask-session-cookie/fastify).`,
      );
      await app.close();
    }
    const app = Fastify();
    await app.register(fastifySession, { secretKey: SECRET, prefix: "/api", logLevel: "warn" } as never);
    app.get("/", async (request) => request.session.new);
    expect((await app.inject("/")).body).toBe("true");
    await app.close();
  });
});

describe("SecureCookieSessionInterface", () => {
  test("refuses a misspelled option at construction", () => {
    expect(() => new SecureCookieSessionInterface({ digestmethod: "sha256" } as never)).toThrow(
      new TypeError("Unknown option 'digestmethod' (did you mean 'digestMethod'?) given to SecureCookieSessionInterface."),
    );
    expect(
      () => new SecureCookieSessionInterface({ salt: "s", digestMethod: "sha256", keyDerivation: "hmac", limits: {} }),
    ).not.toThrow();
  });

  test("says where Flask's configuration goes when it is given to the constructor", () => {
    expect(() => new SecureCookieSessionInterface({ secretKey: SECRET } as never)).toThrow(
      new TypeError(
        "secretKey is the app's configuration, not an option of SecureCookieSessionInterface: pass it in the app config given to openSession(app, ...) and saveSession(app, ...).",
      ),
    );
  });

  test("the app config may hold an app's own settings, but not a misspelling of Flask's", () => {
    const sessions = new SecureCookieSessionInterface();
    const app = { secretKey: SECRET, databaseUrl: "postgres://", name: "shop", DEBUG: true };
    const session = sessions.openSession(app, null);
    session.set("a", 1);
    expect(sessions.saveSession(app, session).setCookie).toMatch(/^session=/);
    for (const [name, meant] of [
      ["sessionCookieSamsite", "sessionCookieSamesite"],
      ["SESSION_COOKIE_NAME", "sessionCookieName"],
      ["secretKeyFallback", "secretKeyFallbacks"],
    ]) {
      const misspelled = { secretKey: SECRET, [name!]: "x" };
      expect(() => sessions.openSession(misspelled, null)).toThrow(`Unknown option '${name}' (did you mean '${meant}'?)`);
      expect(() => sessions.saveSession(misspelled, new FlaskSession())).toThrow(TypeError);
    }
  });
});
