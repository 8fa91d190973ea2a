/**
 * MarkupSafe's `Markup` in JavaScript: a string that is already safe HTML.
 * @module
 */
import { pyStr } from "./py-repr.js";

/** Anything with an `__html__()` method, as MarkupSafe and Flask understand it. */
export interface HTMLConvertible {
  /** The value as safe HTML. */
  __html__(): unknown;
}

/**
 * Whether `value` has a callable `__html__` (Flask writes such values with the ` m` tag).
 *
 * @example
 * ```ts
 * hasHtml(new Markup("<b>x</b>"));           // true
 * hasHtml({ __html__: () => "<i>y</i>" });   // true: stored as Markup, as in Flask
 * hasHtml("<b>x</b>");                       // false: a plain string
 * ```
 */
export function hasHtml(value: unknown): value is HTMLConvertible {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { __html__?: unknown }).__html__ === "function"
  );
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

/**
 * A string of safe HTML (Python: `markupsafe.Markup`, a `str` subclass). Flask stores it in a
 * session with the ` m` tag and gives it back as `Markup`.
 *
 * It converts to its text wherever JavaScript wants a string (`String(m)`, `` `${m}` ``,
 * `m + ""`, `JSON.stringify`) and has the text's `length`. It is not a `String` subclass: putting
 * `String.prototype` in a chain of ours would turn it into V8's slow dictionary mode, and every
 * `charCodeAt` loop of the process, the app's own included, would run several times slower.
 *
 * Like Python's constructor, `new Markup(value)` takes `value.__html__()` when there is one and
 * Python's `str(value)` otherwise; it does not escape. Use {@link Markup.escape} for text.
 *
 * @example
 * ```ts
 * const m = new Markup("<b>Welcome</b>");
 * String(m);                            // "<b>Welcome</b>"
 * m.html.toUpperCase();                 // "<B>WELCOME</B>": string methods work on its text
 * Markup.escape("<script>").toString(); // "&lt;script&gt;"
 * ```
 */
export class Markup implements HTMLConvertible {
  /** The HTML text. */
  readonly html: string;

  /** @param value - HTML, or any value (converted as Python's `Markup(value)` does). */
  constructor(value: unknown = "") {
    this.html = hasHtml(value) ? pyStr(value.__html__()) : pyStr(value);
  }

  /** The text's length in UTF-16 code units, as a string's. */
  get length(): number {
    return this.html.length;
  }

  /** The HTML itself. */
  __html__(): Markup {
    return this;
  }

  /** The HTML text. */
  toString(): string {
    return this.html;
  }

  /** The HTML text (so `m + ""` and `m == "text"` work as with a string). */
  valueOf(): string {
    return this.html;
  }

  /** The HTML text: `JSON.stringify` writes a Markup as a string. */
  toJSON(): string {
    return this.html;
  }

  /** Escapes `&<>"'` in text (MarkupSafe's `escape`); values with `__html__` are kept as they are. */
  static escape(value: unknown): Markup {
    if (hasHtml(value)) return new Markup(value);
    return new Markup(pyStr(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!));
  }
}
