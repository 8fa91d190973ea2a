/**
 * Python's `"idna"` codec (`encodings/idna.py`): IDNA 2003 ToASCII (RFC 3490) with nameprep
 * (RFC 3491), which Werkzeug uses for a cookie's non-ASCII `Domain`. JavaScript's own IDN support
 * (`new URL`) follows UTS #46 and gives other answers ("ß" is "ss" here, kept there), so this is
 * a port: the stringprep tables come from Python (./idna-tables.ts, generated), the punycode
 * step is RFC 3492.
 * @internal
 * @module
 */
import { A1, B1, B2, D1, D2, NFKC32, PROHIBITED } from "./idna-tables.js";

/** A set of code points from the packed ranges of ./idna-tables.ts. */
class CodePointSet {
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];

  constructor(packed: string) {
    for (const item of packed.split(",")) {
      const [a, b] = item.split("-");
      this.#starts.push(parseInt(a!, 16));
      this.#ends.push(parseInt(b ?? a!, 16));
    }
  }

  has(cp: number): boolean {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < this.#starts[mid]!) hi = mid - 1;
      else if (cp > this.#ends[mid]!) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

function mapping(packed: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const item of packed.split(",")) {
    const [cp, to] = item.split(":");
    map.set(parseInt(cp!, 16), String.fromCodePoint(...to!.split(" ").map((h) => parseInt(h, 16))));
  }
  return map;
}

interface Tables {
  b1: CodePointSet;
  prohibited: CodePointSet;
  randAL: CodePointSet;
  l: CodePointSet;
  unassigned: CodePointSet;
  b2: Map<number, string>;
  nfkc32: Map<number, string>;
}

// Built on first use: most cookies have an ASCII domain or none, and the core allocates nothing
// at import.
let tables: Tables | null = null;

function getTables(): Tables {
  tables ??= {
    b1: new CodePointSet(B1),
    prohibited: new CodePointSet(PROHIBITED),
    randAL: new CodePointSet(D1),
    l: new CodePointSet(D2),
    unassigned: new CodePointSet(A1),
    b2: mapping(B2),
    nfkc32: mapping(NFKC32),
  };
  return tables;
}

/** An error of the codec (Python raises `UnicodeError`). */
export class IdnaError extends TypeError {
  constructor(label: string, reason: string) {
    super(`cannot encode ${JSON.stringify(label)} with Python's idna codec: ${reason}`);
    this.name = "IdnaError";
  }
}

/**
 * `unicodedata.ucd_3_2_0.normalize("NFKC", text)`: today's NFKC, except that characters
 * unassigned in Unicode 3.2 stay as they are (3.2 has no data for them, so they decompose into
 * nothing and compose with nothing; each is a starter, so splitting there changes nothing else)
 * and the few characters corrected since 3.2 get their 3.2 form.
 */
function nfkc32(text: string, t: Tables): string {
  let out = "";
  let segment = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const corrected = t.nfkc32.get(cp);
    if (corrected !== undefined || t.unassigned.has(cp)) {
      out += segment.normalize("NFKC") + (corrected ?? ch);
      segment = "";
    } else {
      segment += ch;
    }
  }
  return out + segment.normalize("NFKC");
}

/** Python's `nameprep(label)`: map (B.1, B.2), normalize (NFKC), prohibit (C.*), check bidi (D.*). */
function nameprep(label: string): string {
  const t = getTables();
  let mapped = "";
  for (const ch of label) {
    const cp = ch.codePointAt(0)!;
    if (t.b1.has(cp)) continue;
    mapped += t.b2.get(cp) ?? ch.toLowerCase();
  }
  const result = nfkc32(mapped, t);
  const points = Array.from(result, (ch) => ch.codePointAt(0)!);
  for (const cp of points) {
    if (t.prohibited.has(cp)) throw new IdnaError(label, `invalid character U+${cp.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  if (points.some((cp) => t.randAL.has(cp))) {
    if (points.some((cp) => t.l.has(cp))) throw new IdnaError(label, "violation of BIDI requirement 2");
    if (!t.randAL.has(points[0]!) || !t.randAL.has(points[points.length - 1]!)) {
      throw new IdnaError(label, "violation of BIDI requirement 3");
    }
  }
  return result;
}

// RFC 3492's parameters for IDNA.
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 0x80;

function adapt(delta: number, points: number, first: boolean): number {
  delta = first ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / points);
  let k = 0;
  while (delta > ((BASE - T_MIN) * T_MAX) >> 1) {
    delta = Math.floor(delta / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * delta) / (delta + SKEW));
}

function digit(d: number): string {
  return String.fromCharCode(d < 26 ? 0x61 + d : 0x16 + d); // a-z, then 0-9
}

/** RFC 3492 punycode of `text` (Python's `"punycode"` codec). */
function punycode(text: string): string {
  const points = Array.from(text, (ch) => ch.codePointAt(0)!);
  let out = points
    .filter((cp) => cp < 0x80)
    .map((cp) => String.fromCharCode(cp))
    .join("");
  const basic = out.length;
  if (basic > 0) out += "-";
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  for (let handled = basic; handled < points.length;) {
    let m = Infinity;
    for (const cp of points) if (cp >= n && cp < m) m = cp;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const cp of points) {
      if (cp < n) delta++;
      if (cp !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const threshold = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (q < threshold) break;
        out += digit(threshold + ((q - threshold) % (BASE - threshold)));
        q = Math.floor((q - threshold) / (BASE - threshold));
      }
      out += digit(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Python's `ToASCII(label)`: an ASCII label as it is, else `xn--` and the punycode of its nameprep. */
function toAscii(label: string): string {
  if (!NON_ASCII.test(label)) return checkLength(label, label);
  const prepared = nameprep(label);
  if (!NON_ASCII.test(prepared)) return checkLength(label, prepared);
  if (prepared.toLowerCase().startsWith("xn--")) throw new IdnaError(label, "label starts with ACE prefix");
  return checkLength(label, "xn--" + punycode(prepared));
}

function checkLength(label: string, ascii: string): string {
  if (ascii.length === 0) throw new IdnaError(label, "label empty");
  if (ascii.length >= 64) throw new IdnaError(label, "label too long");
  return ascii;
}

/**
 * `text.encode("idna")` as Python does it (as a string of ASCII characters): an ASCII name is
 * checked (no empty label but a trailing one, none of 64 characters or more) and kept as it is,
 * case included; any other is split at the four IDNA dots and each label goes through ToASCII.
 *
 * @throws IdnaError (a `TypeError`) where Python raises `UnicodeError`.
 */
export function idnaEncode(text: string): string {
  if (text === "") return "";
  if (!NON_ASCII.test(text)) {
    const labels = text.split(".");
    labels.forEach((label, i) => {
      if (label.length === 0 && i < labels.length - 1) throw new IdnaError(text, "label empty");
      if (label.length >= 64) throw new IdnaError(text, "label too long");
    });
    return text;
  }
  const labels = text.split(/[.\u3002\uff0e\uff61]/);
  const trailingDot = labels.length > 0 && labels[labels.length - 1] === "";
  if (trailingDot) labels.pop();
  return labels.map(toAscii).join(".") + (trailingDot ? "." : "");
}
