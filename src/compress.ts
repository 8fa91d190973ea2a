/**
 * zlib as itsdangerous uses it: `zlib.compress(data)` (level 6, 32 KiB window, RFC 1950 wrapper),
 * byte-identical to CPython's zlib (our port of its deflate, `zlib/deflate.ts`, and beyond 65,000
 * bytes pako's with `legacyHash`), and `zlib.decompress(data)` (our own decoder, `zlib/inflate.ts`)
 * with a bound on the output so a small token cannot expand into gigabytes.
 * @module
 */
import { deflate as pakoDeflate } from "pako";
import { zlibSizeAtLeast } from "./zlib/bound.js";
import { deflateTransient, MAX_ONE_SHOT } from "./zlib/deflate.js";
import { inflateZlib } from "./zlib/inflate.js";
import { ZlibError } from "./zlib/error.js";
import { Slab } from "./lib/slab.js";

export { ZlibError };

/**
 * Default bound on the size of a decompressed payload: 16 MiB. A deflate stream expands at most
 * 1032:1, so a 4 KiB cookie can never legitimately exceed about 3 MiB, and a 20 KB URL token about
 * 16 MiB: the default never rejects what itsdangerous produces for a cookie or a URL.
 *
 * @example
 * ```ts
 * zlibDecompress(data, DEFAULT_MAX_DECOMPRESSED_SIZE); // what zlibDecompress(data) does
 * ```
 */
export const DEFAULT_MAX_DECOMPRESSED_SIZE = 16 * 1024 * 1024;

/**
 * zlib as a serializer uses it: the `zlib` option of the URL-safe serializers and the session
 * interface. {@link PortedZlib} is the library's own; Node's `node:zlib` or pako fit in one line.
 *
 * @example
 * ```ts
 * import { deflateSync, inflateSync } from "node:zlib";
 * const nodeZlib: Zlib = {
 *   compress: (data) => deflateSync(data),
 *   decompress: (data, maxSize) => inflateSync(data, { maxOutputLength: maxSize }),
 * };
 * new URLSafeTimedSerializer("secret", { zlib: nodeZlib });
 * ```
 */
export interface Zlib {
  /**
   * `zlib.compress(data)`; or `null` when it knows without compressing that the result would not
   * be shorter than `shorterThan` bytes (itsdangerous then sends the data uncompressed; a longer
   * result is fine too, the caller compares). The caller reads the result at once and keeps no
   * reference to it.
   */
  compress(data: Uint8Array, shorterThan: number): Uint8Array | null;
  /** `zlib.decompress(data)`, refusing (throwing) an output of more than `maxSize` bytes. */
  decompress(data: Uint8Array, maxSize: number): Uint8Array;
}

/**
 * The default {@link Zlib}: our ports of zlib's deflate (byte-identical to CPython's zlib 1.2/1.3,
 * and pako's with `legacyHash` beyond 65,000 bytes) and inflate. Inputs of up to 64 bytes are
 * first measured against a lower bound on the compressed size (src/zlib/bound.ts): on
 * 20,000 generated Flask sessions (bench/zlib-shortcut.ts) it proved every one below 30 bytes
 * that zlib leaves uncompressed, about half at 40-49 bytes and none from 70 on. Each instance
 * allocates its results from a slab of its own (src/lib/slab.ts; each serializer makes one).
 *
 * @example
 * ```ts
 * const zlib = new PortedZlib();
 * zlib.decompress(zlib.compress(bytes, Infinity)!, 1 << 20);
 * ```
 */
export class PortedZlib implements Zlib {
  readonly #slab = new Slab();

  /** {@inheritDoc Zlib.compress} */
  compress(data: Uint8Array, shorterThan: number): Uint8Array | null {
    if (data.length <= 64 && zlibSizeAtLeast(data, shorterThan)) return null;
    // Larger inputs need zlib's sliding window: pako's deflate, which with legacyHash writes
    // CPython's bytes (setting up its stream costs little next to compressing 64 KiB).
    return data.length <= MAX_ONE_SHOT ? deflateTransient(data) : pakoDeflate(data, { level: 6, legacyHash: true });
  }

  /** {@inheritDoc Zlib.decompress} */
  decompress(data: Uint8Array, maxSize: number): Uint8Array {
    const view = inflateZlib(data, maxSize, true);
    const out = this.#slab.take(view.length);
    out.set(view);
    return out;
  }
}

/** A {@link PortedZlib} for the module's functions, which copy what they return. */
const ported = new PortedZlib();

/**
 * `zlib.compress(data)`: the same bytes CPython's zlib (1.2.x/1.3.x, not zlib-ng) writes.
 *
 * @example
 * ```ts
 * zlibCompress(new TextEncoder().encode("a".repeat(100))).length; // 12
 * ```
 */
export function zlibCompress(data: Uint8Array): Uint8Array {
  return ported.compress(data, Infinity)!.slice();
}

/**
 * `zlib.decompress(data)`: one zlib stream (data after its end is ignored, as Python does), its
 * checksum verified, output bounded by `maxSize` bytes.
 *
 * @throws ZlibError if the data is not a complete, valid zlib stream or inflates beyond `maxSize`.
 * @example
 * ```ts
 * zlibDecompress(zlibCompress(bytes), 1024 * 1024);
 * ```
 */
export function zlibDecompress(data: Uint8Array, maxSize: number = DEFAULT_MAX_DECOMPRESSED_SIZE): Uint8Array {
  return inflateZlib(data, maxSize, false);
}
