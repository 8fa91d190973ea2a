/**
 * The part of vitest's `expect` that the shared checks use (test/helpers/*-cases.ts, typed.ts),
 * without vitest: vitest cannot run inside a browser or an edge runtime, so the conformance bundle
 * (test/conformance/bundle.ts) resolves `import { expect } from "vitest"` to this file.
 *
 * Each matcher has vitest's semantics (test/edge-expect.test.ts checks that both give the same
 * verdict on a table of values); a matcher it lacks is a TypeError, never a silent pass.
 */

/** A failed expectation, with `actual` and `expected` as vitest reports them. */
export class AssertionError extends Error {
  override name = "AssertionError";
  constructor(
    message: string,
    readonly actual?: unknown,
    readonly expected?: unknown,
  ) {
    super(message);
  }
}

/** A short, unambiguous rendering of a value for a failure message. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "function") return `[Function ${value.name || "anonymous"}]`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof Uint8Array) return `Uint8Array[${Array.from(value).join(",")}]`;
  if (value !== null && typeof value === "object") {
    let text: string;
    try {
      text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v === undefined ? "undefined" : v));
    } catch {
      text = Object.prototype.toString.call(value);
    }
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    const prefix = name && name !== "Object" && name !== "Array" ? `${name} ` : "";
    return prefix + (text.length > 300 ? `${text.slice(0, 300)}…` : text);
  }
  return String(value);
}

function ownDefinedKeys(value: object): string[] {
  return Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
}

/** vitest's `toEqual` equality: recursive, own enumerable keys, undefined-valued keys ignored. */
export function equals(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const tag = Object.prototype.toString.call(a);
  if (tag !== Object.prototype.toString.call(b)) return false;
  if (a instanceof Map || a instanceof Set || b instanceof Map || b instanceof Set) {
    throw new TypeError("the edge expect does not compare Map or Set: add it to test/conformance/expect.ts");
  }
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime());
  if (a instanceof Error) {
    const e = b as Error;
    return a.name === e.name && a.message === e.message && equals(a.cause, e.cause);
  }
  if (Array.isArray(a) && a.length !== (b as unknown[]).length) return false;
  const keys = ownDefinedKeys(a);
  if (keys.length !== ownDefinedKeys(b).length) return false;
  return keys.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) && equals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

export interface Matchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeInstanceOf(expected: abstract new (...args: never[]) => unknown): void;
  toBeUndefined(): void;
  toBeNull(): void;
  toMatch(expected: string | RegExp): void;
  toHaveLength(expected: number): void;
  toThrow(expected?: ErrorMatcher): void;
  not: { toThrow(): void };
}

/** What `toThrow` may be given: an error class, a pattern or a substring of the message. */
export type ErrorMatcher = (abstract new (...args: never[]) => unknown) | RegExp | string;

/** Whether a thrown value matches `toThrow(expected)`, as vitest decides it. */
function thrownMatches(error: unknown, expected: ErrorMatcher): boolean {
  if (typeof expected === "function") return error instanceof expected;
  const message = error instanceof Error ? error.message : String(error);
  return typeof expected === "string" ? message.includes(expected) : expected.test(message);
}

function thrown(fn: unknown): { threw: true; error: unknown } | { threw: false } {
  if (typeof fn !== "function") throw new TypeError(`expected a function, got ${show(fn)}`);
  try {
    (fn as () => unknown)();
  } catch (error) {
    return { threw: true, error };
  }
  return { threw: false };
}

/** `expect(actual, message)` with vitest's matchers of the same names. */
export function expect(actual: unknown, message?: string): Matchers {
  const fail = (what: string, expected?: unknown): never => {
    throw new AssertionError(`${message ? `${message}: ` : ""}${what}`, actual, expected);
  };
  return {
    toBe(expected) {
      if (!Object.is(actual, expected)) fail(`expected ${show(actual)} to be ${show(expected)} // Object.is equality`, expected);
    },
    toEqual(expected) {
      if (!equals(actual, expected)) fail(`expected ${show(actual)} to deeply equal ${show(expected)}`, expected);
    },
    toBeInstanceOf(expected) {
      if (!(actual instanceof expected)) fail(`expected ${show(actual)} to be an instance of ${expected.name}`);
    },
    toBeUndefined() {
      if (actual !== undefined) fail(`expected ${show(actual)} to be undefined`, undefined);
    },
    toBeNull() {
      if (actual !== null) fail(`expected ${show(actual)} to be null`, null);
    },
    toMatch(expected) {
      if (typeof actual !== "string") throw new TypeError(`toMatch expects a string, got ${show(actual)}`);
      const matches = typeof expected === "string" ? actual.includes(expected) : expected.test(actual);
      if (!matches) fail(`expected ${show(actual)} to match ${String(expected)}`, expected);
    },
    toHaveLength(expected) {
      const length = (actual as { length?: unknown } | null | undefined)?.length;
      if (typeof length !== "number") throw new TypeError(`${show(actual)} has no length`);
      if (length !== expected) fail(`expected ${show(actual)} to have length ${expected}, not ${length}`, expected);
    },
    toThrow(expected) {
      const outcome = thrown(actual);
      if (!outcome.threw) return fail("expected the function to throw an error");
      if (expected !== undefined && !thrownMatches(outcome.error, expected)) {
        fail(
          `expected the function to throw ${typeof expected === "function" ? expected.name : String(expected)}, but it threw ${show(outcome.error)}`,
        );
      }
    },
    not: {
      toThrow() {
        const outcome = thrown(actual);
        if (outcome.threw) fail(`expected the function not to throw, but it threw ${show(outcome.error)}`);
      },
    },
  };
}
