/**
 * Hostile input for Flask-Login and Flask-WTF: any remember cookie, Cookie header, user agent,
 * CSRF token, form, Host or Referer gets a verdict, never an exception, within the existing
 * limits; and on inputs drawn around the edges (mutated genuine cookies and tokens, URLs from a
 * grammar of Python's urlparse corner cases, header bytes) the verdicts are the real packages'
 * (scripts/login_oracle.py, newest environment).
 */
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { findPython } from "../../scripts/python.mjs";
import {
  CSRFError,
  CSRFProtect,
  FlaskSession,
  LoginManager,
  RememberCookie,
  URLSafeTimedSerializer,
  createIdentifier,
  encodeRememberCookie,
  sameOriginVerdict,
  type CsrfRequest,
  type LoginRequest,
} from "../../src/index.js";
import { missing } from "../helpers/requirement.js";

const KEY = "hostile-login-key";
const NOW = 1_700_000_000;
const RAW = "0123456789abcdef0123456789abcdef01234567";
const anyString = fc.string({ unit: "binary", maxLength: 300 });
const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 60 });
/** A header value as HTTP can carry it: latin-1 characters (the bytes), no CR or LF. */
const header = fc.option(
  latin1.map((v) => v.replace(/[\r\n]/g, " ")),
  { nil: null },
);

const manager = new LoginManager({ secretKey: KEY, loadUser: (id) => (id === "42" ? { id } : null), now: () => NOW });
const strong = new LoginManager({ secretKey: KEY, loadUser: (id) => ({ id }), sessionProtection: "strong", now: () => NOW });
const csrf = new CSRFProtect({ secretKey: KEY, now: () => NOW });
const genuine = encodeRememberCookie("42", KEY);
const token = csrf.generateCsrf(new FlaskSession({ csrf_token: RAW }));

/** A genuine value with a few characters changed, inserted or removed. */
function mutated(base: string): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.nat({ max: base.length }),
    fc.constantFrom("replace", "insert", "delete"),
    fc.string({ unit: "binary", maxLength: 2 }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let out = base;
    for (const [at, kind, text] of edits) {
      const i = Math.min(at, out.length);
      out =
        kind === "insert"
          ? out.slice(0, i) + text
          : kind === "delete"
            ? out.slice(0, i) + out.slice(i + 1)
            : out.slice(0, i) + text;
      out += kind === "insert" ? base.slice(i) : kind === "replace" ? base.slice(i + text.length) : "";
    }
    return out;
  });
}

/** URLs made of the parts Python's urlparse treats specially. */
const urlArb = fc
  .tuple(
    fc.constantFrom("https://", "http://", "HTTPS://", "//", "https:", "", " https://", "\thttps://", "2https://", "ht\ttps://"),
    fc.constantFrom("", "u@", "u:p@", "example.com@", "a@b@"),
    fc.constantFrom(
      "example.com",
      "EXAMPLE.com",
      "evil.example",
      "[::1]",
      "[::1",
      "::1]",
      "[v1.x]",
      "[1.2.3.4]",
      "[zz]",
      "",
      "exa mple.com",
      "\u00e9x.com",
      "ex\u2100.com",
    ),
    fc.constantFrom("", ":443", ":8443", ":", ":0", ":+1", ": 1", ":99999", ":1:2", ":\u0661", "x:5", ":00000000443"),
    fc.constantFrom("", "/", "/page?q=1", "#frag", "?@evil.example", "\\@evil.example/", "/a\nb"),
  )
  .map((parts) => parts.join(""));
const targetArb = fc.constantFrom("https://example.com/", "https://example.com:8443/", "https://[::1]/", "https:///");

function loginRequest(
  cookieHeader: string | null,
  agent: string | null,
  forwarded: string | null,
  remoteAddr: string | null,
): LoginRequest {
  return {
    method: "GET",
    url: "http://localhost/",
    remoteAddr,
    cookieHeader,
    header: (name) => (name.toLowerCase() === "user-agent" ? agent : name.toLowerCase() === "x-forwarded-for" ? forwarded : null),
  };
}

describe("totality: a verdict for anything", () => {
  test("a remember cookie: a user id or null", () => {
    const remember = new RememberCookie(KEY);
    fc.assert(
      fc.property(fc.oneof(anyString, mutated(genuine), fc.anything()), (cookie) => {
        const result = remember.decode(cookie);
        expect(result === null || typeof result === "string").toBe(true);
        if (result !== null) expect(cookie).toBe(genuine);
      }),
      { numRuns: 2000 },
    );
  });

  test("a whole request: any Cookie header, user agent, forwarded-for and session give a user or nobody", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyString, mutated(`remember_token=${genuine}`), fc.constant(`remember_token="${genuine}"`)),
        header,
        header,
        header,
        fc.dictionary(
          fc.constantFrom("_user_id", "_id", "_fresh", "_remember", "_remember_seconds", "_permanent", "__proto__"),
          fc.jsonValue(),
        ),
        async (cookieHeader, agent, forwarded, addr, data) => {
          for (const m of [manager, strong]) {
            const session = new FlaskSession(data);
            const login = m.open(session, loginRequest(cookieHeader, agent, forwarded, addr));
            const user = await login.currentUser();
            expect(user === null || typeof user === "object").toBe(true);
            login.loginFresh();
            login.loginRemembered();
            await login.loginRequired({ fresh: true });
            const setCookie = login.updateRememberCookie();
            expect(setCookie === null || setCookie.startsWith("remember_token=")).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test("a CSRF token: null or a CSRFError, whatever it is and whatever the session holds", () => {
    const signer = new URLSafeTimedSerializer(KEY, { salt: "wtf-csrf-token" });
    fc.assert(
      fc.property(
        fc.oneof(
          anyString,
          mutated(token),
          fc.anything(),
          fc.jsonValue().map((v) => signer.dumps(v)),
        ),
        fc.oneof(fc.constant(RAW), fc.anything()),
        (data, raw) => {
          const error = csrf.checkCsrf(data, new FlaskSession({ csrf_token: raw }));
          expect(error === null || error instanceof CSRFError).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test("a request to CSRFProtect: any method, headers, form, Host and Referer", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("POST", "PUT", "GET", "post", ""),
        fc.dictionary(fc.constantFrom("x-csrftoken", "x-csrf-token", "referer"), fc.oneof(anyString, urlArb, fc.constant(token))),
        fc.option(
          fc.array(
            fc.tuple(fc.constantFrom("csrf_token", "a-csrf_token", "x"), fc.oneof(anyString, fc.constant(token), fc.anything())),
          ),
          { nil: null },
        ),
        fc.option(fc.oneof(anyString, fc.constantFrom("example.com", "example.com:443", "[::1]:99999")), { nil: null }),
        fc.boolean(),
        (method, headers, form, host, secure) => {
          const request: CsrfRequest = { method, header: (name) => headers[name.toLowerCase()] ?? null, form, secure, host };
          const error = csrf.checkRequest(request, new FlaskSession({ csrf_token: RAW }));
          expect(error === null || error instanceof CSRFError).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test("same_origin: true, false or Python's ValueError, for any two strings", () => {
    fc.assert(
      fc.property(fc.oneof(anyString, urlArb), fc.oneof(anyString, targetArb), (a, b) => {
        expect([true, false, "error"]).toContain(sameOriginVerdict(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  test("within the limits: a 1 MiB cookie or token is refused without being hashed", () => {
    const huge = "4".repeat(1024 * 1024) + "|" + "0".repeat(128);
    expect(new RememberCookie(KEY).decode(huge)).toBeNull();
    expect(csrf.checkCsrf("a".repeat(2 * 1024 * 1024), new FlaskSession({ csrf_token: RAW }))?.reason).toBe("invalid");
  });
});

describe("differential: the real Flask-Login and Flask-WTF give the same verdicts", () => {
  const python =
    findPython("flask-3.1") ??
    (missing("test/properties/login-hostile.test.ts (differential)", "the flask-3.1 environment"), null);

  test.skipIf(!python)("decode_cookie, _create_identifier, same_origin and validate_csrf on edge-drawn inputs", () => {
    const seed = 20_241_203;
    const cookies = fc.sample(fc.oneof(mutated(genuine), mutated("a|b|" + genuine.split("|")[1]), latin1), {
      numRuns: 400,
      seed,
    });
    const identifiers = fc.sample(fc.tuple(header, header, header), { numRuns: 200, seed });
    const origins = fc.sample(fc.tuple(urlArb, targetArb), { numRuns: 800, seed });
    const tokens = fc.sample(
      fc.tuple(
        fc.oneof(mutated(token), fc.constant(token), latin1),
        fc.option(fc.constantFrom(RAW, RAW.toUpperCase()), { nil: null }),
      ),
      {
        numRuns: 300,
        seed,
      },
    );
    const questions = { key: KEY, now: NOW, decode: cookies, identifier: identifiers, sameOrigin: origins, validate: tokens };
    const run = spawnSync(python!.python, [new URL("../../scripts/login_oracle.py", import.meta.url).pathname], {
      input: JSON.stringify(questions),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.status, run.stderr).toBe(0);
    const answers = JSON.parse(run.stdout) as Record<string, unknown[]>;

    const remember = new RememberCookie(KEY);
    cookies.forEach((cookie, i) => {
      const expected = answers.decode![i];
      // Where Python raises (a non-ASCII digest: TypeError, a 500 in Flask), the cookie is refused.
      expect([cookie, remember.decode(cookie)]).toEqual([
        cookie,
        typeof expected === "object" && expected !== null ? null : expected,
      ]);
    });
    identifiers.forEach(([addr, agent, forwarded], i) => {
      expect(createIdentifier(loginRequest(null, agent, forwarded, addr), "0.6")).toBe(answers.identifier![i]);
    });
    origins.forEach(([a, b], i) => {
      const expected = answers.sameOrigin![i];
      expect([a, b, sameOriginVerdict(a, b)]).toEqual([a, b, typeof expected === "object" ? "error" : expected]);
    });
    tokens.forEach(([data, raw], i) => {
      const session = new FlaskSession(raw === null ? {} : { csrf_token: raw });
      const error = csrf.checkCsrf(data, session);
      const expected = answers.validate![i] as "ok" | { reason: string };
      expect([data, error?.message ?? "ok"]).toEqual([data, expected === "ok" ? "ok" : expected.reason]);
    });
  });
});
