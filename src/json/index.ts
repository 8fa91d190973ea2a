/**
 * Python's `json` module as the serializers use it: {@link dumps} writes what Python's
 * `json.dumps` writes (every dialect), {@link loads} reads what Python's `json.loads` reads.
 *
 * Python ⇄ JavaScript:
 * - `int` ⇄ `number` when it fits in ±(2^53−1), `bigint` beyond (both ways, exact).
 * - `float` ⇄ `number`, written with Python's `repr` (`1e-05`, `1e+16`); `NaN`, `Infinity` and
 *   `-Infinity` both ways. A JavaScript number is written as an int when it is an integer within
 *   the safe range, as a float otherwise; so a Python `3.0` comes back as `3` (the one known
 *   difference).
 * - `str` ⇄ `string`, `bool` ⇄ `boolean`, `None` ⇄ `null`, `list`/`tuple` ⇄ `Array`,
 *   `dict` ⇄ plain object (a `Map` is also written as a dict).
 * - Key order is Python's: objects read by `loads` remember the order of keys that JavaScript
 *   would reorder (integer-like keys such as `"10"`), {@link pyKeys} gives it, and `dumps` writes
 *   them back in that order.
 *
 * @module
 */
export { dumps, type JSONDumpsOptions } from "./write.js";
export { loads, type JSONLoadsOptions } from "./read.js";
export { JSONDecodeError } from "./decode-error.js";
export { pyKeys } from "./dict.js";
