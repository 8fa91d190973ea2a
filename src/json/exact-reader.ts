/**
 * The exact JSON reader, character by character as Python's `json` module reads: the reference
 * that the fast reader (read.ts) hands every text to whose `JSON.parse` result may differ.
 * @internal
 * @module
 */
import { JSONDecodeError } from "./decode-error.js";
import { setOwn, withKeyOrder } from "./dict.js";
import { INT_MAX_STR_DIGITS } from "./numbers.js";

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * The exact reader: Python's `json.scanner` semantics, with limits on depth and items. `hook` is
 * Python's `object_hook`: called on every object as it is read, innermost first, dropped
 * duplicates included.
 */
export class ExactReader {
  private pos = 0;
  private depth = 0;
  private items = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly maxItems: number,
    private readonly hook: ((value: Record<string, unknown>) => unknown) | undefined,
  ) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos !== this.text.length) throw new JSONDecodeError("Extra data", this.pos);
    return value;
  }

  private skipWhitespace(): void {
    const text = this.text;
    while (this.pos < text.length && WS.has(text.charCodeAt(this.pos))) this.pos++;
  }

  private parseValue(): unknown {
    const text = this.text;
    const start = this.pos;
    const c = text[start];
    switch (c) {
      case '"':
        return this.parseString();
      case "{":
        return this.parseObject();
      case "[":
        return this.parseArray();
      case "n":
        return this.literal("null", null);
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "N":
        return this.literal("NaN", NaN);
      case "I":
        return this.literal("Infinity", Infinity);
      case "-":
        if (text.startsWith("-Infinity", start)) {
          this.pos += 9;
          return -Infinity;
        }
    }
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(text);
    if (!match) throw new JSONDecodeError("Expecting value", start);
    this.pos = start + match[0].length;
    if (match[1] !== undefined || match[2] !== undefined) return Number(match[0]);
    const digits = match[0].length - (c === "-" ? 1 : 0);
    if (digits > INT_MAX_STR_DIGITS) {
      throw new RangeError(
        `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits`,
      );
    }
    if (digits < 16) return Number(match[0]) || 0; // `|| 0` turns -0 into Python's int 0
    const big = BigInt(match[0]);
    return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
  }

  private literal(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.pos)) throw new JSONDecodeError("Expecting value", this.pos);
    this.pos += word.length;
    return value;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) {
      throw new JSONDecodeError(`Nesting deeper than ${this.maxDepth} levels`, this.pos);
    }
  }

  /** Counts one array element or object member. */
  private item(): void {
    if (++this.items > this.maxItems) {
      throw new JSONDecodeError(`More than ${this.maxItems} items (array elements and object members)`, this.pos);
    }
  }

  private parseString(): string {
    const text = this.text;
    const begin = this.pos;
    let i = begin + 1;
    let out = "";
    let chunk = i;
    for (;;) {
      if (i >= text.length) throw new JSONDecodeError("Unterminated string starting at", begin);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunk, i);
        this.pos = i + 1;
        return out;
      }
      if (c < 0x20) throw new JSONDecodeError("Invalid control character at", i);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(chunk, i);
      const e = text[i + 1];
      if (e === undefined) throw new JSONDecodeError("Unterminated string starting at", begin);
      if (e === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JSONDecodeError("Invalid \\uXXXX escape", i + 1);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        const decoded = ESCAPES[e];
        if (decoded === undefined) throw new JSONDecodeError("Invalid \\escape", i);
        out += decoded;
        i += 2;
      }
      chunk = i;
    }
  }

  private parseArray(): unknown[] {
    this.enter();
    this.pos++;
    const out: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      this.item();
      out.push(this.parseValue());
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === "]") break;
      if (c !== ",") throw new JSONDecodeError("Expecting ',' delimiter", this.pos - 1);
    }
    this.depth--;
    return out;
  }

  private parseObject(): unknown {
    this.enter();
    this.pos++;
    const obj: Record<string, unknown> = {};
    const order: string[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
    } else {
      for (;;) {
        this.skipWhitespace();
        this.item();
        if (this.text[this.pos] !== '"') {
          throw new JSONDecodeError("Expecting property name enclosed in double quotes", this.pos);
        }
        const key = this.parseString();
        this.skipWhitespace();
        if (this.text[this.pos] !== ":") throw new JSONDecodeError("Expecting ':' delimiter", this.pos);
        this.pos++;
        this.skipWhitespace();
        const value = this.parseValue();
        if (!Object.prototype.hasOwnProperty.call(obj, key)) order.push(key);
        setOwn(obj, key, value);
        this.skipWhitespace();
        const c = this.text[this.pos];
        this.pos++;
        if (c === "}") break;
        if (c !== ",") throw new JSONDecodeError("Expecting ',' delimiter", this.pos - 1);
      }
    }
    this.depth--;
    withKeyOrder(obj, order);
    return this.hook ? this.hook(obj) : obj;
  }
}
