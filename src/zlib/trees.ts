/**
 * The Huffman half of zlib 1.2.13's deflate (trees.c), for ./deflate.ts: the symbols of a
 * block are tallied here, then `flushBlock` (`_tr_flush_block`) chooses a stored, fixed or
 * dynamic block exactly as zlib does and writes it.
 *
 * Byte identity with zlib depends on every detail of the tree construction: the heap and its
 * tie-break on depth (`pqdownheap`, `smaller`), the order in which `build_tree` takes nodes, the
 * length-limit fix-up in `gen_bitlen`, the canonical codes of `gen_codes`, the run-length coding
 * of the code lengths (`scan_tree`, `send_tree`) and the bit accounting (`opt_len`, `static_len`)
 * that picks the block type. Each method below names the zlib function it follows. The state is
 * a {@link Trees} instance's (the Huffman part of zlib's `deflate_state`), allocated when the
 * instance is made: a block allocates nothing, and importing this module allocates nothing.
 * @internal
 * @module
 */
import {
  CODE_LENGTH_EXTRA,
  CODE_LENGTH_ORDER,
  DISTANCE_BASE,
  DISTANCE_EXTRA,
  FIXED_DISTANCE_LENGTH,
  fixedLitLenLength,
  LENGTH_BASE,
  LENGTH_EXTRA,
  LITLEN_SYMBOLS,
  reverseBits,
} from "./tables.js";

// Sizes and codes (trees.c, deflate.h).
const LENGTH_CODES = 29;
const LITERALS = 256;
const END_BLOCK = 256;
/** Literal/length codes: literals, end of block, length codes. */
const L_CODES = LITERALS + 1 + LENGTH_CODES;
const D_CODES = 30;
const BL_CODES = 19;
/** Nodes of the largest tree: leaves and internal nodes, and the heap's size. */
const HEAP_SIZE = 2 * L_CODES + 1;
const MAX_BITS = 15;
const MAX_BL_BITS = 7;
const REP_3_6 = 16;
const REPZ_3_10 = 17;
const REPZ_11_138 = 18;
const STORED_BLOCK = 0;
const STATIC_TREES = 1;
const DYN_TREES = 2;

/**
 * Symbols a block holds before it is flushed: `lit_bufsize - 1` for memLevel 8 (zlib 1.2.12+
 * stops at `sym_end = (lit_bufsize - 1) * 3` bytes of its symbol buffer).
 */
export const BLOCK_SYMBOLS = (1 << (8 + 6)) - 1;

/** What zlib's `tr_static_init` computes from the format's tables: made on first use, then only read. */
interface StaticTables {
  /** Length code (0..28) of each match length - 3. */
  readonly lengthCode: Uint8Array;
  /** Distance code of distances - 1 below 256, then of (distance - 1) >> 7 from index 256 (`d_code`). */
  readonly distCode: Uint8Array;
  /** The fixed trees' code lengths (`static_ltree`, `static_dtree`). */
  readonly ltreeLen: Uint8Array;
  readonly dtreeLen: Uint8Array;
  /** The fixed codes as compress_block sends them: `code | length << 16`. */
  readonly ltreeSend: Int32Array;
  readonly dtreeSend: Int32Array;
}

let staticTables: StaticTables | null = null;

function tablesOnce(): StaticTables {
  return (staticTables ??= buildStaticTables());
}

function buildStaticTables(): StaticTables {
  const lengthCode = new Uint8Array(256);
  for (let code = 0; code < LENGTH_CODES - 1; code++) {
    for (let n = 0; n < 1 << LENGTH_EXTRA[code]!; n++) lengthCode[LENGTH_BASE[code]! - 3 + n] = code;
  }
  // Length 258 (lc 255) has its own code, 28, instead of the last of code 27's range.
  lengthCode[255] = LENGTH_CODES - 1;
  const distCode = new Uint8Array(512);
  for (let code = 0; code < D_CODES; code++) {
    const extra = DISTANCE_EXTRA[code]!;
    const base = DISTANCE_BASE[code]! - 1;
    if (code < 16) for (let n = 0; n < 1 << extra; n++) distCode[base + n] = code;
    else for (let n = 0; n < 1 << (extra - 7); n++) distCode[256 + (base >>> 7) + n] = code;
  }
  const ltreeLen = new Uint8Array(L_CODES + 2);
  const count = new Uint16Array(MAX_BITS + 1);
  for (let n = 0; n < LITLEN_SYMBOLS; n++) count[(ltreeLen[n] = fixedLitLenLength(n))]!++;
  const ltreeCode = new Uint16Array(L_CODES + 2);
  const all = Int16Array.from({ length: LITLEN_SYMBOLS }, (_, n) => n);
  generateCodes(ltreeCode, ltreeLen, all, LITLEN_SYMBOLS, count, new Uint16Array(MAX_BITS + 1));
  const ltreeSend = Int32Array.from(ltreeCode, (code, n) => code | (ltreeLen[n]! << 16));
  const dtreeLen = new Uint8Array(D_CODES).fill(FIXED_DISTANCE_LENGTH);
  const dtreeSend = Int32Array.from(
    { length: D_CODES },
    (_, n) => reverseBits(n, FIXED_DISTANCE_LENGTH) | (FIXED_DISTANCE_LENGTH << 16),
  );
  return { lengthCode, distCode, ltreeLen, dtreeLen, ltreeSend, dtreeSend };
}

/**
 * `gen_codes`: the canonical code of each leaf in `leaves` (increasing, every leaf with a
 * length), bit-reversed for sending; `nextCode` is scratch.
 */
function generateCodes(
  code: Uint16Array,
  len: Uint8Array,
  leaves: Int16Array,
  count: number,
  lengthCount: Uint16Array,
  nextCode: Uint16Array,
): void {
  let next = 0;
  for (let bits = 1; bits <= MAX_BITS; bits++) {
    next = (next + lengthCount[bits - 1]!) << 1;
    nextCode[bits] = next;
  }
  for (let i = 0; i < count; i++) {
    const n = leaves[i]!;
    const bits = len[n]!;
    code[n] = reverseBits(nextCode[bits]!++, bits);
  }
}

/**
 * A tree (zlib's `ct_data` array and `tree_desc`): per leaf its frequency, bit length and code,
 * per node its parent while building; and what `build_tree` finds.
 */
interface Tree {
  /** Leaf frequencies, tallied during the block. */
  readonly freq: Int32Array;
  readonly dad: Int16Array;
  /** Bit lengths of leaves and nodes; a leaf's is 0 unless it is in `used`. */
  readonly len: Uint8Array;
  readonly code: Uint16Array;
  /** Code and length of each leaf with a code, as compress_block sends them: `code | length << 16`. */
  readonly send: Int32Array;
  /** The leaves with a code, in increasing order, and how many (zlib finds them by scanning). */
  readonly used: Int16Array;
  usedCount: number;
  /** Leaves (`elems`). */
  readonly elems: number;
  /** The fixed tree's bit lengths (`static_tree`), or null for the bit-length tree. */
  readonly staticLen: Uint8Array | null;
  /** Extra bits per code from `extraBase` on. */
  readonly extraBits: readonly number[];
  readonly extraBase: number;
  /** Longest code allowed (`max_length`). */
  readonly maxLength: number;
  /** The largest code with a non-zero frequency (`max_code`). */
  maxCode: number;
}

function newTree(
  elems: number,
  staticLen: Uint8Array | null,
  extraBits: readonly number[],
  extraBase: number,
  maxLength: number,
): Tree {
  const nodes = 2 * elems + 1;
  return {
    freq: new Int32Array(elems),
    dad: new Int16Array(nodes),
    len: new Uint8Array(nodes),
    code: new Uint16Array(elems),
    send: new Int32Array(elems),
    used: new Int16Array(elems),
    usedCount: 0,
    elems,
    staticLen,
    extraBits,
    extraBase,
    maxLength,
    maxCode: 0,
  };
}

/** No frequencies, and no lengths left from the last block (only its leaves had any). */
function clearTree(tree: Tree): void {
  tree.freq.fill(0);
  for (let i = 0; i < tree.usedCount; i++) tree.len[tree.used[i]!] = 0;
  tree.usedCount = 0;
}

/**
 * The Huffman coding of one deflate stream at a time: the block's symbols, its three trees and
 * the bit writer (`send_bits`: least significant bit first, into the output given to
 * {@link Trees.startStream}).
 * @internal
 *
 * @example
 * ```ts
 * // zlib's deflate_huff: every byte a literal, one last block (raw deflate, no zlib wrapper).
 * const trees = new Trees();
 * const out = new Uint8Array(data.length + 64);
 * trees.startStream(out, 0, data.length);
 * data.forEach((byte, i) => trees.tallyLiteral(i, byte));
 * trees.flushBlock(data.length, data, 0, data.length, true);
 * out.subarray(0, trees.streamEnd());
 * ```
 */
export class Trees {
  readonly #tables = tablesOnce();
  readonly #ltree = newTree(L_CODES, this.#tables.ltreeLen, LENGTH_EXTRA, LITERALS + 1, MAX_BITS);
  readonly #dtree = newTree(D_CODES, this.#tables.dtreeLen, DISTANCE_EXTRA, 0, MAX_BITS);
  readonly #bltree = newTree(BL_CODES, null, CODE_LENGTH_EXTRA, 0, MAX_BL_BITS);
  /**
   * Which literal/length codes the block uses, one bit each: build_tree then visits them in
   * increasing order without scanning all 286 (what zlib's scan finds, in the same order).
   */
  readonly #litSeen = new Int32Array(Math.ceil(L_CODES / 32));
  /**
   * The block's symbols (`sym_buf`): a literal is its byte, a match `(distance << 8) | (length - 3)`.
   * As long as the longest block of an input yet ({@link Trees.startStream} grows it).
   */
  #symbols = new Int32Array(0);
  /**
   * The heap of build_tree (node numbers), and each node's sort key: `freq << 10 | depth`, so that
   * zlib's `smaller(n, m)` (a lower frequency, or the same and a depth no greater) is
   * `key[n] <= key[m]`. Depths stay far below 1024: a Huffman tree of total weight at most 2^15 is
   * less than 25 levels deep (and zlib's 8-bit depth never wraps either).
   */
  readonly #heap = new Int16Array(HEAP_SIZE);
  readonly #key = new Int32Array(HEAP_SIZE);
  #heapLen = 0;
  #heapMax = 0;
  /** `bl_count` and `next_code` of gen_bitlen and gen_codes. */
  readonly #blCount = new Uint16Array(MAX_BITS + 1);
  readonly #nextCode = new Uint16Array(MAX_BITS + 1);
  /** Bit cost of the block in its dynamic trees, headers included (`opt_len`), and in the fixed ones. */
  #optLen = 0;
  #staticLen = 0;
  /** The bit-length codes that describe the two trees (`scan_tree`), in order: code | extra << 5. */
  readonly #blSymbols = new Int32Array(L_CODES + D_CODES);
  #blSymbolCount = 0;
  // The bit writer (`send_bits`, `bi_windup`). Hot loops copy these into locals and write them back.
  #output: Uint8Array = new Uint8Array(0);
  #outPos = 0;
  #bitBuf = 0;
  #bitCount = 0;

  /**
   * How many times gen_bitlen's length-limit fix-up ran, for the bit-length tree (7 bits) and for
   * the literal/length and distance trees (15 bits): the tests check that they reach it.
   */
  readonly lengthFixUps = { bitLength: 0, other: 0 };

  /**
   * Starts a new deflate stream of an input of `inputLength` bytes (`_tr_init`): the output goes
   * to `out` from `at` on (after the zlib header).
   */
  startStream(out: Uint8Array, at: number, inputLength: number): void {
    const symbols = Math.min(Math.max(inputLength, 1), BLOCK_SYMBOLS);
    if (this.#symbols.length < symbols)
      this.#symbols = new Int32Array(Math.min(Math.max(256, 2 ** Math.ceil(Math.log2(symbols))), BLOCK_SYMBOLS));
    this.#output = out;
    this.#outPos = at;
    this.#bitBuf = 0;
    this.#bitCount = 0;
    this.#initBlock();
  }

  /** Where the stream ended (after `flushBlock(..., last = true)`, which pads the last byte). */
  streamEnd(): number {
    return this.#outPos;
  }

  /** `_tr_tally_lit`: records a literal as the block's symbol number `at`. */
  tallyLiteral(at: number, byte: number): void {
    this.#symbols[at] = byte;
    if (this.#ltree.freq[byte]!++ === 0) this.#litSeen[byte >>> 5]! |= 1 << (byte & 31);
  }

  /** `_tr_tally_dist`: records a match of `length` bytes at `distance` as the block's symbol number `at`. */
  tallyMatch(at: number, distance: number, length: number): void {
    const lc = length - 3;
    this.#symbols[at] = (distance << 8) | lc;
    const code = this.#tables.lengthCode[lc]! + LITERALS + 1;
    if (this.#ltree.freq[code]!++ === 0) this.#litSeen[code >>> 5]! |= 1 << (code & 31);
    this.#dtree.freq[this.#distanceCode(distance - 1)]!++;
  }

  /**
   * `_tr_flush_block`: writes the block of `count` tallied symbols, which stand for the
   * `storedLength` bytes of `window` from `blockStart`, as whichever of a stored, a fixed and a
   * dynamic block is shortest by zlib's reckoning; pads to a byte after the last block.
   */
  flushBlock(count: number, window: Uint8Array, blockStart: number, storedLength: number, last: boolean): void {
    this.#buildTree(this.#ltree, this.#litSeen);
    this.#buildTree(this.#dtree, null);
    const maxBlIndex = this.#buildBitLengthTree();
    let optLenb = (this.#optLen + 3 + 7) >>> 3;
    const staticLenb = (this.#staticLen + 3 + 7) >>> 3;
    if (staticLenb <= optLenb) optLenb = staticLenb;
    const lastBit = last ? 1 : 0;
    if (storedLength + 4 <= optLenb) {
      // `_tr_stored_block`: LEN and NLEN are 16-bit, as zlib writes them.
      this.#sendBits((STORED_BLOCK << 1) + lastBit, 3);
      this.#windup();
      const output = this.#output;
      let at = this.#outPos;
      output[at++] = storedLength;
      output[at++] = storedLength >>> 8;
      output[at++] = ~storedLength;
      output[at++] = ~storedLength >>> 8;
      output.set(window.subarray(blockStart, blockStart + storedLength), at);
      this.#outPos = at + storedLength;
    } else if (staticLenb === optLenb) {
      this.#sendBits((STATIC_TREES << 1) + lastBit, 3);
      this.#compressBlock(count, this.#tables.ltreeSend, this.#tables.dtreeSend);
    } else {
      this.#sendBits((DYN_TREES << 1) + lastBit, 3);
      this.#sendAllTrees(maxBlIndex);
      this.#compressBlock(count, this.#ltree.send, this.#dtree.send);
    }
    this.#initBlock();
    if (last) this.#windup();
  }

  /** `d_code`: the distance code of a distance - 1. */
  #distanceCode(dist: number): number {
    const distCode = this.#tables.distCode;
    return dist < 256 ? distCode[dist]! : distCode[256 + (dist >>> 7)]!;
  }

  /** `send_bits`: `length` (at most 16) bits of `value`. */
  #sendBits(value: number, length: number): void {
    this.#bitBuf |= value << this.#bitCount;
    this.#bitCount += length;
    if (this.#bitCount >= 16) {
      this.#output[this.#outPos++] = this.#bitBuf;
      this.#output[this.#outPos++] = this.#bitBuf >>> 8;
      this.#bitBuf >>>= 16;
      this.#bitCount -= 16;
    }
  }

  /** `bi_windup`: pads to a byte boundary with zeros and writes what is left. */
  #windup(): void {
    if (this.#bitCount > 8) {
      this.#output[this.#outPos++] = this.#bitBuf;
      this.#output[this.#outPos++] = this.#bitBuf >>> 8;
    } else if (this.#bitCount > 0) {
      this.#output[this.#outPos++] = this.#bitBuf;
    }
    this.#bitBuf = 0;
    this.#bitCount = 0;
  }

  /** `init_block`: no symbols, end of block counted once; the lengths of the last block cleared. */
  #initBlock(): void {
    clearTree(this.#ltree);
    clearTree(this.#dtree);
    clearTree(this.#bltree);
    this.#litSeen.fill(0);
    this.#ltree.freq[END_BLOCK] = 1;
    this.#litSeen[END_BLOCK >>> 5]! |= 1 << (END_BLOCK & 31);
    this.#optLen = 0;
    this.#staticLen = 0;
  }

  /** `pqdownheap`: sifts the node at heap position k down to its place. */
  #siftDown(k: number): void {
    const heap = this.#heap;
    const key = this.#key;
    const heapLen = this.#heapLen;
    const v = heap[k]!;
    const kv = key[v]!;
    let j = k << 1;
    while (j <= heapLen) {
      let hj = heap[j]!;
      let kj = key[hj]!;
      if (j < heapLen) {
        const right = heap[j + 1]!;
        const kr = key[right]!;
        if (kr <= kj) {
          j++;
          hj = right;
          kj = kr;
        }
      }
      if (kv <= kj) break;
      heap[k] = hj;
      k = j;
      j <<= 1;
    }
    heap[k] = v;
  }

  /**
   * `build_tree`: the Huffman tree of `tree`'s frequencies, its bit lengths (limited by
   * `gen_bitlen`) and codes (`gen_codes`); adds the tree's cost to `optLen` and `staticLen`.
   * `seen` has a bit for each leaf with a frequency (else the frequencies are scanned).
   */
  #buildTree(tree: Tree, seen: Int32Array | null): void {
    const { freq, dad, used, elems, staticLen: stree } = tree;
    const heap = this.#heap;
    const key = this.#key;
    let maxCode = -1;
    let usedCount = 0;
    let heapLen = 0;
    if (seen !== null) {
      for (let word = 0; word < seen.length; word++) {
        let bits = seen[word]!;
        while (bits !== 0) {
          const n = (word << 5) + 31 - Math.clz32(bits & -bits);
          bits &= bits - 1;
          heap[++heapLen] = maxCode = used[usedCount++] = n;
          key[n] = freq[n]! << 10;
        }
      }
    } else {
      for (let n = 0; n < elems; n++) {
        const f = freq[n]!;
        if (f !== 0) {
          heap[++heapLen] = maxCode = used[usedCount++] = n;
          key[n] = f << 10;
        }
      }
    }
    // The format needs at least one distance code, and at least two codes of one bit when there
    // is one symbol: zlib adds nodes of frequency 1 (and takes their cost back out).
    if (heapLen < 2) {
      do {
        const node = (heap[++heapLen] = maxCode < 2 ? ++maxCode : 0);
        freq[node] = 1;
        key[node] = 1 << 10;
        this.#optLen--;
        if (stree !== null) this.#staticLen -= stree[node]!;
      } while (heapLen < 2);
      usedCount = 0;
      for (let n = 0; n <= maxCode; n++) if (freq[n] !== 0) used[usedCount++] = n;
    }
    tree.maxCode = maxCode;
    tree.usedCount = usedCount;
    this.#heapLen = heapLen;
    for (let n = heapLen >> 1; n >= 1; n--) this.#siftDown(n);
    // Combine the two least frequent nodes until one is left; the removed nodes go to the end of
    // the heap array, in order, for gen_bitlen.
    let heapMax = HEAP_SIZE;
    let node = elems;
    do {
      const n = heap[1]!;
      heap[1] = heap[this.#heapLen--]!;
      this.#siftDown(1);
      const m = heap[1]!;
      heap[--heapMax] = n;
      heap[--heapMax] = m;
      const kn = key[n]!;
      const km = key[m]!;
      const depth = ((kn & 1023) >= (km & 1023) ? kn & 1023 : km & 1023) + 1;
      key[node] = (((kn >> 10) + (km >> 10)) << 10) | depth;
      dad[n] = dad[m] = node;
      heap[1] = node++;
      this.#siftDown(1);
    } while (this.#heapLen >= 2);
    heap[--heapMax] = heap[1]!;
    this.#heapMax = heapMax;
    this.#generateBitLengths(tree);
    generateCodes(tree.code, tree.len, used, usedCount, this.#blCount, this.#nextCode);
    const { code, len, send } = tree;
    for (let i = 0; i < usedCount; i++) {
      const n = used[i]!;
      send[n] = code[n]! | (len[n]! << 16);
    }
  }

  /**
   * `gen_bitlen`: each node's depth from the root, limited to `maxLength`; when codes were too
   * long, zlib's fix-up moves leaves until the lengths form a complete code again, then gives the
   * lengths back to the leaves in the order of the heap. Adds the tree's cost to the block's.
   */
  #generateBitLengths(tree: Tree): void {
    const { freq, dad, len, maxCode, staticLen: stree, extraBits, extraBase, maxLength } = tree;
    const heap = this.#heap;
    const blCount = this.#blCount;
    blCount.fill(0);
    len[heap[this.#heapMax]!] = 0; // the root
    let overflow = 0;
    let optLen = this.#optLen;
    let staticLen = this.#staticLen;
    let h = this.#heapMax + 1;
    for (; h < HEAP_SIZE; h++) {
      const n = heap[h]!;
      let bits = len[dad[n]!]! + 1;
      if (bits > maxLength) {
        bits = maxLength;
        overflow++;
      }
      len[n] = bits;
      if (n > maxCode) continue; // not a leaf
      blCount[bits]!++;
      const xbits = n >= extraBase ? extraBits[n - extraBase]! : 0;
      const f = freq[n]!;
      optLen += f * (bits + xbits);
      if (stree !== null) staticLen += f * (stree[n]! + xbits);
    }
    this.#staticLen = staticLen;
    if (overflow !== 0) {
      if (maxLength === MAX_BL_BITS) this.lengthFixUps.bitLength++;
      else this.lengthFixUps.other++;
      // Find the first bit length that could increase, move a leaf there one level down with an
      // overflowing one beside it.
      do {
        let bits = maxLength - 1;
        while (blCount[bits] === 0) bits--;
        blCount[bits]!--;
        blCount[bits + 1]! += 2;
        blCount[maxLength]!--;
        overflow -= 2;
      } while (overflow > 0);
      // Give the leaves, in heap order (by frequency), the lengths now counted.
      for (let bits = maxLength; bits !== 0; bits--) {
        let n = blCount[bits]!;
        while (n !== 0) {
          const m = heap[--h]!;
          if (m > maxCode) continue;
          if (len[m] !== bits) {
            optLen += (bits - len[m]!) * freq[m]!;
            len[m] = bits;
          }
          n--;
        }
      }
    }
    this.#optLen = optLen;
  }

  /** Records one bit-length code of the tree descriptions, and counts it (`scan_tree`). */
  #blSymbol(symbol: number, extra: number): void {
    this.#blSymbols[this.#blSymbolCount++] = symbol | (extra << 5);
    this.#bltree.freq[symbol]!++;
  }

  /**
   * `scan_tree`: the code lengths of `tree`'s codes 0..maxCode, run-length coded with 16 (repeat
   * the previous length 3-6 times), 17 (3-10 zeros) and 18 (11-138 zeros), recorded for
   * `send_tree` and counted for the bit-length tree.
   *
   * zlib walks the lengths one by one, cutting a run into pieces of at most `max_count` and
   * choosing the next piece's limits from the lengths around it; this walks whole runs and cuts
   * them the same way. A run of zeros always gets the limits 138/3 (zlib sets them whenever the
   * next length is 0). A run of a non-zero length L starts with 7/4 (the length before it differs,
   * or there is none), with L sent first unless it is `prevlen`, which it never is at the start of
   * a run; its next pieces get 6/3 and repeat L with 16 when at least 3 long.
   */
  #scanTree(tree: Tree): void {
    const { len, used, usedCount, maxCode } = tree;
    let i = 0;
    let pos = 0;
    while (pos <= maxCode) {
      if (used[i] !== pos) {
        // Zeros up to the next leaf with a code (there is one at maxCode).
        let run = used[i]! - pos;
        pos += run;
        while (run > 0) {
          const piece = run < 138 ? run : 138;
          if (piece < 3) for (let k = 0; k < piece; k++) this.#blSymbol(0, 0);
          else if (piece <= 10) this.#blSymbol(REPZ_3_10, piece - 3);
          else this.#blSymbol(REPZ_11_138, piece - 11);
          run -= piece;
        }
        continue;
      }
      const length = len[pos]!;
      let run = 1;
      while (i + run < usedCount && used[i + run] === pos + run && len[pos + run] === length) run++;
      i += run;
      pos += run;
      // First piece: at most 7, limits 7/4.
      let piece = run < 7 ? run : 7;
      if (piece < 4) {
        for (let k = 0; k < piece; k++) this.#blSymbol(length, 0);
      } else {
        this.#blSymbol(length, 0);
        this.#blSymbol(REP_3_6, piece - 1 - 3);
      }
      run -= piece;
      // Next pieces: at most 6, limits 6/3, the previous length being this one.
      while (run > 0) {
        piece = run < 6 ? run : 6;
        if (piece < 3) for (let k = 0; k < piece; k++) this.#blSymbol(length, 0);
        else this.#blSymbol(REP_3_6, piece - 3);
        run -= piece;
      }
    }
  }

  /**
   * `build_bl_tree`: the bit-length tree for sending the other two trees' lengths.
   * @returns the index in `CODE_LENGTH_ORDER` of the last bit-length code to send (at least 3).
   */
  #buildBitLengthTree(): number {
    this.#blSymbolCount = 0;
    this.#scanTree(this.#ltree);
    this.#scanTree(this.#dtree);
    this.#buildTree(this.#bltree, null);
    let maxIndex = BL_CODES - 1;
    for (; maxIndex >= 3; maxIndex--) if (this.#bltree.len[CODE_LENGTH_ORDER[maxIndex]!] !== 0) break;
    // The lengths of the bit-length codes, 3 bits each, and HLIT, HDIST, HCLEN.
    this.#optLen += 3 * (maxIndex + 1) + 5 + 5 + 4;
    return maxIndex;
  }

  /** `send_all_trees`: the dynamic block's header; `send_tree` replays what scanTree recorded. */
  #sendAllTrees(maxBlIndex: number): void {
    this.#sendBits(this.#ltree.maxCode + 1 - 257, 5);
    this.#sendBits(this.#dtree.maxCode + 1 - 1, 5);
    this.#sendBits(maxBlIndex + 1 - 4, 4);
    const { code, len } = this.#bltree;
    for (let rank = 0; rank <= maxBlIndex; rank++) this.#sendBits(len[CODE_LENGTH_ORDER[rank]!]!, 3);
    const blSymbols = this.#blSymbols;
    for (let i = 0; i < this.#blSymbolCount; i++) {
      const entry = blSymbols[i]!;
      const symbol = entry & 31;
      const bits = len[symbol]!;
      // A code of at most 7 bits and at most 7 extra bits: one send.
      this.#sendBits(code[symbol]! | ((entry >>> 5) << bits), bits + CODE_LENGTH_EXTRA[symbol]!);
    }
  }

  /**
   * `compress_block`: the block's symbols in the given codes (`code | length << 16`), then end of
   * block. Literals, most of the symbols, are sent with the bit buffer in locals; matches through
   * {@link Trees.sendMatch}.
   */
  #compressBlock(count: number, lsend: Int32Array, dsend: Int32Array): void {
    const out = this.#output;
    const symbols = this.#symbols;
    let pos = this.#outPos;
    let buf = this.#bitBuf;
    let bits = this.#bitCount;
    for (let i = 0; i < count; i++) {
      const symbol = symbols[i]!;
      if (symbol < 256) {
        // At most 15 bits added to fewer than 16, then whole 16-bit words go out.
        const c = lsend[symbol]!;
        buf |= (c & 0xffff) << bits;
        bits += c >>> 16;
        if (bits >= 16) {
          out[pos++] = buf;
          out[pos++] = buf >>> 8;
          buf >>>= 16;
          bits -= 16;
        }
      } else {
        this.#outPos = pos;
        this.#bitBuf = buf;
        this.#bitCount = bits;
        this.#sendMatch(symbol, lsend, dsend);
        pos = this.#outPos;
        buf = this.#bitBuf;
        bits = this.#bitCount;
      }
    }
    this.#outPos = pos;
    this.#bitBuf = buf;
    this.#bitCount = bits;
    const eob = lsend[END_BLOCK]!;
    this.#sendBits(eob & 0xffff, eob >>> 16);
  }

  /** One match of compress_block: length code and extra bits, distance code and extra bits. */
  #sendMatch(symbol: number, lsend: Int32Array, dsend: Int32Array): void {
    const lc = symbol & 0xff;
    let code = this.#tables.lengthCode[lc]!;
    const c = lsend[code + LITERALS + 1]!;
    this.#sendBits(c & 0xffff, c >>> 16);
    let extra = LENGTH_EXTRA[code]!;
    if (extra !== 0) this.#sendBits(lc + 3 - LENGTH_BASE[code]!, extra);
    const dist = (symbol >>> 8) - 1;
    code = this.#distanceCode(dist);
    const d = dsend[code]!;
    this.#sendBits(d & 0xffff, d >>> 16);
    extra = DISTANCE_EXTRA[code]!;
    if (extra !== 0) this.#sendBits(dist + 1 - DISTANCE_BASE[code]!, extra);
  }
}
