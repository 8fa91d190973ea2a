/**
 * The command line's parts, in-process, over every fixture Python wrote: what `decode` reads
 * from each Flask cookie (type for type, floats included), the verdict `verify` gives on each bad
 * cookie Flask opened and on each itsdangerous token, and the small parsers. The same code runs
 * in the subprocess tests (commands.test.ts), which check a sample of it end to end.
 */
import { describe, expect, test } from "vitest";
import { UsageError, parseDuration, parseTime } from "../../src/cli/args.js";
import { extractCookie } from "../../src/cli/input.js";
import { inspectToken } from "../../src/cli/inspect.js";
import { dumpKeepingFloats, loadKeepingFloats } from "../../src/cli/py-float.js";
import { pythonPretty, duration } from "../../src/cli/pretty.js";
import type { Key } from "../../src/cli/secrets.js";
import { makeSerializer, type TokenFormat } from "../../src/cli/token-format.js";
import { FLASK_MAX_AGE, verdictOn, type Verdict } from "../../src/cli/verify.js";
import { LEGACY_EPOCH } from "../../src/cli/legacy.js";
import { hexToBytes, type Typed } from "../helpers/typed.js";
import { FLASK, ITSDANGEROUS, cliToTyped, withoutIso } from "../helpers/cli-values.js";
import { fixtureCases } from "../helpers/cli.js";
import type { Case as ItsdangerousCase } from "../helpers/itsdangerous-cases.js";
import type { BadCookieCase } from "../helpers/flask-cases.js";

function key(secret: unknown, id = "current"): Key {
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : hexToBytes((secret as { bytes: string }).bytes);
  return { bytes, id, label: id };
}

/** The keys of a Flask config, newest first, as `verify` orders them. */
function flaskKeys(config: Record<string, unknown>): Key[] {
  const fallbacks = ((config.SECRET_KEY_FALLBACKS as unknown[] | undefined) ?? []).map((s, i) => key(s, `fallback-${i + 1}`));
  return [key(config.SECRET_KEY), ...fallbacks.reverse()];
}

interface SessionCase {
  id: string;
  config: Record<string, unknown>;
  timestamp: number;
  cookie: string;
  compressed: boolean;
  payloadJson: string;
  decoded: Typed;
}

describe("decode: every cookie the Flask fixtures hold", () => {
  const cases = fixtureCases<SessionCase>("flask-sessions.json");
  test.each(cases.map((c) => [c.id, c] as const))("%s: same parts, values and types as Flask", (_id, c) => {
    const parts = inspectToken(c.cookie, FLASK);
    expect(parts.structureError).toBeNull();
    expect(parts.payloadError).toBeNull();
    expect(parts.timestampError).toBe(c.timestamp > 253402300799 ? expect.any(String) : null);
    expect(parts.timestamp).toBe(c.timestamp);
    expect(parts.compressed).toBe(c.compressed);
    expect(parts.json).toBe(c.payloadJson);
    expect(parts.signatureLength).toBe(20);
    expect(cliToTyped(parts.value)).toEqual(withoutIso(c.decoded));
  });

  test.each(cases.map((c) => [c.id, c] as const))("%s: valid at its signing time, with the key that signed it", (_id, c) => {
    const keys = flaskKeys(c.config);
    const lifetime = (c.config.PERMANENT_SESSION_LIFETIME as number | undefined) ?? FLASK_MAX_AGE;
    const outcome = verdictOn(c.cookie, keys, FLASK, c.timestamp, lifetime);
    expect(outcome.verdict).toBe("valid");
    expect(outcome.key).not.toBeNull();
    const wrong = verdictOn(c.cookie, [key("not-the-key")], FLASK, c.timestamp, lifetime);
    expect(wrong.verdict).toBe("bad-signature");
  });
});

/** Flask's outcome in the command line's words (docs/compatibility.md: where Python fails outright). */
function expectedVerdict(c: BadCookieCase): Verdict {
  if (c.error === "SignatureExpired") return c.message!.includes("< 0") ? "future" : "expired";
  if (c.error === "BadPayload" || (c.error === null && c.status === 500)) return "bad-payload";
  if (c.error === null) return "valid";
  // BadSignature, BadTimeSignature, and a validly signed timestamp after year 9999 (Python: ValueError).
  return "bad-signature";
}

describe("verify: every bad or odd cookie Flask opened", () => {
  const cases = fixtureCases<BadCookieCase>("flask-bad-cookies.json");
  test("covers every verdict", () => {
    expect(new Set(cases.map(expectedVerdict))).toEqual(new Set(["valid", "expired", "future", "bad-signature", "bad-payload"]));
  });
  test.each(cases.map((c) => [c.id, c] as const))("%s: Flask's verdict", (_id, c) => {
    const lifetime = (c.config.PERMANENT_SESSION_LIFETIME as number | undefined) ?? FLASK_MAX_AGE;
    const outcome = verdictOn(c.cookie, flaskKeys(c.config), FLASK, c.now, lifetime);
    expect(outcome.verdict, outcome.reason ?? "").toBe(expectedVerdict(c));
    if (outcome.verdict === "valid") {
      expect(cliToTyped(outcome.session)).toEqual(withoutIso(c.session!));
      const shown = inspectToken(c.cookie, FLASK);
      expect(shown.hasValue).toBe(true);
    }
    if (outcome.verdict === "bad-signature" && c.error !== "BadSignature" && c.error !== "BadTimeSignature") {
      expect(outcome.reason).toMatch(/Malformed timestamp/);
    }
  });
});

/** The URL-safe timed fixtures whose settings the command line can express. */
function expressible(c: ItsdangerousCase): TokenFormat | null {
  if (c.class !== "URLSafeTimedSerializer" || typeof c.token !== "string") return null;
  const secrets = Array.isArray(c.secret) ? c.secret : [c.secret];
  if (!secrets.every((s) => typeof s === "string")) return null;
  const { salt, signerKwargs, ...rest } = c.options as { salt?: unknown; signerKwargs?: Record<string, unknown> };
  if (Object.keys(rest).length > 0 || (salt !== undefined && typeof salt !== "string")) return null;
  const kw = signerKwargs ?? {};
  if (Object.keys(kw).some((k) => k !== "digestMethod" && k !== "keyDerivation")) return null;
  return {
    ...ITSDANGEROUS,
    salt: (salt as string | undefined) ?? "itsdangerous",
    ...(kw.keyDerivation ? { keyDerivation: kw.keyDerivation as TokenFormat["keyDerivation"] } : {}),
    ...(kw.digestMethod ? { digest: kw.digestMethod as TokenFormat["digest"] } : {}),
  };
}

describe("verify --itsdangerous: the itsdangerous fixtures it can express", () => {
  const rows = fixtureCases<ItsdangerousCase>("itsdangerous.json").flatMap((c) => {
    const format = expressible(c);
    if (!format) return [];
    return c.checks
      .filter((check) => check.call === "loads" && check.salt === undefined && !check.returnTimestamp)
      .map((check, i) => [`${c.id} #${i}`, c, check, format] as const);
  });

  test("covers the defaults, salts, key derivations and digests", () => {
    expect(rows.length).toBeGreaterThan(300);
    const formats = new Set(rows.map(([, , , f]) => `${f.salt}/${f.keyDerivation}/${f.digest}`));
    expect(formats.size).toBeGreaterThan(15);
  });

  test.each(rows)("%s", (_id, c, check, format) => {
    const secrets = (Array.isArray(c.secret) ? c.secret : [c.secret]) as string[];
    const keys = secrets.map((s, i) => key(s, i === secrets.length - 1 ? "current" : `fallback-${i + 1}`)).reverse();
    const outcome = verdictOn(c.token as string, keys, format, check.now!, check.maxAge);
    const expected: Verdict =
      check.result === "ok"
        ? "valid"
        : check.result === "SignatureExpired"
          ? check.now! < check.dateSigned!
            ? "future"
            : "expired"
          : check.result === "BadPayload"
            ? "bad-payload"
            : "bad-signature";
    expect(outcome.verdict, outcome.reason ?? "").toBe(expected);
    if (expected === "valid") expect(cliToTyped(inspectToken(c.token as string, format).value)).toEqual(withoutIso(check.value!));
  });
});

describe("legacy timestamps (itsdangerous < 1.0)", () => {
  const legacy = { ...FLASK, legacy: true };
  test("are signed and read counting from 2011-01-01", () => {
    const token = makeSerializer(new TextEncoder().encode("k"), legacy, 1700000000).dumps({ a: 1 });
    const parts = inspectToken(token, legacy);
    expect(parts.timestamp).toBe(1700000000);
    expect(inspectToken(token, FLASK).timestamp).toBe(1700000000 - LEGACY_EPOCH);
    expect(verdictOn(token, [key("k")], legacy, 1700000100, 3600).verdict).toBe("valid");
    expect(verdictOn(token, [key("k")], legacy, 1700003601, 3600).verdict).toBe("expired");
    expect(verdictOn(token, [key("k")], FLASK, 1700000100, 3600).verdict).toBe("expired");
  });
});

describe("floats keep their type", () => {
  test.each([
    ['{"a":3.0,"b":[1e5,-2.0],"c":0.5,"d":3,"e":"3.0"}', FLASK, '{"a":3.0,"b":[100000.0,-2.0],"c":0.5,"d":3,"e":"3.0"}'],
    ['{"t":{" t":[1.0,2]}}', FLASK, '{"t":{" t":[1.0,2]}}'],
    ["[2.0, 2]", ITSDANGEROUS, "[2.0,2]"],
    ["2.0", ITSDANGEROUS, "2.0"],
  ] as const)("%s", (json, format, written) => {
    expect(dumpKeepingFloats(loadKeepingFloats(json, format), format)).toBe(written);
  });

  test("a top-level float in a Flask session is left to Flask's own reading (0.0 is falsy)", () => {
    expect(loadKeepingFloats("0.0", FLASK)).toBe(0);
  });

  test("Python's repr shows them as floats", () => {
    expect(pythonPretty(loadKeepingFloats('{"price":3.0,"qty":3}', FLASK))).toBe("{'price': 3.0, 'qty': 3}");
  });
});

describe("input", () => {
  const token = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.ej69Upl3TXU0599FxiUBFdmK56g";
  test.each([
    [token, undefined, "value", null],
    [`"${token}"`, undefined, "value", null],
    [`session=${token}`, undefined, "pair", "session"],
    [`my_app=${token}`, undefined, "pair", "my_app"],
    [`my.app=${token}`, "my.app", "pair", "my.app"],
    [`Cookie: theme=dark; session=${token}; csrftoken=abc`, undefined, "cookie-header", "session"],
    [`cookie:other=1;sid=${token}`, "sid", "cookie-header", "sid"],
    [`Set-Cookie: session=${token}; HttpOnly; Path=/`, undefined, "set-cookie-header", "session"],
    [
      `< HTTP/1.1 302 FOUND\n< Set-Cookie: csrftoken=abc; Path=/\n< Set-Cookie: session=${token}; HttpOnly; Path=/\n<\n`,
      undefined,
      "set-cookie-header",
      "session",
    ],
    [`> GET / HTTP/1.1\r\n> Cookie: session=${token}\r\n`, undefined, "cookie-header", "session"],
    [`\n  ${token}  \n`, undefined, "value", null],
  ] as const)("%j", (text, name, source, cookieName) => {
    expect(extractCookie(text, name)).toEqual({ value: token, name: cookieName, source });
  });

  test.each([
    ["", /empty/],
    ["Set-Cookie: session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/", /deletes the cookie/],
    ["Cookie: a=1; b=2", /no cookie named 'session'.*'a', 'b'/],
    ["line one\nline two", /several lines/],
    ["abc def", /spaces/],
  ])("%j is refused", (text, message) => {
    expect(() => extractCookie(text, undefined)).toThrow(UsageError);
    expect(() => extractCookie(text, undefined)).toThrow(message);
  });
});

describe("times and durations", () => {
  test.each([
    ["1700000000", 1700000000],
    ["0", 0],
    ["2023-11-14T22:13:20Z", 1700000000],
    ["2023-11-14T22:13:20", 1700000000],
    ["2023-11-14 23:13:20+01:00", 1700000000],
    ["2023-11-14T23:13:20+0100", 1700000000],
    ["2023-11-14T22:13:20.999Z", 1700000000],
    ["2023-11-14", 1699920000],
    ["9999-12-31T23:59:59Z", 253402300799],
  ])("parseTime(%j) = %d, as Python's datetime says", (text, seconds) => {
    expect(parseTime(text, "--now")).toBe(seconds);
  });

  test.each(["yesterday", "2023-02-30", "2023-11-14T25:00Z", "-1", "1969-12-31T23:59:59Z", "253402300800", ""])(
    "parseTime(%j) is refused",
    (text) => {
      expect(() => parseTime(text, "--now")).toThrow(UsageError);
    },
  );

  test.each([
    ["3600", 3600],
    ["90m", 5400],
    ["12h", 43200],
    ["31d", 2678400],
    ["0", 0],
  ])("parseDuration(%j) = %d", (text, seconds) => {
    expect(parseDuration(text, "--max-age")).toBe(seconds);
  });

  test.each(["1.5h", "-1", "h", "1w", "1 d"])("parseDuration(%j) is refused", (text) => {
    expect(() => parseDuration(text, "--max-age")).toThrow(UsageError);
  });

  test.each([
    [1, "1 second"],
    [45, "45 seconds"],
    [60, "1 minute"],
    [725, "12 minutes 5 seconds"],
    [11520, "3 hours 12 minutes"],
    [2678400, "31 days"],
    [37335600, "432 days 3 hours"],
  ])("duration(%d) = %j", (seconds, text) => {
    expect(duration(seconds)).toBe(text);
  });
});
