/**
 * Python's `tuple` in JavaScript: an `Array` that remembers it was a tuple, so a session that goes
 * Flask → Node → Flask keeps its tuples (flash messages are `(category, message)` tuples).
 * @module
 */

/**
 * A Python tuple: an `Array` subclass the tagged serializer writes as `{" t": [...]}`.
 * `map`, `filter` and friends return plain arrays (Python lists), not tuples.
 *
 * @example
 * ```ts
 * const t = new Tuple("success", "Logged in");   // ("success", "Logged in")
 * Array.isArray(t);                              // true
 * t instanceof Tuple;                            // true
 * Tuple.from([1, 2]);                            // (1, 2)
 * ```
 */
export class Tuple<T = unknown> extends Array<T> {
  /** Derived arrays (from `map`, `slice`, ...) are plain arrays. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** @param items - The elements (unlike `Array`, a single number is an element, not a length). */
  constructor(...items: T[]) {
    super();
    for (const item of items) this.push(item);
  }
}

/**
 * Builds a {@link Tuple}.
 *
 * @example
 * ```ts
 * tuple("message", "Saved"); // Tuple ["message", "Saved"]
 * ```
 */
export function tuple<T>(...items: T[]): Tuple<T> {
  return new Tuple<T>(...items);
}
