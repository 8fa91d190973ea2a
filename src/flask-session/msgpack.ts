/**
 * MessagePack as msgspec (Flask-Session 0.7+'s default serializer) writes and reads it, untyped:
 * `msgspec.msgpack.Encoder().encode(value)` byte for byte, and what
 * `msgspec.msgpack.Decoder().decode(data)` gives back, with bounds on the work one record may cost.
 *
 * Python ⇄ JavaScript:
 * - `int` ⇄ `number` within ±(2^53−1), `bigint` beyond, up to msgspec's 64-bit range (a wider
 *   int cannot be written: msgspec raises `OverflowError`, this a `RangeError`). Ints are written in
 *   the smallest form (positive ones never as signed), as msgspec does.
 * - `float` ⇄ `number` (always float64; an integral JavaScript number is written as an int, as the
 *   cookie session does: Python's `3.0` comes back as `3`, and `-0` stays a float).
 * - `str` ⇄ `string` (strict UTF-8), `bytes` ⇄ `Uint8Array` (bin), `None` ⇄ `null`, `bool`.
 * - `list` ⇄ `Array`; a `Tuple` or a `Set` is written as an array and read back as an `Array`
 *   (msgspec reads every array as a list).
 * - `dict` ⇄ plain object in Python's key order; a map with a key that is not a string is read as
 *   a `Map`, and a `Map` is written as a map.
 * - aware `datetime` ⇄ `Date` (timestamp extension −1, in its smallest form; milliseconds kept).
 * - `UUID`, {@link PlainDate}, {@link PlainDateTime}, {@link Decimal} are written as the strings
 *   msgspec writes for them, and read back as strings (as msgspec does).
 * - Any other extension type ⇄ {@link MsgpackExt}.
 * @module
 */
import { isPlainObject, pyKeys, setOwn, withKeyOrder } from "../json/dict.js";
import { encodeUtf8 } from "../lib/bytes.js";
import { Markup } from "../flask/markup.js";
import { UUID } from "../flask/uuid.js";
import { Decimal, PlainDate, PlainDateTime } from "./python-types.js";

/**
 * A MessagePack extension value other than a timestamp (Python: `msgspec.msgpack.Ext`): kept as
 * its type code and bytes, written back unchanged.
 *
 * @example
 * ```ts
 * new MsgpackExt(1, new Uint8Array([2])); // msgspec.msgpack.Ext(1, b"\x02")
 * ```
 */
export class MsgpackExt {
  /**
   * @param type - The extension type, -128 to 127.
   * @param data - Its bytes.
   */
  constructor(
    readonly type: number,
    readonly data: Uint8Array,
  ) {
    if (!Number.isInteger(type) || type < -128 || type > 127)
      throw new RangeError("ext type must be an int between -128 and 127");
    if (!(data instanceof Uint8Array)) throw new TypeError("ext data must be a Uint8Array");
  }
}

/** Bounds on decoding one record. */
export interface DecodeLimits {
  /** Deepest nesting of arrays and maps (default 1000, about Python's recursion limit). */
  maxDepth: number;
  /** Most array elements plus map entries over the whole record (default 100,000). */
  maxItems: number;
}

const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxDepth: 1000, maxItems: 100_000 };

/**
 * Why a MessagePack record cannot be read (msgspec: `DecodeError`).
 *
 * @example
 * ```ts
 * msgpackDecode(new Uint8Array([0xc0, 0xc0])); // throws MsgpackDecodeError: trailing characters
 * ```
 */
export class MsgpackDecodeError extends SyntaxError {
  /** @param message - msgspec's wording where it has one. */
  constructor(message: string) {
    super(message);
    this.name = "MsgpackDecodeError";
  }
}

// Python's datetime range: 0001-01-01 to 9999-12-31T23:59:59.999999, in seconds since the epoch.
const MIN_SECONDS = -62135596800;
const MAX_SECONDS = 253402300799;
const TWO_32 = 2 ** 32;
const TWO_34 = 2 ** 34;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

class Reader {
  pos = 0;
  items = 0;
  readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly limits: DecodeLimits,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(n: number): number {
    const at = this.pos;
    if (n > this.bytes.length - at) throw new MsgpackDecodeError("Input data was truncated");
    this.pos = at + n;
    return at;
  }

  count(n: number): void {
    this.items += n;
    if (this.items > this.limits.maxItems) {
      throw new MsgpackDecodeError(`More than ${this.limits.maxItems} items (maxItems)`);
    }
    // Every item takes at least one byte: a claimed length beyond what is left is truncated data.
    if (n > this.bytes.length - this.pos) throw new MsgpackDecodeError("Input data was truncated");
  }

  str(n: number): string {
    const at = this.need(n);
    const bytes = this.bytes;
    // Short ASCII text (most keys and values) without a call into the decoder.
    if (n <= 32) {
      let s = "";
      for (let i = at; i < at + n; i++) {
        const b = bytes[i]!;
        if (b > 0x7f) return this.utf8(at, n);
        s += String.fromCharCode(b);
      }
      return s;
    }
    return this.utf8(at, n);
  }

  utf8(at: number, n: number): string {
    try {
      return strictUtf8.decode(this.bytes.subarray(at, at + n));
    } catch {
      throw new MsgpackDecodeError("Invalid UTF-8 encoded string");
    }
  }

  bin(n: number): Uint8Array {
    const at = this.need(n);
    return this.bytes.slice(at, at + n);
  }

  uint64(): number | bigint {
    const at = this.need(8);
    const value = this.view.getBigUint64(at);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  int64(): number | bigint {
    const at = this.need(8);
    const value = this.view.getBigInt64(at);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  value(depth: number): unknown {
    const at = this.need(1);
    const b = this.bytes[at]!;
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if (b >= 0xa0 && b <= 0xbf) return this.str(b & 0x1f);
    if (b >= 0x90 && b <= 0x9f) return this.array(b & 0x0f, depth);
    if (b >= 0x80 && b <= 0x8f) return this.map(b & 0x0f, depth);
    const view = this.view;
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.bin(this.bytes[this.need(1)]!);
      case 0xc5:
        return this.bin(view.getUint16(this.need(2)));
      case 0xc6:
        return this.bin(view.getUint32(this.need(4)));
      case 0xc7:
        return this.ext(this.bytes[this.need(1)]!);
      case 0xc8:
        return this.ext(view.getUint16(this.need(2)));
      case 0xc9:
        return this.ext(view.getUint32(this.need(4)));
      case 0xca:
        return view.getFloat32(this.need(4));
      case 0xcb:
        return view.getFloat64(this.need(8));
      case 0xcc:
        return this.bytes[this.need(1)]!;
      case 0xcd:
        return view.getUint16(this.need(2));
      case 0xce:
        return view.getUint32(this.need(4));
      case 0xcf:
        return this.uint64();
      case 0xd0:
        return view.getInt8(this.need(1));
      case 0xd1:
        return view.getInt16(this.need(2));
      case 0xd2:
        return view.getInt32(this.need(4));
      case 0xd3:
        return this.int64();
      case 0xd4:
        return this.ext(1);
      case 0xd5:
        return this.ext(2);
      case 0xd6:
        return this.ext(4);
      case 0xd7:
        return this.ext(8);
      case 0xd8:
        return this.ext(16);
      case 0xd9:
        return this.str(this.bytes[this.need(1)]!);
      case 0xda:
        return this.str(view.getUint16(this.need(2)));
      case 0xdb:
        return this.str(view.getUint32(this.need(4)));
      case 0xdc:
        return this.array(view.getUint16(this.need(2)), depth);
      case 0xdd:
        return this.array(view.getUint32(this.need(4)), depth);
      case 0xde:
        return this.map(view.getUint16(this.need(2)), depth);
      case 0xdf:
        return this.map(view.getUint32(this.need(4)), depth);
      default: // 0xc1, never used
        throw new MsgpackDecodeError(`MessagePack data is malformed: invalid opcode '\\x${b.toString(16)}' (byte ${at})`);
    }
  }

  enter(depth: number): number {
    if (depth >= this.limits.maxDepth) {
      throw new MsgpackDecodeError(`Nested deeper than ${this.limits.maxDepth} levels (maxDepth)`);
    }
    return depth + 1;
  }

  array(n: number, depth: number): unknown[] {
    const inner = this.enter(depth);
    this.count(n);
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = this.value(inner);
    return out;
  }

  map(n: number, depth: number): Record<string, unknown> | Map<unknown, unknown> {
    const inner = this.enter(depth);
    this.count(n);
    const obj: Record<string, unknown> = {};
    const order: string[] = [];
    for (let i = 0; i < n; i++) {
      const key = this.value(inner);
      if (typeof key !== "string") return this.mapOfAny(obj, order, key, n - i, inner);
      const value = this.value(inner);
      if (!Object.prototype.hasOwnProperty.call(obj, key)) order.push(key);
      setOwn(obj, key, value);
    }
    return withKeyOrder(obj, order);
  }

  /** The rest of a map that has a key other than a string: a `Map` (Python's dict keys may be anything hashable). */
  mapOfAny(
    head: Record<string, unknown>,
    order: string[],
    firstKey: unknown,
    left: number,
    depth: number,
  ): Map<unknown, unknown> {
    const out = new Map<unknown, unknown>();
    for (const key of order) out.set(key, head[key]);
    let key = firstKey;
    for (let i = 0; i < left; i++) {
      if (i > 0) key = this.value(depth);
      if (key !== null && typeof key === "object" && !(key instanceof Date) && !(key instanceof Uint8Array)) {
        // msgspec turns an array key into a tuple; a map key is unhashable in Python.
        throw new MsgpackDecodeError("A map key that is an array or a map is not supported");
      }
      out.set(key, this.value(depth));
    }
    return out;
  }

  ext(n: number): unknown {
    const type = this.view.getInt8(this.need(1));
    const at = this.need(n);
    if (type !== -1) return new MsgpackExt(type, this.bytes.slice(at, at + n));
    let seconds: number;
    let nanos: number;
    if (n === 4) {
      seconds = this.view.getUint32(at);
      nanos = 0;
    } else if (n === 8) {
      const high = this.view.getUint32(at);
      nanos = high >>> 2;
      seconds = (high & 0x3) * TWO_32 + this.view.getUint32(at + 4);
    } else if (n === 12) {
      nanos = this.view.getUint32(at);
      const big = this.view.getBigInt64(at + 4);
      if (big < BigInt(MIN_SECONDS) || big > BigInt(MAX_SECONDS)) throw new MsgpackDecodeError("Timestamp is out of range");
      seconds = Number(big);
    } else {
      throw new MsgpackDecodeError("Invalid MessagePack timestamp");
    }
    if (nanos > 999_999_999) throw new MsgpackDecodeError("Invalid MessagePack timestamp: nanoseconds out of range");
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new MsgpackDecodeError("Timestamp is out of range");
    return new Date(seconds * 1000 + Math.floor(nanos / 1_000_000));
  }
}

/**
 * What `msgspec.msgpack.Decoder().decode(data)` returns, in JavaScript: exactly one value, no
 * trailing bytes, strict UTF-8, timestamps within Python's datetime range.
 *
 * @throws MsgpackDecodeError for data msgspec refuses, and for nesting or item counts beyond
 *   `limits` (where Python would raise `RecursionError` or run out of memory).
 * @example
 * ```ts
 * msgpackDecode(new Uint8Array([0x81, 0xa1, 0x61, 0x01])); // { a: 1 }
 * ```
 */
export function msgpackDecode(data: Uint8Array, limits: Partial<DecodeLimits> = {}): unknown {
  const reader = new Reader(data, { ...DEFAULT_DECODE_LIMITS, ...limits });
  if (data.length === 0) throw new MsgpackDecodeError("Input data was truncated");
  const value = reader.value(0);
  if (reader.pos !== data.length) {
    throw new MsgpackDecodeError(`MessagePack data is malformed: trailing characters (byte ${reader.pos})`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** How deep {@link msgpackEncode} goes before refusing (a cycle, or Python's `RecursionError`). */
const MAX_ENCODE_DEPTH = 1000;

class Writer {
  buf = new Uint8Array(256);
  view = new DataView(this.buf.buffer);
  pos = 0;

  reserve(n: number): number {
    const at = this.pos;
    if (at + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < at + n) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buf.subarray(0, at));
      this.buf = grown;
      this.view = new DataView(grown.buffer);
    }
    this.pos = at + n;
    return at;
  }

  byte(b: number): void {
    const at = this.reserve(1);
    this.buf[at] = b;
  }

  bytes(data: Uint8Array): void {
    const at = this.reserve(data.length); // before reading this.buf, which reserve may replace
    this.buf.set(data, at);
  }

  header(n: number, fix: number, fixMax: number, op8: number | null, op16: number, op32: number): void {
    if (n <= fixMax) this.byte(fix | n);
    else if (op8 !== null && n <= 0xff) {
      const at = this.reserve(2);
      this.buf[at] = op8;
      this.buf[at + 1] = n;
    } else if (n <= 0xffff) {
      const at = this.reserve(3);
      this.buf[at] = op16;
      this.view.setUint16(at + 1, n);
    } else if (n <= 0xffffffff) {
      const at = this.reserve(5);
      this.buf[at] = op32;
      this.view.setUint32(at + 1, n);
    } else {
      throw new RangeError("Size larger than 2**32 - 1");
    }
  }

  int(n: number): void {
    if (n >= 0) {
      if (n <= 0x7f) return this.byte(n);
      if (n <= 0xff) return this.op8(0xcc, n);
      if (n <= 0xffff) {
        const at = this.reserve(3);
        this.buf[at] = 0xcd;
        this.view.setUint16(at + 1, n);
        return;
      }
      if (n <= 0xffffffff) {
        const at = this.reserve(5);
        this.buf[at] = 0xce;
        this.view.setUint32(at + 1, n);
        return;
      }
      return this.big(BigInt(n));
    }
    if (n >= -32) return this.byte(n & 0xff);
    if (n >= -0x80) return this.op8(0xd0, n & 0xff);
    if (n >= -0x8000) {
      const at = this.reserve(3);
      this.buf[at] = 0xd1;
      this.view.setInt16(at + 1, n);
      return;
    }
    if (n >= -0x80000000) {
      const at = this.reserve(5);
      this.buf[at] = 0xd2;
      this.view.setInt32(at + 1, n);
      return;
    }
    this.big(BigInt(n));
  }

  op8(op: number, b: number): void {
    const at = this.reserve(2);
    this.buf[at] = op;
    this.buf[at + 1] = b;
  }

  big(n: bigint): void {
    if (n >= -(2n ** 31n) && n <= 0xffffffffn) return this.int(Number(n));
    if (n < -(2n ** 63n) || n > 2n ** 64n - 1n) throw new RangeError("can't serialize ints < -2**63 or > 2**64 - 1");
    const at = this.reserve(9);
    if (n >= 0n) {
      this.buf[at] = 0xcf;
      this.view.setBigUint64(at + 1, n);
    } else {
      this.buf[at] = 0xd3;
      this.view.setBigInt64(at + 1, n);
    }
  }

  float(x: number): void {
    const at = this.reserve(9);
    this.buf[at] = 0xcb;
    this.view.setFloat64(at + 1, x);
  }

  str(s: string): void {
    // ASCII (most keys and values) is written straight into the buffer.
    const n = s.length;
    if (n <= 31) {
      let ascii = true;
      for (let i = 0; i < n; i++) {
        if (s.charCodeAt(i) > 0x7f) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        const at = this.reserve(n + 1);
        this.buf[at] = 0xa0 | n;
        for (let i = 0; i < n; i++) this.buf[at + 1 + i] = s.charCodeAt(i);
        return;
      }
    }
    const data = encodeUtf8(s);
    this.header(data.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
    this.bytes(data);
  }

  bin(data: Uint8Array): void {
    this.header(data.length, 0, -1, 0xc4, 0xc5, 0xc6);
    this.bytes(data);
  }

  ext(type: number, data: Uint8Array): void {
    const fixed = [1, 2, 4, 8, 16].indexOf(data.length);
    if (fixed >= 0) this.byte(0xd4 + fixed);
    else this.header(data.length, 0, -1, 0xc7, 0xc8, 0xc9);
    this.byte(type & 0xff);
    this.bytes(data);
  }

  timestamp(date: Date): void {
    const ms = date.getTime();
    if (!Number.isFinite(ms)) throw new RangeError("Invalid Date: it has no time to write");
    const seconds = Math.floor(ms / 1000);
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      throw new RangeError("The date is outside Python's datetime range (years 1 to 9999)");
    }
    const nanos = (ms - seconds * 1000) * 1_000_000;
    if (nanos === 0 && seconds >= 0 && seconds < TWO_32) {
      const at = this.reserve(6);
      this.buf[at] = 0xd6;
      this.buf[at + 1] = 0xff;
      this.view.setUint32(at + 2, seconds);
    } else if (seconds >= 0 && seconds < TWO_34) {
      const at = this.reserve(10);
      this.buf[at] = 0xd7;
      this.buf[at + 1] = 0xff;
      this.view.setUint32(at + 2, nanos * 4 + Math.floor(seconds / TWO_32));
      this.view.setUint32(at + 6, seconds % TWO_32);
    } else {
      const at = this.reserve(15);
      this.buf[at] = 0xc7;
      this.buf[at + 1] = 12;
      this.buf[at + 2] = 0xff;
      this.view.setUint32(at + 3, nanos);
      this.view.setBigInt64(at + 7, BigInt(seconds));
    }
  }

  value(v: unknown, depth: number): void {
    switch (typeof v) {
      case "string":
        return this.str(v);
      case "number":
        if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER && !Object.is(v, -0)) return this.int(v);
        return this.float(v);
      case "boolean":
        return this.byte(v ? 0xc3 : 0xc2);
      case "bigint":
        return this.big(v);
      case "object":
        if (v === null) return this.byte(0xc0);
        return this.object(v, depth);
      default:
        throw new TypeError(`Encoding objects of type ${typeof v} is unsupported`);
    }
  }

  object(v: object, depth: number): void {
    if (depth >= MAX_ENCODE_DEPTH) throw new RangeError("maximum recursion depth exceeded while serializing an object");
    const inner = depth + 1;
    if (Array.isArray(v)) {
      this.header(v.length, 0x90, 15, null, 0xdc, 0xdd);
      for (let i = 0; i < v.length; i++) this.value(v[i], inner);
      return;
    }
    if (isPlainObject(v)) {
      const keys = pyKeys(v);
      this.header(keys.length, 0x80, 15, null, 0xde, 0xdf);
      for (const key of keys) {
        this.str(key);
        this.value(v[key], inner);
      }
      return;
    }
    if (v instanceof Uint8Array) return this.bin(v);
    if (v instanceof Date) return this.timestamp(v);
    if (v instanceof Map) {
      this.header(v.size, 0x80, 15, null, 0xde, 0xdf);
      for (const [key, value] of v) {
        this.value(key, inner);
        this.value(value, inner);
      }
      return;
    }
    if (v instanceof Set) {
      this.header(v.size, 0x90, 15, null, 0xdc, 0xdd);
      for (const item of v) this.value(item, inner);
      return;
    }
    if (v instanceof Markup) throw new TypeError("Encoding objects of type Markup is unsupported");
    if (v instanceof UUID || v instanceof PlainDate || v instanceof PlainDateTime || v instanceof Decimal) {
      return this.str(v.toString());
    }
    if (v instanceof MsgpackExt) return this.ext(v.type, v.data);
    if (ArrayBuffer.isView(v)) return this.bin(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    throw new TypeError(`Encoding objects of type ${v.constructor?.name ?? "Object"} is unsupported`);
  }
}

/**
 * `msgspec.msgpack.Encoder().encode(value)`: the same bytes msgspec writes for the Python value
 * that `value` stands for (see the module's type mapping).
 *
 * @throws TypeError for a value msgspec cannot write (a `Markup`, a function, a class instance);
 *   RangeError for an int beyond 64 bits, a date beyond Python's range, or nesting deeper than 1000.
 * @example
 * ```ts
 * msgpackEncode({ a: 1 }); // Uint8Array [0x81, 0xa1, 0x61, 0x01]
 * ```
 */
export function msgpackEncode(value: unknown): Uint8Array {
  const writer = new Writer();
  writer.value(value, 0);
  return writer.buf.slice(0, writer.pos);
}
