/**
 * A token taken apart WITHOUT checking its signature: payload, timestamp and signature, whether
 * the payload was compressed, and its value. What `decode` shows, and what `verify` shows once
 * the signature is known to be good. Nothing here says the token is valid.
 * @module
 */
import { base64Decode, bytesToInt } from "../encoding.js";
import { BadPayload } from "../errors.js";
import { decodeUtf8, encodeUtf8 } from "../lib/bytes.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { loadURLSafePayload } from "../url-safe.js";
import { MAX_TIMESTAMP } from "./args.js";
import { loadKeepingFloats } from "./py-float.js";
import { type TokenFormat, fromTokenTime } from "./token-format.js";

/** A token's parts, read without a key: UNVERIFIED. */
export interface Inspection {
  /** Why the token could not be split at all (it has no `.`), else `null`. */
  readonly structureError: string | null;
  /** The signed part (`payload.timestamp`), as bytes: what the signature covers. */
  readonly signedPart: Uint8Array;
  /** The signature field as written. */
  readonly signature: string;
  /** The signature's length in bytes (20 for SHA-1), or `null` when it is not base64. */
  readonly signatureLength: number | null;
  /** When it claims it was signed, in Unix seconds, or `null`. */
  readonly timestamp: number | null;
  /** Why the timestamp could not be read, else `null`. */
  readonly timestampError: string | null;
  /** Whether the payload is marked compressed (a leading `.`). */
  readonly compressed: boolean;
  /** The payload's JSON text, or `null` when it could not be decoded that far. */
  readonly json: string | null;
  /** Whether {@link Inspection.value} holds the payload's value. */
  readonly hasValue: boolean;
  /** The payload's value (integral floats as `PyFloat`), when `hasValue`. */
  readonly value: unknown;
  /** Why the payload could not be read, else `null`. */
  readonly payloadError: string | null;
}

function lastDot(text: string): [string, string] | null {
  const at = text.lastIndexOf(".");
  return at === -1 ? null : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * An error and its cause, in one line of words (the library's messages never hold secrets).
 *
 * @example
 * ```ts
 * describeError(new BadPayload("Could not load the payload.", new RangeError("bad UUID"))); // "Could not load the payload: bad UUID"
 * ```
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error instanceof BadPayload ? error.originalError : error.cause;
  return cause instanceof Error && cause.message && cause.message !== error.message
    ? `${error.message.replace(/\.$/, "")}: ${cause.message}`
    : error.message;
}

function readTimestamp(field: string, format: TokenFormat): { timestamp: number | null; error: string | null } {
  let value: bigint;
  try {
    // As TimestampSigner.unsign reads it: the field's UTF-8 bytes, base64 (leniently), big-endian.
    value = bytesToInt(base64Decode(encodeUtf8(field)));
  } catch {
    return { timestamp: null, error: "Malformed timestamp (not a base64 number of at most 8 bytes)" };
  }
  const seconds = fromTokenTime(Number(value), format);
  if (seconds > MAX_TIMESTAMP) return { timestamp: seconds, error: "Malformed timestamp (after the year 9999)" };
  return { timestamp: seconds, error: null };
}

/**
 * `token` taken apart without a key.
 *
 * @example
 * ```ts
 * const parts = inspectToken(cookie, format);
 * parts.compressed; parts.timestamp; parts.value; // all UNVERIFIED
 * ```
 */
export function inspectToken(token: string, format: TokenFormat): Inspection {
  const split = lastDot(token);
  if (split === null) {
    return {
      structureError: "it has no '.', so it is not a signed token",
      signedPart: new Uint8Array(0),
      signature: "",
      signatureLength: null,
      timestamp: null,
      timestampError: null,
      compressed: false,
      json: null,
      hasValue: false,
      value: null,
      payloadError: null,
    };
  }
  const [signed, signature] = split;
  let signatureLength: number | null;
  try {
    signatureLength = base64Decode(encodeUtf8(signature)).length;
  } catch {
    signatureLength = null;
  }
  const withTimestamp = lastDot(signed);
  const payload = withTimestamp ? withTimestamp[0] : signed;
  const { timestamp, error: timestampError } = withTimestamp
    ? readTimestamp(withTimestamp[1], format)
    : { timestamp: null, error: "timestamp missing (the token has only one '.')" };

  let json: string | null = null;
  let value: unknown = null;
  let hasValue = false;
  let payloadError: string | null = null;
  try {
    const bytes = loadURLSafePayload(encodeUtf8(payload), DEFAULT_LIMITS, (data) => data) as Uint8Array;
    try {
      json = decodeUtf8(bytes);
    } catch {
      throw new BadPayload("The payload is not UTF-8 text");
    }
    value = loadKeepingFloats(json, format);
    hasValue = true;
  } catch (error) {
    payloadError = json === null ? describeError(error) : `the JSON could not be loaded: ${describeError(error)}`;
  }
  return {
    structureError: null,
    signedPart: encodeUtf8(signed),
    signature,
    signatureLength,
    timestamp,
    timestampError,
    compressed: payload.startsWith("."),
    json,
    hasValue,
    value,
    payloadError,
  };
}
