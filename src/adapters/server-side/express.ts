/**
 * Server-side sessions (Flask-Session) for Express, Connect, Polka and `node:http`: what
 * `flaskSession({ store })` from `flask-session-cookie/express` returns. The session is read
 * from the store before the route runs; its headers are set as the response's headers go out,
 * and its record is written before the response ends, so the next request sees it.
 * @module
 */
import type { ServerResponse } from "node:http";
import type { FlaskSessionData } from "../web.js";
import type { FlaskSessionMiddleware, RequestWithSession } from "../express.js";
import { varyWith } from "../vary.js";
import type { SavePlan, ServerSideSession } from "../../flask-session/session.js";
import { serverSessionToSave, serverSideSessionsFrom, type ServerSideSessionOptions, type ServerSideSessions } from "./web.js";

type Writer = (this: ServerResponse, ...args: unknown[]) => ServerResponse;

/** Takes the session's `Set-Cookie` back off a response that will now be an error instead. */
function withoutCookie(res: ServerResponse, setCookie: string): void {
  const current = res.getHeader("Set-Cookie");
  const rest = (Array.isArray(current) ? current : current === undefined ? [] : [String(current)]).filter((c) => c !== setCookie);
  if (rest.length > 0) res.setHeader("Set-Cookie", rest);
  else res.removeHeader("Set-Cookie");
}

/**
 * The middleware for server-side sessions. If the store cannot be written, the error goes to
 * Express's error handling (`next(error)`): a 500 when the response had not started.
 * @internal
 */
export function serverSideMiddleware(options: ServerSideSessionOptions | ServerSideSessions): FlaskSessionMiddleware {
  const sessions = serverSideSessionsFrom(options);
  return function flaskServerSessionMiddleware(req: RequestWithSession, res: ServerResponse, next: (error?: unknown) => void) {
    sessions.open(req).then((opened) => {
      req.session = opened;
      let plan: { session: ServerSideSession<FlaskSessionData>; plan: SavePlan } | null = null;
      // Decided once, when the headers go out (writeHead, or end without it), on the session then.
      const decide = (response: ServerResponse) => {
        if (plan) return plan;
        const session = serverSessionToSave(req.session, opened);
        plan = { session, plan: sessions.prepare(session) };
        const { setCookie, varyCookie } = plan.plan;
        if (setCookie !== null) response.appendHeader("Set-Cookie", setCookie);
        if (varyCookie) response.setHeader("Vary", varyWith(response.getHeader("Vary"), "Cookie"));
        return plan;
      };
      const writeHead = res.writeHead as unknown as Writer;
      res.writeHead = function writeHeadWithSession(this: ServerResponse, ...args: unknown[]): ServerResponse {
        if (!this.headersSent) decide(this);
        return writeHead.apply(this, args);
      } as ServerResponse["writeHead"];
      const end = res.end as unknown as Writer;
      let ending = false;
      res.end = function endWithSession(this: ServerResponse, ...args: unknown[]): ServerResponse {
        if (ending) return end.apply(this, args);
        ending = true;
        let decided: ReturnType<typeof decide>;
        try {
          decided = this.headersSent && plan ? plan : decide(this);
        } catch (error) {
          next(error);
          return this;
        }
        sessions.apply(decided.session, decided.plan).then(
          () => end.apply(this, args),
          (error: unknown) => {
            if (this.headersSent) end.apply(this, args);
            else if (decided.plan.setCookie !== null) withoutCookie(this, decided.plan.setCookie);
            next(error);
          },
        );
        return this;
      } as ServerResponse["end"];
      next();
    }, next);
  };
}
