/** Shared imports and small helpers of the Flask-Session tests. */
import { sessionDict } from "../../src/flask/session.js";

export { MemoryStore, MsgSpecSerializer, ServerSideSessionInterface, ServerSideSession } from "../../src/index.js";

/** Python's `dict(data)` as the session interface builds it, as a plain object or Map (for comparing). */
export function sessionDictOf(data: unknown): unknown {
  return sessionDict(data);
}
