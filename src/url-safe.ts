/**
 * itsdangerous' `url_safe` module: serializers whose tokens hold only `A-Z a-z 0-9 - _ .`, with
 * the payload zlib-compressed when that makes it shorter (then prefixed with `.`).
 *
 * Python adds this as a mixin (`URLSafeSerializerMixin`); here both classes override
 * `loadPayload` / `dumpPayload` with the two functions below.
 * @module
 */
import { BadPayload } from "./errors.js";
import { base64UrlBytes, base64UrlInto, base64UrlLength, decodePadded, decodePaddedTransient } from "./encoding.js";
import { zlibCompressShorterThan, zlibDecompress, zlibDecompressTransient } from "./compress.js";
import type { Limits } from "./limits.js";
import {
  PAYLOAD_DUMPED_TRANSIENTLY,
  PAYLOAD_READ_DURING_CALL,
  Serializer,
  compactJSON,
  transientUtf8,
  type PayloadSerializer,
} from "./serializer.js";
import { TimedSerializer, TimestampSigner } from "./timed.js";
import type { Signer } from "./signer.js";

const DOT = 0x2e;

/**
 * Decodes a URL-safe payload: strips the `.` that marks compression, base64-decodes,
 * decompresses (bounded by `limits.maxDecompressedSize`), then hands the bytes to `load`.
 * @internal
 */
export function loadURLSafePayload(
  payload: Uint8Array,
  limits: Readonly<Limits>,
  load: (json: Uint8Array) => unknown,
  consumedAtOnce = false,
): unknown {
  const decompress = payload[0] === DOT;
  let json: Uint8Array;
  try {
    // The compressed bytes only feed inflate: they need no array of their own. Nor does the JSON
    // when `load` decodes it to text at once (a text serializer).
    const base64 = decompress ? payload.subarray(1) : payload;
    json = decompress || consumedAtOnce ? decodePaddedTransient(base64) : decodePadded(base64);
  } catch (error) {
    throw new BadPayload("Could not base64 decode the payload because of an exception", error);
  }
  if (decompress) {
    try {
      json = consumedAtOnce
        ? zlibDecompressTransient(json, limits.maxDecompressedSize)
        : zlibDecompress(json, limits.maxDecompressedSize);
    } catch (error) {
      throw new BadPayload("Could not zlib decompress the payload before decoding the payload", error);
    }
  }
  return load(json);
}

/**
 * Encodes payload bytes URL-safely: zlib-compressed when the result is shorter than
 * `length - 1` (then prefixed with `.`), base64 without padding. With `transient`, as a view of
 * a buffer that the next such call overwrites (only `dumps` makes these calls).
 * @internal
 */
export function dumpURLSafePayload(json: Uint8Array, transient = false): Uint8Array {
  // The compressed bytes are base64-encoded at once: they may stay in zlib's buffer.
  const compressed = zlibCompressShorterThan(json, json.length - 1);
  const data = compressed ?? json;
  const start = compressed === null ? 0 : 1;
  const length = start + base64UrlLength(data.length);
  if (!transient || length > MAX_TRANSIENT_PAYLOAD) return base64UrlBytes(data, compressed === null ? null : DOT_PREFIX);
  if (payloadScratch.length < length) payloadScratch = new Uint8Array(length * 2);
  if (start === 1) payloadScratch[0] = DOT;
  return payloadScratch.subarray(0, base64UrlInto(data, payloadScratch, start));
}

const DOT_PREFIX = Uint8Array.of(DOT);

/** Most bytes a payload built in the reused buffer may have; longer ones get an array of their own. */
const MAX_TRANSIENT_PAYLOAD = 1 << 20;

/** Where `dumpPayloadTransient` builds payloads (only `dumps` uses it, see serializer.ts). */
let payloadScratch = new Uint8Array(4096);

/** {@link dumpURLSafePayload} of what the payload serializer wrote. */
function dumpSerialized(out: string | Uint8Array, transient: boolean): Uint8Array {
  // The JSON's bytes only feed zlib and base64: they need no array of their own.
  return dumpURLSafePayload(typeof out === "string" ? transientUtf8(out) : out, transient);
}

/**
 * A {@link Serializer} with URL-safe tokens and compact JSON (Python:
 * `itsdangerous.URLSafeSerializer`).
 *
 * @example
 * ```ts
 * const s = new URLSafeSerializer("secret-key", { salt: "unsubscribe" });
 * const token = s.dumps({ list: 7, user: 42 });   // "eyJsaXN0Ijo3LCJ1c2VyIjo0Mn0.<signature>"
 * s.loads(token);                                  // { list: 7, user: 42 }
 * ```
 */
export class URLSafeSerializer<S extends Signer = Signer> extends Serializer<S> {
  static override defaultSerializer: PayloadSerializer = compactJSON;

  override loadPayload(payload: Uint8Array, serializer?: PayloadSerializer): unknown {
    // Serializer.loadPayload decodes the bytes to text before anything else when the serializer
    // is a text serializer: then they may live in a reused buffer.
    const atOnce = serializer === undefined && this.isTextSerializer;
    return loadURLSafePayload(payload, this.limits, (json) => super.loadPayload(json, serializer), atOnce);
  }

  override dumpPayload(obj: unknown): Uint8Array {
    return dumpSerialized(this.serializePayload(obj), false);
  }

  protected override dumpPayloadTransient(obj: unknown): Uint8Array {
    return dumpSerialized(this.serializePayload(obj), true);
  }
}

/**
 * A {@link TimedSerializer} with URL-safe tokens and compact JSON (Python:
 * `itsdangerous.URLSafeTimedSerializer`): what Flask signs its session cookie with.
 *
 * @example
 * ```ts
 * const s = new URLSafeTimedSerializer("secret-key", { salt: "password-reset" });
 * const token = s.dumps({ user: 42 });
 * s.loads(token, { maxAge: 3600 }); // { user: 42 }, or SignatureExpired after an hour
 * ```
 */
export class URLSafeTimedSerializer<S extends TimestampSigner = TimestampSigner> extends TimedSerializer<S> {
  static override defaultSerializer: PayloadSerializer = compactJSON;

  override loadPayload(payload: Uint8Array, serializer?: PayloadSerializer): unknown {
    // Serializer.loadPayload decodes the bytes to text before anything else when the serializer
    // is a text serializer: then they may live in a reused buffer.
    const atOnce = serializer === undefined && this.isTextSerializer;
    return loadURLSafePayload(payload, this.limits, (json) => super.loadPayload(json, serializer), atOnce);
  }

  override dumpPayload(obj: unknown): Uint8Array {
    return dumpSerialized(this.serializePayload(obj), false);
  }

  protected override dumpPayloadTransient(obj: unknown): Uint8Array {
    return dumpSerialized(this.serializePayload(obj), true);
  }
}

// Both read the payload only during the call (into base64's output), whatever the serializer.
PAYLOAD_READ_DURING_CALL.add(URLSafeSerializer.prototype.loadPayload);
PAYLOAD_READ_DURING_CALL.add(URLSafeTimedSerializer.prototype.loadPayload);
// Both have a dumpPayloadTransient with dumpPayload's bytes.
PAYLOAD_DUMPED_TRANSIENTLY.add(URLSafeSerializer.prototype.dumpPayload);
PAYLOAD_DUMPED_TRANSIENTLY.add(URLSafeTimedSerializer.prototype.dumpPayload);
