/**
 * How objects that hold secret keys show themselves in logs: `JSON.stringify` and Node's
 * `util.inspect` get a summary that says how many keys there are, never what they are.
 * @internal
 * @module
 */
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
 * Defines `obj[name]` as a read-only, non-enumerable getter of `value`: secret keys stay out of
 * `Object.keys`, spreads and `structuredClone`, and a `util.inspect` that ignores
 * {@link INSPECT} (as `console.dir` does), even with `showHidden`, shows `[Getter]`, not the
 * value (it would show a hidden data property's value). Only an inspect told both to ignore the
 * object's own printing and to call every getter (`customInspect: false, getters: true`) sees it.
 */
export function defineHidden(obj: object, name: string, value: unknown): void {
  Object.defineProperty(obj, name, { get: () => value, enumerable: false, configurable: false });
}

/** What a list of secret keys shows: how many, never what. */
export function hiddenKeys(keys: readonly unknown[]): string {
  return `<${keys.length} secret key${keys.length === 1 ? "" : "s"} hidden>`;
}

/**
 * `Name { ...summary }`, as `util.inspect` would print the summary (JSON without Node). Pass the
 * `depth` Node gives the hook to print nested values only as deep as the caller asked; below it,
 * `[Name]`.
 */
export function inspectAs(
  name: string,
  summary: object,
  options: unknown,
  inspect?: InspectFunction,
  depth?: number | null,
): string {
  if (typeof depth === "number" && depth < 0) return `[${name}]`;
  if (!inspect)
    return `${name} ${JSON.stringify(summary, (_key, value: unknown) => (typeof value === "bigint" ? `${value}n` : value))}`;
  const nested = depth === undefined || options === null || typeof options !== "object" ? options : { ...options, depth };
  return `${name} ${inspect(summary, nested)}`;
}

/** What a secret option shows in a summary: how many keys, never what; `null` and `undefined` as they are. */
function hiddenValue(value: unknown): unknown {
  if (value == null) return value;
  return Array.isArray(value) ? hiddenKeys(value) : hiddenKeys([value]);
}

/**
 * A frozen copy of `options` whose secret options cannot be printed: they are read through
 * getters on the copy's own prototype, from a closure, so they are not own properties (a spread,
 * `Object.keys`, `JSON.stringify`, `structuredClone` and even `util.inspect` with `showHidden`,
 * `getters` and `customInspect: false` leave them out), and `JSON.stringify` and `util.inspect` show a
 * summary with `<1 secret key hidden>` in their place. `copy.secretKey` still gives the key.
 *
 * @param name - The name `util.inspect` shows, e.g. `"FlaskSessionOptions"`.
 * @param options - The options to copy (own enumerable keys, `"__proto__"` included as data).
 * @param secrets - The names of the secret options.
 * @example
 * ```ts
 * const config = withHiddenSecrets("FlaskSessionOptions", { secretKey: "k", sessionCookieName: "s" }, ["secretKey"]);
 * config.secretKey;          // "k"
 * JSON.stringify(config);    // '{"secretKey":"<1 secret key hidden>","sessionCookieName":"s"}'
 * ({ ...config });           // { sessionCookieName: "s" }
 * ```
 */
export function withHiddenSecrets<T extends object>(
  name: string,
  options: T,
  secrets: readonly (keyof T & string)[],
): Readonly<T> {
  const hidden = new Map<string, unknown>();
  const names = Object.keys(options);
  const proto: object = Object.create(Object.prototype);
  // Made from the prototype at once, not re-parented afterwards (which makes every read slower).
  const visible = Object.create(proto) as Record<string, unknown>;
  for (const key of names) {
    const value = (options as Record<string, unknown>)[key];
    if ((secrets as readonly string[]).includes(key)) hidden.set(key, value);
    else Object.defineProperty(visible, key, { value, enumerable: true, writable: true, configurable: true });
  }
  const summary = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of names) {
      const value = hidden.has(key) ? hiddenValue(hidden.get(key)) : visible[key];
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  for (const key of secrets) Object.defineProperty(proto, key, { get: () => hidden.get(key), enumerable: false });
  // A prototype that says it is Object's: `util.inspect` with `showHidden` lists the properties
  // of any other prototype (and with `getters` calls them), a plain object's it does not.
  Object.defineProperty(proto, "constructor", { value: Object, enumerable: false });
  Object.defineProperty(proto, "toJSON", { value: summary, enumerable: false });
  Object.defineProperty(proto, INSPECT, {
    value: (depth: number, inspectOptions: unknown, inspect?: InspectFunction) =>
      inspectAs(name, summary(), inspectOptions, inspect, depth),
    enumerable: false,
  });
  Object.freeze(proto);
  return Object.freeze(visible) as T;
}
