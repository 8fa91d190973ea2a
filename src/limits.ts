/**
 * Bounds on the work one token may cost. Python has none of these; each default is far above
 * anything itsdangerous or Flask produce for a cookie or a URL, so none of them rejects a real
 * token, while a hostile one cannot make the service hang, run out of memory or overflow the stack.
 * @module
 */
import { DEFAULT_MAX_DECOMPRESSED_SIZE } from "./compress.js";

/** Limits on reading a token; every serializer takes `limits: Partial<Limits>`. */
export interface Limits {
  /** Longest token accepted, in bytes (default 1 MiB); longer ones fail before any HMAC. */
  maxTokenLength: number;
  /** Largest decompressed payload, in bytes (default 16 MiB). */
  maxDecompressedSize: number;
  /** Deepest nesting of JSON arrays and objects, and of tags (default 1000, about Python's own recursion limit). */
  maxDepth: number;
  /**
   * Most items in one payload (default 100,000): array elements plus object members, counted
   * over the whole JSON text (`[1,[2,3]]` has 4, `{"a":{"b":1}}` has 2). Flask's tags get a
   * budget of the same size for what they derive from a payload: the characters of a string
   * read as a tuple (`{" t": "abc"}` is `("a", "b", "c")`) plus the characters of the text a
   * Markup makes from a non-string (which can double with each nested Markup). Flask never writes
   * either; both are refused beyond the budget.
   */
  maxItems: number;
}

/**
 * The default {@link Limits}, far above anything Flask or itsdangerous produce for a cookie or
 * a URL.
 *
 * @example
 * ```ts
 * DEFAULT_LIMITS.maxDepth; // 1000
 * new URLSafeTimedSerializer(key, { limits: { ...DEFAULT_LIMITS, maxTokenLength: 8192 } });
 * ```
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxTokenLength: 1024 * 1024,
  maxDecompressedSize: DEFAULT_MAX_DECOMPRESSED_SIZE,
  maxDepth: 1000,
  maxItems: 100_000,
});

/**
 * Fills in the defaults and checks the values.
 *
 * @throws TypeError for an unknown limit or a value that is not a positive integer.
 * @example
 * ```ts
 * resolveLimits({ maxDepth: 64 }).maxTokenLength; // 1048576
 * ```
 */
export function resolveLimits(limits: Partial<Limits> | undefined): Readonly<Limits> {
  if (!limits) return DEFAULT_LIMITS;
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(limits)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_LIMITS, name)) {
      throw new TypeError(`Unknown limit '${name}': use ${Object.keys(DEFAULT_LIMITS).join(", ")}`);
    }
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`Limit '${name}' must be a positive integer`);
    }
    out[name as keyof Limits] = value;
  }
  return Object.freeze(out);
}
