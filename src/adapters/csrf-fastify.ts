/**
 * Flask-WTF's CSRF protection for Fastify: the `csrfProtect` plugin checks every `POST`, `PUT`,
 * `PATCH` and `DELETE` in a `preHandler` (after the body is parsed) as `CSRFProtect` does,
 * answering 400 with Flask-WTF's message, and gives `request.csrfToken()`. Register it after
 * `flaskSession`; a route opts out with `config: { csrfExempt: true }`.
 * @module
 */
import type { FastifyPluginCallback, FastifyRequest } from "fastify";
import { CSRFProtect, type CSRFProtectOptions, type CsrfRequest } from "../flask/wtf/protect.js";
import { type CsrfExempt, isExemptPath, nodeCsrfRequest, parsedForm, requireSession, unparsedFormWarning } from "./login-node.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Flask-WTF's `generate_csrf()` for this request: the same token on every call (from `csrfProtect`). */
    csrfToken: () => string;
  }
  interface FastifyContextConfig {
    /** Leave this route's requests unchecked by `csrfProtect` (Flask-WTF's `@csrf.exempt`). */
    csrfExempt?: boolean;
  }
}

/** Options of the {@link csrfProtect} plugin: Flask-WTF's settings (or a `CSRFProtect`), and exemptions. */
export type FastifyCsrfOptions = (
  | CSRFProtectOptions
  | {
      /** A `CSRFProtect` built beforehand (to share it, or to generate tokens outside requests). */
      csrf: CSRFProtect;
    }
) & {
  /** Routes left unchecked besides those with `config.csrfExempt`: exact paths, patterns, or a predicate. */
  exempt?: CsrfExempt<FastifyRequest>;
};

const sessionOf = (request: FastifyRequest) => requireSession(request.session, "register flaskSession before csrfProtect");

/**
 * The {@link CsrfRequest} of a Fastify request (`request.protocol` and `request.host` follow
 * `trustProxy`, as Flask's do behind ProxyFix).
 */
export function fastifyCsrfRequest(request: FastifyRequest): CsrfRequest {
  return nodeCsrfRequest(request.raw, parsedForm(request.raw, request.body), request.protocol === "https", request.host || null);
}

function plugin(...[fastify, options, done]: Parameters<FastifyPluginCallback<FastifyCsrfOptions>>): void {
  let csrf: CSRFProtect;
  try {
    csrf =
      "csrf" in options && options.csrf instanceof CSRFProtect ? options.csrf : new CSRFProtect(options as CSRFProtectOptions);
  } catch (error) {
    done(error as Error);
    return;
  }
  const rules = options.exempt;
  const warnUnparsed = unparsedFormWarning("Fastify", "@fastify/formbody (or @fastify/multipart)");
  fastify.decorateRequest("csrfToken", null as unknown as () => string);
  fastify.addHook("onRequest", (request, _reply, next) => {
    let token: string | undefined;
    request.csrfToken = () => (token ??= csrf.generateCsrf(sessionOf(request)));
    next();
  });
  fastify.addHook("preHandler", (request, _reply, next) => {
    if (!csrf.checksByDefault || request.routeOptions.config?.csrfExempt === true) return next();
    if (isExemptPath(rules, request, request.raw.url ?? "/")) return next();
    try {
      warnUnparsed(request.raw, request.body);
      next(csrf.checkRequest(fastifyCsrfRequest(request), sessionOf(request)) ?? undefined);
    } catch (error) {
      next(error as Error);
    }
  });
  done();
}

/**
 * Fastify plugin for Flask-WTF's `CSRFProtect`: `request.csrfToken()` gives the token for forms
 * (field `csrf_token`) or the `X-CSRFToken` header; every request whose method is in
 * `wtfCsrfMethods` must carry a valid one (and on HTTPS a same-origin `Referer`), else the reply
 * is a 400 with Flask-WTF's message (a {@link CSRFError}). Register it after `flaskSession` (and
 * `@fastify/formbody` for HTML forms).
 *
 * @example
 * ```ts
 * import Fastify from "fastify";
 * import formbody from "@fastify/formbody";
 * import { flaskSession, csrfProtect } from "flask-session-cookie/fastify";
 *
 * const app = Fastify();
 * await app.register(flaskSession, { secretKey });
 * await app.register(formbody);
 * await app.register(csrfProtect, { secretKey });
 * app.get("/form", async (request, reply) =>
 *   reply.type("text/html").send(`<form method="post"><input type="hidden" name="csrf_token" value="${request.csrfToken()}"></form>`),
 * );
 * app.post("/webhook", { config: { csrfExempt: true } }, async () => ({ ok: true })); // signed by its sender instead
 * ```
 */
export const csrfProtect: FastifyPluginCallback<FastifyCsrfOptions> = Object.assign(plugin, {
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "flask-session-cookie-csrf",
  [Symbol.for("plugin-meta")]: { name: "flask-session-cookie-csrf" },
});
