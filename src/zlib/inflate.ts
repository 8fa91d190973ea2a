/**
 * A one-shot zlib decoder: the RFC 1950 wrapper around RFC 1951 DEFLATE data, for
 * `zlib.decompress(data)` (`../compress.ts`). The whole input is in memory and the output is
 * bounded, which keeps it small and fast on cookie-sized input: no streaming state machine, and
 * decoding tables only as large as each block's codes need. Its verdicts are zlib's (1.2.x
 * `inflate.c` and `inftrees.c`, which CPython links and pako mirrors): the same bytes for every
 * valid stream, and for an invalid one the error zlib reports, at the point where zlib reports it.
 *
 * Truncation. zlib decodes as far as the input goes and then reports an incomplete stream; a
 * corrupt code is reported only once every bit that makes it corrupt has arrived. Here the bit
 * reader reads zero bytes past the end of the input instead of stopping, and before anything is
 * written out, accepted or reported as corrupt, it checks whether the bits consumed so far go
 * past the end: if they do, zlib would have stopped there, short of input.
 *
 * Work is linear in input plus output: no recursion, a fixed amount of table building per block,
 * every loop consumes input or produces (bounded) output, and the output buffer grows
 * geometrically up to the bound only as output is actually produced.
 * @module
 */
import { adler32 } from "./adler32.js";
import { ZlibError } from "./error.js";
import {
  CODE_LENGTH_ORDER,
  DISTANCE_BASE,
  DISTANCE_EXTRA,
  DISTANCE_SYMBOLS,
  FIXED_DISTANCE_LENGTH,
  fixedLitLenLength,
  LENGTH_BASE,
  LENGTH_EXTRA,
  LITLEN_SYMBOLS,
} from "./tables.js";

/*
 * How a code decodes: one Int32 per table entry.
 *   bits 0-3   the code's length in bits, 1-15 (0: not in the table, see decodeLong)
 *   bits 4-7   the number of extra bits after the code (lengths and distances, RFC 1951 §3.2.5)
 *   bits 8-9   the kind, below
 *   bits 10-   the literal byte, the base length or distance, or the code length (RFC 1951 §3.2.7)
 */
const LITERAL = 0 << 8;
const BASE = 1 << 8;
const END = 2 << 8;
const BAD = 3 << 8;
const KIND = 3 << 8;

/** What each symbol decodes to (entries without the code length), per alphabet. */
interface Alphabets {
  /** The literal/length alphabet, 0-287. 286 and 287 only occur in fixed blocks, where zlib rejects them. */
  readonly litLen: Int32Array;
  /** The distance alphabet, 0-31. 30 and 31 only occur in fixed blocks, where zlib rejects them. */
  readonly distance: Int32Array;
  /** The code length alphabet, 0-18: the symbol itself. */
  readonly codeLength: Int32Array;
  /** RFC 1951 §3.2.6: the fixed codes, built once and never changed. */
  readonly fixedLitLen: Code;
  readonly fixedDistance: Code;
}

let alphabets: Alphabets | null = null;

/** The alphabets and the fixed codes, made on first use (nothing is built at import). */
function alphabetsOnce(): Alphabets {
  if (alphabets !== null) return alphabets;
  const litLen = Int32Array.from({ length: LITLEN_SYMBOLS }, (_, s) =>
    s < 256
      ? (s << 10) | LITERAL
      : s === 256
        ? END
        : s < 286
          ? (LENGTH_BASE[s - 257]! << 10) | (LENGTH_EXTRA[s - 257]! << 4) | BASE
          : BAD,
  );
  const distance = Int32Array.from({ length: DISTANCE_SYMBOLS }, (_, s) =>
    s < 30 ? (DISTANCE_BASE[s]! << 10) | (DISTANCE_EXTRA[s]! << 4) | BASE : BAD,
  );
  const codeLength = Int32Array.from({ length: 19 }, (_, s) => s << 10);
  const fixedLitLen = newCode(9, litLen);
  countLengths(
    fixedLitLen,
    Uint8Array.from({ length: LITLEN_SYMBOLS }, (_, s) => fixedLitLenLength(s)),
    LITLEN_SYMBOLS,
  );
  buildCode(fixedLitLen, 9, false);
  const fixedDistance = newCode(5, distance);
  countLengths(fixedDistance, new Uint8Array(DISTANCE_SYMBOLS).fill(FIXED_DISTANCE_LENGTH), DISTANCE_SYMBOLS);
  buildCode(fixedDistance, 5, false);
  return (alphabets = { litLen, distance, codeLength, fixedLitLen, fixedDistance });
}

/**
 * Longest codes looked up directly; longer ones (rare by construction: a 10-bit code stands for
 * less than 1/1024 of the symbols) are decoded bit by bit. Larger roots cost more per block to fill.
 */
const LITLEN_ROOT = 9;
const DISTANCE_ROOT = 7;

/**
 * A canonical Huffman code: its code lengths are counted as they are read (`counts`,
 * `byLength`), then `buildCode` makes the table that decodes it.
 */
interface Code {
  /** Codes per length, 1-15 (index 0 is not counted). */
  counts: Uint16Array;
  /**
   * The symbols of each length, in ascending order: those of length n at `n * stride` onwards.
   * That is the order of their codes (RFC 1951 §3.2.2).
   */
  byLength: Uint16Array;
  stride: number;
  /** Entries indexed by the next `root` bits of input. */
  table: Int32Array;
  root: number;
  /** What the symbols decode to (entries without their code length). */
  symbols: Int32Array;
}

function newCode(root: number, symbols: Int32Array): Code {
  return {
    counts: new Uint16Array(16),
    byLength: new Uint16Array(16 * symbols.length),
    stride: symbols.length,
    table: new Int32Array(1 << root),
    root: 0,
    symbols,
  };
}

/** Counts the code lengths of `code`'s symbols, `lengths[0 .. n)` (what reading a dynamic header does as it goes). */
function countLengths(code: Code, lengths: Uint8Array, n: number): void {
  const { counts, byLength, stride } = code;
  clearCounts(counts);
  for (let symbol = 0; symbol < n; symbol++) {
    const length = lengths[symbol]!;
    if (length !== 0) byLength[length * stride + counts[length]!++] = symbol;
  }
}

/** `counts.fill(0)`, without the cost of calling a built-in for 16 entries. */
function clearCounts(counts: Uint16Array): void {
  for (let length = 0; length < 16; length++) counts[length] = 0;
}

/**
 * Builds the table of `code` (RFC 1951 §3.2.2), with zlib's verdict on its set of code lengths
 * (`inflate_table`): an over-subscribed set is refused; an incomplete one is refused unless it is
 * a single one-bit code and `single` allows it (literal/length and distance codes), and then its
 * unused code is an invalid one-bit code; a set with no code at all is accepted, every one-bit
 * input an invalid code. Returns false when refused.
 */
function buildCode(code: Code, maxRoot: number, single: boolean): boolean {
  const { counts, byLength, stride, table, symbols } = code;
  let max = 15;
  while (max > 0 && counts[max] === 0) max--;
  if (max === 0) {
    // zlib accepts this and complains only when the code is used (distance codes). Its code length
    // reader looks at an entry's value only, so there an invalid code reads as the length 0 (and
    // some later check fails); so does readDynamicCodes.
    table[0] = table[1] = BAD | 1;
    code.root = 1;
    return true;
  }
  let left = 1; // codes of the current length not yet assigned
  for (let length = 1; length <= 15; length++) {
    left = (left << 1) - counts[length]!;
    if (left < 0) return false; // over-subscribed
  }
  if (left > 0 && !(single && max === 1)) return false; // incomplete
  const root = max < maxRoot ? max : maxRoot;
  const entries = 1 << root;
  code.root = root;
  if (max > root)
    table.fill(0, 0, entries); // the prefixes of longer codes: decodeLong
  else if (left > 0) table[1] = BAD | 1; // the single code is "0": "1" is the unused one
  // The codes of each length are consecutive integers, in symbol order, after those of the
  // shorter lengths. A code of `length` ≤ root bits fills every entry whose low `length` bits are
  // its bits, first bit lowest: 2^(root - length) of them, the same number for a whole length.
  // `huff` is the current code bit-reversed, as inftrees.c keeps it: the next code of the same
  // length is a reversed increment, and a longer code only appends a zero (at the top, reversed).
  let huff = 0;
  for (let length = 1; length <= root; length++) {
    const step = 1 << length;
    for (let k = length * stride, stop = k + counts[length]!; k < stop; k++) {
      const entry = symbols[byLength[k]!]! | length;
      for (let at = huff; at < entries; at += step) table[at] = entry;
      let increment = 1 << (length - 1);
      while (huff & increment) increment >>>= 1;
      huff = increment !== 0 ? (huff & (increment - 1)) + increment : 0;
    }
  }
  return true;
}

/**
 * Decodes a code longer than the table's root from the next bits of `bits` (at least 15 of
 * them), one bit at a time: the codes of each length are consecutive integers following those
 * of the shorter lengths (RFC 1951 §3.2.2). Only complete codes have long codes.
 */
function decodeLong(code: Code, bits: number): number {
  const { counts, byLength, stride, symbols } = code;
  let value = 0; // the bits read so far, first bit most significant
  let first = 0; // the first code of the current length
  for (let length = 1; length <= 15; length++) {
    value |= (bits >>> (length - 1)) & 1;
    const count = counts[length]!;
    if (value - first < count) return symbols[byLength[length * stride + value - first]!]! | length;
    first = (first + count) << 1;
    value <<= 1;
  }
  return BAD | 15; // not reached: the table holds every code of an incomplete set
}

/** What one call works on: the input and its bit reader, and the output. */
class Stream {
  readonly data: Uint8Array;
  /** The next byte to read into `bits`, possibly past `end` (then it reads as zero). */
  pos = 0;
  end = 0;
  /** Bits read but not consumed, first bit lowest: `count` of them, 0-31. */
  bits = 0;
  count = 0;
  out: Uint8Array;
  view: DataView;
  /** Bytes written to `out`. */
  written = 0;
  /** Bytes `out` may hold: its length, or less if the bound is lower. */
  room = 0;
  bound = 0;

  // Every number field starts as one (0), so that V8 keeps them as small integers.
  constructor(data: Uint8Array, out: Uint8Array, view: DataView, bound: number) {
    this.data = data;
    this.end = data.length;
    this.out = out;
    this.view = view;
    this.bound = bound;
    this.room = Math.min(out.length, bound);
  }

  /** Reads input until at least 24 bits are held. */
  fill(): void {
    while (this.count < 24) {
      this.bits |= (this.pos < this.end ? this.data[this.pos]! : 0) << this.count;
      this.pos++;
      this.count += 8;
    }
  }

  /** Consumes `n` ≤ 24 bits and returns them, first bit lowest. */
  take(n: number): number {
    if (this.count < n) this.fill();
    const value = this.bits & ((1 << n) - 1);
    this.bits >>= n;
    this.count -= n;
    return value;
  }

  /** Whether more bits were consumed than the input has: zlib would have stopped short of them. */
  overrun(): boolean {
    return (this.pos - this.end) * 8 > this.count;
  }

  /** Stops on corrupt data, or on the end of the input if the bits that show the corruption are not all there. */
  fail(message: string): never {
    if (this.overrun()) throw truncated();
    throw new ZlibError(`Error -3 while decompressing data: ${message}`);
  }

  /** Makes room for `n` more bytes of output: twice as much as before, up to the bound. */
  grow(n: number): void {
    const needed = this.written + n;
    if (needed > this.bound) throw new ZlibError(`decompressed data exceeds the limit of ${this.bound} bytes`);
    const size = Math.min(Math.max(this.out.length * 2, needed), this.bound);
    const out = new Uint8Array(size);
    out.set(this.out.subarray(0, this.written));
    this.out = out;
    this.view = new DataView(out.buffer);
    this.room = size;
  }
}

function truncated(): ZlibError {
  return new ZlibError("Error -5 while decompressing data: incomplete or truncated stream");
}

/** Output kept between calls, for results consumed at once. */
const KEPT_OUTPUT = 16 * 1024;

/**
 * A decoder, as a function: the tables of the current dynamic block's codes and a kept output
 * buffer for results consumed at once (about 30 KiB) are allocated when it is made, not when
 * this module is imported. A transient result is a view that its next call overwrites.
 *
 * A function over constants of its own rather than a class over fields, for the reason
 * ./deflate.ts gives (V8 folds a closure's `const` arrays into the code compiled for it): the
 * class took 8-10% longer per cookie. Make one and keep it ({@link inflateZlib} is the shared one).
 * @internal
 *
 * @example
 * ```ts
 * const inflate = createInflate();
 * inflate(Uint8Array.of(0x78, 0x9c, 0x4b, 0x04, 0x00, 0x00, 0x62, 0x00, 0x62), 100, false); // Uint8Array [0x61]
 * ```
 */
export function createInflate(): (data: Uint8Array, maxSize: number, transient: boolean) => Uint8Array {
  const { litLen, distance, codeLength, fixedLitLen, fixedDistance } = alphabetsOnce();
  /** The codes of the current dynamic block, and of its code lengths. */
  const dynamicLitLen = newCode(LITLEN_ROOT, litLen);
  const dynamicDistance = newCode(DISTANCE_ROOT, distance);
  const codeLengthCode = newCode(7, codeLength);
  /** The lengths of the code length code (RFC 1951 §3.2.7), in symbol order. */
  const codeLengthLengths = new Uint8Array(19);
  /** The kept output, and a view of it that moves four bytes at a time. */
  const keptOutput = new Uint8Array(KEPT_OUTPUT);
  const keptView = new DataView(keptOutput.buffer);

  /**
   * `zlib.decompress(data)`: decodes the zlib stream at the start of `data` (anything after its
   * end is ignored, as Python does), checks its Adler-32, and returns what it holds. With
   * `transient`, the result may be a view of a buffer that the next call overwrites.
   *
   * @param maxSize - the most bytes the output may have; more is an error.
   * @throws ZlibError with Python's message for what zlib rejects, or when the output would exceed `maxSize`.
   */
  function inflate(data: Uint8Array, maxSize: number, transient: boolean): Uint8Array {
    const bound = maxSize >= 0 ? Math.floor(maxSize) : 0;
    let s: Stream;
    if (data.buffer === keptOutput.buffer) {
      // The input is a transient result of an earlier call: writing there would overwrite it.
      const out = new Uint8Array(Math.min(1024, bound));
      s = new Stream(data, out, new DataView(out.buffer), bound);
    } else {
      s = new Stream(data, keptOutput, keptView, bound);
    }
    readHeader(s);
    let last: number;
    do {
      s.fill();
      last = s.take(1);
      const type = s.take(2);
      if (type === 0) storedBlock(s);
      else if (type === 1) huffmanBlock(s, fixedLitLen, fixedDistance);
      else if (type === 2) {
        readDynamicCodes(s);
        huffmanBlock(s, dynamicLitLen, dynamicDistance);
      } else s.fail("invalid block type");
    } while (last === 0);
    checkTrailer(s);
    const { out, written } = s;
    if (transient || (out !== keptOutput && written === out.length)) return out.subarray(0, written);
    return out.slice(0, written);
  }

  /**
   * RFC 1951 §3.2.7: the header of a dynamic block, into `dynamicLitLen` and `dynamicDistance`,
   * with zlib's checks in zlib's order. The lengths are counted as they are read: most of them are
   * zeros, which cost nothing more than being read.
   */
  function readDynamicCodes(s: Stream): void {
    const litLenCount = s.take(5) + 257;
    const distanceCount = s.take(5) + 1;
    const codeLengthCount = s.take(4) + 4;
    if (litLenCount > 286 || distanceCount > 30) s.fail("too many length or distance symbols");
    for (let i = 0; i < 19; i++) codeLengthLengths[i] = 0;
    for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]!] = s.take(3);
    countLengths(codeLengthCode, codeLengthLengths, 19);
    if (!buildCode(codeLengthCode, 7, false)) s.fail("invalid code lengths set");

    const { table } = codeLengthCode;
    const mask = (1 << codeLengthCode.root) - 1;
    const total = litLenCount + distanceCount;
    const { counts: litLenCounts, byLength: litLenByLength, stride: litLenStride } = dynamicLitLen;
    const { counts: distanceCounts, byLength: distanceByLength, stride: distanceStride } = dynamicDistance;
    clearCounts(litLenCounts);
    clearCounts(distanceCounts);
    let endOfBlock = 0; // the length of symbol 256's code
    const { data, end } = s;
    let { pos, bits, count } = s;
    let failure: string | null = null;
    let previous = 0;
    for (let i = 0; i < total;) {
      while (count < 24) {
        bits |= (pos < end ? data[pos]! : 0) << count;
        pos++;
        count += 8;
      }
      const entry = table[bits & mask]!; // a code of at most 7 bits, then at most 7 extra bits
      bits >>= entry & 15;
      count -= entry & 15;
      const symbol = entry >>> 10; // (an invalid entry, of an empty code, reads as 0, as in zlib)
      let repeat = 1;
      if (symbol < 16) previous = symbol;
      else if (symbol === 16) {
        repeat = 3 + (bits & 3);
        bits >>= 2;
        count -= 2;
        if (i === 0) {
          failure = "invalid bit length repeat"; // nothing to repeat
          break;
        }
      } else {
        const extra = symbol === 17 ? 3 : 7;
        repeat = (symbol === 17 ? 3 : 11) + (bits & ((1 << extra) - 1));
        bits >>= extra;
        count -= extra;
        previous = 0;
      }
      if (i + repeat > total) {
        failure = "invalid bit length repeat";
        break;
      }
      if (previous === 0) {
        i += repeat;
        continue;
      }
      if (i <= 256 && i + repeat > 256) endOfBlock = previous;
      for (const stop = i + repeat; i < stop; i++) {
        if (i < litLenCount) litLenByLength[previous * litLenStride + litLenCounts[previous]!++] = i;
        else distanceByLength[previous * distanceStride + distanceCounts[previous]!++] = i - litLenCount;
      }
    }
    s.pos = pos;
    s.bits = bits;
    s.count = count;
    if (failure !== null) s.fail(failure);
    if (endOfBlock === 0) s.fail("invalid code -- missing end-of-block");
    if (!buildCode(dynamicLitLen, LITLEN_ROOT, true)) s.fail("invalid literal/lengths set");
    if (!buildCode(dynamicDistance, DISTANCE_ROOT, true)) s.fail("invalid distances set");
  }

  return inflate;
}

let shared: ((data: Uint8Array, maxSize: number, transient: boolean) => Uint8Array) | null = null;

/**
 * `zlib.decompress(data)` by the decoder of {@link createInflate} shared by its callers, made on
 * the first call: the zlib stream at the start of `data`, its Adler-32 checked, at most `maxSize`
 * bytes of output; with `transient`, the result may be a view that the next call overwrites.
 * @internal
 *
 * @throws ZlibError with Python's message for what zlib rejects, or when the output would exceed `maxSize`.
 * @example
 * ```ts
 * inflateZlib(Uint8Array.of(0x78, 0x9c, 0x4b, 0x04, 0x00, 0x00, 0x62, 0x00, 0x62), 100, false); // Uint8Array [0x61]
 * ```
 */
export function inflateZlib(data: Uint8Array, maxSize: number, transient: boolean): Uint8Array {
  return (shared ??= createInflate())(data, maxSize, transient);
}

/** RFC 1950 §2.2: CMF and FLG, checked as zlib checks them, in its order. */
function readHeader(s: Stream): void {
  if (s.end < 2) throw truncated();
  const cmf = s.data[0]!;
  const flg = s.data[1]!;
  if (((cmf << 8) | flg) % 31 !== 0) s.fail("incorrect header check");
  if ((cmf & 15) !== 8) s.fail("unknown compression method");
  if ((cmf >>> 4) + 8 > 15) s.fail("invalid window size"); // more than the 32 KiB window Python asks for
  if (flg & 0x20) {
    // FDICT: zlib reads the dictionary's id, then asks for the dictionary (Z_NEED_DICT), which
    // Python's zlib.decompress does not have.
    if (s.end < 6) throw truncated();
    throw new ZlibError("Error 2 while decompressing data");
  }
  s.pos = 2;
}

/** RFC 1951 §3.2.4: a stored block, from the byte boundary after its header. */
function storedBlock(s: Stream): void {
  s.take(s.count & 7);
  const length = s.take(16);
  const complement = s.take(16);
  if (length !== (~complement & 0xffff)) s.fail("invalid stored block lengths");
  if (s.overrun()) throw truncated();
  // Hand back the whole bytes the reader holds: the block's data starts there.
  s.pos -= s.count >>> 3;
  s.bits = 0;
  s.count = 0;
  const copied = Math.min(length, s.end - s.pos);
  if (s.written + copied > s.room) s.grow(copied);
  s.out.set(s.data.subarray(s.pos, s.pos + copied), s.written);
  s.written += copied;
  s.pos += copied;
  if (copied < length) throw truncated();
}

/**
 * RFC 1951 §3.2.5: the compressed data of a block, up to and including its end-of-block code.
 * The hot loop: the reader's and the output's state live in locals, written back when it ends.
 */
function huffmanBlock(s: Stream, litLen: Code, distance: Code): void {
  const { data, end } = s;
  const litLenTable = litLen.table;
  const litLenMask = (1 << litLen.root) - 1;
  const distanceTable = distance.table;
  const distanceMask = (1 << distance.root) - 1;
  let { pos, bits, count, out, view, written, room } = s;
  let failure: string | null = null;
  for (;;) {
    // At least 16 bits: any literal/length code. Two bytes at once while two are left.
    if (count < 16) {
      if (pos + 2 <= end) {
        bits |= (data[pos]! | (data[pos + 1]! << 8)) << count;
        pos += 2;
        count += 16;
      } else {
        while (count < 24) {
          bits |= (pos < end ? data[pos]! : 0) << count;
          pos++;
          count += 8;
        }
      }
    }
    let entry = litLenTable[bits & litLenMask]!;
    if (entry === 0) entry = decodeLong(litLen, bits);
    bits >>= entry & 15;
    count -= entry & 15;
    const kind = entry & KIND;
    if (kind === LITERAL) {
      if (pos > end && (pos - end) * 8 > count) throw truncated();
      if (written === room) {
        s.written = written;
        s.grow(1);
        ({ out, view, room } = s);
      }
      out[written++] = entry >>> 10;
      continue;
    }
    if (kind === END) break;
    if (kind === BAD) {
      failure = "invalid literal/length code";
      break;
    }
    // A length, then a distance: each code, then its extra bits.
    let extra = (entry >>> 4) & 15;
    while (count < extra) {
      bits |= (pos < end ? data[pos]! : 0) << count;
      pos++;
      count += 8;
    }
    const length = (entry >>> 10) + (bits & ((1 << extra) - 1));
    bits >>= extra;
    count -= extra;
    while (count < 24) {
      bits |= (pos < end ? data[pos]! : 0) << count;
      pos++;
      count += 8;
    }
    entry = distanceTable[bits & distanceMask]!;
    if (entry === 0) entry = decodeLong(distance, bits);
    bits >>= entry & 15;
    count -= entry & 15;
    if ((entry & KIND) === BAD) {
      failure = "invalid distance code";
      break;
    }
    extra = (entry >>> 4) & 15;
    while (count < extra) {
      bits |= (pos < end ? data[pos]! : 0) << count;
      pos++;
      count += 8;
    }
    const back = (entry >>> 10) + (bits & ((1 << extra) - 1));
    bits >>= extra;
    count -= extra;
    if (pos > end && (pos - end) * 8 > count) throw truncated();
    // zlib's window holds everything written so far (and no distance is more than 32 KiB).
    if (back > written) {
      failure = "invalid distance too far back";
      break;
    }
    if (written + length > room) {
      s.written = written;
      s.grow(length);
      ({ out, view, room } = s);
    }
    let from = written - back;
    const stop = written + length;
    if (back >= 4 && stop + 3 <= out.length) {
      // Four bytes at a time, each read at least four bytes after it was written, so overlapping
      // copies (runs) come out as byte by byte. Up to three bytes past the match are scratch.
      for (; written < stop; written += 4, from += 4) view.setInt32(written, view.getInt32(from, true), true);
      written = stop;
    } else {
      for (; written < stop;) out[written++] = out[from++]!;
    }
  }
  s.pos = pos;
  s.bits = bits;
  s.count = count;
  s.written = written;
  if (failure !== null) s.fail(failure);
}

/** RFC 1950 §2.2: the Adler-32 of the output, most significant byte first, from a byte boundary. */
function checkTrailer(s: Stream): void {
  s.take(s.count & 7);
  const expected = ((s.take(8) << 24) | (s.take(8) << 16) | (s.take(8) << 8) | s.take(8)) >>> 0;
  if (s.overrun()) throw truncated();
  if (expected !== adler32(s.out, s.written, s.view)) s.fail("incorrect data check");
}
