/**
 * The two ways results are printed: labelled lines for people, and one JSON document for
 * scripts, into which a payload's JSON text is copied byte for byte (so big ints, `3.0` and
 * Flask's tags come out exactly as they are in the cookie).
 * @module
 */
import { type Style } from "./style.js";

/**
 * JSON text to put into a document as it is (it must be valid JSON).
 *
 * @example
 * ```ts
 * jsonDocument({ payload: new RawJSON('{"price":3.0}') });
 * ```
 */
export class RawJSON {
  /** @param text - The JSON text. */
  constructor(readonly text: string) {}
}

/** What {@link jsonDocument} can write. */
export type JSONOut =
  string | number | boolean | null | RawJSON | readonly JSONOut[] | { readonly [key: string]: JSONOut | undefined };

function write(value: JSONOut, indent: string): string {
  if (value instanceof RawJSON) return value.text;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item: JSONOut) => inner + write(item, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as { [key: string]: JSONOut | undefined }).filter(
    (entry): entry is [string, JSONOut] => entry[1] !== undefined,
  );
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${write(item, inner)}`).join(",\n")}\n${indent}}`;
}

/**
 * A JSON document, indented, with {@link RawJSON} parts copied in as they are; `undefined`
 * fields are left out.
 *
 * @example
 * ```ts
 * jsonDocument({ valid: true, payload: new RawJSON('{"n":3.0}') });
 * // '{\n  "valid": true,\n  "payload": {"n":3.0}\n}\n'
 * ```
 */
export function jsonDocument(value: JSONOut): string {
  return write(value, "") + "\n";
}

const LABEL_WIDTH = 11;

/**
 * Labelled lines: the label padded to a column, continuation lines of a value indented under it.
 *
 * @example
 * ```ts
 * fieldLines(style, [["signed at", "2023-11-14 22:13:20 UTC"]]);
 * ```
 */
export function fieldLines(style: Style, rows: readonly (readonly [string, string])[]): string {
  const pad = " ".repeat(LABEL_WIDTH + 1);
  return rows
    .map(([label, text]) => `${style.paint(label.padEnd(LABEL_WIDTH), "dim")} ${text.split("\n").join(`\n${pad}`)}\n`)
    .join("");
}
