/**
 * A lower bound on the length of `zlib.compress(data)` (zlib 1.2.13, level 6), computed from the
 * input alone, so that itsdangerous' "compress only if shorter" can be answered "no" without
 * compressing when the bound proves it.
 *
 * ## What zlib writes for a small input
 *
 * `zlib.compress(data)` is a 2-byte header, one deflate stream, and a 4-byte Adler-32: 6 bytes
 * plus the stream. `deflate_slow` tallies at most one symbol per input byte and flushes a block
 * only when its symbol buffer is full (`_tr_tally` returns true after `lit_bufsize - 1` = 16,383
 * symbols) or at the end. So an input of at most {@link MAX_BOUNDED_INPUT} bytes becomes exactly
 * one block, the last, and `_tr_flush_block` writes it as one of:
 *
 * - **stored**: 3 bits, padding, LEN and NLEN, the bytes: `n + 5` bytes. It is chosen only when
 *   `n + 4 <= opt_lenb`, i.e. when it is at most one byte longer than the shorter of the other
 *   two, so the stream is never shorter than the shorter of the two below.
 * - **fixed Huffman**: 3 bits + `static_len` bits, padded: `ceil((3 + static_len) / 8)` bytes,
 *   where `static_len` is the cost of the block's symbols in the fixed code (RFC 1951 3.2.6).
 * - **dynamic Huffman**: 3 bits + `opt_len` bits, padded, where `opt_len` is the cost of the
 *   symbols in the block's own codes plus the header that describes those codes.
 *
 * The stream is therefore at least `min(fixedBound, dynamicBound)` bytes, for any lower bounds of
 * the two, and zlib's output at least 6 more.
 *
 * ## Which bytes can be covered by a match
 *
 * A match of length L >= 3 at position s copies `data[s-d .. s-d+L)` for some d >= 1; so every
 * 3-byte string starting in `[s, s+L-3]` occurs earlier in the input. Call a position q
 * *repeated* when the 3 bytes at q occur at some p < q. Every byte inside a match then lies in
 * `[q, q+2]` for a repeated q inside the match: a byte in no such window (a *forced* byte) is a
 * literal, whatever deflate does. The other bytes form maximal *covered runs*; a match never
 * leaves the run it starts in, and starts at a repeated q, with a distance of at least
 * `q - (the last p < q where the same 3 bytes occur)`. Deflate finds fewer matches than this
 * (hash chains of 128, no match at distance > 32,506, none of length 3 beyond 4,096, position 0
 * never a match source): each of those only adds cost, so ignoring them keeps the bound sound.
 *
 * ## The fixed block (`static_len`)
 *
 * A literal costs 8 bits (9 above 143: ignored, 8 is a lower bound); the end-of-block code 7. A
 * match costs 7 or 8 bits of length code plus its extra bits, and 5 bits of distance code plus
 * the distance's extra bits (`extra_dbits`): at least `12 + dx` bits, where dx is the fewest
 * distance extra bits of any match that can start in its run. A covered run of R bytes, made of
 * matches (each at most 258 bytes) and literals, costs at least
 * `min(k * (12 + dx) + 8 * max(0, R - 258k))` over k, which is reached at `k = floor(R / 258)` or
 * `ceil(R / 258)` ({@link runCost}).
 *
 * ## The dynamic block (`opt_len`)
 *
 * `opt_len` = symbol costs + extra bits + 14 (HLIT, HDIST, HCLEN) + 3 bits per code-length code
 * sent (`build_bl_tree`) + the code lengths themselves, run-length coded (`scan_tree` /
 * `send_tree`) in the bit-length code. Lower bounds for each:
 *
 * - **Symbols.** The literal/length code is a prefix code in which every forced byte value and
 *   end-of-block (256) have a code, so (Kraft, Gibbs) the forced literals and end-of-block cost
 *   at least their entropy, `sum c log2(T / c)` over the counts c (end-of-block counts 1, T the
 *   sum). The other symbols cost at least nothing (counting them would add about 2 bits per
 *   covered run, and would make the bound no longer monotone in the forced literals, see below).
 * - **Code-length codes sent.** The distance code has at least two codes (`build_tree` adds
 *   some when fewer are used), so it is complete (inflate refuses an incomplete code with more
 *   than one code, and deflate's output inflates), and with at most 30 codes one of them is at
 *   most 4 bits long. `scan_tree` sends each length value that occurs explicitly at least once
 *   (the first of a run is explicit unless it repeats the previous run's value, which a maximal
 *   run never does), so the bit-length code has a code for some length in 1..4, whose place in
 *   `bl_order` is at least 11: at least 12 code lengths, 36 bits, are sent.
 * - **The code lengths.** Every bit-length code is at least 1 bit long. In the literal part of
 *   the sequence (symbols 0..256), forced byte values and 256 have non-zero lengths; the others
 *   may have either. A maximal run of r zero lengths costs exactly `z(r)` at least: r codes if
 *   r < 3, a 17 and 3 extra bits if r <= 10, an 18 and 7 extra bits if r <= 138, repeated per
 *   138. A maximal stretch of s non-zero lengths costs at least `(s + 1) / 2`: each run of
 *   equal lengths in it starts with an explicit code, and the rest goes by at most 6 per 16
 *   code with 2 extra bits. The cheapest choice of which other symbols have lengths is found
 *   gap by gap ({@link gapCosts}). The distance lengths cost at least 2 more bits.
 *
 * Each of these only ignores costs, so `3 + (sum of the bounds) <= 3 + opt_len`.
 *
 * ## Order of work
 *
 * Both parts of the dynamic bound only grow when literals are added to the forced ones (the
 * entropy of a multiset of symbols, `min` over a code of its cost, grows with each element; a
 * larger set of symbols that must have lengths cannot make the cheapest sequence of lengths
 * cheaper). So the bound computed as if every byte were forced is the most it can ever show: one
 * histogram pass rejects the inputs it cannot prove before any hashing. Then the scan for
 * repeated strings stops as soon as the covered runs save more in the fixed block than the limit
 * allows (those savings only grow as the scan goes on).
 *
 * The tests check the bound against pako (`legacyHash`, byte-identical to zlib) on many
 * thousands of inputs: the bound is never above the real length.
 * @internal
 * @module
 */

/**
 * The largest input the bound covers: deflate writes one block for at most 16,382 symbols.
 * @internal
 */
export const MAX_BOUNDED_INPUT = 16_382;

/** zlib's wrapper around the deflate stream: a 2-byte header and a 4-byte Adler-32. */
const WRAPPER_BYTES = 6;

/**
 * Probe table for the 3-byte strings seen so far: [stamp, string, last position] per slot, at
 * least twice as many slots as the longest input yet (it grows when needed: dumps only asks about
 * inputs of a few dozen bytes, and then it takes 3 KiB, not the 384 KiB of 16,382 bytes).
 */
let tableBits = 0;
let table = new Int32Array(0);
/** Slots whose stamp is not the current one are empty: no clearing between calls. */
let stamp = 0;

/**
 * Counts of the forced literals, by byte value, and which are non-zero (cleared after each call):
 * allocated on the first call, as the table is.
 */
let counts = new Int32Array(0);
let present = new Int32Array(0);

/**
 * The number of extra bits of a match distance d (1..32768): zlib's `extra_dbits[d_code(d - 1)]`.
 */
function distanceExtraBits(d: number): number {
  return d <= 4 ? 0 : 30 - Math.clz32(d - 1);
}

/**
 * The least cost of a covered run of `length` bytes in the fixed block, written as literals of
 * `literalBits` each and matches of at most 258 bytes and `matchBits` each (see the module's
 * comment).
 */
function runCost(length: number, matchBits: number, literalBits: number): number {
  const whole = Math.floor(length / 258);
  const rest = length - whole * 258;
  const allMatches = (whole + (rest > 0 ? 1 : 0)) * matchBits;
  return Math.min(allMatches, whole * matchBits + rest * literalBits);
}

/**
 * `z(r)`: what `send_tree` spends at least on a maximal run of r zero code lengths, each
 * bit-length code counted as 1 bit: chunks of 138 (`REPZ_11_138`, 7 extra bits), then the rest
 * as 0s (fewer than 3), one `REPZ_3_10` (3 extra bits) or one `REPZ_11_138`.
 */
function zeroRunCost(r: number): number {
  const whole = Math.floor(r / 138);
  const rest = r - whole * 138;
  return whole * 8 + (rest < 3 ? rest : rest <= 10 ? 4 : 8);
}

/**
 * The least cost of a gap of g symbols with no forced length between two that have one
 * (`inner`), or before the first one (`leading`): each symbol either gets a non-zero length
 * (1/2 bit, as part of a non-zero stretch) or a zero one (maximal zero runs cost `z(r)`, and
 * each inside the gap splits a stretch in two, which costs 1/2 more; one at the very start of
 * the sequence splits nothing). A small dynamic program over the gap, computed once.
 */
function gapCosts(leading: boolean): Float64Array {
  const size = 257;
  const out = new Float64Array(size);
  // best[i]: the least cost of the gap's first i symbols when symbol i-1 is non-zero (or i = 0).
  const best = new Float64Array(size);
  const zeroRunAfter = (start: number, r: number) => best[start]! + zeroRunCost(r) + (leading && start === 0 ? 0 : 0.5);
  for (let i = 1; i < size; i++) {
    let b = best[i - 1]!;
    for (let r = 1; r < i; r++) b = Math.min(b, zeroRunAfter(i - 1 - r, r));
    best[i] = b + 0.5;
  }
  for (let g = 1; g < size; g++) {
    let b = best[g]!;
    for (let r = 1; r <= g; r++) b = Math.min(b, zeroRunAfter(g - r, r));
    out[g] = b;
  }
  return out;
}

let innerGap: Float64Array | null = null;
let leadingGap: Float64Array | null = null;

/**
 * The least cost of the literal part of the code-length sequence (symbols 0..256) given which
 * byte values must have a code (the bits of `present`), see the module's comment.
 */
function literalLengthsCost(): number {
  innerGap ??= gapCosts(false);
  leadingGap ??= gapCosts(true);
  let cost = 0.5; // the first non-zero stretch's extra half bit
  let previous = -1;
  for (let word = 0; word < 8; word++) {
    let bits = present[word]!;
    while (bits !== 0) {
      const value = word * 32 + 31 - Math.clz32(bits & -bits);
      bits &= bits - 1;
      cost += (previous < 0 ? leadingGap : innerGap)[value - previous - 1]! + 0.5;
      previous = value;
    }
  }
  return cost + (previous < 0 ? leadingGap : innerGap)[256 - previous - 1]! + 0.5;
}

/**
 * Whether `zlib.compress(data)` (zlib 1.2.13, level 6) is provably at least `limit` bytes long,
 * from a lower bound on its length (see the module's comment for the proof). `false` means "not
 * proven", not "shorter": then the data must be compressed to know.
 * @internal
 *
 * @example
 * ```ts
 * zlibSizeAtLeast(new TextEncoder().encode('{"_fresh":false}'), 15); // true: zlib cannot save 2 bytes
 * ```
 */
export function zlibSizeAtLeast(data: Uint8Array, limit: number): boolean {
  const n = data.length;
  if (n > MAX_BOUNDED_INPUT) return false;
  // The fixed block is at most what 8-bit literals cost, 8n + 7 bits, less what matches save; it
  // proves the limit while 3 + static_len > 8 (limit - 7), that is while the savings are at most:
  const maxSavings = 8 * (n - limit) + 65;
  if (maxSavings < 0) return false;
  if (counts.length === 0) {
    counts = new Int32Array(256);
    present = new Int32Array(8);
  }
  try {
    // The dynamic block's bound only grows with the forced literals (entropy and code lengths are
    // monotone in them): with every byte counted as forced, it is the most the bound can show. One
    // pass without hashing then rules out what it cannot prove, such as most JSON beyond ~50 bytes.
    for (let q = 0; q < n; q++) countLiteral(data[q]!);
    if (!dynamicBoundReaches(n, limit)) return false;
    clearCounts(data);
    const forced = scanForced(data, maxSavings);
    if (forced < 0) return false;
    return dynamicBoundReaches(forced, limit);
  } finally {
    clearCounts(data);
  }
}

function countLiteral(value: number): void {
  if (counts[value]!++ === 0) present[value >>> 5]! |= 1 << (value & 31);
}

/** Whether the dynamic block's bound, for the literals counted, reaches `limit` bytes of output. */
function dynamicBoundReaches(forced: number, limit: number): boolean {
  const bits = 3 + literalEntropy(forced) + 14 + 36 + literalLengthsCost() + 2;
  // The true cost is a whole number of bits at least `bits`, which is a float.
  return WRAPPER_BYTES + Math.ceil(Math.ceil(bits - 1e-6) / 8) >= limit;
}

/**
 * Finds the covered runs and counts the forced literals (in `counts`), with the fixed block's
 * bound on the way: what the runs save on 8-bit literals only grows as the scan goes on, so it
 * stops as soon as they save more than `maxSavings` bits.
 * @returns the number of forced literals, or -1 when the fixed block's bound fails.
 */
function scanForced(data: Uint8Array, maxSavings: number): number {
  const n = data.length;
  tableFor(n);
  stamp = stamp === 0x7fffffff ? resetTable() : stamp + 1;
  const shift = 32 - tableBits;
  const mask = (1 << tableBits) - 1;
  let savings = 0; // what the runs closed so far save on 8-bit literals, in the fixed block
  let runStart = -1; // the open run: [runStart, runEnd), with dx its fewest distance extra bits
  let runEnd = -1;
  let dx = 0;
  let forced = 0;
  for (let q = 0; q < n; q++) {
    if (q + 2 < n) {
      const key = (data[q]! << 16) | (data[q + 1]! << 8) | data[q + 2]!;
      let slot = Math.imul(key, 0x9e3779b1) >>> shift;
      let last = -1;
      for (;;) {
        const at = slot * 3;
        if (table[at] !== stamp) {
          table[at] = stamp;
          table[at + 1] = key;
          table[at + 2] = q;
          break;
        }
        if (table[at + 1] === key) {
          last = table[at + 2]!;
          table[at + 2] = q;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (last >= 0) {
        const extra = distanceExtraBits(q - last);
        if (q <= runEnd) {
          runEnd = q + 3;
          if (extra < dx) dx = extra;
        } else {
          runStart = q;
          runEnd = q + 3;
          dx = extra;
        }
        const length = runEnd - runStart;
        if (savings + 8 * length - runCost(length, 12 + dx, 8) > maxSavings) return -1;
      }
    }
    if (q >= runEnd) {
      countLiteral(data[q]!);
      forced++;
    } else if (q === runEnd - 1) {
      // The open run ends here unless a repeated string starting at q + 1 extends it.
      if (q + 3 < n && extendsRun(data, q + 1, shift, mask)) continue;
      const length = runEnd - runStart;
      savings += 8 * length - runCost(length, 12 + dx, 8);
    }
  }
  return forced;
}

/**
 * Whether the 3 bytes at q occurred before: peeks at the table without recording q (the main
 * loop records it at its next step).
 */
function extendsRun(data: Uint8Array, q: number, shift: number, mask: number): boolean {
  const key = (data[q]! << 16) | (data[q + 1]! << 8) | data[q + 2]!;
  let slot = Math.imul(key, 0x9e3779b1) >>> shift;
  for (;;) {
    const at = slot * 3;
    if (table[at] !== stamp) return false;
    if (table[at + 1] === key) return true;
    slot = (slot + 1) & mask;
  }
}

/** `c log2 c` for the counts a cookie has (computed on the first call); larger ones use Math.log2. */
let cLogCTable: Float64Array | null = null;

function cLogC(c: number): number {
  cLogCTable ??= Float64Array.from({ length: 1024 }, (_, k) => (k < 2 ? 0 : k * Math.log2(k)));
  return c < 1024 ? cLogCTable[c]! : c * Math.log2(c);
}

/** `sum c log2(T / c)` over the forced literals' counts and end-of-block's 1, T their sum. */
function literalEntropy(forced: number): number {
  let sum = cLogC(forced + 1);
  for (let word = 0; word < 8; word++) {
    let bits = present[word]!;
    while (bits !== 0) {
      sum -= cLogC(counts[word * 32 + 31 - Math.clz32(bits & -bits)]!);
      bits &= bits - 1;
    }
  }
  return sum;
}

function clearCounts(data: Uint8Array): void {
  if (data.length < 256) for (let i = 0; i < data.length; i++) counts[data[i]!] = 0;
  else counts.fill(0);
  present.fill(0);
}

function resetTable(): number {
  table.fill(0);
  return 1;
}

/** Makes the table at least twice as large as an input of n bytes needs. */
function tableFor(n: number): void {
  const bits = n < 128 ? 8 : 33 - Math.clz32(n); // 2n <= 2^bits
  if (bits <= tableBits) return;
  tableBits = bits;
  table = new Int32Array(3 << bits);
  stamp = 0;
}
