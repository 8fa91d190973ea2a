/**
 * What Flask-Login and Flask-WTF read from a Node request (`node:http`'s `IncomingMessage`,
 * which Express, Koa and Fastify all wrap): headers by name, the client's address, the URL, and
 * whether a body is a form. Shared by the Express, Koa and Fastify adapters.
 * @internal
 * @module
 */
import type { IncomingMessage } from "node:http";
import { FlaskSession, type SessionData } from "../flask/session.js";
import type { LoginRequest } from "../flask/login/identifier.js";
import type { CsrfFormFields, CsrfRequest } from "../flask/wtf/protect.js";
import { isFormContentType } from "./form.js";

/** How an app tells the adapters the client's address (Flask's `request.remote_addr`). */
export type RemoteAddr<R> = (request: R) => string | null | undefined;

/** A Node request header by name, `null` when absent (repeated headers come joined, as Node joins them). */
export function nodeHeader(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The socket's peer address (Flask's `request.remote_addr` without a proxy fix). */
export function socketAddress(req: IncomingMessage): string | null {
  return req.socket?.remoteAddress ?? null;
}

/** The {@link LoginRequest} of a Node request. */
export function nodeLoginRequest(req: IncomingMessage, url: string, remoteAddr: string | null): LoginRequest {
  return {
    method: req.method ?? "GET",
    url,
    remoteAddr,
    header: (name) => nodeHeader(req, name),
    cookieHeader: nodeHeader(req, "cookie"),
  };
}

/** A parsed body as form fields, when the request's body is a form and a parser has read it. */
export function parsedForm(req: IncomingMessage, body: unknown): CsrfFormFields | null {
  if (!isFormContentType(nodeHeader(req, "content-type"))) return null;
  if (body === null || typeof body !== "object") return null;
  return body as CsrfFormFields;
}

/** The {@link CsrfRequest} of a Node request. */
export function nodeCsrfRequest(
  req: IncomingMessage,
  form: CsrfFormFields | null,
  secure: boolean,
  host: string | null,
): CsrfRequest {
  return { method: req.method ?? "GET", header: (name) => nodeHeader(req, name), form, secure, host };
}

/** Which requests a CSRF middleware leaves alone: paths (exact), patterns, or a predicate. */
export type CsrfExempt<R> = readonly (string | RegExp)[] | ((request: R) => boolean);

/** Whether `path` (without the query) is exempt under `rules`. */
export function isExemptPath<R>(rules: CsrfExempt<R> | undefined, request: R, path: string): boolean {
  if (rules === undefined) return false;
  if (typeof rules === "function") return rules(request);
  const pathname = path.split("?", 1)[0]!;
  return rules.some((rule) => (typeof rule === "string" ? rule === pathname : rule.test(pathname)));
}

/**
 * A warning, once per middleware, when a form arrives unparsed: Flask reads every form itself;
 * Node needs a body parser before the CSRF middleware, else the token in the form is not seen.
 */
export function unparsedFormWarning(framework: string, parser: string): (req: IncomingMessage, body: unknown) => void {
  let warned = false;
  return (req, body) => {
    if (warned || body !== undefined || !isFormContentType(nodeHeader(req, "content-type"))) return;
    warned = true;
    console.warn(
      `flask-session-cookie csrfProtect (${framework}): a form request arrived with no parsed body, so its ` +
        `csrf_token field cannot be read (only the X-CSRFToken headers). Register ${parser} before csrfProtect.`,
    );
  };
}

/**
 * The request's Flask session, or a `TypeError` saying which middleware to mount first.
 *
 * @param hint - What to do, e.g. "mount flaskSession() before csrfProtect()".
 */
export function requireSession(value: unknown, hint: string): FlaskSession<SessionData> {
  if (!(value instanceof FlaskSession)) throw new TypeError(`Needs the Flask session on the request: ${hint}.`);
  return value as FlaskSession<SessionData>;
}
