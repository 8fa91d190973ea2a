/**
 * A restricted reader of Python pickles (protocols 0 to 5), for the session records that
 * Flask-Session 0.6 and older and cachelib write: it builds plain data only, and refuses
 * everything else. It never calls anything a pickle names: the few globals it knows (`set`,
 * `frozenset`, `bytearray`, `bytes`, `_codecs.encode`, `datetime.datetime`, `datetime.date`,
 * `datetime.timezone`, `datetime.timedelta`, `uuid.UUID`, `decimal.Decimal`,
 * `copyreg._reconstructor`) are names it rebuilds values for, checking their arguments; any other
 * global (`os.system`, `builtins.eval`, a class of your app) and any other construction is a
 * {@link PickleError}. Work is bounded: nesting depth, items (counted as if shared references
 * were copied, so a pickle of a few bytes cannot stand for a tree too big to write back), ints
 * of at most 4300 digits (Python's own limit on text), and the input's length.
 *
 * Python ⇄ JavaScript: `dict` → plain object (a `Map` when a key is not a string), `list` →
 * `Array`, `tuple` → `Tuple`, `set`/`frozenset` → `Set`, `str` → `string`, `bytes`/`bytearray` →
 * `Uint8Array`, `int` → `number` or `bigint`, `float` → `number`, `bool`, `None` → `null`,
 * aware `datetime` → `Date`, naive `datetime` → {@link PlainDateTime}, `date` → {@link PlainDate},
 * `UUID` → `UUID`, `Decimal` → {@link Decimal}.
 * @module
 */
import { setOwn, withKeyOrder } from "../json/dict.js";
import { Tuple } from "../flask/tuple.js";
import { UUID } from "../flask/uuid.js";
import { Decimal, PlainDate, PlainDateTime } from "./python-types.js";

/**
 * Why a pickle was not read: malformed, refused (it asks for more than plain data), or over a limit.
 *
 * @example
 * ```ts
 * declare const record: Uint8Array; // what Flask-Session 0.6 stored
 * try {
 *   pickleLoads(record);
 * } catch (error) {
 *   if (error instanceof PickleError && error.kind === "refused") console.warn(error.message); // names the global
 * }
 * ```
 */
export class PickleError extends Error {
  /**
   * @param message - What was wrong, naming the refused global or opcode if any.
   * @param kind - `"malformed"`, `"refused"` or `"limit"`.
   */
  constructor(
    message: string,
    readonly kind: "malformed" | "refused" | "limit",
  ) {
    super(message);
    this.name = "PickleError";
  }
}

/** Bounds on reading one pickle. */
export interface PickleLimits {
  /** Deepest nesting of containers (default 1000). */
  maxDepth: number;
  /** Most items: container elements plus memo entries, shared references counted each time (default 100,000). */
  maxItems: number;
}

const DEFAULTS: PickleLimits = { maxDepth: 1000, maxItems: 100_000 };
const MAX_INT_DIGITS = 4300;
const MAX_LONG_BYTES = 1786; // about 4300 decimal digits

// What the stack holds while a pickle is read, besides finished values.
class PyDict {
  readonly entries = new Map<unknown, unknown>();
}
class PySet {
  constructor(
    readonly items: unknown[] = [],
    readonly frozen = false,
  ) {}
}
class PyGlobal {
  constructor(readonly name: string) {}
}
class PyTimedelta {
  constructor(readonly micros: bigint) {}
}
class PyTimezone {
  constructor(readonly offsetMicros: bigint) {}
}
class PendingUUID {
  value: UUID | null = null;
}

/** The globals a pickle may name; `fix_imports` maps Python 2's module names to these. */
const KNOWN_GLOBALS = new Set([
  "builtins.set",
  "builtins.frozenset",
  "builtins.bytearray",
  "builtins.bytes",
  "builtins.object",
  "_codecs.encode",
  "datetime.datetime",
  "datetime.date",
  "datetime.timezone",
  "datetime.timedelta",
  "uuid.UUID",
  "decimal.Decimal",
  "copyreg._reconstructor",
]);
const PY2_MODULES: Record<string, string> = { __builtin__: "builtins", copy_reg: "copyreg" };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function malformed(message: string): PickleError {
  return new PickleError(message, "malformed");
}
function refused(message: string): PickleError {
  return new PickleError(message, "refused");
}

class Unpickler {
  pos = 0;
  stack: unknown[] = [];
  marks: number[] = [];
  memo = new Map<number, unknown>();
  items = 0;
  readonly view: DataView;

  constructor(
    readonly data: Uint8Array,
    readonly limits: PickleLimits,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  take(n: number): number {
    const at = this.pos;
    if (n < 0 || n > this.data.length - at) throw malformed("pickle data was truncated");
    this.pos = at + n;
    return at;
  }

  bytes(n: number): Uint8Array {
    const at = this.take(n);
    return this.data.slice(at, at + n);
  }

  line(): string {
    const end = this.data.indexOf(0x0a, this.pos);
    if (end < 0) throw malformed("pickle data was truncated (no end of line)");
    let text = "";
    for (let i = this.pos; i < end; i++) text += String.fromCharCode(this.data[i]!);
    this.pos = end + 1;
    return text;
  }

  count(n: number): void {
    this.items += n;
    if (this.items > this.limits.maxItems) throw new PickleError(`More than ${this.limits.maxItems} items (maxItems)`, "limit");
  }

  pop(): unknown {
    if (this.stack.length === 0 || (this.marks.length > 0 && this.stack.length <= this.marks[this.marks.length - 1]!)) {
      throw malformed("unpickling stack underflow");
    }
    return this.stack.pop();
  }

  top(): unknown {
    if (this.stack.length === 0) throw malformed("unpickling stack underflow");
    return this.stack[this.stack.length - 1];
  }

  popMark(): unknown[] {
    const at = this.marks.pop();
    if (at === undefined) throw malformed("could not find MARK");
    const items = this.stack.splice(at);
    return items;
  }

  push(value: unknown): void {
    this.stack.push(value);
  }

  utf8(n: number): string {
    const at = this.take(n);
    try {
      return strictUtf8.decode(this.data.subarray(at, at + n));
    } catch {
      throw malformed("a str that is not valid UTF-8");
    }
  }

  /** Python 2's `str` (STRING, BINSTRING...): read with Python 3's default encoding, ASCII. */
  ascii(bytes: Uint8Array): string {
    let text = "";
    for (const b of bytes) {
      if (b > 0x7f) throw malformed("a Python 2 str that is not ASCII ('ascii' codec can't decode it)");
      text += String.fromCharCode(b);
    }
    return text;
  }

  intText(text: string): number | bigint {
    const digits = text.replace(/^[+-]/, "");
    if (!/^\d+$/.test(digits)) throw malformed(`invalid literal for int(): '${text.slice(0, 40)}'`);
    if (digits.length > MAX_INT_DIGITS) throw new PickleError("an int of more than 4300 digits", "limit");
    return fromBig(BigInt(text));
  }

  long(n: number): number | bigint {
    if (n > MAX_LONG_BYTES) throw new PickleError("an int of more than 4300 digits", "limit");
    const at = this.take(n);
    if (n === 0) return 0;
    let value = 0n;
    for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(this.data[at + i]!);
    if (this.data[at + n - 1]! & 0x80) value -= 1n << BigInt(8 * n);
    return fromBig(value);
  }

  memoPut(index: number): void {
    this.count(1);
    this.memo.set(index, this.top());
  }

  memoGet(index: number): void {
    if (!this.memo.has(index)) throw malformed(`Memo value not found at index ${index}`);
    this.push(this.memo.get(index));
  }

  globalName(moduleName: string, name: string): PyGlobal {
    const full = `${PY2_MODULES[moduleName] ?? moduleName}.${name}`;
    if (!KNOWN_GLOBALS.has(full)) {
      throw refused(
        `The pickle names the global ${JSON.stringify(`${moduleName}.${name}`.slice(0, 200))}, which is not plain data: refused`,
      );
    }
    return new PyGlobal(full);
  }

  run(): unknown {
    const d = this.data;
    const v = this.view;
    for (;;) {
      const at = this.take(1);
      const op = d[at]!;
      switch (op) {
        case 0x80: {
          // PROTO
          const proto = d[this.take(1)]!;
          if (proto > 5) throw malformed(`unsupported pickle protocol: ${proto}`);
          break;
        }
        case 0x95: // FRAME: an 8-byte length; the frame's opcodes follow as usual
          this.take(8);
          break;
        case 0x2e: // STOP
          return this.pop();
        case 0x28: // MARK
          this.marks.push(this.stack.length);
          break;
        case 0x30: // POP
          if (this.marks.length > 0 && this.stack.length === this.marks[this.marks.length - 1]) this.popMark();
          else this.pop();
          break;
        case 0x31: // POP_MARK
          this.popMark();
          break;
        case 0x32: // DUP
          this.push(this.top());
          break;
        case 0x4e: // NONE
          this.push(null);
          break;
        case 0x88: // NEWTRUE
          this.push(true);
          break;
        case 0x89: // NEWFALSE
          this.push(false);
          break;
        case 0x49: {
          // INT (text): also Python 2's bools
          const text = this.line();
          if (text === "00") this.push(false);
          else if (text === "01") this.push(true);
          else this.push(this.intText(text));
          break;
        }
        case 0x4a: // BININT
          this.push(v.getInt32(this.take(4), true));
          break;
        case 0x4b: // BININT1
          this.push(d[this.take(1)]!);
          break;
        case 0x4d: // BININT2
          this.push(v.getUint16(this.take(2), true));
          break;
        case 0x4c: {
          // LONG (text, with a trailing "L" from Python 2)
          const text = this.line();
          this.push(this.intText(text.endsWith("L") ? text.slice(0, -1) : text));
          break;
        }
        case 0x8a: // LONG1
          this.push(this.long(d[this.take(1)]!));
          break;
        case 0x8b: {
          // LONG4
          const n = v.getInt32(this.take(4), true);
          if (n < 0) throw malformed("LONG pickle has negative byte count");
          this.push(this.long(n));
          break;
        }
        case 0x46: {
          // FLOAT (text)
          const text = this.line().trim();
          if (!/^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf|nan|infinity)$/i.test(text)) {
            throw malformed(`could not convert string to float: '${text.slice(0, 40)}'`);
          }
          const lower = text.toLowerCase().replace(/^\+/, "");
          this.push(
            lower.endsWith("nan")
              ? NaN
              : lower.endsWith("inf") || lower.endsWith("infinity")
                ? lower[0] === "-"
                  ? -Infinity
                  : Infinity
                : Number(text),
          );
          break;
        }
        case 0x47: // BINFLOAT
          this.push(v.getFloat64(this.take(8), false));
          break;
        case 0x53: {
          // STRING (Python 2 str, quoted repr)
          const text = this.line();
          const quote = text[0];
          if (text.length < 2 || (quote !== "'" && quote !== '"') || text[text.length - 1] !== quote) {
            throw malformed("the STRING opcode argument must be quoted");
          }
          this.push(this.ascii(escapeDecode(text.slice(1, -1))));
          break;
        }
        case 0x54: {
          // BINSTRING
          const n = v.getInt32(this.take(4), true);
          if (n < 0) throw malformed("BINSTRING pickle has negative byte count");
          this.push(this.ascii(this.bytes(n)));
          break;
        }
        case 0x55: // SHORT_BINSTRING
          this.push(this.ascii(this.bytes(d[this.take(1)]!)));
          break;
        case 0x56: // UNICODE (raw-unicode-escape text)
          this.push(rawUnicodeEscape(this.line()));
          break;
        case 0x58: // BINUNICODE
          this.push(this.utf8(v.getUint32(this.take(4), true)));
          break;
        case 0x8c: // SHORT_BINUNICODE
          this.push(this.utf8(d[this.take(1)]!));
          break;
        case 0x8d: // BINUNICODE8
          this.push(this.utf8(this.size8()));
          break;
        case 0x42: // BINBYTES
          this.push(this.bytes(v.getUint32(this.take(4), true)));
          break;
        case 0x43: // SHORT_BINBYTES
          this.push(this.bytes(d[this.take(1)]!));
          break;
        case 0x8e: // BINBYTES8
        case 0x96: // BYTEARRAY8
          this.push(this.bytes(this.size8()));
          break;
        case 0x5d: // EMPTY_LIST
          this.push([]);
          break;
        case 0x61: {
          // APPEND
          const item = this.pop();
          this.appendTo(this.top(), [item]);
          break;
        }
        case 0x65: {
          // APPENDS
          const items = this.popMark();
          this.appendTo(this.top(), items);
          break;
        }
        case 0x6c: // LIST
          this.push(this.counted(this.popMark()));
          break;
        case 0x29: // EMPTY_TUPLE
          this.push(new Tuple());
          break;
        case 0x74: // TUPLE
          this.push(Tuple.from(this.counted(this.popMark())));
          break;
        case 0x85:
        case 0x86:
        case 0x87: {
          // TUPLE1, TUPLE2, TUPLE3
          const n = op - 0x84;
          const items: unknown[] = [];
          for (let i = 0; i < n; i++) items.unshift(this.pop());
          this.push(Tuple.from(this.counted(items)));
          break;
        }
        case 0x7d: // EMPTY_DICT
          this.push(new PyDict());
          break;
        case 0x64: {
          // DICT
          const dict = new PyDict();
          this.setItems(dict, this.popMark());
          this.push(dict);
          break;
        }
        case 0x73: {
          // SETITEM
          const value = this.pop();
          const key = this.pop();
          this.setItems(this.top(), [key, value]);
          break;
        }
        case 0x75: {
          // SETITEMS
          const items = this.popMark();
          this.setItems(this.top(), items);
          break;
        }
        case 0x8f: // EMPTY_SET
          this.push(new PySet());
          break;
        case 0x90: {
          // ADDITEMS
          const items = this.popMark();
          const set = this.top();
          if (!(set instanceof PySet) || set.frozen) throw malformed("ADDITEMS on something that is not a set");
          set.items.push(...this.counted(items));
          break;
        }
        case 0x91: // FROZENSET
          this.push(new PySet(this.counted(this.popMark()), true));
          break;
        case 0x70: // PUT
          this.memoPut(this.memoIndex(this.line()));
          break;
        case 0x71: // BINPUT
          this.memoPut(d[this.take(1)]!);
          break;
        case 0x72: // LONG_BINPUT
          this.memoPut(v.getUint32(this.take(4), true));
          break;
        case 0x94: // MEMOIZE
          this.memoPut(this.memo.size);
          break;
        case 0x67: // GET
          this.memoGet(this.memoIndex(this.line()));
          break;
        case 0x68: // BINGET
          this.memoGet(d[this.take(1)]!);
          break;
        case 0x6a: // LONG_BINGET
          this.memoGet(v.getUint32(this.take(4), true));
          break;
        case 0x63: {
          // GLOBAL "module\nname\n"
          const moduleName = this.line();
          const name = this.line();
          this.push(this.globalName(moduleName, name));
          break;
        }
        case 0x93: {
          // STACK_GLOBAL
          const name = this.pop();
          const moduleName = this.pop();
          if (typeof moduleName !== "string" || typeof name !== "string") throw malformed("STACK_GLOBAL requires str");
          this.push(this.globalName(moduleName, name));
          break;
        }
        case 0x52: {
          // REDUCE
          const args = this.pop();
          const callable = this.pop();
          this.push(reduce(callable, args));
          break;
        }
        case 0x81: {
          // NEWOBJ: only `UUID.__new__(UUID)`, whose state BUILD sets
          const args = this.pop();
          const cls = this.pop();
          if (!(cls instanceof PyGlobal) || cls.name !== "uuid.UUID" || !(args instanceof Tuple) || args.length !== 0) {
            throw refused("NEWOBJ of anything but uuid.UUID: refused");
          }
          this.push(new PendingUUID());
          break;
        }
        case 0x62: {
          // BUILD: only a UUID's state
          const state = this.pop();
          const target = this.top();
          if (!(target instanceof PendingUUID) || target.value !== null)
            throw refused("BUILD of anything but a uuid.UUID: refused");
          target.value = uuidFromState(state);
          break;
        }
        default:
          throw refused(
            `The pickle uses the opcode ${JSON.stringify(String.fromCharCode(op))} (0x${op.toString(16)}), which this reader does not accept`,
          );
      }
    }
  }

  size8(): number {
    const at = this.take(8);
    const size = this.view.getBigUint64(at, true);
    if (size > BigInt(this.data.length)) throw malformed("pickle data was truncated");
    return Number(size);
  }

  memoIndex(text: string): number {
    if (!/^\d{1,10}$/.test(text)) throw malformed("invalid memo index");
    return Number(text);
  }

  counted<T>(items: T[]): T[] {
    this.count(items.length);
    return items;
  }

  appendTo(target: unknown, items: unknown[]): void {
    if (!Array.isArray(target) || target instanceof Tuple) throw malformed("APPEND to something that is not a list");
    this.count(items.length);
    for (const item of items) target.push(item);
  }

  setItems(target: unknown, items: unknown[]): void {
    if (!(target instanceof PyDict)) throw malformed("SETITEM on something that is not a dict");
    if (items.length % 2 !== 0) throw malformed("odd number of items for SETITEMS");
    this.count(items.length / 2);
    for (let i = 0; i < items.length; i += 2) target.entries.set(items[i], items[i + 1]);
  }
}

function fromBig(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** Python's `raw-unicode-escape` decoding of one UNICODE line (its bytes are latin-1 text here). */
function rawUnicodeEscape(text: string): string {
  return text.replace(
    /\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g,
    (match, four: string | undefined, eight: string | undefined) => {
      const code = parseInt((four ?? eight)!, 16);
      if (code > 0x10ffff) throw malformed("\\U escape out of range");
      return String.fromCodePoint(code);
    },
  );
}

/** The bytes of a Python 2 str literal's body (`\\x00`, `\\n`, `\\'`...), for STRING. */
function escapeDecode(body: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body.charCodeAt(i);
    if (ch !== 0x5c) {
      out.push(ch & 0xff);
      continue;
    }
    const next = body[++i];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, "\\": 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
    if (next !== undefined && next in simple) out.push(simple[next]!);
    else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next !== undefined && /[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out.push(parseInt(octal, 8) & 0xff);
      i += octal.length - 1;
    } else throw malformed("invalid \\escape in a STRING");
  }
  return Uint8Array.from(out);
}

function argsOf(args: unknown, name: string): unknown[] {
  if (!(args instanceof Tuple)) throw refused(`${name}() called with arguments that are not a tuple: refused`);
  return [...args];
}

function toBytes(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw refused(`${what} with an argument that is not bytes: refused`);
}

function latin1(text: unknown): Uint8Array {
  if (typeof text !== "string") throw refused("_codecs.encode of something that is not a str: refused");
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw malformed("'latin-1' codec can't encode a character beyond U+00FF");
    out[i] = code;
  }
  return out;
}

/** Rebuilds what calling one of the known globals with `args` gives; refuses any other call. */
function reduce(callable: unknown, rawArgs: unknown): unknown {
  if (!(callable instanceof PyGlobal)) throw refused("REDUCE of something that is not a known global: refused");
  const name = callable.name;
  const args = argsOf(rawArgs, name);
  switch (name) {
    case "builtins.set":
    case "builtins.frozenset": {
      const frozen = name === "builtins.frozenset";
      if (args.length === 0) return new PySet([], frozen);
      if (args.length !== 1 || !Array.isArray(args[0])) throw refused(`${name}() of something that is not a list: refused`);
      const items = [...(args[0] as unknown[])];
      return new PySet(items, frozen);
    }
    case "builtins.bytes":
    case "builtins.bytearray": {
      if (args.length === 0) return new Uint8Array(0);
      if (args.length === 1) return toBytes(args[0], name).slice();
      if (args.length === 2 && (args[1] === "latin-1" || args[1] === "latin1")) return latin1(args[0]);
      throw refused(`${name}() with these arguments: refused`);
    }
    case "_codecs.encode": {
      const encoding = typeof args[1] === "string" ? args[1].toLowerCase().replace("_", "-") : null;
      if (args.length === 2 && (encoding === "latin1" || encoding === "latin-1")) return latin1(args[0]);
      throw refused("_codecs.encode() with an encoding other than latin-1: refused");
    }
    case "datetime.date": {
      if (args.length === 1) {
        const state = toBytes(args[0], name);
        if (state.length !== 4) throw malformed("a date state that is not 4 bytes");
        return plain(() => new PlainDate(state[0]! * 256 + state[1]!, state[2]!, state[3]!));
      }
      if (args.length === 3 && args.every((a) => typeof a === "number")) {
        return plain(() => new PlainDate(args[0] as number, args[1] as number, args[2] as number));
      }
      throw refused("datetime.date() with these arguments: refused");
    }
    case "datetime.datetime": {
      if ((args.length !== 1 && args.length !== 2) || !(args[0] instanceof Uint8Array)) {
        throw refused("datetime.datetime() with these arguments: refused");
      }
      const s = args[0];
      if (s.length !== 10) throw malformed("a datetime state that is not 10 bytes");
      const tz = args[1] ?? null;
      if (tz !== null && !(tz instanceof PyTimezone))
        throw refused("a datetime with a tzinfo other than datetime.timezone: refused");
      const month = s[2]! & 0x7f; // the high bit is `fold`
      const local = plain(
        () => new PlainDateTime(s[0]! * 256 + s[1]!, month, s[3]!, s[4]!, s[5]!, s[6]!, (s[7]! << 16) | (s[8]! << 8) | s[9]!),
      );
      if (tz === null) return local;
      // The instant: the wall-clock time minus the offset (to the millisecond, rounding down).
      const utcMicros = BigInt(local.toDate().getTime()) * 1000n + BigInt(local.microsecond % 1000) - tz.offsetMicros;
      const ms = utcMicros / 1000n - (utcMicros % 1000n < 0n ? 1n : 0n);
      return new Date(Number(ms));
    }
    case "datetime.timedelta": {
      const [days = 0, seconds = 0, micros = 0] = args;
      if (args.length > 3 || ![days, seconds, micros].every((a) => typeof a === "number" && Number.isInteger(a))) {
        throw refused("datetime.timedelta() with these arguments: refused");
      }
      return new PyTimedelta(
        (BigInt(days as number) * 86400n + BigInt(seconds as number)) * 1_000_000n + BigInt(micros as number),
      );
    }
    case "datetime.timezone": {
      const [offset, tzName] = args;
      if (
        args.length < 1 ||
        args.length > 2 ||
        !(offset instanceof PyTimedelta) ||
        (args.length === 2 && typeof tzName !== "string")
      ) {
        throw refused("datetime.timezone() with these arguments: refused");
      }
      if (offset.micros <= -86_400_000_000n || offset.micros >= 86_400_000_000n)
        throw malformed("a timezone offset of a day or more");
      return new PyTimezone(offset.micros);
    }
    case "decimal.Decimal": {
      if (args.length !== 1 || typeof args[0] !== "string")
        throw refused("decimal.Decimal() of something that is not a str: refused");
      return plain(() => new Decimal(args[0] as string));
    }
    case "copyreg._reconstructor": {
      const [cls, base, state] = args;
      if (
        args.length === 3 &&
        cls instanceof PyGlobal &&
        cls.name === "uuid.UUID" &&
        base instanceof PyGlobal &&
        base.name === "builtins.object" &&
        state === null
      ) {
        return new PendingUUID();
      }
      throw refused("copyreg._reconstructor() of anything but uuid.UUID: refused");
    }
    default:
      throw refused(`Calling ${name}() is not plain data: refused`);
  }
}

/** A value built from checked fields; a RangeError from the constructor becomes a malformed pickle. */
function plain<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : String(error));
  }
}

function uuidFromState(state: unknown): UUID {
  if (!(state instanceof PyDict)) throw refused("a UUID state that is not a dict: refused");
  const int = state.entries.get("int");
  if (typeof int !== "number" && typeof int !== "bigint") throw malformed("a UUID state without an int");
  const value = BigInt(int);
  if (value < 0n || value >= 1n << 128n) throw malformed("a UUID int out of range");
  return new UUID(value.toString(16).padStart(32, "0"));
}

/**
 * Turns what the unpickler built into the JavaScript values, checking that nothing else is left
 * (a global, a timedelta, a timezone, an unfinished UUID), that dict keys and set items are
 * hashable, and the limits: depth, and items counted over the tree as if shared parts were copied
 * (what writing it back would cost), without copying anything.
 */
class Finisher {
  readonly done = new Map<object, unknown>();
  readonly sizes = new Map<object, number>();
  readonly active = new Set<object>();
  total = 0;

  constructor(readonly limits: PickleLimits) {}

  value(v: unknown, depth: number): unknown {
    if (v === null || typeof v !== "object") return v;
    if (v instanceof Uint8Array || v instanceof Date || v instanceof UUID || v instanceof Decimal) return v;
    if (v instanceof PlainDate || v instanceof PlainDateTime) return v;
    if (this.active.has(v)) throw malformed("The pickle holds a container that contains itself, which cannot be written back");
    if (depth >= this.limits.maxDepth)
      throw new PickleError(`Nested deeper than ${this.limits.maxDepth} levels (maxDepth)`, "limit");
    const seen = this.done.get(v);
    if (seen !== undefined) {
      this.add(this.sizes.get(v)!);
      return seen;
    }
    const before = this.total;
    this.active.add(v);
    const inner = depth + 1;
    let out: unknown;
    if (v instanceof PendingUUID) {
      if (v.value === null) throw malformed("a UUID without its state");
      out = v.value;
    } else if (v instanceof Tuple) {
      this.add(v.length);
      out = Tuple.from(v, (item) => this.value(item, inner));
    } else if (Array.isArray(v)) {
      this.add(v.length);
      out = v.map((item) => this.value(item, inner));
    } else if (v instanceof PySet) {
      this.add(v.items.length);
      const set = new Set(v.items.map((item) => this.hashable(this.value(item, inner))));
      // A frozenset is hashable (it may be a dict key); the frozen Set only marks it as one.
      out = v.frozen ? Object.freeze(set) : set;
    } else if (v instanceof PyDict) {
      this.add(v.entries.size);
      out = this.dict(v, inner);
    } else if (v instanceof PyGlobal) {
      throw refused(`The pickle holds the global ${v.name} itself, which is not plain data: refused`);
    } else if (v instanceof PyTimedelta || v instanceof PyTimezone) {
      throw refused("The pickle holds a timedelta or a timezone, which a session cannot hold: refused");
    } else {
      throw malformed("an unknown value");
    }
    this.active.delete(v);
    this.done.set(v, out);
    this.sizes.set(v, this.total - before);
    return out;
  }

  add(n: number): void {
    this.total += n;
    if (this.total > this.limits.maxItems) throw new PickleError(`More than ${this.limits.maxItems} items (maxItems)`, "limit");
  }

  dict(v: PyDict, depth: number): Record<string, unknown> | Map<unknown, unknown> {
    let allStrings = true;
    for (const key of v.entries.keys()) {
      if (typeof key !== "string") {
        allStrings = false;
        break;
      }
    }
    if (allStrings) {
      const obj: Record<string, unknown> = {};
      for (const [key, value] of v.entries) setOwn(obj, key as string, this.value(value, depth));
      return withKeyOrder(obj, [...v.entries.keys()] as string[]);
    }
    const map = new Map<unknown, unknown>();
    for (const [key, value] of v.entries) map.set(this.hashable(this.value(key, depth)), this.value(value, depth));
    return map;
  }

  /** Python refuses unhashable dict keys and set items (lists, dicts, sets, bytearrays). */
  hashable(value: unknown): unknown {
    const ok =
      value === null ||
      typeof value !== "object" ||
      value instanceof Date ||
      value instanceof UUID ||
      value instanceof Decimal ||
      value instanceof PlainDate ||
      value instanceof PlainDateTime ||
      value instanceof Uint8Array ||
      (value instanceof Tuple && value.every((item) => this.hashable(item) === item)) ||
      (value instanceof Set && Object.isFrozen(value));
    if (!ok) throw malformed("unhashable type used as a dict key or set item");
    return value;
  }
}

/**
 * Reads a pickle as `pickle.loads` would, building plain data only (see the module's list); bytes
 * after the STOP opcode are ignored, as `pickle.loads` ignores them.
 *
 * @throws PickleError: `kind` `"refused"` for any global, call or opcode that is not plain data
 *   (`os.system`, `builtins.eval`, an app's class, persistent ids, out-of-band buffers);
 *   `"malformed"` for invalid or truncated data; `"limit"` beyond `limits`.
 * @example
 * ```ts
 * pickleLoads(new Uint8Array([0x80, 0x04, 0x95, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x4b, 0x2a, 0x2e])); // 42
 * ```
 */
export function pickleLoads(data: Uint8Array, limits: Partial<PickleLimits> = {}): unknown {
  const resolved = { ...DEFAULTS, ...limits };
  const raw = new Unpickler(data, resolved).run();
  return new Finisher(resolved).value(raw, 0);
}
