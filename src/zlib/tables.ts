/**
 * The constants of the DEFLATE format (RFC 1951), the one copy that the encoder (./trees.ts) and
 * the decoder (./inflate.ts) share: zlib keeps them in trees.c (`extra_lbits`, `extra_dbits`,
 * `bl_order`, `base_length`, `base_dist`) and again in inftrees.c (`lbase`, `lext`, `dbase`,
 * `dext`). Plain literals: nothing is built at import.
 * @module
 */

/** RFC 1951 §3.2.5: the match length of each length code (symbols 257-285) without its extra bits. */
export const LENGTH_BASE: readonly number[] = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
/** RFC 1951 §3.2.5: the extra bits after each length code. */
export const LENGTH_EXTRA: readonly number[] = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/** RFC 1951 §3.2.5: the distance of each distance code (0-29) without its extra bits. */
export const DISTANCE_BASE: readonly number[] = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
  16385, 24577,
];
/** RFC 1951 §3.2.5: the extra bits after each distance code. */
export const DISTANCE_EXTRA: readonly number[] = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
/** RFC 1951 §3.2.7: the extra bits after each code length code (16: 2, 17: 3, 18: 7). */
export const CODE_LENGTH_EXTRA: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
/** RFC 1951 §3.2.7: the order in which the code length code's lengths are sent. */
export const CODE_LENGTH_ORDER: readonly number[] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Symbols of the literal/length alphabet (0-287; 286 and 287 take part in the fixed code only). */
export const LITLEN_SYMBOLS = 288;
/** Symbols of the distance alphabet (0-31; 30 and 31 take part in the fixed code only). */
export const DISTANCE_SYMBOLS = 32;

/** RFC 1951 §3.2.6: the length of a literal/length symbol's code in the fixed code. */
export function fixedLitLenLength(symbol: number): number {
  return symbol < 144 ? 8 : symbol < 256 ? 9 : symbol < 280 ? 7 : 8;
}
/** RFC 1951 §3.2.6: every distance code of the fixed code is 5 bits long. */
export const FIXED_DISTANCE_LENGTH = 5;

/**
 * The `length` (1-15) low bits of `code` in reverse order (zlib's `bi_reverse`): Huffman codes
 * are packed starting with their most significant bit (RFC 1951 §3.1.1), everything else with
 * the least significant.
 */
export function reverseBits(code: number, length: number): number {
  let x = ((code & 0x5555) << 1) | ((code >>> 1) & 0x5555);
  x = ((x & 0x3333) << 2) | ((x >>> 2) & 0x3333);
  x = ((x & 0x0f0f) << 4) | ((x >>> 4) & 0x0f0f);
  x = ((x & 0x00ff) << 8) | ((x >>> 8) & 0x00ff);
  return x >>> (16 - length);
}
