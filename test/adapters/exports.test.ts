/**
 * The adapters as users import them: by their subpath exports from the built package, each one
 * thin (no framework is imported at run time; the /web API uses no Node built-ins), and typed:
 * `req.session`, `ctx.session` and `request.session` are Flask sessions whose keys an app declares.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { RequestHandler } from "express";
import type { Middleware } from "koa";
import type { FastifyRequest } from "fastify";
import { describe, expect, expectTypeOf, test } from "vitest";
import { FlaskSessions, type FlaskSessionData } from "../../src/adapters/web.js";
import { FlaskSession } from "../../src/index.js";
import { setCookieFor } from "../helpers/http.js";

// How an app declares the keys it keeps in the session (here as the tests see the module).
declare module "../../src/adapters/web.js" {
  interface FlaskSessionData {
    _user_id?: string;
    _fresh?: boolean;
  }
}

const root = new URL("../..", import.meta.url).pathname;
const dist = (file: string) => readFileSync(new URL(`../../dist/adapters/${file}`, import.meta.url), "utf8");
/** The modules a built file imports or re-exports (statements only, not the examples in comments). */
const importsOf = (code: string) =>
  [...code.matchAll(/^\s*(?:import|export)\b[^"\n]*?(?:from\s*)?"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm)].map(
    (m) => (m[1] ?? m[2])!,
  );

describe("subpath exports", () => {
  test.each([
    [
      "flask-session-cookie/web",
      [
        "FlaskSessions",
        "cookieHeaderOf",
        "flash",
        "getFlashedMessages",
        "varyWith",
        "LoginManager",
        "CSRFProtect",
        "loginRequestFrom",
        "commitLogin",
        "csrfRequestFrom",
      ],
    ],
    [
      "flask-session-cookie/express",
      [
        "flaskSession",
        "FlaskSessions",
        "flash",
        "getFlashedMessages",
        "flaskLogin",
        "loginRequired",
        "freshLoginRequired",
        "csrfProtect",
      ],
    ],
    [
      "flask-session-cookie/koa",
      [
        "flaskSession",
        "FlaskSessions",
        "flash",
        "getFlashedMessages",
        "flaskLogin",
        "loginRequired",
        "freshLoginRequired",
        "csrfProtect",
      ],
    ],
    [
      "flask-session-cookie/fastify",
      [
        "flaskSession",
        "FlaskSessions",
        "flash",
        "getFlashedMessages",
        "flaskLogin",
        "loginRequired",
        "freshLoginRequired",
        "csrfProtect",
      ],
    ],
    [
      "flask-session-cookie",
      [
        "LoginManager",
        "RememberCookie",
        "encodeRememberCookie",
        "decodeRememberCookie",
        "generateCsrf",
        "validateCsrf",
        "CSRFProtect",
        "CSRFError",
      ],
    ],
  ])("%s resolves through package.json exports", (specifier, names) => {
    const script = `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`;
    const exported = JSON.parse(
      execFileSync("node", ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }),
    ) as string[];
    expect(exported).toEqual(expect.arrayContaining(names));
  });

  const LOGIN_MODULES = [
    "login-express.js",
    "login-koa.js",
    "login-fastify.js",
    "login-web.js",
    "login-node.js",
    "csrf-express.js",
    "csrf-koa.js",
    "csrf-fastify.js",
    "before-save.js",
    "form.js",
  ];
  test.each(["express.js", "koa.js", "fastify.js", "web.js", "vary.js", ...LOGIN_MODULES])(
    "dist/adapters/%s imports no framework",
    (file) => {
      const imports = importsOf(dist(file));
      expect(imports.filter((m) => /^(express|koa|fastify|hono)(\/|$)/.test(m))).toEqual([]);
    },
  );

  test.each(["web.js", "vary.js", "login-web.js", "form.js"])(
    "dist/adapters/%s uses no Node built-in (it runs on edge runtimes)",
    (file) => {
      expect(importsOf(dist(file)).filter((m) => m.startsWith("node:") || !m.startsWith("."))).toEqual([]);
    },
  );
});

describe("typed sessions", () => {
  test("req.session, ctx.session and request.session are Flask sessions with the declared keys", () => {
    expectTypeOf<Parameters<RequestHandler>[0]["session"]>().toEqualTypeOf<FlaskSession<FlaskSessionData>>();
    expectTypeOf<Parameters<Middleware>[0]["session"]>().toEqualTypeOf<FlaskSession<FlaskSessionData>>();
    expectTypeOf<FastifyRequest["session"]>().toEqualTypeOf<FlaskSession<FlaskSessionData>>();
    expectTypeOf<ReturnType<FlaskSession<FlaskSessionData>["get"]>>().toEqualTypeOf<unknown>();
    const session = new FlaskSession<FlaskSessionData>();
    expectTypeOf(session.get("_user_id")).toEqualTypeOf<string | undefined>();
    // @ts-expect-error -- Flask-Login keeps the user id as a string
    session.set("_user_id", 42);
  });

  test("FlaskSession<{ _user_id: string }> and FlaskSessions<T>.read() are typed", () => {
    const sessions = new FlaskSessions<{ _user_id: string; cart: string[] }>({ secretKey: "typed" });
    const header = setCookieFor(sessions, { _user_id: "42", cart: ["tea"] }).split(";")[0]!;
    const data = sessions.read(header);
    expectTypeOf(data).toEqualTypeOf<{ _user_id: string; cart: string[] } | null>();
    expect(data?._user_id).toBe("42");
    const session = sessions.open(header);
    expectTypeOf(session).toEqualTypeOf<FlaskSession<{ _user_id: string; cart: string[] }>>();
    expect(session.get("cart", [])).toEqual(["tea"]);
  });
});
