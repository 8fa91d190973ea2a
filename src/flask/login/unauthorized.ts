/**
 * The error the adapters' `loginRequired` guards raise when Flask-Login would `abort(401)`.
 * @module
 */

/**
 * Nobody is logged in (`reason: "unauthorized"`), or the login is not fresh
 * (`"needsRefresh"`), and no login (refresh) view is set: Flask-Login's `abort(401)`. `status`
 * and `statusCode` are 401, so Express, Koa and Fastify answer 401 as Flask does.
 *
 * @example
 * ```ts
 * import express, { type ErrorRequestHandler } from "express";
 * import { Unauthorized } from "flask-session-cookie/express";
 *
 * const app = express();
 * // ... flaskSession(), flaskLogin() and routes guarded by loginRequired(), then:
 * const onError: ErrorRequestHandler = (error, req, res, next) => {
 *   if (error instanceof Unauthorized) res.status(401).json({ login: "/login" });
 *   else next(error);
 * };
 * app.use(onError);
 * ```
 */
export class Unauthorized extends Error {
  /** Which guard refused. */
  readonly reason: "unauthorized" | "needsRefresh";
  /** 401. */
  readonly status = 401;
  /** 401 (the name Fastify and `http-errors` read). */
  readonly statusCode = 401;
  /** The message may be shown to the client (Koa's error handler does). */
  readonly expose = true;

  /** @param reason - Which guard refused. */
  constructor(reason: "unauthorized" | "needsRefresh" = "unauthorized") {
    // Werkzeug's Unauthorized description, as Flask's 401 page shows it.
    super(
      "The server could not verify that you are authorized to access the URL requested. You either supplied " +
        "the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the " +
        "credentials required.",
    );
    this.name = "Unauthorized";
    this.reason = reason;
  }
}
