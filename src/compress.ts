/**
 * zlib as itsdangerous uses it: `zlib.compress(data)` (level 6, 32 KiB window, RFC 1950 wrapper),
 * byte-identical to CPython's zlib (our port of its deflate, src/lib/deflate.ts, and beyond
 * 65,000 bytes pako's with `legacyHash`), and `zlib.decompress(data)` with a bound on the output
 * so a small token cannot expand into gigabytes.
 * @module
 */
import {
  deflate as pakoDeflate,
  ZStream,
  zlibInflate,
  zlibInflateInit2,
  Z_FINISH,
  Z_NEED_DICT,
  Z_OK,
  Z_STREAM_END,
  Z_BUF_ERROR,
} from "pako";
import { zlibSizeAtLeast } from "./lib/deflate-bound.js";
import { deflateTransient, MAX_ONE_SHOT } from "./lib/deflate.js";

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
 * zlibCompressShorterThan(json, json.length - 1); // null: send the JSON as it is
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
  // One inflate state is kept and reset between calls: setting one up costs more than a small
  // cookie's whole decompression. Calls never overlap (this is synchronous), so one is enough.
  let inflater = keptInflate;
  keptInflate = null;
  if (inflater === null) inflater = newInflater();
  else resetInflate(inflater);
  try {
    return inflateAll(inflater.strm, data, maxSize, transient);
  } finally {
    inflater.strm.input = EMPTY;
    inflater.strm.output = EMPTY;
    keptInflate = inflater;
  }
}

/** A kept inflate stream, with what a fresh one looks like. */
interface Inflater {
  strm: ZStream;
  /** The fields of the stream and of its state that hold plain values, as initialisation left them. */
  freshStream: [string, unknown][];
  freshState: [string, unknown][];
  /** The decoding tables pako allocated at initialisation, reused by every reset. */
  lens: Int32Array;
  dists: Int32Array;
}

// The part of pako's inflate state that resetInflate touches (test/compress.test.ts checks it).
interface InflateTables {
  lencode: Int32Array;
  lendyn: Int32Array;
  distcode: Int32Array;
  distdyn: Int32Array;
}

let keptInflate: Inflater | null = null;

function plainFields(object: object): [string, unknown][] {
  return Object.entries(object).filter(([, value]) => value === null || typeof value !== "object");
}

function newInflater(): Inflater {
  const strm = new ZStream();
  if (zlibInflateInit2(strm, 15) !== Z_OK) throw new ZlibError("Error while preparing to decompress data");
  const state = strm.state as InflateTables;
  return {
    strm,
    freshStream: plainFields(strm),
    freshState: plainFields(strm.state as object),
    lens: state.lendyn,
    dists: state.distdyn,
  };
}

/**
 * `inflateReset`, without its cost: pako's allocates two new decoding tables (5.6 KiB) on every
 * reset, a third of a cookie's decompression with the garbage it leaves. Here every plain field
 * of the stream and of its state gets back the value a fresh initialisation gave it, and the
 * tables are the ones allocated then (zlib itself reuses them: inflate writes a table before it
 * reads it). So the kept stream starts each call as a new one would (the tests compare every
 * result with `pako.inflate`, valid and corrupt inputs alike, call after call).
 */
function resetInflate(inflater: Inflater): void {
  const strm = inflater.strm as unknown as Record<string, unknown>;
  const state = inflater.strm.state as Record<string, unknown> & InflateTables;
  for (const [key, value] of inflater.freshStream) strm[key] = value;
  for (const [key, value] of inflater.freshState) state[key] = value;
  state.lencode = state.lendyn = inflater.lens;
  state.distcode = state.distdyn = inflater.dists;
}

function setInput(strm: ZStream, data: Uint8Array): void {
  strm.input = data;
  strm.next_in = 0;
  strm.avail_in = data.length;
}

/** Points the stream's output at the kept buffer, with room for `room` bytes. */
function setOutput(strm: ZStream, room: number): void {
  strm.output = OUTPUT;
  strm.next_out = 0;
  strm.avail_out = room;
}

function inflateAll(strm: ZStream, data: Uint8Array, maxSize: number, transient: boolean): Uint8Array {
  setInput(strm, data);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    // At most one byte more than allowed, so that going over the bound is seen.
    setOutput(strm, Math.min(OUTPUT.length, maxSize - total + 1));
    const status = zlibInflate(strm, Z_FINISH);
    const produced = strm.next_out;
    total += produced;
    if (total > maxSize) {
      throw new ZlibError(`decompressed data exceeds the limit of ${maxSize} bytes`);
    }
    if (status === Z_STREAM_END && transient && chunks.length === 0) return OUTPUT.subarray(0, produced);
    if (produced > 0) chunks.push(OUTPUT.slice(0, produced));
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
  return joinChunks(chunks, total);
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
/** Where inflate writes before the result is copied out (kept: allocating is not free). */
const OUTPUT = new Uint8Array(CHUNK);
