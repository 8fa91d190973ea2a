/**
 * zlib as itsdangerous uses it: `zlib.compress(data)` (level 6, 32 KiB window, RFC 1950 wrapper),
 * byte-identical to CPython's zlib thanks to pako's `legacyHash`, and `zlib.decompress(data)` (our
 * own decoder, `lib/inflate.ts`) with a bound on the output so a small token cannot expand into
 * gigabytes.
 * @module
 */
import {
  ZStream,
  zlibDeflate,
  zlibDeflateInit2,
  zlibDeflateReset,
  Z_FINISH,
  Z_OK,
  Z_STREAM_END,
  Z_DEFAULT_STRATEGY,
} from "pako";
import { inflateZlib } from "./lib/inflate.js";
import { ZlibError } from "./lib/zlib-error.js";

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

function compress(data: Uint8Array, transient: boolean): Uint8Array {
  // One deflate state is kept and reset between calls: setting one up
  // (four 64 KiB buffers) costs several times what compressing a cookie does.
  let strm = keptDeflate;
  keptDeflate = null;
  if (strm === null) {
    strm = new ZStream();
    // zlib.compress(data): level 6 (Z_DEFAULT_COMPRESSION), deflate, 32 KiB window, memLevel 8.
    if (zlibDeflateInit2(strm, 6, 8, 15, 8, Z_DEFAULT_STRATEGY, true) !== Z_OK) {
      throw new ZlibError("Error while preparing to compress data");
    }
  } else {
    resetDeflate(strm, hashClear);
  }
  hashClear = false;
  try {
    const out = deflateAll(strm, data, transient);
    hashClear = clearTouchedBuckets(strm.state as DeflateHashState, data);
    return out;
  } finally {
    strm.input = EMPTY;
    strm.output = EMPTY;
    keptDeflate = strm;
  }
}

// The part of pako's deflate state that compress.ts touches (test/compress.test.ts checks it).
interface DeflateHashState {
  head: Uint16Array;
  hash_shift: number;
  hash_mask: number;
}

const NO_HASH = new Uint16Array(0);
let keptDeflate: ZStream | null = null;
/** Whether every entry of the kept stream's hash table is known to be zero. */
let hashClear = false;

/**
 * `deflateReset`, without its cost: pako clears the 32,768-entry hash table (`head`) with a
 * JavaScript loop, about 20 µs, several times the whole compression of a cookie. It is handed an
 * empty table to clear; the real one is already clear (see {@link clearTouchedBuckets}) or is
 * cleared with `fill`, a memset. Everything else `deflateReset` does is unchanged, so the output
 * is the output of a fresh stream (the tests compare every result with `pako.deflate` and with
 * CPython's zlib).
 */
function resetDeflate(strm: ZStream, clear: boolean): void {
  const state = strm.state as DeflateHashState;
  const head = state.head;
  state.head = NO_HASH;
  let status: number;
  try {
    status = zlibDeflateReset(strm);
  } finally {
    state.head = head;
  }
  if (!clear) head.fill(0);
  if (status !== Z_OK) throw new ZlibError("Error while preparing to compress data");
}

/** Inputs up to this size have their buckets cleared one by one; beyond, a memset is cheaper. */
const CLEAR_BY_BUCKET = 512;

/**
 * After compressing a small input, zeroes the hash buckets it can have used, instead of all 32,768
 * of them at the next reset. Deflate inserts the 3-byte string at position p (0 ≤ p ≤ n - 3) into
 * bucket ((b[p] << 2·shift) ^ (b[p+1] << shift) ^ b[p+2]) & mask: zlib's hash (legacyHash), rolled
 * over exactly those three bytes. Zeroing that bucket for every p clears every bucket deflate set,
 * and perhaps some that were zero already. Returns whether the table is now all zeros (false for
 * large inputs, which a memset clears at the next reset). A test checks the result against the
 * whole table after every compression.
 */
function clearTouchedBuckets(state: DeflateHashState, data: Uint8Array): boolean {
  if (data.length > CLEAR_BY_BUCKET) return false;
  const head = state.head;
  const shift = state.hash_shift;
  const mask = state.hash_mask;
  for (let p = 0; p + 2 < data.length; p++) {
    head[((data[p]! << (2 * shift)) ^ (data[p + 1]! << shift) ^ data[p + 2]!) & mask] = 0;
  }
  return true;
}

/**
 * For tests: whether the kept deflate stream's hash table is all zeros whenever compress.ts
 * counts on it (always true when it does not).
 * @internal
 */
export function deflateHashIsAsBelieved(): boolean {
  if (!hashClear || keptDeflate === null) return true;
  return (keptDeflate.state as DeflateHashState).head.every((entry) => entry === 0);
}

function setInput(strm: ZStream, data: Uint8Array): void {
  strm.input = data;
  strm.next_in = 0;
  strm.avail_in = data.length;
}

/** Points the stream's output at the kept buffer. */
function setOutput(strm: ZStream): void {
  strm.output = OUTPUT;
  strm.next_out = 0;
  strm.avail_out = OUTPUT.length;
}

function deflateAll(strm: ZStream, data: Uint8Array, transient: boolean): Uint8Array {
  setInput(strm, data);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    setOutput(strm);
    const status = zlibDeflate(strm, Z_FINISH);
    if (status !== Z_OK && status !== Z_STREAM_END) {
      throw new ZlibError(`Error ${status} while compressing data: ${strm.msg || "deflate failed"}`);
    }
    if (status === Z_STREAM_END && transient && chunks.length === 0) return OUTPUT.subarray(0, strm.next_out);
    chunks.push(OUTPUT.slice(0, strm.next_out));
    total += strm.next_out;
    if (status === Z_STREAM_END) break;
  }
  return joinChunks(chunks, total);
}

const CHUNK = 16 * 1024;

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

function joinChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
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
/** Where deflate writes before the result is copied out (kept: allocating is not free). */
const OUTPUT = new Uint8Array(CHUNK);
