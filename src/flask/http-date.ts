/**
 * HTTP dates as Werkzeug writes and reads them: `http_date` (RFC 2822 with `GMT`, whole seconds)
 * and `parse_date` (a port of `email.utils.parsedate_to_datetime`, which is lenient, and gives
 * `None` for what it cannot read).
 * @module
 */
import { pyFalsy } from "./py-values.js";
import { pyInt, pyIsDigitStart, pySplit } from "../lib/python.js";
import { Markup } from "./markup.js";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The earliest and latest instants Python's `datetime` can hold (years 1 to 9999). */
const MIN_TIME = dateUtc(1, 1, 1, 0, 0, 0);
const MAX_TIME = dateUtc(9999, 12, 31, 23, 59, 59) + 999;

/** `Date.UTC` for any year (JavaScript maps years 0-99 to 1900-1999). */
function dateUtc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * Werkzeug's `http_date(datetime)`: `Wed, 21 Oct 2015 07:28:00 GMT`, fractions of a second
 * dropped.
 *
 * @throws RangeError for an invalid date or one outside years 1-9999 (Python's `datetime` range).
 * @example
 * ```ts
 * httpDate(new Date("2015-10-21T07:28:00.500Z")); // "Wed, 21 Oct 2015 07:28:00 GMT"
 * ```
 */
export function httpDate(date: Date): string {
  const time = date.getTime();
  if (!(time >= MIN_TIME && time <= MAX_TIME)) {
    throw new RangeError("date is outside the years 1-9999 that Python's datetime can hold");
  }
  return (
    `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ` +
    `${pad(date.getUTCFullYear(), 4)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:` +
    `${pad(date.getUTCSeconds())} GMT`
  );
}

const MONTH_NAMES = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const DAY_NAMES = new Set(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const TIMEZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  AST: -400,
  ADT: -300,
  EST: -500,
  EDT: -400,
  CST: -600,
  CDT: -500,
  MST: -700,
  MDT: -600,
  PST: -800,
  PDT: -700,
};

// Python ints, exactly (a hostile date may carry thousands of digits).
type TimeTuple = [year: bigint, month: number, day: bigint, hour: bigint, minute: bigint, second: bigint, tz: bigint | null];

/** `email._parseaddr._parsedate_tz`, step for step. Returns `null` where Python returns `None`. */
function parsedateTz(input: string): TimeTuple | null {
  if (!input) return null;
  let data = pySplit(input);
  if (data.length === 0) return null;
  if (data[0]!.endsWith(",") || DAY_NAMES.has(data[0]!.toLowerCase())) {
    data.shift();
  } else {
    const i = data[0]!.lastIndexOf(",");
    if (i >= 0) data[0] = data[0]!.slice(i + 1);
  }
  if (data.length === 3) {
    const stuff = data[0]!.split("-");
    if (stuff.length === 3) data = [...stuff, ...data.slice(1)];
  }
  if (data.length === 4) {
    const s = data[3]!;
    let i = s.indexOf("+");
    if (i === -1) i = s.indexOf("-");
    if (i > 0) data.splice(3, 1, s.slice(0, i), s.slice(i));
    else data.push("");
  }
  if (data.length < 5) return null;
  let [dd, mm, yy, tm, tz] = data.slice(0, 5) as [string, string, string, string, string];
  if (!(dd && mm && yy)) return null;
  mm = mm.toLowerCase();
  if (!MONTH_NAMES.includes(mm)) {
    [dd, mm] = [mm, dd.toLowerCase()];
    if (!MONTH_NAMES.includes(mm)) return null;
  }
  let month = MONTH_NAMES.indexOf(mm) + 1;
  if (month > 12) month -= 12;
  if (dd.endsWith(",")) dd = dd.slice(0, -1);
  if (yy.indexOf(":") > 0) [yy, tm] = [tm, yy];
  if (yy.endsWith(",")) {
    yy = yy.slice(0, -1);
    if (!yy) return null;
  }
  if (!pyIsDigitStart(yy)) [yy, tz] = [tz, yy];
  if (tm.endsWith(",")) tm = tm.slice(0, -1);
  let parts = tm.split(":");
  let thh: string;
  let tmm: string;
  let tss: string;
  if (parts.length === 2) {
    [thh, tmm] = parts as [string, string];
    tss = "0";
  } else if (parts.length === 3) {
    [thh, tmm, tss] = parts as [string, string, string];
  } else if (parts.length === 1 && parts[0]!.includes(".")) {
    parts = parts[0]!.split(".");
    if (parts.length === 2) {
      [thh, tmm] = parts as [string, string];
      tss = "0";
    } else if (parts.length === 3) {
      [thh, tmm, tss] = parts as [string, string, string];
    } else {
      return null;
    }
  } else {
    return null;
  }
  const ints = [yy, dd, thh, tmm, tss].map(pyInt);
  if (ints.some((n) => n === null)) return null;
  let [year, day, hour, minute, second] = ints as [bigint, bigint, bigint, bigint, bigint];
  if (year < 100n) year += year > 68n ? 1900n : 2000n;
  let tzoffset: bigint | null = null;
  const zone = tz.toUpperCase();
  if (Object.prototype.hasOwnProperty.call(TIMEZONES, zone)) {
    tzoffset = BigInt(TIMEZONES[zone]!);
  } else {
    tzoffset = pyInt(zone);
    if (tzoffset === 0n && zone.startsWith("-")) tzoffset = null;
  }
  if (tzoffset) {
    const sign = tzoffset < 0n ? -1n : 1n;
    const abs = tzoffset < 0n ? -tzoffset : tzoffset;
    tzoffset = sign * ((abs / 100n) * 3600n + (abs % 100n) * 60n);
  }
  return [year, month, day, hour, minute, second, tzoffset];
}

/** The C `int` range Python's `datetime()` converts its fields to (beyond it: `OverflowError`). */
const C_INT_MIN = -(2n ** 31n);
const C_INT_MAX = 2n ** 31n - 1n;
const MAX_DELTA_DAYS = 999_999_999n;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Werkzeug's `parse_date(value)`: the instant an RFC 2822 date names, or `null` when it cannot
 * be read (no timezone means UTC). Like Werkzeug, a falsy non-string gives `null`.
 *
 * @throws TypeError for a non-string truthy value (Python raises `AttributeError` there, which
 *   Flask's session loader reports as a bad payload); RangeError for a field beyond a C `int` or an
 *   offset beyond 999,999,999 days (Python's `OverflowError`, which Flask reports the same way).
 * @example
 * ```ts
 * parseDate("Wed, 21 Oct 2015 07:28:00 GMT"); // 2015-10-21T07:28:00.000Z
 * parseDate("yesterday");                     // null
 * ```
 */
export function parseDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string" && !(value instanceof Markup)) {
    // Python: a falsy value gives None; bytes fail inside with a TypeError that parse_date
    // catches; anything else has no .split() and raises AttributeError.
    if (pyFalsy(value) || value instanceof Uint8Array) return null;
    throw new TypeError(`parse_date() needs a string, not ${typeof value}`);
  }
  const parsed = parsedateTz(String(value));
  if (parsed === null) return null;
  const [bigYear, month, bigDay, bigHour, bigMinute, bigSecond, tz] = parsed;
  // Python: datetime(*fields, tzinfo=timezone(timedelta(seconds=tz))), in that order. An
  // OverflowError escapes parse_date (Flask reports a bad payload); a ValueError gives None.
  if (tz !== null) {
    const days = tz >= 0n ? tz / 86400n : -((-tz + 86399n) / 86400n); // floor division
    if (days > MAX_DELTA_DAYS || days < -MAX_DELTA_DAYS) {
      throw new RangeError(`days=${days}; must have magnitude <= ${MAX_DELTA_DAYS}`);
    }
    if (tz >= 86400n || tz <= -86400n) return null; // timezone() wants less than a day
  }
  for (const field of [bigYear, bigDay, bigHour, bigMinute, bigSecond]) {
    if (field > C_INT_MAX) throw new RangeError("signed integer is greater than maximum");
    if (field < C_INT_MIN) throw new RangeError("signed integer is less than minimum");
  }
  const [year, day, hour, minute, second] = [bigYear, bigDay, bigHour, bigMinute, bigSecond].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  // datetime(...) raises ValueError (so parse_date returns None) for fields out of range.
  if (year < 1 || year > 9999 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  return new Date(dateUtc(year, month, day, hour, minute, second) - Number(tz ?? 0n) * 1000);
}
