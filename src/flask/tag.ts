/**
 * Flask's tagged JSON (`flask/json/tag.py`): JSON with compact tags for the Python types JSON
 * lacks, so a session keeps its tuples, bytes, Markup, UUIDs and datetimes.
 *
 * | Python            | JavaScript                     | on the wire                   |
 * | ----------------- | ------------------------------ | ----------------------------- |
 * | `dict`            | plain object (or `Map`)        | object; ` di` if its only key is a tag |
 * | `tuple`           | {@link Tuple}                  | `{" t": [...]}`               |
 * | `list`            | `Array`                        | array                         |
 * | `bytes`           | `Uint8Array`                   | `{" b": "<base64>"}`          |
 * | `Markup`          | {@link Markup} (or any `__html__`) | `{" m": "<html>"}`        |
 * | `UUID`            | {@link UUID}                   | `{" u": "<32 hex>"}`          |
 * | `datetime`        | `Date`                         | `{" d": "<HTTP date>"}`       |
 * | `int` / `float`   | `number`, `bigint` beyond 2^53 | number                        |
 *
 * @module
 */
import { a2bBase64, b2aBase64 } from "../encoding.js";
import { describe, encodeUtf8 } from "../lib/bytes.js";
import { dumps as jsonDumps, type JSONDumpsOptions } from "../json/write.js";
import { readJSON } from "../json/read.js";
import { isPlainObject, pyKeys, setOwn, withKeyOrder } from "../json/dict.js";
import type { PayloadSerializer } from "../serializer.js";
import type { Limits } from "../limits.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { decodeUtf8 } from "../lib/bytes.js";
import { pyIterate } from "./py-values.js";
import { Tuple } from "./tuple.js";
import { Markup, hasHtml } from "./markup.js";
import { UUID } from "./uuid.js";
import { httpDate, parseDate } from "./http-date.js";
import { flaskBehaviour, type FlaskVersion } from "./versions.js";

/** A Python dict as JavaScript holds it: a plain object or a `Map` with string keys. */
function isDict(value: unknown): value is Record<string, unknown> | Map<unknown, unknown> {
  return isPlainObject(value) || value instanceof Map;
}

function dictKeys(value: Record<string, unknown> | Map<unknown, unknown>): unknown[] {
  return value instanceof Map ? [...value.keys()] : pyKeys(value);
}

function dictGet(value: Record<string, unknown> | Map<unknown, unknown>, key: unknown): unknown {
  return value instanceof Map ? value.get(key) : value[key as string];
}

/** The number of code points in `text` (what `Array.from(text)` would hold). */
function codePointCount(text: string): number {
  let n = text.length;
  for (let i = 0; i + 1 < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * A lower bound on the length of Python's `str(value)` for a decoded value: its strings, keys,
 * Markup texts and bytes, each of which `repr` writes at least as long. Cheap: one walk.
 */
function reprFloor(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (typeof value !== "object" || value === null) return 0;
  if (value instanceof Markup) return value.length;
  if (value instanceof Uint8Array) return value.length;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) n += reprFloor(item);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) n += key.length + reprFloor(value[key]);
  }
  return n;
}

/**
 * A tag: how one Python type is written into JSON and read back (Python: `JSONTag`). Subclass
 * it, set `key`, implement `check`, `toJson` and `toPython`, and register the class with
 * {@link TaggedJSONSerializer.register}.
 *
 * @example
 * ```ts
 * // Flask's documentation adds OrderedDict; the JavaScript equivalent is a Map kept in order.
 * class TagOrderedDict extends JSONTag {
 *   override readonly key = " od";
 *   check(value: unknown) { return value instanceof Map; }
 *   toJson(value: Map<string, unknown>) { return [...value].map(([k, v]) => [k, this.serializer.tag(v)]); }
 *   toPython(value: [string, unknown][]) { return new Map(value); }
 * }
 * serializer.register(TagOrderedDict, { index: 0 });
 * ```
 */
export abstract class JSONTag {
  /** The tag written on the wire, e.g. `" t"`; `null` for tags that only transform. */
  readonly key: string | null = null;

  /** @param serializer - The serializer this tag belongs to. */
  constructor(readonly serializer: TaggedJSONSerializer) {}

  /** Whether this tag handles `value`. */
  abstract check(value: unknown): boolean;

  /** `value` as JSON-compatible data (the tag is added by {@link JSONTag.tag}). */
  abstract toJson(value: never): unknown;

  /** The value back from its JSON form (the tag already removed). */
  abstract toPython(value: never): unknown;

  /** `value` converted and wrapped as `{key: toJson(value)}`. */
  tag(value: unknown): unknown {
    const out: Record<string, unknown> = {};
    setOwn(out, this.key ?? "", this.toJson(value as never));
    return out;
  }
}

/**
 * A dict whose only key is a tag name: ` di`, the key suffixed with `__`, so that it is not read
 * back as the tag itself.
 *
 * @example
 * ```ts
 * new TaggedJSONSerializer().dumps({ " t": 1 }); // '{" di":{" t__":1}}'
 * ```
 */
export class TagDict extends JSONTag {
  override readonly key = " di";

  check(value: unknown): boolean {
    if (!isDict(value)) return false;
    const keys = dictKeys(value);
    return keys.length === 1 && typeof keys[0] === "string" && this.serializer.tags.has(keys[0]);
  }

  toJson(value: Record<string, unknown> | Map<unknown, unknown>): unknown {
    const key = dictKeys(value)[0] as string;
    const out: Record<string, unknown> = {};
    setOwn(out, `${key}__`, this.serializer.tag(dictGet(value, key)));
    return out;
  }

  toPython(value: unknown): unknown {
    // Python: key = next(iter(value)); return {key[:-2]: value[key]}
    if (!isDict(value)) throw new TypeError(`' di' tag holds ${describe(value)}, not a dict`);
    const key = dictKeys(value)[0];
    if (typeof key !== "string") throw new TypeError("' di' tag holds an empty dict");
    const out: Record<string, unknown> = {};
    setOwn(out, Array.from(key).slice(0, -2).join(""), dictGet(value, key));
    return out;
  }
}

/**
 * Plain dicts (plain objects and `Map`s): written as JSON objects, their values tagged.
 *
 * @example
 * ```ts
 * new TaggedJSONSerializer().dumps({ b: new Uint8Array([1]), a: 1 }); // '{"a":1,"b":{" b":"AQ=="}}'
 * ```
 */
export class PassDict extends JSONTag {
  check(value: unknown): boolean {
    return isDict(value);
  }

  toJson(value: Record<string, unknown> | Map<unknown, unknown>): unknown {
    // A dict whose values are their own tagged form is its own tagged form: no copy is made
    // (most sessions). A copy begins at the first value that tags to something else.
    if (value instanceof Map) {
      const entries = Array.from(value, ([k, v]): [unknown, unknown] => [k, this.serializer.tag(v)]);
      return entries.every(([k, v]) => Object.is(v, value.get(k))) ? value : new Map(entries);
    }
    const keys = pyKeys(value);
    let out: Record<string, unknown> | null = null;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const item = value[key];
      const tagged = this.serializer.tag(item);
      if (out === null) {
        if (Object.is(tagged, item)) continue;
        out = {};
        for (let j = 0; j < i; j++) setOwn(out, keys[j]!, value[keys[j]!]);
      }
      setOwn(out, key, tagged);
    }
    return out === null ? value : withKeyOrder(out, keys);
  }

  toPython(value: unknown): unknown {
    return value;
  }

  override tag(value: unknown): unknown {
    return this.toJson(value as Record<string, unknown>);
  }
}

/** Most items passed as arguments at once (engines refuse argument lists of ~100,000 and more). */
const MAX_ARGUMENTS = 4096;

/**
 * Tuples: ` t`, their items tagged.
 *
 * @example
 * ```ts
 * new TaggedJSONSerializer().dumps(new Tuple("info", "Saved")); // '{" t":["info","Saved"]}'
 * ```
 */
export class TagTuple extends JSONTag {
  override readonly key = " t";

  check(value: unknown): boolean {
    return value instanceof Tuple;
  }

  toJson(value: Tuple): unknown {
    // A loop, not Array.from: the iterator protocol on an Array subclass costs more than the rest.
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = this.serializer.tag(value[i]);
    return out;
  }

  toPython(value: unknown): Tuple {
    // Python: tuple(value), which takes any iterable. A string gives its characters: bounded,
    // as Flask itself never writes a string here.
    if (typeof value === "string" || value instanceof Markup) {
      this.serializer.spendDerived(codePointCount(String(value)));
    }
    const items = Array.isArray(value) ? (value as unknown[]) : pyIterate(value);
    if (items === null) throw new TypeError(`'${describe(value)}' object is not iterable`);
    // Built as the Array it is, with Tuple's prototype: the same object `new Tuple(...items)`
    // makes, without running a derived constructor and push, which cost ~1 µs a tuple in V8
    // (Tuple.from: more). Array(n) with one number would make n holes, so one item is assigned;
    // a long tuple is filled in place, as its items would overflow an argument list.
    if (items.length === 1 || items.length > MAX_ARGUMENTS) {
      const tuple = Reflect.construct(Array, [], Tuple) as Tuple;
      for (let i = 0; i < items.length; i++) tuple[i] = items[i];
      return tuple;
    }
    return Reflect.construct(Array, items, Tuple) as Tuple;
  }
}

/**
 * Lists: written as JSON arrays, their items tagged.
 *
 * @example
 * ```ts
 * new TaggedJSONSerializer().dumps([new Tuple(1)]); // '[{" t":[1]}]'
 * ```
 */
export class PassList extends JSONTag {
  check(value: unknown): boolean {
    return Array.isArray(value);
  }

  toJson(value: unknown[]): unknown {
    // As PassDict: a list of items that are their own tagged form is returned as it is.
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const tagged = this.serializer.tag(item);
      if (out === null) {
        if (Object.is(tagged, item)) continue;
        out = value.slice(0, i);
      }
      out[i] = tagged;
    }
    return out ?? value;
  }

  toPython(value: unknown): unknown {
    return value;
  }

  override tag(value: unknown): unknown {
    return this.toJson(value as unknown[]);
  }
}

/**
 * Bytes (`Uint8Array`): ` b`, standard base64 with padding.
 *
 * @example
 * ```ts
 * new TaggedJSONSerializer().dumps(new Uint8Array([0, 255])); // '{" b":"AP8="}'
 * ```
 */
export class TagBytes extends JSONTag {
  override readonly key = " b";

  check(value: unknown): boolean {
    return value instanceof Uint8Array;
  }

  toJson(value: Uint8Array): unknown {
    return b2aBase64(value, false, true);
  }

  toPython(value: unknown): Uint8Array {
    // Python: base64.b64decode(value), not validating: characters outside the alphabet are skipped
    if (value instanceof Uint8Array) return a2bBase64(value, false).slice();
    if (typeof value === "string" || value instanceof Markup) {
      const text = String(value);
      if (/[^\x00-\x7f]/.test(text)) throw new TypeError("string argument should contain only ASCII characters");
      return a2bBase64(encodeUtf8(text), false).slice();
    }
    throw new TypeError(`argument should be a bytes-like object or ASCII string, not '${describe(value)}'`);
  }
}

/**
 * Markup, or anything with `__html__()`: ` m`; read back as {@link Markup}.
 *
 * @example
 * ```ts
 * new TaggedJSONSerializer().dumps(new Markup("<b>hi</b>")); // '{" m":"<b>hi</b>"}'
 * ```
 */
export class TagMarkup extends JSONTag {
  override readonly key = " m";

  check(value: unknown): boolean {
    return hasHtml(value);
  }

  toJson(value: { __html__(): unknown }): unknown {
    return String(new Markup(value));
  }

  toPython(value: unknown): Markup {
    if (typeof value === "string" || value instanceof Markup) return new Markup(value);
    // Python makes the text with str(value), which can double with each nested Markup (its repr
    // escapes quotes and backslashes): bounded, as Flask itself only writes a string here.
    this.serializer.spendDerived(reprFloor(value), false); // refused before building when even the floor is over
    const markup = new Markup(value);
    this.serializer.spendDerived(markup.length);
    return markup;
  }
}

/**
 * UUIDs: ` u`, 32 hex digits.
 *
 * @example
 * ```ts
 * new TaggedJSONSerializer().dumps(new UUID("12345678-1234-5678-1234-567812345678"));
 * // '{" u":"12345678123456781234567812345678"}'
 * ```
 */
export class TagUUID extends JSONTag {
  override readonly key = " u";

  check(value: unknown): boolean {
    return value instanceof UUID;
  }

  toJson(value: UUID): unknown {
    return value.hex;
  }

  toPython(value: unknown): UUID {
    if (typeof value !== "string" && !(value instanceof Markup)) {
      throw new TypeError(`UUID needs a string, not ${describe(value)}`);
    }
    return new UUID(String(value));
  }
}

/**
 * Datetimes (`Date`): ` d`, an HTTP date in UTC, whole seconds.
 *
 * @example
 * ```ts
 * new TaggedJSONSerializer().dumps(new Date(Date.UTC(2015, 9, 21, 7, 28))); // '{" d":"Wed, 21 Oct 2015 07:28:00 GMT"}'
 * ```
 */
export class TagDateTime extends JSONTag {
  override readonly key = " d";

  check(value: unknown): boolean {
    return value instanceof Date;
  }

  toJson(value: Date): unknown {
    return httpDate(value);
  }

  toPython(value: unknown): Date | null {
    return parseDate(value);
  }
}

/** Flask's own tag classes, in Flask's order. */
const FLASK_TAGS: readonly JSONTagClass[] = [TagDict, PassDict, TagTuple, PassList, TagBytes, TagMarkup, TagUUID, TagDateTime];

/** A tag class, as {@link TaggedJSONSerializer.register} takes it. */
export type JSONTagClass = new (serializer: TaggedJSONSerializer) => JSONTag;

/** Options of {@link TaggedJSONSerializer}: the app's JSON provider settings, and its Flask. */
export interface TaggedJSONOptions {
  /**
   * Sort dict keys (Flask's `app.json.sort_keys`; in Flask 2.2 also the deprecated
   * `JSON_SORT_KEYS`); default `true`, as inside a Flask request.
   */
  sortKeys?: boolean;
  /** Escape non-ASCII (Flask's `app.json.ensure_ascii`; in Flask 2.2 also `JSON_AS_ASCII`); default `true`. */
  ensureAscii?: boolean;
  /**
   * The Flask whose tag decoding to follow (default `"3.1"`): from 3.0.1 on, tags are decoded
   * after the JSON is parsed; up to 3.0.0, while it is parsed, so the first value of a duplicate
   * key is decoded too (and a bad tag there fails), and a tag with the key `""` is registered.
   */
  flaskVersion?: FlaskVersion | string;
}

/**
 * Flask's session serializer (Python: `TaggedJSONSerializer`): tags the types JSON lacks, then
 * writes compact JSON with the app's `sortKeys` / `ensureAscii`.
 *
 * @example
 * ```ts
 * const s = new TaggedJSONSerializer();
 * s.dumps({ flashes: [new Tuple("message", "Hi")], raw: new Uint8Array([1, 2]) });
 * // '{"flashes":[{" t":["message","Hi"]}],"raw":{" b":"AQI="}}'
 * s.loads('{" t":[1,2]}'); // Tuple [1, 2]
 * ```
 */
export class TaggedJSONSerializer implements PayloadSerializer {
  /** The tag classes every serializer starts with, in Flask's order. */
  static defaultTags: readonly JSONTagClass[] = FLASK_TAGS;

  /** Tags by key. */
  readonly tags = new Map<string, JSONTag>();
  /** Tags in the order they are checked. */
  readonly order: JSONTag[] = [];
  /** Whether dict keys are sorted when writing. */
  readonly sortKeys: boolean;
  /** Whether non-ASCII is escaped when writing. */
  readonly ensureAscii: boolean;
  /** How tags are decoded: after parsing (`"scan"`, Flask 3.0.1+) or while parsing (`"objectHook"`). */
  readonly untagMode: "objectHook" | "scan";
  #depth = 0;
  /** The check order, and each tag's `check`, for the outermost `tag` call under way. */
  #tags: JSONTag[] = [];
  #checks: ((value: unknown) => boolean)[] = [];
  /** `json.dumps` options: compact, with the app's settings (fixed at construction). */
  readonly #jsonOptions: JSONDumpsOptions;
  /** What the tags may still derive from the payload `loads` is reading; `null` outside `loads`. */
  #derivedLeft: number | null = null;

  /** @param options - The app's JSON settings and its Flask version. */
  constructor(options: TaggedJSONOptions = {}) {
    this.sortKeys = options.sortKeys ?? true;
    this.ensureAscii = options.ensureAscii ?? true;
    this.untagMode = flaskBehaviour(options.flaskVersion).untag;
    this.#jsonOptions = { separators: [",", ":"], sortKeys: this.sortKeys, ensureAscii: this.ensureAscii };
    for (const cls of (this.constructor as typeof TaggedJSONSerializer).defaultTags) this.register(cls);
  }

  /**
   * Adds a tag. With `force`, replaces a tag with the same key; `index` inserts it into the check
   * order (default: last).
   *
   * @throws Error when the key is already registered and `force` is not set (Python: `KeyError`).
   */
  register(tagClass: JSONTagClass, options: { force?: boolean; index?: number | null } = {}): void {
    const tag = new tagClass(this);
    const key = tag.key;
    // Flask 3.0.1+ registers only truthy keys (`if key:`); before, any key but None.
    if (key !== null && (key !== "" || this.untagMode === "objectHook")) {
      if (!options.force && this.tags.has(key)) throw new Error(`Tag '${key}' is already registered.`);
      this.tags.set(key, tag);
    }
    if (options.index == null) this.order.push(tag);
    else this.order.splice(options.index < 0 ? Math.max(this.order.length + options.index, 0) : options.index, 0, tag);
  }

  /**
   * `value` in its tagged, JSON-compatible form. Dicts and lists that need no tag are given back
   * as they are, not copied.
   *
   * @throws RangeError for nesting deeper than 1000 levels or a circular structure.
   */
  tag(value: unknown): unknown {
    // Every tag is asked about every value, as in Flask; each tag's `check` is looked up once
    // per outermost call, not once per value (on a cart session, a third of the tagging time).
    if (this.#depth === 0) {
      this.#tags = [...this.order];
      this.#checks = this.#tags.map((tag) => tag.check);
    }
    const tags = this.#tags;
    const checks = this.#checks;
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!;
      if (!checks[i]!.call(tag, value)) continue;
      // Only a claimed value can nest (its tag tags what it holds): the depth counts those.
      if (this.#depth >= DEFAULT_LIMITS.maxDepth) {
        throw new RangeError(`maximum nesting depth (${DEFAULT_LIMITS.maxDepth}) exceeded, or a circular structure`);
      }
      this.#depth++;
      try {
        return tag.tag(value);
      } finally {
        this.#depth--;
      }
    }
    return value;
  }

  /** A decoded JSON object back to the Python value its tag names (or itself when untagged). */
  untag(value: Record<string, unknown>): unknown {
    const keys = Object.keys(value);
    if (keys.length !== 1) return value;
    const tag = this.tags.get(keys[0]!);
    return tag ? tag.toPython(value[keys[0]!] as never) : value;
  }

  /** Tags `value` and writes it as compact JSON. */
  dumps(value: unknown): string {
    return jsonDumps(this.tag(value), this.#jsonOptions);
  }

  /**
   * Reads JSON and untags every object, innermost first: while parsing (Flask up to 3.0.0) or
   * over the parsed result (3.0.1+, `untagMode`), which differ only for a duplicate key's
   * dropped value.
   *
   * @throws SyntaxError / TypeError / RangeError for bad JSON, a tag that does not decode, or a
   *   payload beyond `limits` (nesting, items, or more than `limits.maxItems` tuple items and
   *   Markup characters derived by the tags); the session serializer reports these as `BadPayload`.
   */
  loads(value: string | Uint8Array, limits: Readonly<Limits> = DEFAULT_LIMITS): unknown {
    const text = typeof value === "string" ? value : decodeUtf8(value);
    const outer = this.#derivedLeft; // a tag may call loads again: its payload has a budget of its own
    this.#derivedLeft = limits.maxItems;
    try {
      const hookDropped = this.untagMode === "objectHook";
      return readJSON(text, {
        maxDepth: limits.maxDepth,
        maxItems: limits.maxItems,
        hook: (obj) => this.untag(obj),
        hookDropped,
      });
    } finally {
      this.#derivedLeft = outer;
    }
  }

  /**
   * Charges `amount` items that a tag derives from the payload `loads` is reading (tuple items
   * from a string, Markup characters from a non-string): at most `limits.maxItems` per payload.
   * With `spend: false`, only checks. Outside `loads`, each call is checked against
   * `DEFAULT_LIMITS.maxItems` alone.
   *
   * @throws RangeError when the payload's budget would be exceeded.
   */
  spendDerived(amount: number, spend = true): void {
    const left = this.#derivedLeft ?? DEFAULT_LIMITS.maxItems;
    if (amount > left) {
      throw new RangeError(
        `Flask's tags would derive more than ${left} more items from this payload ` +
          "(tuple items from a string, Markup characters from a non-string)",
      );
    }
    if (spend && this.#derivedLeft !== null) this.#derivedLeft -= amount;
  }
}
