/**
 * How objects that hold secret keys show themselves in logs: `JSON.stringify` and Node's
 * `util.inspect` get a summary that says how many keys there are, never what they are.
 * @internal
 * @module
 */
import { type DigestMethod, type DigestName, getDigest } from "../crypto.js";

/**
 * The method Node's `util.inspect` calls when an object has it (`util.inspect.custom`): a
 * registered symbol, so the core needs no Node import.
 */
export const INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/** Node's `inspect` function, as it passes itself to an {@link INSPECT} method. */
export type InspectFunction = (value: unknown, options?: unknown) => string;

const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/** Bytes that are not secret (a salt, a separator) for display: their text, or their length. */
export function displayBytes(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return `<${bytes.length} bytes>`;
  }
}

/**
 * Defines `obj[name] = value` as a read-only, non-enumerable property: secret keys stay out of
 * `Object.keys`, spreads, `structuredClone` and a `util.inspect` that ignores {@link INSPECT}.
 */
export function defineHidden(obj: object, name: string, value: unknown): void {
  Object.defineProperty(obj, name, { value, enumerable: false, writable: false, configurable: false });
}

/** What a list of secret keys shows: how many, never what. */
export function hiddenKeys(keys: readonly unknown[]): string {
  return `<${keys.length} secret key${keys.length === 1 ? "" : "s"} hidden>`;
}

const DIGEST_NAMES: readonly DigestName[] = ["sha1", "sha224", "sha256", "sha384", "sha512"];

/** The name of a digest (`"sha256"`), or `"custom"` for a hash function passed by hand. */
export function digestName(method: DigestMethod | DigestName): string {
  if (typeof method === "string") return method;
  return DIGEST_NAMES.find((name) => getDigest(name) === method) ?? "custom";
}

/** `Name { ...summary }`, as `util.inspect` would print the summary (JSON without Node). */
export function inspectAs(name: string, summary: object, options: unknown, inspect?: InspectFunction): string {
  return `${name} ${inspect ? inspect(summary, options) : JSON.stringify(summary)}`;
}
