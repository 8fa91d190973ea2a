/**
 * `flask-session-cookie verify <cookie>`: Flask's verdict on a cookie, with the app's key (and
 * older keys): valid; expired (with its age and the limit); signed in the future; bad signature;
 * bad payload. Says which key matched, and, when none did, what might be wrong.
 *
 * The verdict comes from the library's `URLSafeTimedSerializer`, key by key (newest first, as
 * itsdangerous tries them), so it is the verdict the library's tests check against Flask's.
 * @module
 */
import { BadPayload, BadSignature, BadTimeSignature, SignatureExpired } from "../errors.js";
import { sessionDict } from "../flask/session.js";
import { werkzeugBehaviour } from "../flask/versions.js";
import { pyRepr } from "../flask/py-repr.js";
import { type OptionSpecs, outputOptions, parseCommand, parseDuration, parseTime } from "./args.js";
import { nowOptions } from "./decode.js";
import { signatureHints, timeHints } from "./diagnose.js";
import type { CommandHelp } from "./help.js";
import { cookieOptions, extractCookie, readArgumentOrStdin } from "./input.js";
import { describeError, type Inspection, inspectToken } from "./inspect.js";
import type { CliIO } from "./io.js";
import { fieldLines, jsonDocument } from "./output.js";
import { duration, plural } from "./pretty.js";
import { inspectionJSON, inspectionRows } from "./report.js";
import { fallbackKeys, fallbackOptions, type Key, requireCurrentKey, SECRET_ENV, secretOptions } from "./secrets.js";
import { oneLine, Style, type StyleName } from "./style.js";
import { formatOptions, makeSerializer, signatureOptions, type TokenFormat, tokenFormat } from "./token-format.js";

/** Flask's `PERMANENT_SESSION_LIFETIME` default: 31 days. */
export const FLASK_MAX_AGE = 31 * 86400;

const options = {
  ...secretOptions,
  ...fallbackOptions,
  "max-age": {
    type: "string",
    value: "DURATION",
    help: "refuse older tokens: seconds or 90m, 12h, 31d (Flask: PERMANENT_SESSION_LIFETIME, 31d; itsdangerous: none)",
  },
  ...formatOptions,
  ...signatureOptions,
  ...cookieOptions,
  ...nowOptions,
  ...outputOptions,
} as const satisfies OptionSpecs;

/** `verify --help`. */
export const verifyHelp: CommandHelp = {
  usage: ["verify [options] <cookie>", "verify [options] < file-with-cookie"],
  summary: "check a cookie or token with the app's secret key, as Flask would",
  details: [
    "<cookie> is a bare cookie value, a session=... pair, or a whole 'Cookie:' or 'Set-Cookie:' header\n" +
      "line; '-' or nothing reads it from stdin.",
    `The key comes from --secret-file, --secret or the ${SECRET_ENV} environment variable (an option\n` +
      "wins over the variable; prefer the file or the variable: shell history keeps arguments). Older\n" +
      "keys the app still accepts (Flask's SECRET_KEY_FALLBACKS) are given with --fallback-secret or\n" +
      "--fallback-secret-file; the output says which key matched. No key, no part of one and nothing\n" +
      "derived from one is ever printed.",
    "Verdicts: valid, expired, future (signed in the future), bad-signature, bad-payload. With --json,\n" +
      "'payload' is the payload as in the cookie whatever the verdict: trust it only when 'valid' is true\n" +
      "('verified' says whether a key's signature matched, even if the cookie is too old).",
  ],
  options,
  exitStatuses: { 0: "valid", 1: "invalid: any other verdict" },
  examples: [
    "# a Flask session cookie, the key in a file",
    "flask-session-cookie verify --secret-file ./secret_key 'session=eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.ej69Upl3TXU0599FxiUBFdmK56g'",
    "# the key in the environment, during a key rotation",
    `${SECRET_ENV}=... flask-session-cookie verify --fallback-secret-file ./old_key "$COOKIE"`,
    "# was it valid at the time of the incident?",
    'flask-session-cookie verify --secret-file ./secret_key --now 2024-05-01T12:00:00Z "$COOKIE"',
    "# a password-reset token made with URLSafeTimedSerializer(key, salt='password-reset'), 1 hour max",
    'flask-session-cookie verify --itsdangerous --salt password-reset --max-age 1h --secret-file ./secret_key "$TOKEN"',
    "# for a script: exit status and JSON",
    'flask-session-cookie verify --json --secret-file ./secret_key "$COOKIE" | jq .verdict',
  ],
};

/** The verdicts, as `--json` names them. */
export type Verdict = "valid" | "expired" | "future" | "bad-signature" | "bad-payload";

/** A verdict, why, and which key's signature matched. */
export interface Outcome {
  readonly verdict: Verdict;
  /** Why it is not valid, or a note on a valid one. */
  readonly reason: string | null;
  /** The key whose signature matched, if any did. */
  readonly key: Key | null;
  /** Flask's session for a valid Flask cookie. */
  readonly session?: unknown;
}

function isTimestampProblem(error: BadSignature): boolean {
  return (
    error instanceof BadTimeSignature &&
    (error.message === "timestamp missing" || error.message.startsWith("Malformed timestamp"))
  );
}

/**
 * The verdict on `token`: each key in turn (give them newest first); the first whose signature
 * matches decides, as in itsdangerous. In Flask mode the data must also be what Flask can open
 * as a session (a dict, a falsy value, or key-value pairs), else Flask answers 500: bad-payload.
 *
 * @example
 * ```ts
 * verdictOn(cookie, keys, format, now, FLASK_MAX_AGE).verdict; // "valid", "expired", ...
 * ```
 */
export function verdictOn(token: string, keys: readonly Key[], format: TokenFormat, now: number, maxAge: number | null): Outcome {
  let timestampProblem: Outcome | null = null;
  for (const key of keys) {
    try {
      const value = makeSerializer(key.bytes, format, now).loads(token, { maxAge });
      if (format.mode !== "flask") return { verdict: "valid", reason: null, key };
      let session: unknown;
      try {
        session = sessionDict(value, werkzeugBehaviour(format.flask.werkzeug));
      } catch (error) {
        return { verdict: "bad-payload", reason: `${describeError(error)} (Flask answers 500)`, key };
      }
      const empty =
        value === null || value === false || value === 0 || value === "" || (Array.isArray(value) && value.length === 0);
      return {
        verdict: "valid",
        reason: empty ? `the payload is ${pyRepr(value)}: Flask opens an empty session` : null,
        key,
        session,
      };
    } catch (error) {
      if (error instanceof SignatureExpired) {
        const signed = error.dateSigned ? Math.floor(error.dateSigned.getTime() / 1000) : now;
        const age = now - signed;
        if (age < 0) return { verdict: "future", reason: `signed ${duration(age)} in the future (age ${age} < 0 seconds)`, key };
        const limit = maxAge ?? 0;
        return {
          verdict: "expired",
          reason: `signed ${duration(age)} ago, more than the max age of ${duration(limit)} (${age} > ${plural(limit, "second")})`,
          key,
        };
      }
      if (error instanceof BadPayload) return { verdict: "bad-payload", reason: describeError(error), key };
      if (!(error instanceof BadSignature)) throw error;
      if (isTimestampProblem(error))
        timestampProblem ??= { verdict: "bad-signature", reason: `${error.message} (the signature itself matches)`, key };
    }
  }
  if (timestampProblem) return timestampProblem;
  return {
    verdict: "bad-signature",
    reason: keys.length === 1 ? "the signature does not match the key" : `the signature matches none of the ${keys.length} keys`,
    key: null,
  };
}

const HEADLINES: Record<Verdict, [string, StyleName]> = {
  valid: ["VALID", "green"],
  expired: ["EXPIRED", "red"],
  future: ["SIGNED IN THE FUTURE", "red"],
  "bad-signature": ["BAD SIGNATURE", "red"],
  "bad-payload": ["BAD PAYLOAD", "red"],
};

function hintsFor(outcome: Outcome, inspection: Inspection, keys: readonly Key[], format: TokenFormat, now: number): string[] {
  if (outcome.verdict === "bad-signature" && outcome.key === null) return signatureHints(inspection, keys, format);
  if (outcome.verdict === "expired" || outcome.verdict === "future") return timeHints(inspection, format, now);
  // keys = [current, newest fallback, ...]: the newest fallback is the one Flask 3.1.0 signs with.
  if (format.mode === "flask" && format.flask.signingKey === "lastFallback" && keys.length > 1 && outcome.key === keys[1]) {
    return [
      `Flask ${format.flask.flask} signs with the last of SECRET_KEY_FALLBACKS (GHSA-4grg-w6v8-c28g, fixed in 3.1.1): ` +
        "this may be a cookie it wrote just now, not one from before the key changed",
    ];
  }
  return [];
}

/** The session to show: Flask's view of the inspected value (floats kept as floats), else the library's. */
function flaskView(inspection: Inspection, session: unknown, format: TokenFormat): unknown {
  if (!inspection.hasValue) return session;
  try {
    return sessionDict(inspection.value, werkzeugBehaviour(format.flask.werkzeug));
  } catch {
    return session;
  }
}

/**
 * Runs `verify`.
 *
 * @returns The exit status: 0 valid, 1 any other verdict.
 * @throws UsageError for a bad command line, input or key.
 * @example
 * ```ts
 * process.exitCode = runVerify(["--secret-file", "key", cookie], processIO());
 * ```
 */
export function runVerify(argv: readonly string[], io: CliIO): number {
  const args = parseCommand(argv, options);
  const format = tokenFormat(args);
  const nowText = args.string("now");
  const now = nowText === undefined ? io.now() : parseTime(nowText, "--now");
  const maxAgeText = args.string("max-age");
  const maxAge =
    maxAgeText !== undefined ? parseDuration(maxAgeText, "--max-age") : format.mode === "flask" ? FLASK_MAX_AGE : null;
  const current = requireCurrentKey(args, io);
  // itsdangerous tries the newest key first; fallbacks are given oldest first, as Flask's list.
  const keys = [current, ...fallbackKeys(args, io).reverse()];
  const cookie = extractCookie(readArgumentOrStdin(args.positionals, io, "a cookie"), args.string("cookie-name"));

  const inspection = inspectToken(cookie.value, format);
  const outcome = verdictOn(cookie.value, keys, format, now, maxAge);
  const hints = hintsFor(outcome, inspection, keys, format, now);
  // The key that matched signed the payload, even when it is too old or does not load.
  const authentic = outcome.key !== null;
  const shown = outcome.session !== undefined ? { value: flaskView(inspection, outcome.session, format) } : undefined;

  if (args.flag("json")) {
    io.stdout.write(
      jsonDocument({
        verdict: outcome.verdict,
        valid: outcome.verdict === "valid",
        // The payload is shown whatever the verdict; this says whether a key's signature matched.
        verified: authentic,
        reason: outcome.reason,
        key: outcome.key?.id ?? null,
        mode: format.mode,
        flaskVersion: format.mode === "flask" ? format.flask.flask : null,
        maxAge,
        now,
        cookieName: cookie.name,
        ...inspectionJSON(inspection, now, shown),
        hints,
      }),
    );
    return outcome.verdict === "valid" ? 0 : 1;
  }

  const style = new Style(io.stdout.color && !args.flag("no-color"));
  const [headline, color] = HEADLINES[outcome.verdict];
  const reason = outcome.reason ?? (outcome.key ? `signed with ${outcome.key.label}` : "");
  io.stdout.write(`${style.paint(headline, color, "bold")}  ${oneLine(reason)}\n`);
  const rows: [string, string][] = [];
  if (outcome.key && outcome.reason !== null) rows.push(["key", outcome.key.label]);
  rows.push(...inspectionRows(inspection, format, now, style, { verified: authentic, showSignature: false, ...shown }));
  if (maxAge !== null) rows.push(["max age", `${duration(maxAge)} (${plural(maxAge, "second")})`]);
  for (const hint of hints) rows.push(["hint", oneLine(hint)]);
  io.stdout.write(fieldLines(style, rows));
  return outcome.verdict === "valid" ? 0 : 1;
}
