/**
 * zlib as itsdangerous uses it: `zlib.compress(data)` (level 6, 32 KiB window, RFC 1950 wrapper),
 * byte-identical to CPython's zlib thanks to pako's `legacyHash`, and `zlib.decompress(data)` with
 * a bound on the output so a small token cannot expand into gigabytes.
 * @module
 */
import {
  deflate,
  ZStream,
  zlibInflate,
  zlibInflateInit2,
  zlibInflateReset,
  Z_FINISH,
  Z_NEED_DICT,
  Z_OK,
  Z_STREAM_END,
  Z_BUF_ERROR,
} from "pako";

/**
 * Default bound on the size of a decompressed payload: 16 MiB. A deflate stream expands at most
 * 1032:1, so a 4 KiB cookie can never legitimately exceed about 3 MiB, and a 20 KB URL token about
 * 16 MiB: the default never rejects what itsdangerous produces for a cookie or a URL.
 */
export const DEFAULT_MAX_DECOMPRESSED_SIZE = 16 * 1024 * 1024;

/** zlib could not decompress the data (Python: `zlib.error`), or the output exceeded the bound. */
export class ZlibError extends Error {
  /**
   * @param message - zlib's complaint, in Python's words where there is one.
   */
  constructor(message: string) {
    super(message);
    this.name = "ZlibError";
  }
}

/**
 * `zlib.compress(data)`: the same bytes CPython's zlib (1.2.x/1.3.x, not zlib-ng) writes.
 *
 * @example
 * ```ts
 * zlibCompress(new TextEncoder().encode("a".repeat(100))).length; // 12
 * ```
 */
export function zlibCompress(data: Uint8Array): Uint8Array {
  return deflate(data, { legacyHash: true });
}

const CHUNK = 16 * 1024;
let kept: ZStream | null = null;

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
  // One inflate state is kept and reset between calls: setting one up costs more than a small
  // cookie's whole decompression. Calls never overlap (this is synchronous), so one is enough.
  let strm = kept;
  kept = null;
  if (strm === null) {
    strm = new ZStream();
    if (zlibInflateInit2(strm, 15) !== Z_OK) throw new ZlibError("Error while preparing to decompress data");
  } else {
    zlibInflateReset(strm);
  }
  try {
    return inflateAll(strm, data, maxSize);
  } finally {
    kept = strm;
  }
}

function inflateAll(strm: ZStream, data: Uint8Array, maxSize: number): Uint8Array {
  strm.input = data;
  strm.next_in = 0;
  strm.avail_in = data.length;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const size = Math.min(CHUNK, maxSize - total + 1);
    const output = new Uint8Array(Math.max(size, 1));
    strm.output = output;
    strm.next_out = 0;
    strm.avail_out = output.length;
    const status = zlibInflate(strm, Z_FINISH);
    const produced = strm.next_out;
    total += produced;
    if (produced > 0) chunks.push(produced === output.length ? output : output.subarray(0, produced));
    if (total > maxSize) {
      throw new ZlibError(`decompressed data exceeds the limit of ${maxSize} bytes`);
    }
    if (status === Z_STREAM_END) break;
    if (status === Z_NEED_DICT) throw new ZlibError("Error 2 while decompressing data");
    if (status !== Z_OK && status !== Z_BUF_ERROR) {
      throw new ZlibError(`Error ${status} while decompressing data: ${strm.msg || "invalid data"}`);
    }
    // Room left in the output but no end of stream: the input ran out.
    if (strm.avail_out > 0) {
      throw new ZlibError("Error -5 while decompressing data: incomplete or truncated stream");
    }
  }
  strm.input = EMPTY;
  strm.output = EMPTY;
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const EMPTY = new Uint8Array(0);
