/**
 * Server-side sessions (Flask-Session) for Fastify: what `flaskSession` registered with
 * `{ store }` from `flask-session-cookie/fastify` installs. The record is read in `onRequest` and
 * written (or deleted) in `onSend`, before the reply goes out.
 * @module
 */
import type { FastifyInstance } from "fastify";
import type { FlaskSessionData } from "../web.js";
import type { ServerSideSession } from "../../flask-session/session.js";
import { varyWith } from "../vary.js";
import { serverSessionToSave, serverSideSessionsFrom, type ServerSideSessionOptions, type ServerSideSessions } from "./web.js";

const opened = new WeakMap<object, ServerSideSession<FlaskSessionData>>();

/** Adds the server-side session hooks to `fastify`. @internal */
export function registerServerSide(fastify: FastifyInstance, options: ServerSideSessionOptions | ServerSideSessions): void {
  const sessions = serverSideSessionsFrom(options);
  fastify.decorateRequest("session", null as never);
  fastify.addHook("onRequest", async (request) => {
    const session = await sessions.open(request);
    opened.set(request, session);
    request.session = session;
  });
  fastify.addHook("onSend", async (request, reply, payload) => {
    const original = opened.get(request);
    if (original === undefined) return payload;
    opened.delete(request);
    const session = serverSessionToSave(request.session, original);
    const plan = sessions.prepare(session);
    await sessions.apply(session, plan);
    if (plan.setCookie !== null) reply.header("set-cookie", plan.setCookie); // Fastify appends Set-Cookie
    if (plan.varyCookie) reply.header("vary", varyWith(reply.getHeader("vary"), "Cookie"));
    return payload;
  });
}
