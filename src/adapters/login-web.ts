/**
 * Flask-Login and Flask-WTF on Web standards (`Request`, `Response`): what a fetch-style handler
 * (Hono, Next.js route handlers, Bun, Deno, workers) needs besides `FlaskSessions`. No Node built-ins.
 * @module
 */
import type { LoginContext } from "../flask/login/context.js";
import type { LoginRequest } from "../flask/login/identifier.js";
import type { CsrfFormFields, CsrfRequest } from "../flask/wtf/protect.js";
import { isFormContentType, isUrlEncodedContentType } from "./form.js";

/** Options of {@link loginRequestFrom}. */
export interface WebLoginRequestOptions {
  /**
   * The client's address (Flask's `request.remote_addr`): a Web `Request` does not carry it (Hono:
   * `getConnInfo(c).remote.address`; Deno: `info.remoteAddr.hostname`). Default `null`, which
   * Flask-Login 0.6.3 hashes as `None` unless `X-Forwarded-For` is present.
   */
  remoteAddr?: string | null;
}

/**
 * The {@link LoginRequest} of a Web `Request`, for {@link LoginManager.open}.
 *
 * @example
 * ```ts
 * const login = manager.open(session, loginRequestFrom(request, { remoteAddr: "203.0.113.9" }));
 * ```
 */
export function loginRequestFrom(request: Request, options: WebLoginRequestOptions = {}): LoginRequest {
  return {
    method: request.method,
    url: request.url,
    remoteAddr: options.remoteAddr ?? null,
    header: (name) => request.headers.get(name),
    cookieHeader: request.headers.get("cookie"),
  };
}

/**
 * Flask-Login's `after_request` on a Web `Response`: appends the remember cookie to set or delete,
 * if any. Call it before `sessions.commit(session, response)` (it changes the session). Returns
 * the response to send: the same one, or a copy when its headers are immutable.
 *
 * @example
 * ```ts
 * export function POST(request: Request): Response {
 *   const session = sessions.open(request);
 *   const login = manager.open(session, loginRequestFrom(request));
 *   login.logoutUser(); // also deletes the remember cookie, if the request has one
 *   return sessions.commit(session, commitLogin(login, Response.json({ ok: true })));
 * }
 * ```
 */
export function commitLogin(login: LoginContext<unknown>, response: Response): Response {
  const setCookie = login.updateRememberCookie();
  if (setCookie === null) return response;
  try {
    response.headers.append("Set-Cookie", setCookie);
    return response;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // Immutable headers (Response.redirect(), a fetch() result): a copy that can take the cookie.
    const copy = new Response(response.body, response);
    copy.headers.append("Set-Cookie", setCookie);
    return copy;
  }
}

/**
 * The {@link CsrfRequest} of a Web `Request`, for {@link CSRFProtect.checkRequest}: the form is
 * read from a clone (the handler can still read the body), only for the form media types Flask
 * reads (`application/x-www-form-urlencoded`, `multipart/form-data`); a body that does not parse
 * counts as no form. `secure` and `host` come from the URL unless given (behind a proxy, give
 * what Flask sees).
 *
 * @example
 * ```ts
 * export async function POST(request: Request): Promise<Response> {
 *   const session = sessions.open(request);
 *   const error = csrf.checkRequest(await csrfRequestFrom(request), session);
 *   if (error) return new Response(error.message, { status: 400 }); // Flask-WTF's message
 *   const form = await request.formData();                           // the body is still there
 *   return Response.json({ saved: form.get("title") });
 * }
 * ```
 */
export async function csrfRequestFrom(
  request: Request,
  options: { secure?: boolean; host?: string | null } = {},
): Promise<CsrfRequest> {
  const url = new URL(request.url);
  const contentType = request.headers.get("content-type");
  let form: CsrfFormFields | null = null;
  if (isFormContentType(contentType) && request.body !== null && !request.bodyUsed) {
    try {
      const pairs: [string, unknown][] = [];
      const clone = request.clone();
      if (isUrlEncodedContentType(contentType)) new URLSearchParams(await clone.text()).forEach((v, k) => pairs.push([k, v]));
      else (await clone.formData()).forEach((v, k) => pairs.push([k, v]));
      form = pairs;
    } catch {
      form = null; // a body that does not parse: no form, as Werkzeug gives an empty one
    }
  }
  return {
    method: request.method,
    header: (name) => request.headers.get(name),
    form,
    secure: options.secure ?? url.protocol === "https:",
    host: options.host !== undefined ? options.host : (request.headers.get("host") ?? url.host),
  };
}
