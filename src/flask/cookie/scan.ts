/**
 * The three ways Werkzeug splits a `Cookie` header into name/value pairs, each written out as a
 * single left-to-right scan whose cost is linear in the header's length (issue 14: a regular
 * expression engine, or a naive port of one, rescans and can be quadratic).
 *
 * Each scanner reports the raw name as `text.slice(keyStart, keyEnd)` and the raw value as
 * `text.slice(valueStart, valueEnd)` (`valueStart` is -1 when the pair has no `=`); ./read.ts
 * strips, unquotes and decodes them as each Werkzeug does. Every scanner counts the characters it
 * examines in `work.steps`, so that a test can check the bound without timing anything.
 * @internal
 * @module
 */

/** Characters examined while reading a header (for tests of the linear bound). */
export interface ReadWork {
  steps: number;
}

/** What every scanner reports about the pair it found. */
export abstract class PairScanner {
  keyStart = 0;
  keyEnd = 0;
  /** -1 when the pair has no value (no `=`). */
  valueStart = -1;
  valueEnd = -1;
  /** Finds the next pair; false at the end of the header (or where Werkzeug stops reading). */
  abstract next(): boolean;
}

const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * Where the quoted value opening at `open` closes: `"(?:[^\\"]|\\.)*"`, the first quote not taken
 * by a backslash pair (a backslash takes any character but "\n"), or -1. Every reader's quoted
 * value is this pattern; 2.2 - 3.1.8 run it on the header with a ";" appended, which changes
 * nothing here (a backslash before that ";" still leaves the value open).
 */
function closingQuote(text: string, open: number, work: ReadWork): number {
  const n = text.length;
  let j = open + 1;
  while (j < n) {
    const code = text.charCodeAt(j);
    if (code === QUOTE) break;
    if (code === BACKSLASH) {
      if (j + 1 >= n || text.charCodeAt(j + 1) === NEWLINE) break;
      j += 2;
    } else j++;
  }
  work.steps += j - open;
  return j < n && text.charCodeAt(j) === QUOTE ? j : -1;
}

/** `\s` of a Python pattern with ASCII rules: space, \t, \n, \v, \f, \r. */
export function isAsciiSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/**
 * Werkzeug 2.2 to 3.1.8: the pattern
 * `([^=;]*)(?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))?\s*;` (ASCII `\s`; `.` is anything but "\n") on the
 * header with a ";" appended. 2.2 (`_cookie_parse_impl`) matches it at the end of the previous
 * match and stops reading where it does not match; 2.3+ (`_cookie_re.findall`) searches on, one
 * character further each time.
 *
 * Where the pattern matches at `i`: the name runs to the first "=" or ";" (`k`). At a ";" the
 * pair has no value. At a "=", after white space (`v`), a quoted value ends at the first quote
 * not taken by a backslash pair (a backslash takes any character but "\n"); if only white space
 * and a ";" follow it, that is the value. Otherwise `.*?` takes the shortest run after which only
 * white space comes before a ";": up to the first ";" (`f`) less its trailing white space (`t`),
 * and fails if that run holds a "\n" (`.` cannot take it, and a longer run holds it too). No
 * backtracking into the name or the white space changes any of this.
 *
 * Where it does not match at `i`, it does not match at any position up to `k` either (the name
 * runs to the same `k`, and success depends on `k` alone), so findall's next match is searched
 * from `k + 1`: the scan jumps there.
 *
 * Why the scan is linear: names of successive attempts never overlap; the next ";" and "\n" after
 * a value's start are remembered, and value starts only grow (after a failed match the next
 * attempt starts within the white space before the value, and its own value lies further on);
 * the white space before a ";" is trimmed once per ";"; and quoted values never
 * overlap: a value's opening quote follows "=" or white space, so within an earlier quoted run it
 * would stand where that run's closing quote was looked for, and would have closed it.
 */
export class RegexPairScanner extends PairScanner {
  #pos = 0;
  #semicolon = -1;
  #newline = -1;
  #trimmedFor = -1;
  #trimmed = 0;

  /**
   * @param text - the header (latin-1 characters standing for its bytes).
   * @param searchOn - 2.3+'s findall (search on after a failed match) instead of 2.2's stop.
   * @param work - where the examined characters are counted.
   */
  constructor(
    private readonly text: string,
    private readonly searchOn: boolean,
    private readonly work: ReadWork,
  ) {
    super();
  }

  next(): boolean {
    const text = this.text;
    const n = text.length; // text[n] is the ";" Werkzeug appends
    while (this.#pos < n) {
      const i = this.#pos;
      // The name runs to the first "=" or ";" (names of successive attempts never overlap).
      let k = i;
      for (let code = text.charCodeAt(k); k < n && code !== EQUALS && code !== SEMICOLON; code = text.charCodeAt(k)) k++;
      this.work.steps += k - i + 1;
      this.keyStart = i;
      this.keyEnd = k;
      if (k === n || text.charCodeAt(k) === SEMICOLON) {
        this.valueStart = this.valueEnd = -1;
        this.#pos = k + 1;
        return true;
      }
      const v = this.#skipSpace(k + 1);
      this.valueStart = v;
      if (text.charCodeAt(v) === QUOTE) {
        const close = closingQuote(text, v, this.work);
        if (close !== -1) {
          const r = this.#skipSpace(close + 1);
          if (r === n || text.charCodeAt(r) === SEMICOLON) {
            this.valueEnd = close + 1;
            this.#pos = r + 1;
            return true;
          }
        }
      }
      const f = this.#nextSemicolon(v);
      const t = this.#trimEnd(f, v);
      if (this.#nextNewline(v) >= t) {
        this.valueEnd = t;
        this.#pos = f + 1;
        return true;
      }
      if (!this.searchOn) break;
      this.#pos = k + 1;
    }
    this.#pos = n;
    return false;
  }

  /** The first ";" at or after `from` (`text.length`, the appended one, when none). */
  #nextSemicolon(from: number): number {
    if (this.#semicolon >= from) return this.#semicolon;
    const at = this.text.indexOf(";", from);
    this.#semicolon = at === -1 ? this.text.length : at;
    this.work.steps += this.#semicolon - from + 1;
    return this.#semicolon;
  }

  /** The first "\n" at or after `from`, or `Infinity`. */
  #nextNewline(from: number): number {
    if (this.#newline >= from) return this.#newline;
    const at = this.text.indexOf("\n", from);
    this.work.steps += (at === -1 ? this.text.length : at + 1) - from;
    this.#newline = at === -1 ? Infinity : at;
    return this.#newline;
  }

  #skipSpace(at: number): number {
    const text = this.text;
    while (isAsciiSpace(text.charCodeAt(at))) at++; // NaN past the end
    this.work.steps++;
    return at;
  }

  /** Where the white space before the ";" at `f` starts, but not before `v`. */
  #trimEnd(f: number, v: number): number {
    if (f !== this.#trimmedFor) {
      let t = f;
      while (t > v && isAsciiSpace(this.text.charCodeAt(t - 1))) t--;
      this.work.steps += f - t + 1;
      this.#trimmedFor = f;
      this.#trimmed = t;
    }
    // Trimmed once per ";" from an earlier (smaller) `v`: clipping that at the new `v` is the same.
    return Math.max(this.#trimmed, v);
  }
}

/**
 * Werkzeug 3.1.9 (pallets/werkzeug#3249): at each position, the pattern
 * `[ \t]*([^ \t=";]+)(?:[ \t]*=[ \t]*("(?:[^\\"]|\\.)*"|[^ \t";]*))?[ \t]*(?:;|\Z)`; where it does
 * not match, the rest of that pair up to the next ";" is skipped. Only space and tab are white
 * space. The name and an unquoted value are maximal runs (a shorter one would leave a character
 * that nothing after it can take), and the quoted value has one possible end, so the match is a
 * single forward scan; the skip to the next ";" covers what the failed match scanned, and quoted
 * values never overlap (see {@link RegexPairScanner}).
 */
export class TokenPairScanner extends PairScanner {
  #pos = 0;

  constructor(
    private readonly text: string,
    private readonly work: ReadWork,
  ) {
    super();
  }

  next(): boolean {
    const text = this.text;
    const n = text.length;
    while (this.#pos < n) {
      const i = this.#pos;
      const end = this.#match(i);
      if (end !== -1) {
        this.#pos = end;
        return true;
      }
      const semicolon = text.indexOf(";", i);
      this.work.steps += (semicolon === -1 ? n : semicolon + 1) - i;
      if (semicolon === -1) break;
      this.#pos = semicolon + 1;
    }
    this.#pos = n;
    return false;
  }

  /** Where the match at `i` ends, or -1 where the pattern does not match there. */
  #match(i: number): number {
    const text = this.text;
    const n = text.length;
    const start = this.#skipBlank(i);
    let at = start;
    while (at < n && !isTokenStop(text.charCodeAt(at), true)) at++;
    this.work.steps += at - start + 1;
    if (at === start) return -1;
    this.keyStart = start;
    this.keyEnd = at;
    this.valueStart = this.valueEnd = -1;
    const afterKey = this.#skipBlank(at);
    if (afterKey === n || text.charCodeAt(afterKey) === SEMICOLON) return afterKey === n ? n : afterKey + 1;
    if (text.charCodeAt(afterKey) !== EQUALS) return -1;
    const v = this.#skipBlank(afterKey + 1);
    let valueEnd: number;
    if (text.charCodeAt(v) === QUOTE) {
      const close = closingQuote(text, v, this.work);
      if (close === -1) return -1;
      valueEnd = close + 1;
    } else {
      valueEnd = v;
      while (valueEnd < n && !isTokenStop(text.charCodeAt(valueEnd), false)) valueEnd++;
      this.work.steps += valueEnd - v + 1;
    }
    const after = this.#skipBlank(valueEnd);
    if (after !== n && text.charCodeAt(after) !== SEMICOLON) return -1;
    this.valueStart = v;
    this.valueEnd = valueEnd;
    return after === n ? n : after + 1;
  }

  #skipBlank(at: number): number {
    const text = this.text;
    const from = at;
    for (let code = text.charCodeAt(at); code === 0x20 || code === 0x09; code = text.charCodeAt(at)) at++;
    this.work.steps += at - from + 1;
    return at;
  }
}

/** Whether a character ends 3.1.9's name (`[^ \t=";]`) or unquoted value (`[^ \t";]`). */
function isTokenStop(code: number, name: boolean): boolean {
  return code === 0x20 || code === 0x09 || code === QUOTE || code === SEMICOLON || (name && code === EQUALS);
}
