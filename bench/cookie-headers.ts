/**
 * Cookie headers of a given length built to make a reader do as much work as it can: long runs
 * of pairs, separators, white space, newlines, quotes and escapes, each with the session cookie
 * last (where a reader must go through everything before it). Used by `npm run bench:cookie`
 * (bench/cookie-header.ts) and by the linear-work test (test/cookie-linear.test.ts).
 */

/** A header of at least `length` characters (the repeated part, then the session cookie). */
export type HeaderFamily = (length: number) => string;

function repeat(unit: string, length: number, tail = "session=x"): string {
  return unit.repeat(Math.max(1, Math.ceil(length / unit.length))) + tail;
}

/** Seeded characters that matter to some reader, for a header no one crafted by hand. */
function noise(length: number): string {
  const alphabet = ["a", "=", ";", " ", "\t", "\n", '"', "\\", "\xa0", "0", ",", "session"];
  let seed = 2026;
  let out = "";
  while (out.length < length) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out += alphabet[seed % alphabet.length];
  }
  return out + "; session=x";
}

export const HEADER_FAMILIES: Record<string, HeaderFamily> = {
  /** The header of issue 14: `a=b;` repeated, then the session cookie. */
  pairs: (n) => repeat("a=b;", n),
  /** The same with the session cookie first (a reader must not depend on where it sits). */
  "session first": (n) => "session=x;" + repeat("a=b;", n, ""),
  /** No session cookie at all. */
  "no session": (n) => repeat("a=b; ", n, "c=d"),
  spaces: (n) => repeat(" ", n),
  "latin-1 spaces": (n) => repeat("\xa0", n),
  semicolons: (n) => repeat(";", n),
  equals: (n) => repeat("=", n, "; session=x"),
  /** Values that hold a newline: 2.2 stops there, 2.3+ searches on from each "=". */
  newlines: (n) => repeat("x=\n", n, ";session=x"),
  /** Quoted values that never close, each over the rest of the header. */
  "open quotes": (n) => repeat('a="x;', n),
  /** One quoted value of escaped quotes. */
  "escaped quotes": (n) => 'a="' + repeat('\\"', n, '"; session=x'),
  /** Pairs Werkzeug 3.1.9 refuses (a space inside a value), each skipped to the next ";". */
  "bad tokens": (n) => repeat("a=b c;", n),
  noise,
};
