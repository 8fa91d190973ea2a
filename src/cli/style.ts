/**
 * How text looks on a terminal: a few ANSI colours when the stream allows them, nothing
 * otherwise, and {@link oneLine}, which makes any text safe to print on one line.
 * @module
 */

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

/** A style name. */
export type StyleName = keyof typeof CODES;

/**
 * Colours text, or leaves it plain when colour is off.
 *
 * @example
 * ```ts
 * const style = new Style(io.stdout.color);
 * style.paint("VALID", "green", "bold");
 * ```
 */
export class Style {
  /** @param enabled - Whether to emit colour codes at all. */
  constructor(readonly enabled: boolean) {}

  /** `text` in the given styles. */
  paint(text: string, ...names: StyleName[]): string {
    if (!this.enabled || names.length === 0) return text;
    const open = names.map((name) => `\x1b[${CODES[name][0]}m`).join("");
    const close = names
      .map((name) => `\x1b[${CODES[name][1]}m`)
      .reverse()
      .join("");
    return open + text + close;
  }
}

// C0 and C1 controls (escape sequences, line breaks, ...) and the Unicode line separators.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g;

/**
 * `text` on one line with every control character shown as an escape (`\n`, `\x1b`), so nothing
 * read from a cookie can move the cursor, change colours or forge extra lines on a terminal.
 *
 * @example
 * ```ts
 * oneLine("a\nb\x1b[2J"); // "a\\nb\\x1b[2J"
 * ```
 */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    if (ch === "\n") return "\\n";
    if (ch === "\r") return "\\r";
    if (ch === "\t") return "\\t";
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
