/**
 * Flask-WTF's `CSRFProtect`: the check every state-changing request gets (`before_request`):
 * methods `POST`, `PUT`, `PATCH`, `DELETE`; the token from the form field `csrf_token` (or a
 * field ending with it, for prefixed forms), else from the `X-CSRFToken` / `X-CSRF-Token`
 * headers; on HTTPS, a `Referer` of the same origin (`WTF_CSRF_SSL_STRICT`).
 * @module
 */
import type { FlaskSession, SessionData } from "../session.js";
import { CSRFError } from "./csrf-error.js";
import { type CsrfOptions, CsrfTokens } from "./csrf.js";
import { requestHost, sameOriginVerdict } from "./same-origin.js";

/** Options of {@link CSRFProtect}: Flask-WTF's settings in camelCase, with Flask-WTF's defaults. */
export interface CSRFProtectOptions extends CsrfOptions {
  /** `WTF_CSRF_ENABLED`: default `true`; `false` turns the middleware's check off (`protect` still checks). */
  wtfCsrfEnabled?: boolean;
  /** `WTF_CSRF_CHECK_DEFAULT`: default `true`; `false` leaves the check to the routes that call `protect`. */
  wtfCsrfCheckDefault?: boolean;
  /** `WTF_CSRF_METHODS`: default `["POST", "PUT", "PATCH", "DELETE"]` (compared as given, like Python's set). */
  wtfCsrfMethods?: readonly string[];
  /** `WTF_CSRF_HEADERS`: where a token may come from when the form has none; default `["X-CSRFToken", "X-CSRF-Token"]`. */
  wtfCsrfHeaders?: readonly string[];
  /** `WTF_CSRF_SSL_STRICT`: on HTTPS, require a same-origin `Referer`; default `true`. */
  wtfCsrfSslStrict?: boolean;
  /** The Werkzeug the Flask app runs, for `request.host` (from 3.1.7 an invalid `Host` counts as empty); default the newest. */
  werkzeugVersion?: string;
}

/** Form fields as frameworks hand them over: pairs (`URLSearchParams`, `FormData`, a `Map`) or a parsed body object. */
export type CsrfFormFields = Iterable<readonly [string, unknown]> | Readonly<Record<string, unknown>>;

/**
 * What the CSRF check reads from a request; the adapters build it.
 *
 * @example
 * ```ts
 * // About what csrfRequestFrom(request) (flask-session-cookie/web) builds from a Web Request:
 * const url = new URL(request.url);
 * const urlEncoded = request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded");
 * const csrfRequest: CsrfRequest = {
 *   method: request.method,
 *   header: (name) => request.headers.get(name),
 *   form: urlEncoded ? new URLSearchParams(await request.clone().text()) : null, // null when the body is not a form
 *   secure: url.protocol === "https:",
 *   host: request.headers.get("host") ?? url.host,   // "shop.example"
 * };
 * ```
 */
export interface CsrfRequest {
  /** The HTTP method. */
  readonly method: string;
  /** A request header by name (any case), `null` when absent. */
  header(name: string): string | null;
  /**
   * The form fields (Flask's `request.form`) when the body is `application/x-www-form-urlencoded`
   * or `multipart/form-data`, else `null`. Files and other non-text values are not form fields.
   */
  readonly form: CsrfFormFields | null;
  /** Whether the request came over HTTPS (`request.is_secure`). */
  readonly secure: boolean;
  /** The `Host` the request was made to (Flask's `request.host` before Werkzeug drops `:443`). */
  readonly host: string | null;
}

const DEFAULT_METHODS: readonly string[] = ["POST", "PUT", "PATCH", "DELETE"];
const DEFAULT_HEADERS: readonly string[] = ["X-CSRFToken", "X-CSRF-Token"];

function firstText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return typeof value[0] === "string" ? value[0] : undefined;
  return undefined;
}

/** The form as Werkzeug's `MultiDict` shows it: each name once, in order, with its first text value. */
function formFirstValues(form: CsrfFormFields): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const isPairs = typeof (form as Iterable<unknown>)[Symbol.iterator] === "function";
  if (isPairs) {
    for (const entry of form as Iterable<readonly [string, unknown]>) {
      const [name, value] = entry;
      if (!out.has(name)) out.set(name, typeof value === "string" ? value : undefined);
    }
  } else {
    for (const name of Object.keys(form)) out.set(name, firstText((form as Record<string, unknown>)[name]));
  }
  return out;
}

function optionList(name: string, value: readonly string[] | undefined, fallback: readonly string[]): readonly string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
    throw new TypeError(`${name} must be a list of strings.`);
  return Object.freeze([...value]);
}

function optionFlag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be true or false.`);
  return value;
}

/**
 * Flask-WTF's `CSRFProtect`, for Node: the same tokens as {@link CsrfTokens} and the request
 * check of `csrf.protect()`, with Flask-WTF's configuration. The adapters' `csrfProtect`
 * middleware wraps it (with an exemption per route).
 *
 * @example
 * ```ts
 * import { csrfRequestFrom } from "flask-session-cookie/web";
 *
 * const csrf = new CSRFProtect({ secretKey: process.env.SECRET_KEY });
 *
 * export async function POST(request: Request): Promise<Response> {
 *   const session = sessions.open(request);
 *   const error = csrf.checkRequest(await csrfRequestFrom(request), session); // null, or the CSRFError Flask-WTF raises
 *   if (error) return new Response(error.message, { status: 400 });
 *   return Response.json({ ok: true });
 * }
 * ```
 */
export class CSRFProtect extends CsrfTokens {
  /** `WTF_CSRF_ENABLED`. */
  readonly enabled: boolean;
  /** `WTF_CSRF_CHECK_DEFAULT`. */
  readonly checkDefault: boolean;
  /** `WTF_CSRF_METHODS`. */
  readonly methods: readonly string[];
  /** `WTF_CSRF_HEADERS`. */
  readonly headers: readonly string[];
  /** `WTF_CSRF_SSL_STRICT`. */
  readonly sslStrict: boolean;
  readonly #werkzeugVersion: string | undefined;

  /**
   * @param options - Flask-WTF's settings in camelCase.
   * @throws TypeError for a missing key or an option of the wrong type.
   */
  constructor(options: CSRFProtectOptions) {
    super(options);
    this.enabled = optionFlag("wtfCsrfEnabled", options.wtfCsrfEnabled, true);
    this.checkDefault = optionFlag("wtfCsrfCheckDefault", options.wtfCsrfCheckDefault, true);
    this.methods = optionList("wtfCsrfMethods", options.wtfCsrfMethods, DEFAULT_METHODS);
    this.headers = optionList("wtfCsrfHeaders", options.wtfCsrfHeaders, DEFAULT_HEADERS);
    this.sslStrict = optionFlag("wtfCsrfSslStrict", options.wtfCsrfSslStrict, true);
    this.#werkzeugVersion = options.werkzeugVersion;
  }

  /** Whether the middleware checks requests by itself (`WTF_CSRF_ENABLED` and `WTF_CSRF_CHECK_DEFAULT`). */
  get checksByDefault(): boolean {
    return this.enabled && this.checkDefault;
  }

  /**
   * `CSRFProtect._get_csrf_token()`: the form field (its first non-empty value), else the first
   * non-empty field whose name ends with it, else the first non-empty header of `wtfCsrfHeaders`.
   */
  csrfTokenOf(request: CsrfRequest): string | null {
    if (request.form) {
      const fields = formFirstValues(request.form);
      const base = fields.get(this.fieldName);
      if (base) return base;
      for (const [name, value] of fields) if (name.endsWith(this.fieldName) && value) return value;
    }
    for (const name of this.headers) {
      const value = request.header(name);
      if (value) return value;
    }
    return null;
  }

  /**
   * `csrf.protect()` as a verdict: `null` when the request passes (or its method is not checked),
   * else the {@link CSRFError} Flask-WTF raises, in Flask-WTF's order (the token first, then the
   * Referer). Never throws for any request.
   */
  checkRequest(request: CsrfRequest, session: FlaskSession<SessionData>): CSRFError | null {
    if (!this.methods.includes(request.method)) return null;
    const error = this.checkCsrf(this.csrfTokenOf(request), session);
    if (error) return error;
    if (request.secure && this.sslStrict) {
      const referrer = request.header("Referer");
      if (!referrer) return new CSRFError("referrer-missing");
      const good = `https://${requestHost(request.host, "https", this.#werkzeugVersion)}/`;
      // Where Python raises (a Referer it cannot parse: Flask answers 500) the request is refused too.
      if (sameOriginVerdict(referrer, good) !== true) return new CSRFError("referrer-mismatch");
    }
    return null;
  }

  /**
   * `csrf.protect()`: checks a request.
   *
   * @throws CSRFError with Flask-WTF's message (status 400) when it does not pass.
   */
  protect(request: CsrfRequest, session: FlaskSession<SessionData>): void {
    const error = this.checkRequest(request, session);
    if (error) throw error;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      enabled: this.enabled,
      checkDefault: this.checkDefault,
      methods: this.methods,
      headers: this.headers,
      sslStrict: this.sslStrict,
    };
  }
}
