/**
 * Flask's message flashing (`flask.flash`, `flask.get_flashed_messages`): messages stored in the
 * session under `_flashes` as a list of `(category, message)` tuples, shown on the next request.
 * @module
 */
import type { Markup } from "./markup.js";
import type { FlaskSession, SessionData } from "./session.js";
import { Tuple } from "./tuple.js";

/**
 * A flashed message with its category: a `(category, message)` tuple. The message is typed as
 * Flask types it (`str`: here a string, or a {@link Markup} for one flashed as Markup).
 */
export type FlashedMessage<M = string | Markup> = Tuple<[category: string, message: M]>;

// Flask keeps the messages it popped for the rest of the request (request_ctx.flashes); the
// session object lives for one request, so it is the natural key.
const popped = new WeakMap<object, unknown[]>();

/**
 * Flashes a message for the next request (Python: `flask.flash(message, category)`): appends
 * `(category, message)` to the session's `_flashes`.
 *
 * @example
 * ```ts
 * flash(session, "Profile saved", "success");
 * ```
 */
export function flash(session: FlaskSession<SessionData>, message: unknown, category = "message"): void {
  const current = session.get("_flashes");
  const flashes = Array.isArray(current) ? current : [];
  flashes.push(new Tuple(category, message));
  session.set("_flashes", flashes);
}

/** Options of {@link getFlashedMessages}. */
export interface GetFlashedMessagesOptions {
  /** Return `(category, message)` tuples instead of messages. */
  withCategories?: boolean;
  /** Only messages of these categories. */
  categoryFilter?: readonly string[];
}

/**
 * The flashed messages (Python: `flask.get_flashed_messages`). The first call in a request pops
 * them from the session (so they show once); later calls on the same session return the same.
 *
 * The result is typed by `withCategories`: the messages, or `(category, message)` tuples. Messages
 * are typed as Flask types them (`str`: a string, or a {@link Markup} for one flashed as Markup);
 * an app that flashes other values says which: `getFlashedMessages<MyMessage>(session)`. Nothing
 * checks them at run time (a cookie another app wrote holds what that app flashed).
 *
 * @typeParam M - The type of the messages.
 * @example
 * ```ts
 * getFlashedMessages(session);                                        // ["Profile saved"]: string[]
 * getFlashedMessages(session, { withCategories: true });              // [("success", "Profile saved")]
 * getFlashedMessages(session, { categoryFilter: ["error"] });         // []
 * for (const [category, message] of getFlashedMessages(session, { withCategories: true })) {
 *   console.log(`${category}: ${message.toString()}`);
 * }
 * ```
 */
export function getFlashedMessages<M = string | Markup>(
  session: FlaskSession<SessionData>,
  options: GetFlashedMessagesOptions & { withCategories: true },
): FlashedMessage<M>[];
export function getFlashedMessages<M = string | Markup>(
  session: FlaskSession<SessionData>,
  options?: GetFlashedMessagesOptions & { withCategories?: false },
): M[];
export function getFlashedMessages<M = string | Markup>(
  session: FlaskSession<SessionData>,
  options?: GetFlashedMessagesOptions,
): M[] | FlashedMessage<M>[];
export function getFlashedMessages(session: FlaskSession<SessionData>, options: GetFlashedMessagesOptions = {}): unknown[] {
  let flashes = popped.get(session);
  if (flashes === undefined) {
    const stored = session.has("_flashes") ? session.pop("_flashes") : [];
    flashes = Array.isArray(stored) ? stored : [];
    popped.set(session, flashes);
  }
  let result = flashes;
  if (options.categoryFilter && options.categoryFilter.length > 0) {
    const wanted = options.categoryFilter;
    result = result.filter((f) => Array.isArray(f) && wanted.includes(f[0] as string));
  }
  if (!options.withCategories) return result.map((f) => (Array.isArray(f) ? f[1] : f));
  return result;
}
