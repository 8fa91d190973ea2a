/**
 * `flask-session-cookie sign [<json>]`: a cookie (or itsdangerous token) the app accepts, for a
 * test or a reproduction, from JSON given as an argument, a file or stdin; `--timestamp` makes
 * the output reproducible.
 * @module
 */
import { decodeUtf8 } from "../lib/bytes.js";
import { type OptionSpecs, outputOptions, parseCommand, parseTime, UsageError } from "./args.js";
import type { CommandHelp } from "./help.js";
import { readArgumentOrStdin } from "./input.js";
import { describeError } from "./inspect.js";
import type { CliIO } from "./io.js";
import { LEGACY_EPOCH } from "./legacy.js";
import { jsonDocument } from "./output.js";
import { isoTime } from "./pretty.js";
import { fallbackKeys, fallbackOptions, type Key, requireCurrentKey, SECRET_ENV, secretOptions } from "./secrets.js";
import { readValueToSign } from "./tagged-input.js";
import { dumpKeepingFloats } from "./py-float.js";
import {
  formatOptions,
  makeSerializer,
  payloadSerializer,
  signatureOptions,
  type TokenFormat,
  tokenFormat,
} from "./token-format.js";

/** The size above which Werkzeug warns and browsers may drop a cookie. */
const MAX_COOKIE_SIZE = 4093;

const options = {
  ...secretOptions,
  ...fallbackOptions,
  file: { type: "string", value: "PATH", help: "read the JSON from a file" },
  timestamp: {
    type: "string",
    value: "TIME",
    help: "the signing time (seconds or ISO 8601; default: now), for reproducible output",
  },
  ...formatOptions,
  ...signatureOptions,
  ...outputOptions,
} as const satisfies OptionSpecs;

/** `sign --help`. */
export const signHelp: CommandHelp = {
  usage: ["sign [options] '<json>'", "sign [options] --file session.json", "sign [options] < session.json"],
  summary: "issue a cookie (or itsdangerous token) that the app accepts, from JSON",
  details: [
    "The JSON is the session (a JSON object). Python's types are written in Flask's own tagged form,\n" +
      "which 'decode --json' also prints, so a decoded session can be edited and signed again:\n" +
      '  tuple     {" t": ["a", 1]}\n' +
      '  bytes     {" b": "AAEC"}                              standard base64, padded\n' +
      '  Markup    {" m": "<b>hi</b>"}\n' +
      '  UUID      {" u": "12345678123456781234567812345678"}\n' +
      '  datetime  {" d": "Wed, 21 Oct 2015 07:28:00 GMT"}     UTC, whole seconds\n' +
      "  int       1234567890123456789                         any size, exact\n" +
      "  float     3.0                                         a '.' or an exponent keeps it a float\n" +
      "Tags are checked strictly: a bad one is an error that says where it is. With --itsdangerous\n" +
      "the JSON is any value, signed as plain JSON.",
    `The key comes from --secret-file, --secret or ${SECRET_ENV}; the cookie goes to stdout alone.\n` +
      "Flask signs with SECRET_KEY; with --flask-version 3.1.0 and fallback keys (--fallback-secret,\n" +
      "--fallback-secret-file, oldest first, as SECRET_KEY_FALLBACKS) the last fallback signs, as\n" +
      "Flask 3.1.0 does (GHSA-4grg-w6v8-c28g), and a note on stderr says so.",
  ],
  options,
  exitStatuses: { 0: "signed" },
  examples: [
    "# a logged-in session with a flashed message, for a test",
    `flask-session-cookie sign --secret-file ./secret_key '{"_user_id": "42", "_flashes": [{" t": ["message", "Hi"]}]}'`,
    "# the same bytes every time",
    "flask-session-cookie sign --secret-file ./secret_key --timestamp 2024-05-01T12:00:00Z --file session.json",
    "# edit a session and sign it again",
    'flask-session-cookie decode --json "$COOKIE" | jq \'.payload | .theme = "dark"\' | flask-session-cookie sign --secret-file ./secret_key',
    "# the cookie a Flask 3.1.0 app with SECRET_KEY_FALLBACKS writes (signed with its last fallback)",
    'flask-session-cookie sign --flask-version 3.1.0 --secret-file ./new_key --fallback-secret-file ./old_key \'{"user": "alice"}\'',
    "# an itsdangerous token, e.g. a password-reset link",
    `${SECRET_ENV}=... flask-session-cookie sign --itsdangerous --salt password-reset '{"user_id": 42}'`,
  ],
};

/**
 * The key the app signs with: its current key, except that Flask 3.1.0 signs with the last of
 * its fallbacks (a note on stderr says so).
 */
function signingKey(format: TokenFormat, current: Key, fallbacks: readonly Key[], io: CliIO): Key {
  if (format.mode !== "flask" || format.flask.signingKey !== "lastFallback" || fallbacks.length === 0) return current;
  const last = fallbacks[fallbacks.length - 1]!;
  io.stderr.write(
    `note: Flask ${format.flask.flask} signs with the last of SECRET_KEY_FALLBACKS, not SECRET_KEY ` +
      `(GHSA-4grg-w6v8-c28g, fixed in 3.1.1): signed with ${last.label}\n`,
  );
  return last;
}

/**
 * Runs `sign`.
 *
 * @returns The exit status: 0.
 * @throws UsageError for a bad command line, key or value.
 * @example
 * ```ts
 * process.exitCode = runSign(["--secret-file", "key", '{"user": "alice"}'], processIO());
 * ```
 */
export function runSign(argv: readonly string[], io: CliIO): number {
  const args = parseCommand(argv, options);
  const format = tokenFormat(args);
  const timestampText = args.string("timestamp");
  const timestamp = timestampText === undefined ? io.now() : parseTime(timestampText, "--timestamp");
  if (format.legacy && timestamp < LEGACY_EPOCH) {
    throw new UsageError("--legacy-timestamp cannot sign before 2011-01-01 (its epoch)");
  }
  const key = signingKey(format, requireCurrentKey(args, io), fallbackKeys(args, io), io);
  const file = args.string("file");
  let text: string;
  if (file !== undefined) {
    if (args.positionals.length > 0) throw new UsageError("give the JSON as an argument or with --file, not both");
    try {
      text = decodeUtf8(io.readFile(file));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new UsageError(`cannot read the file given to --file${typeof code === "string" ? ` (${code})` : " as UTF-8 text"}`);
    }
  } else {
    text = readArgumentOrStdin(args.positionals, io, "a JSON value");
  }
  const value = readValueToSign(text, format);
  let token: string;
  try {
    const base = payloadSerializer(format);
    const serializer = { dumps: (obj: unknown) => dumpKeepingFloats(obj, format), loads: base.loads.bind(base) };
    token = makeSerializer(key.bytes, format, timestamp, serializer).dumps(value);
  } catch (error) {
    throw new UsageError(`cannot sign this value: ${describeError(error)}`);
  }

  const size = new TextEncoder().encode(`session=${token}`).length;
  if (format.mode === "flask" && size > MAX_COOKIE_SIZE) {
    io.stderr.write(`warning: the cookie is ${size} bytes; browsers drop cookies over ${MAX_COOKIE_SIZE} bytes\n`);
  }
  if (args.flag("json")) {
    io.stdout.write(
      jsonDocument({
        cookie: token,
        mode: format.mode,
        flaskVersion: format.mode === "flask" ? format.flask.flask : null,
        key: key.id,
        timestamp,
        signedAt: isoTime(timestamp),
        compressed: token.startsWith("."),
      }),
    );
  } else {
    io.stdout.write(`${token}\n`);
  }
  return 0;
}
