/**
 * HMAC-SHA1 for one key, many messages: Flask's cookie signature, on every request. The key's
 * inner and outer blocks are compressed once; each MAC then compresses the message blocks
 * straight from the input and one outer block, with no allocation but the 20-byte result.
 *
 * `@noble/hashes` computes the same thing (and still does for every other digest, and for key
 * derivation); this exists because its general Merkle-Damgard machinery (DataView reads, buffer
 * copies, one object per clone) costs about three times as much on a cookie-sized message. The
 * compression function is generated unrolled (./compress.ts, written by scripts/gen-sha1.mjs: `npm run gen:sha1`). The tests compare the
 * HMAC with `@noble/hashes` on every length around the block boundaries and on random keys and
 * messages, and every fixture signature is Python's.
 * @internal
 * @module
 */
import { compress } from "./compress.js";

const IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/** The state after compressing one key block (key padded with zeros, XORed with `pad`). */
function keyedState(key: Uint8Array, pad: number): Int32Array {
  const block = new Uint8Array(64);
  for (let i = 0; i < 64; i++) block[i] = (key[i] ?? 0) ^ pad;
  const state = Int32Array.from(IV);
  compress(state, block, 0);
  return state;
}

function putWord(out: Uint8Array, at: number, word: number): void {
  out[at] = word >>> 24;
  out[at + 1] = word >>> 16;
  out[at + 2] = word >>> 8;
  out[at + 3] = word;
}

/**
 * HMAC-SHA1 under one key (RFC 2104).
 * @internal
 *
 * @example
 * ```ts
 * import { sha1 } from "@noble/hashes/legacy.js";
 *
 * const mac = new HmacSha1(key, sha1);
 * mac.mac(data); // 20 bytes
 * ```
 */
export class HmacSha1 {
  readonly #inner: Int32Array;
  readonly #outer: Int32Array;
  readonly #state = new Int32Array(5);
  readonly #block = new Uint8Array(64);

  /**
   * @param key - The HMAC key.
   * @param hashLongKey - SHA-1 itself, for a key longer than a block (RFC 2104: it is hashed first).
   */
  constructor(key: Uint8Array, hashLongKey: (data: Uint8Array) => Uint8Array) {
    const k = key.length > 64 ? hashLongKey(key) : key;
    this.#inner = keyedState(k, 0x36);
    this.#outer = keyedState(k, 0x5c);
  }

  /** HMAC-SHA1 of `data` (20 bytes). */
  mac(data: Uint8Array): Uint8Array {
    const state = this.#state;
    const block = this.#block;
    state.set(this.#inner);
    const length = data.length;
    let at = 0;
    for (; at + 64 <= length; at += 64) compress(state, data, at);
    let rest = length - at;
    for (let i = 0; i < rest; i++) block[i] = data[at + i]!;
    block[rest++] = 0x80;
    if (rest > 56) {
      block.fill(0, rest);
      compress(state, block, 0);
      rest = 0;
    }
    block.fill(0, rest, 56);
    // Length in bits of the inner message: the key block and the data.
    const bits = (length + 64) * 8;
    putWord(block, 56, Math.floor(bits / 0x100000000));
    putWord(block, 60, bits >>> 0);
    compress(state, block, 0);
    // Outer hash: the key block, then the 20-byte inner digest (one block with its padding).
    for (let i = 0; i < 5; i++) putWord(block, i * 4, state[i]!);
    block[20] = 0x80;
    block.fill(0, 21, 60);
    putWord(block, 60, (64 + 20) * 8);
    state.set(this.#outer);
    compress(state, block, 0);
    const out = new Uint8Array(20);
    for (let i = 0; i < 5; i++) putWord(out, i * 4, state[i]!);
    return out;
  }
}
