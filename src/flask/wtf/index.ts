/**
 * Flask-WTF's CSRF protection for Node (`flask_wtf.csrf`): tokens, their check, and the request
 * check of `CSRFProtect`, with Flask-WTF's messages. No Node built-ins.
 * @module
 */
export { CSRFError, CSRF_MESSAGES, type CSRFErrorReason } from "./csrf-error.js";
export { CsrfTokens, generateCsrf, validateCsrf, type CsrfOptions } from "./csrf.js";
export { CSRFProtect, type CSRFProtectOptions, type CsrfRequest, type CsrfFormFields } from "./protect.js";
export { sameOrigin, sameOriginVerdict, requestHost } from "./same-origin.js";
