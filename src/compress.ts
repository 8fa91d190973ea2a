/**
 * zlib as itsdangerous uses it: `zlib.compress(data)` (level 6, 32 KiB window, RFC 1950 wrapper),
 * byte-identical to CPython's zlib (our port of its deflate, `lib/deflate.ts`, and beyond 65,000
 * bytes pako's with `legacyHash`), and `zlib.decompress(data)` (our own decoder, `lib/inflate.ts`)
 * with a bound on the output so a small token cannot expand into gigabytes.
 * @module
 */
import { deflate as pakoDeflate } from "pako";
import { zlibSizeAtLeast } from "./zlib/bound.js";
import { deflateTransient, MAX_ONE_SHOT } from "./zlib/deflate.js";
import { inflateZlib } from "./zlib/inflate.js";
import { ZlibError } from "./zlib/error.js";

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
 * `zlib.compress(data)`: the same bytes CPython's zlib (1.2.x/1.3.x, not zlib-ng) writes.
 *
 * @example
 * ```ts
 * zlibCompress(new TextEncoder().encode("a".repeat(100))).length; // 12
 * ```
 */
export function zlibCompress(data: Uint8Array): Uint8Array {
  return compress(data, false);
}

/**
 * {@link zlibCompress}, but the result may be a view of a buffer that the next zlib call reuses:
 * for bytes consumed at once (base64-encoded into a token), so that none are copied.
 * @internal
 */
export function zlibCompressTransient(data: Uint8Array): Uint8Array {
  return compress(data, true);
}

/**
 * `zlib.compress(data)` if it is shorter than `limit` bytes, else `null`: itsdangerous' "compress
 * only if shorter". When a lower bound on the compressed length already reaches the limit
 * (src/lib/deflate-bound.ts), nothing is compressed. The result is transient, as
 * {@link zlibCompressTransient}'s.
 * @internal
 *
 * @example
 * ```ts
 * zlibCompressShorterThan(data, data.length - 1); // null: send the data as it is
 * ```
 */
export function zlibCompressShorterThan(data: Uint8Array, limit: number): Uint8Array | null {
  if (data.length <= BOUND_FIRST && zlibSizeAtLeast(data, limit)) return null;
  const out = compress(data, true);
  return out.length < limit ? out : null;
}

/**
 * Inputs up to this size are measured against the bound before being compressed. On 20,000
 * generated Flask sessions (bench/zlib-shortcut.ts) it proved every one below 30 bytes that zlib
 * leaves uncompressed, about half at 40-49 bytes, a fifth at 50-59, 3% at 60-69 and none from
 * 70 on: beyond this size it would cost more than it spares.
 */
const BOUND_FIRST = 64;

function compress(data: Uint8Array, transient: boolean): Uint8Array {
  if (data.length <= MAX_ONE_SHOT) {
    // Our one-shot port of zlib's deflate (src/lib/deflate.ts): about twice as fast as a kept
    // pako stream on a cookie, same bytes.
    const out = deflateTransient(data);
    return transient ? out : out.slice();
  }
  // Larger inputs need zlib's sliding window: pako's deflate, which with legacyHash writes
  // CPython's bytes. Setting up its stream costs little next to compressing 64 KiB.
  return pakoDeflate(data, { level: 6, legacyHash: true });
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
  return decompress(data, maxSize, false);
}

/**
 * {@link zlibDecompress}, but the result may be a view of a buffer that the next zlib call
 * reuses: for bytes consumed at once (decoded as text), so that none are copied.
 * @internal
 */
export function zlibDecompressTransient(data: Uint8Array, maxSize: number): Uint8Array {
  return decompress(data, maxSize, true);
}

function decompress(data: Uint8Array, maxSize: number, transient: boolean): Uint8Array {
  // Our own one-shot decoder (src/lib/inflate.ts), with zlib's verdicts: pako's streaming inflate,
  // even kept and reset cheaply, spent most of a cookie's decompression on its state machine and on
  // building decoding tables.
  return inflateZlib(data, maxSize, transient);
}
