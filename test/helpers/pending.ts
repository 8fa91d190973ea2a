/**
 * The checks that wait for src/flask/cookie.ts to follow the Werkzeug version (issue 14: the
 * `werkzeugVersion` option of parseCookie, findCookie and dumpCookie, built on another branch).
 * Until it lands, the cookie reader follows Werkzeug 2.2 and the writer keeps a domain's leading
 * dot and accepts a domain without a dot, so these records of real Werkzeug differ from ours.
 *
 * Each entry is checked to *still differ*: once the option is connected
 * (SecureCookieSessionInterface.werkzeugVersion passed to those calls), the entries fail and are
 * deleted, and the checks become ordinary ones. Nothing else may be listed here.
 */
import { expect } from "vitest";

/**
 * Werkzeug 2.3+ drops a leading dot from the cookie domain (`.example.com` → `example.com`), and
 * reads a Cookie header with another parser (3.1.9 with yet another one), refusing one that is
 * not UTF-8.
 */
const WERKZEUG_2_3 = [
  "flask-set-cookie.json domain-leading-dot",
  "flask-set-cookie.json delete-with-domain-path",
  "python-semantics.json parse_cookie",
  "live leading-dot domain",
];

/** By environment: the records that need a Werkzeug-exact cookie reader or writer. */
export const PENDING_COOKIE_WORK: Readonly<Record<string, readonly string[]>> = {
  // Werkzeug 2.2 refuses a domain without a dot (ValueError, so Flask answers 500).
  "flask-2.2": ["flask-set-cookie.json domain-localhost"],
  "flask-2.3": WERKZEUG_2_3,
  "flask-3.0": WERKZEUG_2_3,
  "flask-3.1.0": WERKZEUG_2_3,
  "flask-3.1": WERKZEUG_2_3,
};

/**
 * Runs `check`, or, for a listed record, checks that it still fails (so the list cannot go stale).
 *
 * @param table - The environment whose record it is (a fixture's generatedBy).
 * @param id - `"<file> <case id>"`.
 */
export function pendingCookieWork(table: { env: string }, id: string, check: () => void): void {
  if (!(PENDING_COOKIE_WORK[table.env] ?? []).includes(id)) {
    check();
    return;
  }
  expect(check, `${table.env} ${id} waits for werkzeugVersion in src/flask/cookie.ts; if it passes now, delete it from test/helpers/pending.ts`).toThrow();
}
