/**
 * Flask-WTF's CSRF protection for Koa: `csrfProtect` checks every `POST`, `PUT`, `PATCH` and
 * `DELETE` as `CSRFProtect` does (throwing a 400 `CSRFError` with Flask-WTF's message) and gives
 * `ctx.csrfToken()` for forms. Use it after `flaskSession` and a body parser.
 * @module
 */
import type { Middleware, ParameterizedContext } from "koa";
import { CSRFProtect, type CSRFProtectOptions, type CsrfRequest } from "../flask/wtf/protect.js";
import { type CsrfExempt, isExemptPath, nodeCsrfRequest, parsedForm, requireSession, unparsedFormWarning } from "./login-node.js";

declare module "koa" {
  interface ExtendableContext {
    /** Flask-WTF's `generate_csrf()` for this request: the same token on every call (from `csrfProtect`). */
    csrfToken: () => string;
  }
}

/** Options of {@link csrfProtect}: Flask-WTF's settings, and which routes are exempt. */
export interface KoaCsrfProtectOptions extends CSRFProtectOptions {
  /** Routes left unchecked (`@csrf.exempt`): exact paths (`ctx.path`), patterns, or a predicate on `ctx`. */
  exempt?: CsrfExempt<ParameterizedContext>;
}

const sessionOf = (ctx: ParameterizedContext) => requireSession(ctx.session, "use flaskSession() before csrfProtect()");

function bodyOf(ctx: ParameterizedContext): unknown {
  return (ctx.request as { body?: unknown }).body;
}

function csrfRequestOf(ctx: ParameterizedContext): CsrfRequest {
  // ctx.secure and ctx.host follow app.proxy (X-Forwarded-Proto / -Host), as Flask behind ProxyFix.
  return nodeCsrfRequest(ctx.req, parsedForm(ctx.req, bodyOf(ctx)), ctx.secure, ctx.host || null);
}

/**
 * Koa middleware for Flask-WTF's `CSRFProtect`: `ctx.csrfToken()` gives the token for forms
 * (field `csrf_token`) or the `X-CSRFToken` header; every request whose method is in
 * `wtfCsrfMethods` must carry a valid one (and on HTTPS a same-origin `Referer`), else a
 * {@link CSRFError} is thrown, which Koa answers with 400 and Flask-WTF's message.
 *
 * @throws TypeError at once for invalid options.
 * @example
 * ```ts
 * import Koa from "koa";
 * import { bodyParser } from "@koa/bodyparser";
 * import { flaskSession, csrfProtect } from "flask-session-cookie/koa";
 *
 * const app = new Koa();
 * app.use(flaskSession({ secretKey }));
 * app.use(bodyParser());                       // ctx.request.body
 * app.use(csrfProtect({ secretKey, exempt: [/^\/api\/hooks\//] }));
 * app.use((ctx) => {
 *   ctx.body = `<form method="post"><input type="hidden" name="csrf_token" value="${ctx.csrfToken()}"></form>`;
 * });
 * ```
 */
export function csrfProtect(
  options: KoaCsrfProtectOptions | CSRFProtect,
  exempt?: CsrfExempt<ParameterizedContext>,
): Middleware & {
  /** The Flask-WTF configuration in use. */
  readonly csrf: CSRFProtect;
  /**
   * `csrf.protect()` for this request (with `wtfCsrfCheckDefault: false`, or after a multipart parser).
   *
   * @throws CSRFError (status 400) when the request does not pass.
   */
  protect(ctx: ParameterizedContext): void;
} {
  const csrf = options instanceof CSRFProtect ? options : new CSRFProtect(options);
  const rules = exempt ?? (options instanceof CSRFProtect ? undefined : options.exempt);
  const warnUnparsed = unparsedFormWarning("Koa", "a body parser (@koa/bodyparser)");
  const middleware: Middleware = async function csrfProtectMiddleware(ctx, next) {
    const session = sessionOf(ctx);
    let token: string | undefined;
    ctx.csrfToken = () => (token ??= csrf.generateCsrf(session));
    if (csrf.checksByDefault && !isExemptPath(rules, ctx, ctx.path)) {
      warnUnparsed(ctx.req, bodyOf(ctx));
      const error = csrf.checkRequest(csrfRequestOf(ctx), session);
      if (error) throw error;
    }
    await next();
  };
  const protect = (ctx: ParameterizedContext) => csrf.protect(csrfRequestOf(ctx), sessionOf(ctx));
  return Object.assign(middleware, { csrf, protect });
}
