/**
 * itsdangerous' `url_safe` module: serializers whose tokens hold only `A-Z a-z 0-9 - _ .`, with
 * the payload zlib-compressed when that makes it shorter (then prefixed with `.`).
 *
 * Python adds this as a mixin (`URLSafeSerializerMixin`); here both classes override
 * `loadPayload` / `dumpPayload` with the two functions below, with the serializer's {@link Zlib}.
 * @module
 */
import { BadPayload } from "./errors.js";
import { base64UrlInto, base64UrlLength, decodePadded } from "./encoding.js";
import { PortedZlib, type Zlib } from "./compress.js";
import type { Limits } from "./limits.js";
import { Serializer, compactJSON, type PayloadSerializer } from "./serializer.js";
import { TimedSerializer, TimestampSigner } from "./timed.js";
import type { Signer } from "./signer.js";
import type { Slab } from "./lib/slab.js";

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
  zlib: Zlib = new PortedZlib(),
  slab?: Slab,
): unknown {
  const decompress = payload[0] === DOT;
  let json: Uint8Array;
  try {
    json = decodePadded(decompress ? payload.subarray(1) : payload, slab && ((size) => slab.take(size)));
  } catch (error) {
    throw new BadPayload("Could not base64 decode the payload because of an exception", error);
  }
  if (decompress) {
    try {
      json = zlib.decompress(json, limits.maxDecompressedSize);
      // A Zlib of the caller's own may not bound its output: bound what it gave.
      if (json.length > limits.maxDecompressedSize) throw new RangeError("The payload decompresses beyond maxDecompressedSize");
    } catch (error) {
      throw new BadPayload("Could not zlib decompress the payload before decoding the payload", error);
    }
  }
  return load(json);
}

/**
 * Encodes payload bytes URL-safely: zlib-compressed when the result is shorter than
 * `length - 1` (then prefixed with `.`), base64 without padding.
 * @internal
 */
export function dumpURLSafePayload(json: Uint8Array, zlib: Zlib, slab: Slab): Uint8Array {
  const compressed = zlib.compress(json, json.length - 1);
  const shorter = compressed !== null && compressed.length < json.length - 1;
  const data = shorter ? compressed : json;
  const start = shorter ? 1 : 0;
  const out = slab.take(start + base64UrlLength(data.length));
  if (shorter) out[0] = DOT;
  base64UrlInto(data, out, start);
  return out;
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
export class URLSafeSerializer<S extends Signer = Signer, Out extends string | Uint8Array = string> extends Serializer<S, Out> {
  static override defaultSerializer: PayloadSerializer = compactJSON;

  override loadPayload(payload: Uint8Array, serializer?: PayloadSerializer): unknown {
    return loadURLSafePayload(payload, this.limits, (json) => super.loadPayload(json, serializer), this.zlib, this.slab);
  }

  override dumpPayload(obj: unknown): Uint8Array {
    return dumpURLSafePayload(super.dumpPayload(obj), this.zlib, this.slab);
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
export class URLSafeTimedSerializer<
  S extends TimestampSigner = TimestampSigner,
  Out extends string | Uint8Array = string,
> extends TimedSerializer<S, Out> {
  static override defaultSerializer: PayloadSerializer = compactJSON;

  override loadPayload(payload: Uint8Array, serializer?: PayloadSerializer): unknown {
    return loadURLSafePayload(payload, this.limits, (json) => super.loadPayload(json, serializer), this.zlib, this.slab);
  }

  override dumpPayload(obj: unknown): Uint8Array {
    return dumpURLSafePayload(super.dumpPayload(obj), this.zlib, this.slab);
  }
}
