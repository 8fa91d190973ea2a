/**
 * Python floats with an integral value (`3.0`), which the library reads as the JavaScript number
 * `3` and writes back as the int `3` (its one documented difference). The command line has the
 * JSON text, so it can do better: `decode` and `verify` show `3.0`, and `sign` writes `3.0`, as
 * Python would. Such floats are held as {@link PyFloat}s. Verdicts never depend on this: they
 * come from the library itself.
 * @module
 */
import { describe } from "../lib/bytes.js";
import { dumps as jsonDumps } from "../json/write.js";
import { floatRepr } from "../json/numbers.js";
import { loads as jsonLoads } from "../json/read.js";
import { JSONTag, TaggedJSONSerializer } from "../flask/tag.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { compactJSON } from "../serializer.js";
import { type TokenFormat, payloadSerializer } from "./token-format.js";

/**
 * A Python float whose value is an integer (`3.0`): `String()` and Python's `repr` give `3.0`.
 *
 * @example
 * ```ts
 * String(new PyFloat(3)); // "3.0"
 * ```
 */
export class PyFloat {
  /** @param value - The number. */
  constructor(readonly value: number) {}

  /** Python's `repr(float)`. */
  toString(): string {
    return floatRepr(this.value);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

/** Where `text` (valid JSON) has numbers written as floats whose value JavaScript would make an integer. */
function integralFloats(text: string): [number, number][] {
  const found: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue;
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) continue; // -Infinity
    const token = match[0];
    const value = Number(token);
    if (/[.eE]/.test(token) && Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER && !Object.is(value, -0)) {
      found.push([i, i + token.length]);
    }
    i += token.length - 1;
  }
  return found;
}

/** A key no real payload holds (a random UUID in it). */
function uniqueMarker(): string {
  return ` float-${globalThis.crypto.randomUUID()}`;
}

function floatTag(marker: string): new (serializer: TaggedJSONSerializer) => JSONTag {
  return class TagPyFloat extends JSONTag {
    override readonly key: string = marker;

    check(): boolean {
      return false; // only for reading
    }

    toJson(value: never): unknown {
      return value;
    }

    toPython(value: unknown): PyFloat {
      return new PyFloat(Number(value));
    }
  };
}

/**
 * A payload's JSON text read as the format's serializer reads it, except that integral floats
 * are {@link PyFloat}s. In Flask mode a top-level number is left alone (Flask treats a falsy
 * session specially, and `0.0` is falsy).
 *
 * @throws whatever the serializer throws for a bad payload.
 * @example
 * ```ts
 * loadKeepingFloats('{"price":3.0}', format); // { price: PyFloat(3) }
 * ```
 */
export function loadKeepingFloats(json: string, format: TokenFormat): unknown {
  const floats = format.mode === "flask" && /^\s*[-\d]/.test(json) ? [] : integralFloats(json);
  const serializer = payloadSerializer(format);
  if (floats.length === 0) return serializer.loads(json, DEFAULT_LIMITS);
  // Each such float becomes a one-key object under a key no real payload holds.
  const marker = uniqueMarker();
  let marked = "";
  let at = 0;
  for (const [start, end] of floats) {
    marked += `${json.slice(at, start)}{"${marker}":"${json.slice(start, end)}"}`;
    at = end;
  }
  marked += json.slice(at);
  try {
    if (format.mode === "flask") {
      const tagged = new TaggedJSONSerializer();
      tagged.register(floatTag(marker));
      return tagged.loads(marked, DEFAULT_LIMITS);
    }
    return jsonLoads(marked, {
      objectHook: (obj) => {
        const keys = Object.keys(obj);
        return keys.length === 1 && keys[0] === marker ? new PyFloat(Number(obj[marker])) : obj;
      },
    });
  } catch {
    // A float where the serializer wants something else: let the serializer itself say why.
    return serializer.loads(json, DEFAULT_LIMITS);
  }
}

/**
 * The JSON text the format's serializer writes for `value` (Flask: tagged, sorted keys, ASCII;
 * itsdangerous: compact UTF-8), with every {@link PyFloat} written as a float (`3.0`).
 *
 * @example
 * ```ts
 * dumpKeepingFloats({ price: new PyFloat(3) }, format); // '{"price":3.0}'
 * ```
 */
export function dumpKeepingFloats(value: unknown, format: TokenFormat): string {
  const marker = uniqueMarker().trim();
  const floats: PyFloat[] = [];
  const fallback = (item: unknown): unknown => {
    if (!(item instanceof PyFloat)) throw new TypeError(`Object of type ${describe(item)} is not JSON serializable`);
    floats.push(item);
    return `${marker}:${floats.length - 1}`;
  };
  let text: string;
  if (format.mode === "flask") {
    const tagged = new TaggedJSONSerializer();
    text = jsonDumps(tagged.tag(value), {
      separators: [",", ":"],
      sortKeys: tagged.sortKeys,
      ensureAscii: tagged.ensureAscii,
      default: fallback,
    });
  } else {
    text = compactJSON.dumps(value, { default: fallback }) as string;
  }
  if (floats.length === 0) return text;
  return text.replace(new RegExp(`"${marker}:(\\d+)"`, "g"), (_match, i: string) => String(floats[Number(i)]));
}
