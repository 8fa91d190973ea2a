/**
 * Python values that JavaScript has no type for, as Flask-Session's pickled records hold them
 * (`datetime.date`, a naive `datetime.datetime`, `decimal.Decimal`): small immutable classes whose
 * `toString()` is the text msgspec writes for them, so a session read from an old pickle record
 * is written back byte for byte as Flask-Session 0.8 would write it.
 * @module
 */

const pad = (n: number, width: number) => String(n).padStart(width, "0");

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in ${min}..${max}, not ${String(value)}`);
  }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * A calendar date without a time (Python: `datetime.date`; TC39 Temporal: `PlainDate`).
 * msgspec writes it as the ISO text `"2024-01-02"`, and reads that text back as a string.
 *
 * @example
 * ```ts
 * const d = new PlainDate(2024, 1, 2);
 * String(d); // "2024-01-02"
 * ```
 */
export class PlainDate {
  /**
   * @param year - 1 to 9999, as in Python.
   * @param month - 1 to 12.
   * @param day - 1 to the month's last day.
   * @throws RangeError for a date Python's `date()` refuses.
   */
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    checkInt("year", year, 1, 9999);
    checkInt("month", month, 1, 12);
    checkInt("day", day, 1, daysInMonth(year, month));
    Object.freeze(this);
  }

  /** Python's `date.isoformat()`: `YYYY-MM-DD`. */
  toString(): string {
    return `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}`;
  }

  /** The ISO text, for `JSON.stringify`. */
  toJSON(): string {
    return this.toString();
  }

  /** Whether `other` is the same date. */
  equals(other: unknown): boolean {
    return other instanceof PlainDate && String(other) === String(this);
  }
}

/**
 * A date and time without a time zone (Python: a naive `datetime.datetime`; Temporal:
 * `PlainDateTime`), to the microsecond. msgspec writes it as Python's `isoformat()` text,
 * `"2024-01-02T03:04:05"` or `"2024-01-02T03:04:05.120000"`, and reads that back as a string.
 * An aware datetime is a `Date` instead.
 *
 * @example
 * ```ts
 * String(new PlainDateTime(2024, 1, 2, 3, 4, 5, 120000)); // "2024-01-02T03:04:05.120000"
 * new PlainDateTime(2024, 1, 2).toDate();                  // the Date of that time read as UTC
 * ```
 */
export class PlainDateTime {
  /**
   * @param year - 1 to 9999, as in Python.
   * @param month - 1 to 12.
   * @param day - 1 to the month's last day.
   * @param hour - 0 to 23.
   * @param minute - 0 to 59.
   * @param second - 0 to 59 (Python has no leap second).
   * @param microsecond - 0 to 999999.
   * @throws RangeError for fields Python's `datetime()` refuses.
   */
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
  ) {
    checkInt("year", year, 1, 9999);
    checkInt("month", month, 1, 12);
    checkInt("day", day, 1, daysInMonth(year, month));
    checkInt("hour", hour, 0, 23);
    checkInt("minute", minute, 0, 59);
    checkInt("second", second, 0, 59);
    checkInt("microsecond", microsecond, 0, 999_999);
    Object.freeze(this);
  }

  /** Python's `datetime.isoformat()`: microseconds only when not zero. */
  toString(): string {
    const date = `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}`;
    const time = `${pad(this.hour, 2)}:${pad(this.minute, 2)}:${pad(this.second, 2)}`;
    return `${date}T${time}${this.microsecond ? "." + pad(this.microsecond, 6) : ""}`;
  }

  /** The ISO text, for `JSON.stringify`. */
  toJSON(): string {
    return this.toString();
  }

  /** This wall-clock time read as UTC (milliseconds kept, microseconds below them dropped). */
  toDate(): Date {
    const date = new Date(0);
    date.setUTCFullYear(this.year, this.month - 1, this.day);
    date.setUTCHours(this.hour, this.minute, this.second, Math.floor(this.microsecond / 1000));
    return date;
  }

  /** Whether `other` is the same date and time. */
  equals(other: unknown): boolean {
    return other instanceof PlainDateTime && String(other) === String(this);
  }
}

// Python's decimal grammar (decimal.py's _parser), ASCII digits only.
const DECIMAL = /^([+-]?)(?:(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?|(inf(?:inity)?)|(s?nan)(\d*))$/i;

/** Python's `str(Decimal(text))`, or `null` when `Decimal(text)` would refuse the text. */
function decimalStr(text: string): string | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const [, signText, intText, fracText, expText, inf, nan, payload] = m;
  const sign = signText === "-" ? "-" : "";
  if (inf) return `${sign}Infinity`;
  if (nan) {
    const diag = payload!.replace(/^0+/, "");
    if (diag.length > 27) return null; // longer than the context's precision allows
    return `${sign}${nan.length === 4 ? "sNaN" : "NaN"}${diag}`;
  }
  if (!intText && !fracText) return null;
  const digits = ((intText ?? "") + (fracText ?? "")).replace(/^0+(?=\d)/, "");
  const exp = BigInt(expText ?? "0") - BigInt((fracText ?? "").length);
  const leftDigits = exp + BigInt(digits.length);
  const dotPlace = exp <= 0n && leftDigits > -6n ? leftDigits : 1n;
  let intPart: string;
  let fracPart: string;
  if (dotPlace <= 0n) {
    intPart = "0";
    fracPart = "." + "0".repeat(Number(-dotPlace)) + digits;
  } else if (dotPlace >= BigInt(digits.length)) {
    intPart = digits + "0".repeat(Number(dotPlace) - digits.length);
    fracPart = "";
  } else {
    intPart = digits.slice(0, Number(dotPlace));
    fracPart = "." + digits.slice(Number(dotPlace));
  }
  const e = leftDigits - dotPlace;
  return sign + intPart + fracPart + (e === 0n ? "" : `E${e > 0n ? "+" : ""}${e}`);
}

/**
 * A Python `decimal.Decimal`, kept as its exact text (no arithmetic: it is a value to carry, not
 * to compute with; convert it with a decimal library of your choice). The text is normalized as
 * Python's `str()` does (`"1e3"` becomes `"1E+3"`), which is what msgspec writes; msgspec reads
 * that text back as a string.
 *
 * @example
 * ```ts
 * String(new Decimal("19.90")); // "19.90"
 * String(new Decimal("1e3"));   // "1E+3"
 * ```
 */
export class Decimal {
  /** The text, as Python's `str(decimal)`. */
  readonly value: string;

  /**
   * @param value - A decimal literal as Python's `Decimal()` reads it (`"1.50"`, `"-1e3"`, `"NaN"`).
   * @throws RangeError for text that is not one (Python: `InvalidOperation`).
   */
  constructor(value: string) {
    const text = typeof value === "string" && value.length <= 10_000 ? decimalStr(value) : null;
    if (text === null) throw new RangeError("Invalid literal for Decimal");
    this.value = text;
    Object.freeze(this);
  }

  /** The text. */
  toString(): string {
    return this.value;
  }

  /** The text, for `JSON.stringify`. */
  toJSON(): string {
    return this.value;
  }

  /** Whether `other` is a Decimal with the same text. */
  equals(other: unknown): boolean {
    return other instanceof Decimal && other.value === this.value;
  }
}
