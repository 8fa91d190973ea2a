/**
 * Which kind of token the user has: a Flask session cookie (Flask's settings, for the Flask
 * release `--flask-version` names) or a plain itsdangerous `URLSafeTimedSerializer` token (its
 * defaults), each adjustable with `--salt`, `--key-derivation`, `--digest` and
 * `--legacy-timestamp`; and the serializer that signs and verifies such tokens, on a given clock.
 * @module
 */
import type { DigestName } from "../crypto.js";
import type { KeyDerivation } from "../signer.js";
import { compactJSON, type PayloadSerializer } from "../serializer.js";
import { TimestampSigner } from "../timed.js";
import { URLSafeTimedSerializer } from "../url-safe.js";
import { TaggedJSONSerializer } from "../flask/tag.js";
import { type FlaskBehaviour, VERIFIED_FLASK_VERSIONS, flaskBehaviour } from "../flask/versions.js";
import { type OptionSpecs, type ParsedArgs, UsageError, parseChoice } from "./args.js";
import { LEGACY_EPOCH, LegacyTimestampSigner } from "./legacy.js";

const DERIVATIONS: readonly KeyDerivation[] = ["hmac", "django-concat", "concat", "none"];
const DIGESTS: readonly DigestName[] = ["sha1", "sha224", "sha256", "sha384", "sha512"];

/** The options that say which kind of token it is. */
export const formatOptions = {
  itsdangerous: {
    type: "boolean",
    help: "a plain itsdangerous token (URLSafeTimedSerializer defaults: salt 'itsdangerous', django-concat, plain JSON), e.g. a password-reset link",
  },
  "legacy-timestamp": { type: "boolean", help: "timestamps of itsdangerous < 1.0 (seconds since 2011-01-01)" },
  "flask-version": {
    type: "string",
    value: "VERSION",
    help:
      `the app's Flask: 2.2, 2.3, 3.0, 3.1 (default) or a release such as 3.1.0; verified against ${VERIFIED_FLASK_VERSIONS.join(", ")}. ` +
      "It decides how tags are read (a duplicate key's dropped value up to 3.0.0) and which key signs with fallbacks (3.1.0: the last fallback)",
  },
} as const satisfies OptionSpecs;

/** The options that only change the signature. */
export const signatureOptions = {
  salt: { type: "string", value: "SALT", help: "the salt (Flask: cookie-session; itsdangerous: itsdangerous)" },
  "key-derivation": { type: "string", value: "KD", help: `${DERIVATIONS.join(", ")} (Flask: hmac; itsdangerous: django-concat)` },
  digest: { type: "string", value: "HASH", help: `${DIGESTS.join(", ")} (default sha1)` },
} as const satisfies OptionSpecs;

/** Everything that decides how a token is written and read, except the keys and the clock. */
export interface TokenFormat {
  /** A Flask session (tagged JSON) or a plain itsdangerous token (plain JSON). */
  readonly mode: "flask" | "itsdangerous";
  /** The salt. */
  readonly salt: string;
  /** The key derivation. */
  readonly keyDerivation: KeyDerivation;
  /** The digest. */
  readonly digest: DigestName;
  /** Whether timestamps count from 2011 (itsdangerous < 1.0). */
  readonly legacy: boolean;
  /** What the app's Flask (`--flask-version`) does where versions differ. */
  readonly flask: FlaskBehaviour;
}

/** The Flask release `--flask-version` names (default the newest). */
function flaskOf(args: ParsedArgs): FlaskBehaviour {
  try {
    return flaskBehaviour(args.string("flask-version"));
  } catch {
    throw new UsageError("--flask-version takes a Flask release line (2.2, 2.3, 3.0, 3.1) or a release of one, such as 3.1.0");
  }
}

/**
 * The token format the options describe, with Flask's settings or itsdangerous' defaults for
 * what they leave out.
 *
 * @throws UsageError for an unknown key derivation or digest.
 * @example
 * ```ts
 * tokenFormat(args); // { mode: "flask", salt: "cookie-session", keyDerivation: "hmac", digest: "sha1", legacy: false, flask: {...} }
 * ```
 */
export function tokenFormat(args: ParsedArgs): TokenFormat {
  const mode = args.flag("itsdangerous") ? "itsdangerous" : "flask";
  const kd = args.string("key-derivation");
  const digest = args.string("digest");
  return {
    mode,
    salt: args.string("salt") ?? (mode === "flask" ? "cookie-session" : "itsdangerous"),
    keyDerivation:
      kd === undefined ? (mode === "flask" ? "hmac" : "django-concat") : parseChoice(kd, DERIVATIONS, "--key-derivation"),
    digest: digest === undefined ? "sha1" : parseChoice(digest, DIGESTS, "--digest"),
    legacy: args.flag("legacy-timestamp"),
    flask: flaskOf(args),
  };
}

/** All the key derivations and digests, for trying other settings (see `diagnose.ts`). */
export const ALL_DERIVATIONS = DERIVATIONS;
/** All the digests. */
export const ALL_DIGESTS = DIGESTS;

/**
 * The payload serializer of a format: Flask's tagged JSON or itsdangerous' compact JSON.
 *
 * @example
 * ```ts
 * payloadSerializer(format).loads('{" t":[1,2]}'); // Tuple [1, 2] in Flask mode
 * ```
 */
export function payloadSerializer(format: TokenFormat): PayloadSerializer<string> {
  return format.mode === "flask" ? new TaggedJSONSerializer({ flaskVersion: format.flask.flask }) : compactJSON;
}

/**
 * Unix seconds to the value a token holds (legacy tokens count from 2011).
 *
 * @example
 * ```ts
 * toTokenTime(1700000000, { ...format, legacy: true }); // 406160000
 * ```
 */
export function toTokenTime(unixSeconds: number, format: TokenFormat): number {
  return format.legacy ? unixSeconds - LEGACY_EPOCH : unixSeconds;
}

/**
 * A token's time to Unix seconds.
 *
 * @example
 * ```ts
 * fromTokenTime(406160000, { ...format, legacy: true }); // 1700000000
 * ```
 */
export function fromTokenTime(tokenSeconds: number, format: TokenFormat): number {
  return format.legacy ? tokenSeconds + LEGACY_EPOCH : tokenSeconds;
}

/**
 * The serializer for `format` with one key, whose clock says `now` (Unix seconds): what Flask's
 * `SecureCookieSessionInterface.get_signing_serializer` builds (in Flask mode), or
 * `URLSafeTimedSerializer(key, salt=...)`. `serializer` replaces the format's payload serializer.
 *
 * @example
 * ```ts
 * makeSerializer(key, format, 1700000000).dumps({ user: "alice" });
 * ```
 */
export function makeSerializer(
  secret: Uint8Array,
  format: TokenFormat,
  now: number,
  serializer: PayloadSerializer<string> = payloadSerializer(format),
): URLSafeTimedSerializer {
  const tokenNow = toTokenTime(now, format);
  const base = format.legacy ? LegacyTimestampSigner : TimestampSigner;
  const signer = class FixedClockSigner extends base {
    override getTimestamp(): number {
      return tokenNow;
    }
  };
  return new URLSafeTimedSerializer(secret, {
    salt: format.salt,
    serializer,
    signer,
    signerKwargs: { keyDerivation: format.keyDerivation, digestMethod: format.digest },
  });
}
