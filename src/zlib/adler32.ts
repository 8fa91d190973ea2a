/**
 * Adler-32 (RFC 1950 §8.2), as zlib's `adler32`: the checksum that ends every zlib stream, which
 * our deflate writes and our inflate checks.
 * @module
 */

/** Inputs from this length on are summed eight bytes at a time (below, a DataView costs more than it spares). */
const WORDS_FROM = 64;

/**
 * The Adler-32 of `bytes[0 .. length)`. `view`, a DataView over the same bytes, spares creating
 * one when the caller keeps it.
 * @internal
 *
 * @example
 * ```ts
 * adler32(new TextEncoder().encode("Wikipedia")).toString(16); // "11e60398"
 * ```
 */
export function adler32(bytes: Uint8Array, length: number = bytes.length, view?: DataView): number {
  if (view === undefined && length >= WORDS_FROM) view = new DataView(bytes.buffer, bytes.byteOffset, length);
  let a = 1;
  let b = 0;
  for (let i = 0; i < length;) {
    // Reduced every 3,800 bytes (zlib: 5,552, the most 32 unsigned bits allow), so that the sums
    // stay within V8's 32-bit integers.
    const stop = Math.min(i + 3800, length);
    if (view !== undefined) {
      // Eight bytes per step: the even and odd bytes of each word are summed in 16-bit lanes, and
      // b gains 8a + 4(x0 + x1 + x2 + x3) + (4x0 + 3x1 + 2x2 + x3) + (4x4 + 3x5 + 2x6 + x7).
      for (; i + 8 <= stop; i += 8) {
        const w = view.getInt32(i, true);
        const v = view.getInt32(i + 4, true);
        const wEven = w & 0xff00ff;
        const wOdd = (w >>> 8) & 0xff00ff;
        const vEven = v & 0xff00ff;
        const vOdd = (v >>> 8) & 0xff00ff;
        const wPairs = wEven + wOdd;
        const vPairs = vEven + vOdd;
        const wSum = (wPairs & 0xffff) + (wPairs >>> 16); // x0 + x1 + x2 + x3
        const vSum = (vPairs & 0xffff) + (vPairs >>> 16); // x4 + ... + x7
        const wWeighted = (Math.imul(wEven, 0x40002) >>> 16) + (Math.imul(wOdd, 0x30001) >>> 16); // 4x0 + 3x1 + 2x2 + x3
        const vWeighted = (Math.imul(vEven, 0x40002) >>> 16) + (Math.imul(vOdd, 0x30001) >>> 16); // 4x4 + 3x5 + 2x6 + x7
        b = (b + (a << 3) + (wSum << 2) + wWeighted + vWeighted) | 0;
        a = (a + wSum + vSum) | 0;
      }
    }
    for (; i < stop; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
