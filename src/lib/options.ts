/**
 * Checking the names in an options object: JavaScript passes a misspelled option
 * (`secretkey`, `sessionCookieSamsite`) silently, and the default it leaves in place is found in
 * production. Every constructor and factory that takes options refuses names it does not know,
 * with a `TypeError` that names the option and, where one is close, the intended one. No value is
 * ever quoted (an option may hold a secret). No Node built-ins: the core uses this too. Not
 * exported from any entry point (and not tagged internal here: `stripInternal` would drop the
 * file's first declaration with the module comment).
 * @module
 */

/**
 * The names of an options type, as a list checked by the compiler against the type: the record
 * must have every key of `T` and no other, so adding an option to the interface without adding
 * it here fails to compile.
 *
 * @example
 * ```ts
 * interface Opts { salt?: string; sep?: string }
 * const OPTS = optionNames<Opts>({ salt: true, sep: true }); // ["salt", "sep"]
 * ```
 */
export function optionNames<T>(names: { readonly [K in keyof Required<T>]: true }): readonly (keyof T & string)[] {
  return Object.freeze(Object.keys(names)) as (keyof T & string)[];
}

/** How {@link checkOptionNames} treats names it does not know. */
export interface CheckOptionNamesOptions {
  /**
   * Refuse every unknown name (the default: an options object of this library's own), or only
   * misspellings of a known one, another case or a typo (an object that may also hold the
   * caller's own settings, such as an app's whole configuration).
   */
  strict?: boolean;
  /** Names used elsewhere for the same setting, with the name to use here: `{ maxAge: "permanentSessionLifetime" }`. */
  aliases?: Readonly<Record<string, string>>;
}

/** Lower case without `_` and `-`: `SESSION_COOKIE_NAME`, `session-cookie-name` and `sessionCookieName` meet. */
function fold(name: string): string {
  return name.replace(/[_-]/g, "").toLowerCase();
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), stopping past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The known name `name` was probably meant to be, or `undefined`: the same name in another case
 * or with underscores (`SECRET_KEY`, `secretkey`), an alias, a typo of one or two characters
 * (`sessionCookieSamsite`), the end or start of a longer known name (`sameSite` for
 * `sessionCookieSamesite`, `secret` for `secretKey`), or a known name made longer (`warning`). With `typosOnly`, only the first and the
 * typos: for objects that may hold names of their own (`name`, `secret`).
 *
 * @param name - The unknown name.
 * @param known - The names taken.
 * @param aliases - Other libraries' names for a known one: `{ maxAge: "permanentSessionLifetime" }`.
 * @param typosOnly - Only another case, underscores or a typo count.
 * @example
 * ```ts
 * closestName("secretkey", ["secretKey", "salt"]); // "secretKey"
 * closestName("colour", ["secretKey", "salt"]);    // undefined
 * ```
 */
export function closestName(
  name: string,
  known: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
  typosOnly = false,
): string | undefined {
  const folded = fold(name);
  const same = known.find((k) => fold(k) === folded);
  if (same !== undefined) return same;
  if (!typosOnly && Object.hasOwn(aliases, name)) return aliases[name];
  const max = folded.length < 6 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const k of known) {
    const d = distance(folded, fold(k), max);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  if (best !== undefined || typosOnly || folded.length < 4) return best;
  const affixed = known.filter((k) => {
    const f = fold(k);
    return f.endsWith(folded) || f.startsWith(folded) || (f.length >= 4 && folded.startsWith(f));
  });
  return affixed.sort((x, y) => x.length - y.length)[0];
}

/**
 * Refuses the names of `options` that are not in `known`, at once, with a `TypeError` that names
 * the first one and the option it is close to:
 * `Unknown option 'secretkey' (did you mean 'secretKey'?) given to FlaskSessions.`
 * Without a close name the message lists the known ones. Only own enumerable string keys are
 * looked at (what a spread or an object literal gives); values are never read.
 *
 * @param options - The options object (anything else is a `TypeError` too).
 * @param known - Every name `where` takes.
 * @param where - Who takes them, for the message: `"FlaskSessions"`.
 * @throws TypeError for options that are not an object, or an unknown name.
 * @example
 * ```ts
 * checkOptionNames({ secretkey: "k" }, ["secretKey"], "FlaskSessions");
 * // TypeError: Unknown option 'secretkey' (did you mean 'secretKey'?) given to FlaskSessions.
 * ```
 */
export function checkOptionNames(
  options: unknown,
  known: readonly string[],
  where: string,
  how: CheckOptionNamesOptions = {},
): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`The options given to ${where} must be an object, not ${options === null ? "null" : typeof options}.`);
  }
  const strict = how.strict ?? true;
  for (const name of Object.keys(options)) {
    if (known.includes(name)) continue;
    const meant = closestName(name, known, how.aliases, !strict);
    if (meant === undefined) {
      if (!strict) continue;
      throw new TypeError(`Unknown option '${name}' given to ${where}; its options are: ${known.join(", ")}.`);
    }
    const flask = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(name) ? " Flask's config names are camelCased here." : "";
    throw new TypeError(`Unknown option '${name}' (did you mean '${meant}'?) given to ${where}.${flask}`);
  }
}

/**
 * A duration in seconds given as an option or argument (`maxAge`, `permanentSessionLifetime`): a
 * finite number, or `null` / `undefined` (Python's `None`, "no limit") where `allowNone`. Anything
 * else would turn expiry off without a word (`age > NaN` and `age > "abc"` are both false in
 * JavaScript), so it is refused: itsdangerous raises `TypeError` for `"abc"` and Flask cannot be
 * configured with `timedelta(seconds=nan)` or infinity. The value is never quoted.
 *
 * @param value - What was given.
 * @param name - Its name, for the message: `"maxAge"`.
 * @param where - Who takes it: `"URLSafeTimedSerializer.loads"` (or a function that says, called only to throw).
 * @param allowNone - Whether `null` and `undefined` mean "none" (then returned as `null`).
 * @throws TypeError for anything but a finite number (or none, where allowed).
 * @example
 * ```ts
 * checkSeconds(3600, "maxAge", "TimedSerializer.loads"); // 3600
 * checkSeconds(NaN, "maxAge", "TimedSerializer.loads");  // TypeError
 * ```
 */
export function checkSeconds(value: unknown, name: string, where: string | (() => string), allowNone = true): number | null {
  if (value == null && allowNone) return null;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof where === "function") where = where();
  const what = typeof value === "number" ? String(value) : value === null ? "null" : `a ${typeof value}`;
  throw new TypeError(`${name} given to ${where} must be a finite number of seconds${allowNone ? " or null" : ""}, not ${what}.`);
}
