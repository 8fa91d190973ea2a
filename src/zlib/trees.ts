/**
 * The Huffman half of zlib 1.2.13's deflate (trees.c), for ./deflate.ts: the symbols of a
 * block are tallied here, then `flushBlock` (`_tr_flush_block`) chooses a stored, fixed or
 * dynamic block exactly as zlib does and writes it.
 *
 * Byte identity with zlib depends on every detail of the tree construction: the heap and its
 * tie-break on depth (`pqdownheap`, `smaller`), the order in which `build_tree` takes nodes, the
 * length-limit fix-up in `gen_bitlen`, the canonical codes of `gen_codes`, the run-length coding
 * of the code lengths (`scan_tree`, `send_tree`) and the bit accounting (`opt_len`, `static_len`)
 * that picks the block type. Each function below names the zlib function it follows. State lives
 * in module-level typed arrays allocated once: a block allocates nothing.
 * @internal
 * @module
 */

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

const EXTRA_LBITS = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);
const EXTRA_DBITS = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13);
const EXTRA_BLBITS = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7);
/** The order in which the code-length code lengths are sent (RFC 1951 3.2.7). */
const BL_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

// tr_static_init: length and distance code tables, the fixed trees.
/** Length code (0..28) of each match length - 3. */
const LENGTH_CODE = new Uint8Array(256);
/** First match length - 3 of each length code. */
const BASE_LENGTH = new Uint16Array(LENGTH_CODES);
/** Distance code of distances - 1 below 256, then of (distance - 1) >> 7 from index 256 (`d_code`). */
const DIST_CODE = new Uint8Array(512);
/** First distance - 1 of each distance code. */
const BASE_DIST = new Uint16Array(D_CODES);
const STATIC_LTREE_CODE = new Uint16Array(L_CODES + 2);
const STATIC_LTREE_LEN = new Uint8Array(L_CODES + 2);
const STATIC_DTREE_CODE = new Uint16Array(D_CODES);
const STATIC_DTREE_LEN = new Uint8Array(D_CODES).fill(5);
/** The fixed codes as compress_block sends them: `code | length << 16`. */
const STATIC_LTREE_SEND = new Int32Array(L_CODES + 2);
const STATIC_DTREE_SEND = new Int32Array(D_CODES);

/** `bl_count` and `next_code` of gen_bitlen and gen_codes. */
const blCount = new Uint16Array(MAX_BITS + 1);
const nextCode = new Uint16Array(MAX_BITS + 1);

/** Bit-reversed bytes, for `bi_reverse`. */
const REVERSED = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let r = 0;
  for (let b = 0; b < 8; b++) r |= ((i >>> b) & 1) << (7 - b);
  REVERSED[i] = r;
}

/** `bi_reverse`: the `length` low bits of `code`, in reverse order (length 1..15). */
function reverseBits(code: number, length: number): number {
  return ((REVERSED[code & 0xff]! << 8) | REVERSED[code >>> 8]!) >>> (16 - length);
}

{
  let length = 0;
  let code = 0;
  for (; code < LENGTH_CODES - 1; code++) {
    BASE_LENGTH[code] = length;
    for (let n = 0; n < 1 << EXTRA_LBITS[code]!; n++) LENGTH_CODE[length++] = code;
  }
  // Length 258 (lc 255) has its own code, 28, instead of the last of code 27's range.
  LENGTH_CODE[length - 1] = code;
  let dist = 0;
  for (code = 0; code < 16; code++) {
    BASE_DIST[code] = dist;
    for (let n = 0; n < 1 << EXTRA_DBITS[code]!; n++) DIST_CODE[dist++] = code;
  }
  dist >>= 7;
  for (; code < D_CODES; code++) {
    BASE_DIST[code] = dist << 7;
    for (let n = 0; n < 1 << (EXTRA_DBITS[code]! - 7); n++) DIST_CODE[256 + dist++] = code;
  }
  const count = new Uint16Array(MAX_BITS + 1);
  for (let n = 0; n <= 287; n++) {
    const bits = n <= 143 ? 8 : n <= 255 ? 9 : n <= 279 ? 7 : 8;
    STATIC_LTREE_LEN[n] = bits;
    count[bits]!++;
  }
  const all = new Int16Array(288).map((_, n) => n);
  generateCodes(STATIC_LTREE_CODE, STATIC_LTREE_LEN, all, 288, count);
  for (let n = 0; n < D_CODES; n++) STATIC_DTREE_CODE[n] = reverseBits(n, 5);
  for (let n = 0; n < L_CODES + 2; n++) STATIC_LTREE_SEND[n] = STATIC_LTREE_CODE[n]! | (STATIC_LTREE_LEN[n]! << 16);
  for (let n = 0; n < D_CODES; n++) STATIC_DTREE_SEND[n] = STATIC_DTREE_CODE[n]! | (5 << 16);
}

/** `d_code`: the distance code of a distance - 1. */
function distanceCode(dist: number): number {
  return dist < 256 ? DIST_CODE[dist]! : DIST_CODE[256 + (dist >>> 7)]!;
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
  readonly extraBits: Uint8Array;
  readonly extraBase: number;
  /** Longest code allowed (`max_length`). */
  readonly maxLength: number;
  /** The largest code with a non-zero frequency (`max_code`). */
  maxCode: number;
}

function newTree(elems: number, staticLen: Uint8Array | null, extraBits: Uint8Array, extraBase: number, maxLength: number): Tree {
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

const ltree = newTree(L_CODES, STATIC_LTREE_LEN, EXTRA_LBITS, LITERALS + 1, MAX_BITS);
const dtree = newTree(D_CODES, STATIC_DTREE_LEN, EXTRA_DBITS, 0, MAX_BITS);
const bltree = newTree(BL_CODES, null, EXTRA_BLBITS, 0, MAX_BL_BITS);

/** Literal/length frequencies of the current block. */
const litFreq = ltree.freq;
/** Distance code frequencies of the current block. */
const distFreq = dtree.freq;
/**
 * Which literal/length codes the block uses, one bit each: build_tree then visits them in
 * increasing order without scanning all 286 (what zlib's scan finds, in the same order).
 */
const litSeen = new Int32Array(Math.ceil(L_CODES / 32));
/**
 * The block's symbols (`sym_buf`): a literal is its byte, a match `(distance << 8) | (length - 3)`.
 */
const symbols = new Int32Array(BLOCK_SYMBOLS);

/**
 * The heap of build_tree (node numbers), and each node's sort key: `freq << 10 | depth`, so that
 * zlib's `smaller(n, m)` (a lower frequency, or the same and a depth no greater) is
 * `key[n] <= key[m]`. Depths stay far below 1024: a Huffman tree of total weight at most 2^15 is
 * less than 25 levels deep (and zlib's 8-bit depth never wraps either).
 */
const heap = new Int16Array(HEAP_SIZE);
const key = new Int32Array(HEAP_SIZE);
let heapLen = 0;
let heapMax = 0;
/**
 * How many times gen_bitlen's length-limit fix-up ran, for the bit-length tree (7 bits) and for
 * the literal/length and distance trees (15 bits): the tests check that they reach it.
 * @internal
 */
export const lengthFixUps = { bitLength: 0, other: 0 };

/** Bit cost of the block in its dynamic trees, headers included (`opt_len`), and in the fixed ones. */
let optLen = 0;
let staticLen = 0;

/** The bit-length codes that describe the two trees (`scan_tree`), in order: code | extra << 5. */
const blSymbols = new Int32Array(L_CODES + D_CODES);
let blSymbolCount = 0;

/**
 * `_tr_tally_lit`: records a literal.
 */
export function tallyLiteral(at: number, byte: number): void {
  symbols[at] = byte;
  if (litFreq[byte]!++ === 0) litSeen[byte >>> 5]! |= 1 << (byte & 31);
}

/**
 * `_tr_tally_dist`: records a match of `length` bytes at `distance`.
 */
export function tallyMatch(at: number, distance: number, length: number): void {
  const lc = length - 3;
  symbols[at] = (distance << 8) | lc;
  const code = LENGTH_CODE[lc]! + LITERALS + 1;
  if (litFreq[code]!++ === 0) litSeen[code >>> 5]! |= 1 << (code & 31);
  distFreq[distanceCode(distance - 1)]!++;
}

// The bit writer (`send_bits`, `bi_windup`): least significant bit first, into `output`. Hot
// loops copy these into locals and write them back.
let output: Uint8Array = new Uint8Array(0);
let outPos = 0;
let bitBuf = 0;
let bitCount = 0;

/**
 * Starts a new deflate stream: the output goes to `out` from `at` on (after the zlib header)
 * (`_tr_init`).
 */
export function startStream(out: Uint8Array, at: number): void {
  output = out;
  outPos = at;
  bitBuf = 0;
  bitCount = 0;
  initBlock();
}

/** Where the stream ended (after `flushBlock(..., last = true)`, which pads the last byte). */
export function streamEnd(): number {
  return outPos;
}

/** `send_bits`: `length` (at most 16) bits of `value`. */
function sendBits(value: number, length: number): void {
  bitBuf |= value << bitCount;
  bitCount += length;
  if (bitCount >= 16) {
    output[outPos++] = bitBuf;
    output[outPos++] = bitBuf >>> 8;
    bitBuf >>>= 16;
    bitCount -= 16;
  }
}

/** `bi_windup`: pads to a byte boundary with zeros and writes what is left. */
function windup(): void {
  if (bitCount > 8) {
    output[outPos++] = bitBuf;
    output[outPos++] = bitBuf >>> 8;
  } else if (bitCount > 0) {
    output[outPos++] = bitBuf;
  }
  bitBuf = 0;
  bitCount = 0;
}

/** `init_block`: no symbols, end of block counted once; the lengths of the last block cleared. */
function initBlock(): void {
  clearTree(ltree);
  clearTree(dtree);
  clearTree(bltree);
  litSeen.fill(0);
  litFreq[END_BLOCK] = 1;
  litSeen[END_BLOCK >>> 5]! |= 1 << (END_BLOCK & 31);
  optLen = 0;
  staticLen = 0;
}

/** No frequencies, and no lengths left from the last block (only its leaves had any). */
function clearTree(tree: Tree): void {
  tree.freq.fill(0);
  for (let i = 0; i < tree.usedCount; i++) tree.len[tree.used[i]!] = 0;
  tree.usedCount = 0;
}

/** `pqdownheap`: sifts the node at heap position k down to its place. */
function siftDown(k: number): void {
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
function buildTree(tree: Tree, seen: Int32Array | null): void {
  const { freq, dad, used, elems, staticLen: stree } = tree;
  let maxCode = -1;
  let usedCount = 0;
  heapLen = 0;
  heapMax = HEAP_SIZE;
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
      optLen--;
      if (stree !== null) staticLen -= stree[node]!;
    } while (heapLen < 2);
    usedCount = 0;
    for (let n = 0; n <= maxCode; n++) if (freq[n] !== 0) used[usedCount++] = n;
  }
  tree.maxCode = maxCode;
  tree.usedCount = usedCount;
  for (let n = heapLen >> 1; n >= 1; n--) siftDown(n);
  // Combine the two least frequent nodes until one is left; the removed nodes go to the end of
  // the heap array, in order, for gen_bitlen.
  let node = elems;
  do {
    const n = heap[1]!;
    heap[1] = heap[heapLen--]!;
    siftDown(1);
    const m = heap[1]!;
    heap[--heapMax] = n;
    heap[--heapMax] = m;
    const kn = key[n]!;
    const km = key[m]!;
    const depth = ((kn & 1023) >= (km & 1023) ? kn & 1023 : km & 1023) + 1;
    key[node] = (((kn >> 10) + (km >> 10)) << 10) | depth;
    dad[n] = dad[m] = node;
    heap[1] = node++;
    siftDown(1);
  } while (heapLen >= 2);
  heap[--heapMax] = heap[1]!;
  generateBitLengths(tree);
  generateCodes(tree.code, tree.len, used, usedCount, blCount);
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
function generateBitLengths(tree: Tree): void {
  const { freq, dad, len, maxCode, staticLen: stree, extraBits, extraBase, maxLength } = tree;
  blCount.fill(0);
  len[heap[heapMax]!] = 0; // the root
  let overflow = 0;
  let h = heapMax + 1;
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
  if (overflow === 0) return;
  if (maxLength === MAX_BL_BITS) lengthFixUps.bitLength++;
  else lengthFixUps.other++;
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

/**
 * `gen_codes`: the canonical code of each leaf in `leaves` (increasing, every leaf with a
 * length), bit-reversed for sending.
 */
function generateCodes(code: Uint16Array, len: Uint8Array, leaves: Int16Array, count: number, lengthCount: Uint16Array): void {
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

/** Records one bit-length code of the tree descriptions, and counts it (`scan_tree`). */
function blSymbol(symbol: number, extra: number): void {
  blSymbols[blSymbolCount++] = symbol | (extra << 5);
  bltree.freq[symbol]!++;
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
function scanTree(tree: Tree): void {
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
        if (piece < 3) for (let k = 0; k < piece; k++) blSymbol(0, 0);
        else if (piece <= 10) blSymbol(REPZ_3_10, piece - 3);
        else blSymbol(REPZ_11_138, piece - 11);
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
      for (let k = 0; k < piece; k++) blSymbol(length, 0);
    } else {
      blSymbol(length, 0);
      blSymbol(REP_3_6, piece - 1 - 3);
    }
    run -= piece;
    // Next pieces: at most 6, limits 6/3, the previous length being this one.
    while (run > 0) {
      piece = run < 6 ? run : 6;
      if (piece < 3) for (let k = 0; k < piece; k++) blSymbol(length, 0);
      else blSymbol(REP_3_6, piece - 3);
      run -= piece;
    }
  }
}

/**
 * `build_bl_tree`: the bit-length tree for sending the other two trees' lengths.
 * @returns the index in {@link BL_ORDER} of the last bit-length code to send (at least 3).
 */
function buildBitLengthTree(): number {
  blSymbolCount = 0;
  scanTree(ltree);
  scanTree(dtree);
  buildTree(bltree, null);
  let maxIndex = BL_CODES - 1;
  for (; maxIndex >= 3; maxIndex--) if (bltree.len[BL_ORDER[maxIndex]!] !== 0) break;
  // The lengths of the bit-length codes, 3 bits each, and HLIT, HDIST, HCLEN.
  optLen += 3 * (maxIndex + 1) + 5 + 5 + 4;
  return maxIndex;
}

/** `send_all_trees`: the dynamic block's header; `send_tree` replays what scanTree recorded. */
function sendAllTrees(maxBlIndex: number): void {
  sendBits(ltree.maxCode + 1 - 257, 5);
  sendBits(dtree.maxCode + 1 - 1, 5);
  sendBits(maxBlIndex + 1 - 4, 4);
  const { code, len } = bltree;
  for (let rank = 0; rank <= maxBlIndex; rank++) sendBits(len[BL_ORDER[rank]!]!, 3);
  for (let i = 0; i < blSymbolCount; i++) {
    const entry = blSymbols[i]!;
    const symbol = entry & 31;
    const bits = len[symbol]!;
    // A code of at most 7 bits and at most 7 extra bits: one send.
    sendBits(code[symbol]! | ((entry >>> 5) << bits), bits + EXTRA_BLBITS[symbol]!);
  }
}

/**
 * `compress_block`: the block's symbols in the given codes (`code | length << 16`), then end of
 * block. Literals, most of the symbols, are sent with the bit buffer in locals; matches through
 * {@link sendMatch}.
 */
function compressBlock(count: number, lsend: Int32Array, dsend: Int32Array): void {
  const out = output;
  let pos = outPos;
  let buf = bitBuf;
  let bits = bitCount;
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
      outPos = pos;
      bitBuf = buf;
      bitCount = bits;
      sendMatch(symbol, lsend, dsend);
      pos = outPos;
      buf = bitBuf;
      bits = bitCount;
    }
  }
  outPos = pos;
  bitBuf = buf;
  bitCount = bits;
  const eob = lsend[END_BLOCK]!;
  sendBits(eob & 0xffff, eob >>> 16);
}

/** One match of compress_block: length code and extra bits, distance code and extra bits. */
function sendMatch(symbol: number, lsend: Int32Array, dsend: Int32Array): void {
  const lc = symbol & 0xff;
  let code = LENGTH_CODE[lc]!;
  const c = lsend[code + LITERALS + 1]!;
  sendBits(c & 0xffff, c >>> 16);
  let extra = EXTRA_LBITS[code]!;
  if (extra !== 0) sendBits(lc - BASE_LENGTH[code]!, extra);
  const dist = (symbol >>> 8) - 1;
  code = distanceCode(dist);
  const d = dsend[code]!;
  sendBits(d & 0xffff, d >>> 16);
  extra = EXTRA_DBITS[code]!;
  if (extra !== 0) sendBits(dist - BASE_DIST[code]!, extra);
}

/**
 * `_tr_flush_block`: writes the block of `count` tallied symbols, which stand for the
 * `storedLength` bytes of `window` from `blockStart`, as whichever of a stored, a fixed and a
 * dynamic block is shortest by zlib's reckoning; pads to a byte after the last block.
 */
export function flushBlock(count: number, window: Uint8Array, blockStart: number, storedLength: number, last: boolean): void {
  buildTree(ltree, litSeen);
  buildTree(dtree, null);
  const maxBlIndex = buildBitLengthTree();
  let optLenb = (optLen + 3 + 7) >>> 3;
  const staticLenb = (staticLen + 3 + 7) >>> 3;
  if (staticLenb <= optLenb) optLenb = staticLenb;
  const lastBit = last ? 1 : 0;
  if (storedLength + 4 <= optLenb) {
    // `_tr_stored_block`: LEN and NLEN are 16-bit, as zlib writes them.
    sendBits((STORED_BLOCK << 1) + lastBit, 3);
    windup();
    output[outPos++] = storedLength;
    output[outPos++] = storedLength >>> 8;
    output[outPos++] = ~storedLength;
    output[outPos++] = ~storedLength >>> 8;
    output.set(window.subarray(blockStart, blockStart + storedLength), outPos);
    outPos += storedLength;
  } else if (staticLenb === optLenb) {
    sendBits((STATIC_TREES << 1) + lastBit, 3);
    compressBlock(count, STATIC_LTREE_SEND, STATIC_DTREE_SEND);
  } else {
    sendBits((DYN_TREES << 1) + lastBit, 3);
    sendAllTrees(maxBlIndex);
    compressBlock(count, ltree.send, dtree.send);
  }
  initBlock();
  if (last) windup();
}
