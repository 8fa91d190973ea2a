/**
 * Flask-WTF's CSRF protection for Express: `csrfProtect` checks every `POST`, `PUT`, `PATCH` and
 * `DELETE` as `CSRFProtect` does (a 400 `CSRFError` with Flask-WTF's message goes to `next`),
 * and gives `req.csrfToken()` for forms. Mount it after `flaskSession` and a form body parser.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FlaskSession, SessionData } from "../flask/session.js";
import { CSRFProtect, type CSRFProtectOptions, type CsrfRequest } from "../flask/wtf/protect.js";
import { type CsrfExempt, isExemptPath, nodeCsrfRequest, parsedForm, requireSession, unparsedFormWarning } from "./login-node.js";

declare global {
  namespace Express {
    interface Request {
      /** Flask-WTF's `generate_csrf()` for this request: the same token on every call (from `csrfProtect`). */
      csrfToken: () => string;
    }
  }
}

/** A Node request as `csrfProtect` sees it. */
export type RequestWithCsrf = IncomingMessage & {
  /** The Flask session `flaskSession` opened (required: the raw token lives there). */
  session?: FlaskSession<SessionData> | null;
  /** The parsed body (`express.urlencoded()`, multer): where the form's `csrf_token` is read. */
  body?: unknown;
  /** Express's `req.path` (for an `exempt` predicate). */
  path?: string;
  /** Express's `req.originalUrl`: what `exempt` paths and patterns are matched against, without the query (default `req.url`). */
  originalUrl?: string;
  /** Express's `req.secure` (HTTPS, following "trust proxy"): turns the `Referer` check on; without Express, the socket's. */
  secure?: boolean;
  /** Express 5's `req.host` (with the port, following "trust proxy"); without Express, the `Host` header. */
  host?: string;
  /** The token for this request's forms, which `csrfProtect` adds. */
  csrfToken?: () => string;
};

/** Options of {@link csrfProtect}: Flask-WTF's settings, and which routes are exempt. */
export interface CsrfProtectOptions<R = RequestWithCsrf> extends CSRFProtectOptions {
  /** Routes left unchecked (`@csrf.exempt`): exact paths, patterns, or a predicate on the request. */
  exempt?: CsrfExempt<R>;
}

/** The middleware {@link csrfProtect} returns, with `protect(req)` for routes that check by hand. */
export type CsrfProtectMiddleware = ((req: RequestWithCsrf, res: ServerResponse, next: (error?: unknown) => void) => void) & {
  /** The Flask-WTF configuration in use. */
  readonly csrf: CSRFProtect;
  /**
   * `csrf.protect()` for this request (with `wtfCsrfCheckDefault: false`, or after a multipart parser).
   *
   * @throws CSRFError (status 400) when the request does not pass.
   */
  protect(req: RequestWithCsrf): void;
};

const sessionOf = (req: RequestWithCsrf) => requireSession(req.session, "mount flaskSession() before csrfProtect()");

function csrfRequestOf(req: RequestWithCsrf): CsrfRequest {
  const secure = req.secure ?? Boolean((req.socket as { encrypted?: boolean } | undefined)?.encrypted);
  // Express 5's req.host keeps the port and follows "trust proxy" (X-Forwarded-Host), as Flask's
  // request.host does behind ProxyFix; without Express, the Host header.
  return nodeCsrfRequest(req, parsedForm(req, req.body), secure, req.host ?? req.headers.host ?? null);
}

/**
 * Express middleware for Flask-WTF's `CSRFProtect`: `req.csrfToken()` gives the token to put in
 * forms (field `csrf_token`) or send as `X-CSRFToken`; every request whose method is in
 * `wtfCsrfMethods` must carry a valid one (and on HTTPS a same-origin `Referer`), else
 * `next(CSRFError)`, which Express answers with 400 and Flask-WTF's message.
 *
 * Mount it after `flaskSession` and a form parser (`express.urlencoded()`); a JSON API sends the
 * token in the `X-CSRFToken` header.
 *
 * @throws TypeError at once for invalid options.
 * @example
 * ```ts
 * import express from "express";
 * import { flaskSession, csrfProtect } from "flask-session-cookie/express";
 *
 * const app = express();
 * app.use(flaskSession({ secretKey }));
 * app.use(express.urlencoded({ extended: false }));
 * app.use(csrfProtect({ secretKey, exempt: ["/webhooks/stripe"] }));
 * app.get("/form", (req, res) => {
 *   res.send(`<form method="post"><input type="hidden" name="csrf_token" value="${req.csrfToken()}"></form>`);
 * });
 * ```
 */
export function csrfProtect(
  options: CsrfProtectOptions | CSRFProtect,
  exempt?: CsrfExempt<RequestWithCsrf>,
): CsrfProtectMiddleware {
  const csrf = options instanceof CSRFProtect ? options : new CSRFProtect(options);
  const rules = exempt ?? (options instanceof CSRFProtect ? undefined : options.exempt);
  const warnUnparsed = unparsedFormWarning("Express", "express.urlencoded() (multer for multipart)");
  const protect = (req: RequestWithCsrf) => csrf.protect(csrfRequestOf(req), sessionOf(req));
  const middleware = function csrfProtectMiddleware(
    req: RequestWithCsrf,
    _res: ServerResponse,
    next: (error?: unknown) => void,
  ): void {
    let session: FlaskSession<SessionData>;
    try {
      session = sessionOf(req);
    } catch (error) {
      next(error);
      return;
    }
    let token: string | undefined;
    req.csrfToken = () => (token ??= csrf.generateCsrf(session));
    if (!csrf.checksByDefault || isExemptPath(rules, req, req.originalUrl ?? req.url ?? "/")) {
      next();
      return;
    }
    warnUnparsed(req, req.body);
    next(csrf.checkRequest(csrfRequestOf(req), session) ?? undefined);
  };
  return Object.assign(middleware, { csrf, protect });
}
