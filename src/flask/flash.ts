/**
 * Flask's message flashing (`flask.flash`, `flask.get_flashed_messages`): messages stored in the
 * session under `_flashes` as a list of `(category, message)` tuples, shown on the next request.
 * @module
 */
import type { FlaskSession, SessionData } from "./session.js";
import { Tuple } from "./tuple.js";

/** A flashed message with its category: a `(category, message)` tuple. */
export type FlashedMessage<M = unknown> = Tuple<string | M> & [string, M];

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
 * @example
 * ```ts
 * getFlashedMessages(session);                                        // ["Profile saved"]
 * getFlashedMessages(session, { withCategories: true });              // [("success", "Profile saved")]
 * getFlashedMessages(session, { categoryFilter: ["error"] });         // []
 * ```
 */
export function getFlashedMessages(
  session: FlaskSession<SessionData>,
  options: GetFlashedMessagesOptions & { withCategories: true },
): FlashedMessage[];
export function getFlashedMessages(session: FlaskSession<SessionData>, options?: GetFlashedMessagesOptions): unknown[];
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
