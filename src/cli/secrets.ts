/**
 * The app's secret keys, from `--secret`, `--secret-file` or the `FLASK_SECRET_KEY` environment
 * variable, and older keys from `--fallback-secret` / `--fallback-secret-file`.
 *
 * A secret is only ever used as key material: no message, label or output holds it or anything
 * derived from it. Keys are named by where they came from ("the current key (--secret-file)").
 * @module
 */
import { encodeUtf8 } from "../lib/bytes.js";
import { a2bBase64 } from "../encoding.js";
import { type ParsedArgs, type OptionSpecs, UsageError, parseChoice } from "./args.js";
import type { CliIO } from "./io.js";

/** The environment variable read when neither `--secret` nor `--secret-file` is given. */
export const SECRET_ENV = "FLASK_SECRET_KEY";

/** How a secret given as text becomes bytes. */
export type SecretEncoding = "utf8" | "hex" | "base64";
const ENCODINGS: readonly SecretEncoding[] = ["utf8", "hex", "base64"];

/** The options that give the current key. */
export const secretOptions = {
  secret: {
    type: "string",
    value: "KEY",
    help: `the app's SECRET_KEY (prefer --secret-file or ${SECRET_ENV}: shell history keeps arguments)`,
  },
  "secret-file": { type: "string", value: "PATH", help: "read SECRET_KEY from a file (one trailing newline is ignored)" },
  "secret-encoding": {
    type: "string",
    value: "ENC",
    help: "how every secret is written: utf8 (default), hex or base64, for a bytes key such as os.urandom(24)",
  },
} as const satisfies OptionSpecs;

/** The options that give older keys, still accepted (Flask's SECRET_KEY_FALLBACKS). */
export const fallbackOptions = {
  "fallback-secret": {
    type: "string",
    value: "KEY",
    multiple: true,
    help: "an older key that still verifies (SECRET_KEY_FALLBACKS)",
  },
  "fallback-secret-file": { type: "string", value: "PATH", multiple: true, help: "read an older key from a file" },
} as const satisfies OptionSpecs;

/** A secret key and a name for it that is safe to print. */
export interface Key {
  /** The key. */
  readonly bytes: Uint8Array;
  /** Stable id for `--json`: `"current"`, `"fallback-1"`, ... */
  readonly id: string;
  /** For people: "the current key (--secret-file)". */
  readonly label: string;
}

function encodingOf(args: ParsedArgs): SecretEncoding {
  const text = args.string("secret-encoding");
  return text === undefined ? "utf8" : parseChoice(text, ENCODINGS, "--secret-encoding");
}

/** One trailing newline ("\n" or "\r\n") off the end of a file's bytes. */
function chompNewline(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) end--;
  if (end < bytes.length && bytes[end - 1] === 0x0d) end--;
  return bytes.subarray(0, end);
}

function readSecretFile(io: CliIO, path: string, option: string): Uint8Array {
  try {
    return chompNewline(io.readFile(path));
  } catch (error) {
    // The path is not repeated: someone may have given the secret itself instead of a path.
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`cannot read the file given to ${option}${typeof code === "string" ? ` (${code})` : ""}`);
  }
}

function decodeSecret(raw: Uint8Array, encoding: SecretEncoding, source: string): Uint8Array {
  let bytes = raw;
  if (encoding !== "utf8") {
    const text = new TextDecoder().decode(raw).replace(/\s+/g, "");
    if (encoding === "hex") {
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new UsageError(`the key from ${source} is not hex (--secret-encoding hex)`);
      bytes = Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
    } else {
      if (!/^[A-Za-z0-9+/\-_]*={0,2}$/.test(text) || text.replace(/=+$/, "").length % 4 === 1) {
        throw new UsageError(`the key from ${source} is not base64 (--secret-encoding base64)`);
      }
      const padded = text.replace(/=+$/, "");
      bytes = a2bBase64(encodeUtf8(padded + "=".repeat((4 - (padded.length % 4)) % 4)), true).slice();
    }
  }
  if (bytes.length === 0) throw new UsageError(`the key from ${source} is empty`);
  return bytes;
}

/**
 * The current key: `--secret` or `--secret-file` (not both), else `$FLASK_SECRET_KEY`, else
 * `null`.
 *
 * @throws UsageError when both options are given, a file cannot be read, or the key is empty or
 *   not in the declared encoding.
 * @example
 * ```ts
 * const key = currentKey(args, io); // { bytes, id: "current", label: "the current key (FLASK_SECRET_KEY)" }
 * ```
 */
export function currentKey(args: ParsedArgs, io: CliIO): Key | null {
  const encoding = encodingOf(args);
  const fromArg = args.string("secret");
  const file = args.string("secret-file");
  if (fromArg !== undefined && file !== undefined) throw new UsageError("give --secret or --secret-file, not both");
  let raw: Uint8Array;
  let source: string;
  if (fromArg !== undefined) {
    raw = encodeUtf8(fromArg);
    source = "--secret";
  } else if (file !== undefined) {
    raw = readSecretFile(io, file, "--secret-file");
    source = "--secret-file";
  } else {
    const env = io.env[SECRET_ENV];
    if (!env) return null;
    raw = encodeUtf8(env);
    source = SECRET_ENV;
  }
  return { bytes: decodeSecret(raw, encoding, source), id: "current", label: `the current key (${source})` };
}

/**
 * The current key, required.
 *
 * @throws UsageError when there is none.
 * @example
 * ```ts
 * makeSerializer(requireCurrentKey(args, io).bytes, format, now);
 * ```
 */
export function requireCurrentKey(args: ParsedArgs, io: CliIO): Key {
  const key = currentKey(args, io);
  if (!key) throw new UsageError(`no secret key: give --secret-file, --secret, or set ${SECRET_ENV}`);
  return key;
}

/**
 * The fallback keys in command-line order (`--fallback-secret` and `--fallback-secret-file`
 * mixed), numbered from 1.
 *
 * @example
 * ```ts
 * fallbackKeys(args, io).map((key) => key.label); // ["fallback key #1 (--fallback-secret)"]
 * ```
 */
export function fallbackKeys(args: ParsedArgs, io: CliIO): Key[] {
  const encoding = encodingOf(args);
  return args.ordered(["fallback-secret", "fallback-secret-file"]).map(({ option, value }, i) => {
    const source = `--${option}`;
    const raw = option === "fallback-secret" ? encodeUtf8(value) : readSecretFile(io, value, source);
    const label = `fallback key #${i + 1} (${source})`;
    return { bytes: decodeSecret(raw, encoding, label), id: `fallback-${i + 1}`, label };
  });
}
