/**
 * Python's `tuple` in JavaScript: an `Array` that remembers it was a tuple, so a session that goes
 * Flask → Node → Flask keeps its tuples (flash messages are `(category, message)` tuples).
 * @module
 */

// Only a type: it makes a Tuple type distinct from a plain array of the same items (Python tells
// a tuple from a list; so does the type checker), and never exists at run time.
declare const TUPLE: unique symbol;

/**
 * A Python tuple: an `Array` subclass the tagged serializer writes as `{" t": [...]}`.
 * `map`, `filter` and friends return plain arrays (Python lists), not tuples.
 *
 * `T` is the tuple type of its items, one type per position, as Python's `tuple[str, int]`:
 * `new Tuple("tea", 2)` is a `Tuple<[string, number]>`, `Tuple.from(list)` a `Tuple<T[]>`, and a
 * bare `Tuple` holds anything (`Tuple<unknown[]>`). A plain array is not a `Tuple` (it is a
 * Python list), so a typed session cannot take one where a tuple is declared.
 *
 * @example
 * ```ts
 * const t = new Tuple("success", "Logged in");   // ("success", "Logged in"): Tuple<[string, string]>
 * Array.isArray(t);                              // true
 * t instanceof Tuple;                            // true
 * Tuple.from([1, 2]);                            // (1, 2): Tuple<number[]>
 * const [category, message] = t;                 // both strings
 * ```
 */
export type Tuple<T extends readonly unknown[] = unknown[]> = T & {
  /** A mark for the type checker only (no such property exists): a plain array is not a tuple. */
  readonly [TUPLE]: true;
};

/** The type of {@link Tuple}'s constructor: how `new Tuple(...)` and `Tuple.from` are typed. */
export interface TupleConstructor {
  /** @param items - The elements (unlike `Array`, a single number is an element, not a length). */
  new <T extends unknown[]>(...items: T): Tuple<T>;
  /** A tuple of an iterable's or array-like's items (Python: `tuple(iterable)`). */
  from<T>(items: Iterable<T> | ArrayLike<T>): Tuple<T[]>;
  /** A tuple of an iterable's or array-like's items, each mapped. */
  from<T, U>(items: Iterable<T> | ArrayLike<T>, map: (item: T, index: number) => U): Tuple<U[]>;
  /** A tuple of the arguments. */
  of<T extends unknown[]>(...items: T): Tuple<T>;
  /** What `instanceof Tuple` checks. */
  readonly prototype: Tuple;
}

/**
 * The class behind {@link Tuple}: an Array subclass. It is typed through {@link TupleConstructor},
 * because a class's instance type cannot be "the tuple type of its arguments".
 */
const TupleClass = class Tuple extends Array<unknown> {
  /**
   * Derived arrays (from `map`, `slice`, ...) are plain arrays. A data property: a static getter
   * here turns the class into a slow-properties object in V8, and `instanceof Tuple` (every tag
   * check) into a dictionary lookup, 5x slower.
   */
  static override readonly [Symbol.species] = Array;

  /** @param items - The elements (unlike `Array`, a single number is an element, not a length). */
  constructor(...items: unknown[]) {
    super();
    for (const item of items) this.push(item);
  }
};

/**
 * Makes a {@link Tuple}: `new Tuple(...items)`, `Tuple.from(iterable)`; `value instanceof Tuple`
 * tells a tuple from a list.
 *
 * @example
 * ```ts
 * new Tuple("tea", 2);                // ("tea", 2): Tuple<[string, number]>
 * new Tuple(3);                       // (3,): one item, not a length
 * [1, 2] instanceof Tuple;            // false: a list
 * ```
 */
export const Tuple = TupleClass as unknown as TupleConstructor;

/**
 * Builds a {@link Tuple}.
 *
 * @example
 * ```ts
 * tuple("message", "Saved"); // ("message", "Saved"): Tuple<[string, string]>
 * ```
 */
export function tuple<T extends unknown[]>(...items: T): Tuple<T> {
  return new Tuple(...items);
}
