/**
 * Numbers as Python's `json` writes them: ints in full, floats with `repr`.
 * @internal
 * @module
 */

/** Python's limit on the digits of an int read from or written to text (`sys.int_info`). */
export const INT_MAX_STR_DIGITS = 4300;

/** The largest integer a JavaScript number holds exactly (beyond it, ints are `bigint`). */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Python's `repr(float)` for a finite number: shortest round-trip digits, scientific notation
 * when the exponent is below -4 or at least 16, and always a `.` or an exponent.
 *
 * @example
 * ```ts
 * floatRepr(1e-5); // "1e-05"
 * floatRepr(1e16); // "1e+16"
 * floatRepr(2);    // "2.0"
 * ```
 */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  // A fraction with its exponent in -4..15: Python writes it in plain notation, and so does
  // JavaScript's own number to string, with the same shortest digits (a price, a ratio).
  const abs = value < 0 ? -value : value;
  if (abs >= 1e-4 && abs < 1e16 && !Number.isInteger(value)) return String(value);
  const sign = value < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest digits that round-trip.
  const [mantissa, exp] = abs.toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const absExp = Math.abs(e);
    return `${sign}${head}e${e < 0 ? "-" : "+"}${absExp < 10 ? "0" : ""}${absExp}`;
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  if (digits.length <= e + 1) return `${sign}${digits}${"0".repeat(e + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}

/** The JSON text Python writes for a number (an int when integral and safe, else a float). */
export function numberToJSON(value: number, allowNan: boolean): string {
  if (Number.isInteger(value) && Math.abs(value) <= MAX_SAFE && !Object.is(value, -0)) return String(value);
  if (!Number.isFinite(value)) {
    if (!allowNan) throw new RangeError(`Out of range float values are not JSON compliant: ${value}`);
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
  return floatRepr(value);
}

/** The JSON text of a Python int held as a `bigint`, refused beyond Python's digit limit. */
export function bigintToJSON(value: bigint): string {
  const text = value.toString();
  if (text.length - (value < 0n ? 1 : 0) > INT_MAX_STR_DIGITS) {
    throw new RangeError(`Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion, as in Python`);
  }
  return text;
}
