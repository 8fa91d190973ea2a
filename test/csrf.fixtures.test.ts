/**
 * Flask-WTF's CSRF protection as the real package does it, in every pinned environment
 * (fixtures/<env>/flask-wtf.json from scripts/gen_login_fixtures.py): the same tokens for the same
 * raw token, key and second; the same verdict and message for every token (expired, tampered,
 * mismatched, missing...); the same verdict as CSRFProtect on real requests (methods, form
 * fields, headers, the HTTPS Referer rule); Python's urlparse in same_origin and Werkzeug's
 * request.host.
 */
import { describe, expect, test } from "vitest";
import {
  CSRFError,
  CSRFProtect,
  CSRF_MESSAGES,
  CsrfTokens,
  FlaskSession,
  generateCsrf,
  requestHost,
  sameOriginVerdict,
  type CsrfFormFields,
  type CsrfOptions,
  type CsrfRequest,
} from "../src/index.js";
import { MISSING, headerLookup, optionsOf, wtfFixtures, type WtfFixture } from "./helpers/login-fixtures.js";
import { expectTyped, fromTyped, type Typed } from "./helpers/typed.js";

function sessionWith(field: string, token: Typed | "<missing>"): FlaskSession {
  return new FlaskSession(token === MISSING ? {} : { [field]: fromTyped(token as Typed) });
}

/**
 * Python 3.10 (flask-2.2's) gives these URLs another verdict than 3.11+, which this library
 * follows: 3.11 refuses (ValueError) a bracketed host that is not an IPv6 address.
 */
function python310Differs(url: string): boolean {
  return /\[(1\.2\.3\.4|zz)\]/.test(url);
}

describe.each(wtfFixtures())("%s", (env, fixture: WtfFixture) => {
  const now = { value: fixture.now };
  const base = { secretKey: fixture.secretKey, now: () => now.value };

  test("the fixture comes from Flask-WTF", () => {
    expect(fixture.generatedBy.env).toBe(env);
    expect(fixture.generatedBy["flask-wtf"]).toMatch(/^1\.(2|3)\./);
  });

  describe("generate_csrf", () => {
    test.each(fixture.generate.map((c, i) => [i, c] as const))("%i", (_i, c) => {
      now.value = c.now;
      const options: CsrfOptions = { ...base, ...optionsOf(c.config) };
      const field = options.wtfCsrfFieldName ?? "csrf_token";
      const session = sessionWith(field, c.sessionToken);
      const token = generateCsrf(session, options);
      expect(generateCsrf(session, options)).toBe(token); // the same second, the same token
      const raw = session.get(field);
      if (c.regenerated) {
        // Python made a new random raw token (none, or one it could not sign): so does Node.
        expect(raw).toMatch(/^[0-9a-f]{40}$/);
        expect(raw).not.toEqual(c.sessionToken === MISSING ? undefined : fromTyped(c.sessionToken as Typed));
        expect(new CsrfTokens(options).checkCsrf(token, session)).toBeNull();
      } else {
        expect(token).toBe(c.token);
        expectTyped(raw, c.sessionAfter);
      }
      expect(c.sameTokenInRequest).toBe(true);
    });
  });

  describe("validate_csrf", () => {
    test.each(fixture.validate.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      now.value = c.now;
      const tokens = new CsrfTokens({ ...base, ...optionsOf(c.config) });
      const error = tokens.checkCsrf(c.data, sessionWith(tokens.fieldName, c.sessionToken));
      if (c.verdict === "ok") {
        expect(error).toBeNull();
      } else if ("reason" in c.verdict) {
        expect(error).toBeInstanceOf(CSRFError);
        expect(error!.message).toBe(c.verdict.reason);
        expect(CSRF_MESSAGES[error!.reason]).toBe(c.verdict.reason);
      } else {
        // Python's hmac.compare_digest raised TypeError (non-ASCII text, or not two strings):
        // Flask answers 500; the token is refused here, as not matching.
        expect(c.verdict.error).toBe("TypeError");
        expect(error?.reason).toBe("mismatch");
      }
    });
  });

  describe("CSRFProtect on real requests", () => {
    test.each(fixture.protect.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      now.value = fixture.now;
      const csrf = new CSRFProtect({ ...base, ...optionsOf(c.config), werkzeugVersion: fixture.generatedBy.werkzeug });
      const session = sessionWith(csrf.fieldName, c.sessionToken);
      let form: CsrfFormFields | null = null;
      if (c.json === null && (c.form !== null || c.files !== null)) {
        const fields: [string, unknown][] = [...(c.form ?? [])];
        for (const [name, content] of c.files ?? []) fields.push([name, new Blob([content])]);
        form = fields;
      }
      const request: CsrfRequest = {
        method: c.method,
        header: headerLookup(c.headers),
        form,
        secure: c.secure,
        host: c.host,
      };
      const exempt = c.path === "/exempt"; // the adapters' per-route exemption
      const error = exempt || !csrf.checksByDefault ? null : csrf.checkRequest(request, session);
      if (c.verdict.status === 200) {
        expect(error).toBeNull();
      } else if (c.verdict.status === 400) {
        expect(error?.message).toBe(c.verdict.reason);
      } else {
        // Python's urlparse raised ValueError on the Referer or the host (Flask: 500): refused here.
        expect(c.verdict.status).toBe(500);
        expect(error?.reason).toBe("referrer-mismatch");
      }
      if (c.verdict.host !== null && c.secure)
        expect(requestHost(c.host, "https", fixture.generatedBy.werkzeug)).toBe(c.verdict.host);
    });
  });

  describe("same_origin", () => {
    const py310 = fixture.generatedBy.python.startsWith("3.10.");
    test.each(fixture.sameOrigin.map((c, i) => [i, c.current, c.compare, c] as const))("%i %j vs %j", (_i, _a, _b, c) => {
      const verdict = sameOriginVerdict(c.current, c.compare);
      if (py310 && python310Differs(c.current)) {
        // Python 3.11 added the check that a bracketed host is an IPv6 address (3.10 compares
        // it as a name). The verdicts here are 3.11+'s.
        expect(verdict).not.toEqual(c.result);
        return;
      }
      expect(verdict).toEqual(c.result);
    });
  });

  test.each(fixture.requestHost.map((c, i) => [i, c.scheme, c.host, c] as const))("request.host %i %s %j", (_i, _s, _h, c) => {
    expect(typeof c.result).toBe("string");
    expect(requestHost(c.host, c.scheme, fixture.generatedBy.werkzeug)).toBe(c.result);
  });
});
