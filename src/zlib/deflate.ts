/**
 * `zlib.compress(data)` as zlib 1.2.13 writes it (level 6, windowBits 15, memLevel 8, default
 * strategy), for a whole input in memory: a one-shot port of deflate.c's `deflate_slow`, with the
 * Huffman half in ./trees.ts.
 *
 * It is the same algorithm as zlib's streaming deflate, minus the streaming: the input is copied
 * once into a window it fits in whole (so the window never slides and `fill_window` has nothing
 * to do), there is no state machine between calls, and an instance's buffers are reused.
 * What the output depends on is kept exactly:
 *
 * - the hash: zlib's rolling `UPDATE_HASH` with 15 bits and a shift of 5, which over the 3 bytes
 *   at p is `((b[p] << 10) ^ (b[p+1] << 5) ^ b[p+2]) & 0x7fff` (the "legacy" hash pako's
 *   `legacyHash` restores; every position 0..n-3 is inserted, in order, as zlib does);
 * - the hash chains (`head`, `prev`), position 0 standing for "none" (`NIL`), so that zlib never
 *   matches against the input's first byte;
 * - `longest_match`: at most 128 candidates, a quarter when the previous match was at least 8
 *   long (`good_length`), stop at 128 (`nice_length`) or at the end of the input, candidates
 *   only within 32,506 bytes (`MAX_DIST`), the same candidate order and the same tie-break
 *   (a later candidate must be strictly longer);
 * - `deflate_slow`'s lazy evaluation: a match is kept only if the next position has no longer
 *   one, no lazy search after a match of 16 (`max_lazy`), matches of 3 farther than 4,096 bytes
 *   dropped (`TOO_FAR`);
 * - blocks flushed after 16,383 symbols and at the end (`_tr_flush_block`).
 *
 * Inputs above {@link MAX_ONE_SHOT} bytes are not handled (the caller falls back to pako): past
 * 65,274 bytes zlib slides its window, which changes what `NIL` hides and when a stored block is
 * still possible. The tests compare every output with pako's (`legacyHash`), which is CPython's
 * zlib byte for byte, and a sample with CPython's itself.
 * @internal
 * @module
 */
import { adler32 } from "./adler32.js";
import { BLOCK_SYMBOLS, Trees } from "./trees.js";

/**
 * The largest input compressed here; larger ones need zlib's sliding window.
 * @internal
 */
export const MAX_ONE_SHOT = 65_000;

const WSIZE = 1 << 15;
const WMASK = WSIZE - 1;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
/** `MAX_DIST`: the farthest match, `w_size - MIN_LOOKAHEAD`. */
const MAX_DIST = WSIZE - (MAX_MATCH + MIN_MATCH + 1);
const HASH_MASK = (1 << 15) - 1;
// configuration_table[6]: good_length, max_lazy, nice_length, max_chain.
const GOOD_LENGTH = 8;
const MAX_LAZY = 16;
const NICE_LENGTH = 128;
const MAX_CHAIN = 128;
/** Matches of length 3 farther than this are not worth it (zlib's `TOO_FAR`). */
const TOO_FAR = 4096;

/**
 * A compressor: zlib's `deflate_state` for level 6, as a function. Its buffers are allocated
 * when it is made (the window and the output for {@link MAX_ONE_SHOT} bytes, the hash table and
 * chains: about 320 KiB, as zlib's own), not when this module is imported; its result is a view
 * that its next call overwrites.
 *
 * A function over constants of its own rather than a class over fields, measured: V8 folds a
 * closure's `const` typed arrays into the code it compiles for that closure, and deflate is
 * nearly all array accesses; the same code reading the arrays from an instance's fields took
 * 25% longer on a 4 KB session (66 against 53 µs, medians of interleaved rounds), and 30% with
 * lazily assigned module variables (see src/zlib/README.md). V8 does that only while one closure
 * of these functions exists: make one compressor and keep it ({@link deflateTransient} is the
 * shared one).
 * @internal
 *
 * @param trees - the Huffman half (its counters are what the tests read).
 * @example
 * ```ts
 * const deflate = createDeflate();
 * const bytes = deflate(new TextEncoder().encode("hello hello hello"));
 * const copy = bytes.slice(); // before the next call
 * ```
 */
export function createDeflate(trees: Trees = new Trees()): (data: Uint8Array) => Uint8Array {
  /** The input, then MAX_MATCH zeros: longest_match reads up to 258 bytes past a position. */
  const window = new Uint8Array(MAX_ONE_SHOT + MAX_MATCH + 8);
  /**
   * Most recent position of each hash, tagged with the call that wrote it: `(call << 16) | p`. A
   * bucket from an earlier call reads as empty, so the table is never cleared between calls (zlib
   * clears its own on every reset, `CLEAR_HASH`).
   */
  const head = new Int32Array(HASH_MASK + 1);
  /** The previous position with the same hash as position p, at p & WMASK (0: none). */
  const prev = new Uint16Array(WSIZE);
  /** This call's tag, in 1..0x7fff. */
  let call = 0;
  /**
   * The zlib stream's output: at most the input, 5 bytes per block (stored), the 2-byte header
   * and the 4-byte check value.
   */
  const output = new Uint8Array(MAX_ONE_SHOT + 64);

  /** The zlib stream of `data` (at most {@link MAX_ONE_SHOT} bytes). */
  function deflate(data: Uint8Array): Uint8Array {
    const n = data.length;
    if (n > MAX_ONE_SHOT) throw new RangeError(`deflate: ${n} bytes is more than the ${MAX_ONE_SHOT} handled here`);
    const out = output;
    window.set(data);
    window.fill(0, n, n + MAX_MATCH + 2);
    if (call === 0x7fff) {
      head.fill(0);
      call = 0;
    }
    call++;
    // The zlib header (deflate(): CMF 0x78 for deflate with a 32K window, FLG 0x9c for level 6).
    out[0] = 0x78;
    out[1] = 0x9c;
    trees.startStream(out, 2, n);
    deflateSlow(n);
    let end = trees.streamEnd();
    const adler = adler32(data);
    out[end++] = adler >>> 24;
    out[end++] = adler >>> 16;
    out[end++] = adler >>> 8;
    out[end++] = adler;
    return out.subarray(0, end);
  }

  /**
   * `longest_match`: the longest match for the string at `strstart` along the hash chain from
   * `curMatch`, if longer than `prevLength`.
   *
   * Near the end of the input it compares bytes past it (zeros here, whatever zlib's window held
   * there), as zlib does, and that never changes the result: a candidate that matches all the
   * remaining input is at least `nice_match` long (clamped to the lookahead) and ends the search
   * whatever follows; one that does not stops at a real byte; and when `prevLength` already
   * reaches the end, deflate_slow keeps the previous match whatever is found.
   * @returns `start * 512 + length`: its start (zlib's `match_start`, else `matchStart` as it was)
   * and length (or `prevLength`), at most `lookahead`.
   */
  function longestMatch(curMatch: number, strstart: number, prevLength: number, lookahead: number, matchStart: number): number {
    const w = window;
    const chain = prev;
    let chainLength = MAX_CHAIN;
    let bestLen = prevLength;
    let niceMatch = NICE_LENGTH;
    const limit = strstart > MAX_DIST ? strstart - MAX_DIST : 0;
    let scanEnd1 = w[strstart + bestLen - 1]!;
    let scanEnd = w[strstart + bestLen]!;
    const scan0 = w[strstart]!;
    const scan1 = w[strstart + 1]!;
    if (prevLength >= GOOD_LENGTH) chainLength >>= 2;
    // Do not look for matches beyond the end of the input (zlib: needed to be deterministic).
    if (niceMatch > lookahead) niceMatch = lookahead;
    do {
      const match = curMatch;
      if (w[match + bestLen] !== scanEnd || w[match + bestLen - 1] !== scanEnd1 || w[match] !== scan0 || w[match + 1] !== scan1) {
        continue;
      }
      // The third bytes are equal when the first two are and the hashes are (15 bits, shift 5):
      // zlib does not compare them, and nor is it needed here.
      let len = MIN_MATCH;
      while (len < MAX_MATCH && w[strstart + len] === w[match + len]) len++;
      if (len > bestLen) {
        matchStart = curMatch;
        bestLen = len;
        if (len >= niceMatch) break;
        scanEnd1 = w[strstart + bestLen - 1]!;
        scanEnd = w[strstart + bestLen]!;
      }
    } while ((curMatch = chain[curMatch & WMASK]!) > limit && --chainLength !== 0);
    return matchStart * 512 + (bestLen <= lookahead ? bestLen : lookahead);
  }

  /**
   * `deflate_slow` with `Z_FINISH` on the whole input: lazy matching, then the last block.
   *
   * `INSERT_STRING` is inlined: zlib's rolling hash, `ins_h = ((ins_h << 5) ^ c) & mask`, is
   * updated once per inserted position, and every position 0..n-3 is inserted in order (the
   * current one while at least 3 bytes remain, those inside a match up to n-3), so after the
   * update for p it is the hash of the 3 bytes at p.
   */
  function deflateSlow(n: number): void {
    const w = window;
    const buckets = head;
    const chain = prev;
    const thisCall = call;
    const tag = thisCall << 16;
    let insH = ((w[0]! << 5) ^ w[1]!) & HASH_MASK; // fill_window's start: ins_h over 2 bytes
    let strstart = 0;
    let lookahead = n;
    let blockStart = 0;
    let matchLength = MIN_MATCH - 1;
    let prevLength = MIN_MATCH - 1;
    let prevMatch = 0;
    let matchAvailable = false;
    let count = 0; // symbols tallied in the current block
    let matchStart = 0;
    while (lookahead !== 0) {
      let hashHead = 0;
      if (lookahead >= MIN_MATCH) {
        insH = ((insH << 5) ^ w[strstart + 2]!) & HASH_MASK;
        const entry = buckets[insH]!;
        hashHead = entry >>> 16 === thisCall ? entry & 0xffff : 0;
        chain[strstart & WMASK] = hashHead;
        buckets[insH] = tag | strstart;
      }
      // Find the longest match, discarding those <= prevLength.
      prevLength = matchLength;
      prevMatch = matchStart;
      matchLength = MIN_MATCH - 1;
      if (hashHead !== 0 && prevLength < MAX_LAZY && strstart - hashHead <= MAX_DIST) {
        const found = longestMatch(hashHead, strstart, prevLength, lookahead, matchStart);
        matchStart = found >>> 9;
        matchLength = found & 511;
        if (matchLength === MIN_MATCH && strstart - matchStart > TOO_FAR) matchLength = MIN_MATCH - 1;
      }
      if (prevLength >= MIN_MATCH && matchLength <= prevLength) {
        // The previous match is at least as good: emit it, and insert the strings it covers.
        const maxInsert = strstart + lookahead - MIN_MATCH;
        trees.tallyMatch(count++, strstart - 1 - prevMatch, prevLength);
        lookahead -= prevLength - 1;
        prevLength -= 2;
        do {
          if (++strstart <= maxInsert) {
            insH = ((insH << 5) ^ w[strstart + 2]!) & HASH_MASK;
            const entry = buckets[insH]!;
            chain[strstart & WMASK] = entry >>> 16 === thisCall ? entry & 0xffff : 0;
            buckets[insH] = tag | strstart;
          }
        } while (--prevLength !== 0);
        matchAvailable = false;
        matchLength = MIN_MATCH - 1;
        strstart++;
        if (count === BLOCK_SYMBOLS) {
          trees.flushBlock(count, w, blockStart, strstart - blockStart, false);
          count = 0;
          blockStart = strstart;
        }
      } else if (matchAvailable) {
        // No better match: emit the previous byte as a literal.
        trees.tallyLiteral(count++, w[strstart - 1]!);
        if (count === BLOCK_SYMBOLS) {
          trees.flushBlock(count, w, blockStart, strstart - blockStart, false);
          count = 0;
          blockStart = strstart;
        }
        strstart++;
        lookahead--;
      } else {
        // Wait for the next step to decide.
        matchAvailable = true;
        strstart++;
        lookahead--;
      }
    }
    if (matchAvailable) trees.tallyLiteral(count++, w[strstart - 1]!);
    trees.flushBlock(count, w, blockStart, strstart - blockStart, true);
  }
  return deflate;
}

let shared: ((data: Uint8Array) => Uint8Array) | null = null;

/**
 * The zlib stream of `data` (at most {@link MAX_ONE_SHOT} bytes), as a view of a buffer that the
 * next call overwrites: the compressor of {@link createDeflate} shared by its callers, made on
 * the first call.
 * @internal
 *
 * @example
 * ```ts
 * const bytes = deflateTransient(new TextEncoder().encode("hello hello hello"));
 * const copy = bytes.slice(); // before the next call
 * ```
 */
export function deflateTransient(data: Uint8Array): Uint8Array {
  return (shared ??= createDeflate())(data);
}
