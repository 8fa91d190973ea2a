/**
 * Python's `sort_keys`: dict keys in code point order, which is not JavaScript's UTF-16 code
 * unit order once a key holds an astral character (a surrogate pair) or U+E000..U+FFFF.
 * @internal
 * @module
 */

const isHigh = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * Compares strings by code point, as Python compares `str`, not by UTF-16 code unit. A lone
 * surrogate is a code point of its own (Python's strings may hold them too).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // One is a prefix of the other (in code points too: a high surrogate that ends the shorter one
  // is lone there, below any pair it begins in the longer one).
  if (i === n) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  if (ca < 0xd800 && cb < 0xd800) return ca - cb;
  // The first different unit is the second half of a pair only when it is a low surrogate after
  // the (shared) high one: then the pairs' code points decide, read from the high surrogate.
  if (i > 0 && isHigh(a.charCodeAt(i - 1)) && (isLow(ca) || isLow(cb))) i--;
  return a.codePointAt(i)! - b.codePointAt(i)!;
}

// Where UTF-16 code unit order and code point order may part: a surrogate (or anything above).
const HIGH_UNIT = /[\ud800-\uffff]/;

/** Whether sorting `keys` by code unit might differ from sorting them by code point. */
export function needsCodePointSort(keys: readonly string[]): boolean {
  for (const key of keys) if (HIGH_UNIT.test(key)) return true;
  return false;
}

/**
 * Sorts dict keys in place as Python's `sort_keys` does, by code point. The default sort compares
 * UTF-16 code units, which is the same order unless a key holds a surrogate (or anything above).
 */
export function sortKeysAsPython(keys: string[]): string[] {
  if (needsCodePointSort(keys)) return keys.sort(compareCodePoints);
  if (keys.length > 12) return keys.sort();
  // The few keys of a session: an insertion sort with `>` (code units, as the default sort
  // compares) costs less than a call into the built-in sort.
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}
