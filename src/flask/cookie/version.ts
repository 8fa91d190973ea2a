/**
 * Which Werkzeug a cookie is read or written for. Werkzeug changed its `Cookie` header reader
 * twice (2.3, 3.1.9) and its `Set-Cookie` writer twice (2.3, 3.1): docs/compatibility.md lists
 * every difference, with the fixture rows that show it.
 * @module
 */

/**
 * A Werkzeug release: `"major.minor"` means the newest release of that series (as `pip install
 * "werkzeug~=3.1.0"` would give), `"major.minor.patch"` a given one. Releases from 2.2 on are
 * known; a later one than this library knows is read and written as the newest it knows.
 *
 * Verified against real Werkzeug: 2.2.3, 2.3.8, 3.0.6, 3.1.3 and 3.1.9 (fixtures/<env>/werkzeug-cookies.json).
 *
 * | version           | `Cookie` header reader | `Set-Cookie` writer |
 * |-------------------|------------------------|---------------------|
 * | 2.2.x             | `"2.2"`                | `"2.2"`             |
 * | 2.3.x, 3.0.x      | `"2.3"`                | `"2.3"`             |
 * | 3.1.0 - 3.1.8     | `"2.3"`                | `"3.1"` (Partitioned) |
 * | 3.1.9 and later, `"3.1"` | `"3.1.9"`       | `"3.1"`             |
 */
export type WerkzeugVersion = "2.2" | "2.3" | "3.0" | "3.1" | `${number}.${number}.${number}`;

/**
 * The version used when none is given: the newest release of the newest series.
 *
 * @example
 * ```ts
 * const header = request.headers.get("cookie");
 * parseCookie(header); // the same as parseCookie(header, { werkzeugVersion: LATEST_WERKZEUG })
 * ```
 */
export const LATEST_WERKZEUG: WerkzeugVersion = "3.1";

/** How a Werkzeug release reads a `Cookie` header, named by the first release that read it so. */
export type CookieReader = "2.2" | "2.3" | "3.1.9";

/** How a Werkzeug release writes `Set-Cookie`, named by the first release that wrote it so. */
export type CookieWriter = "2.2" | "2.3" | "3.1";

/** The cookie code of one Werkzeug release. */
export interface WerkzeugCookieRules {
  /** The `Cookie` header reader (`werkzeug.sansio.http.parse_cookie`, what `request.cookies` holds). */
  reader: CookieReader;
  /** The `Set-Cookie` writer (`werkzeug.http.dump_cookie`). */
  writer: CookieWriter;
}

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?$/;

/**
 * The cookie reader and writer of a Werkzeug release (see {@link WerkzeugVersion} for the table).
 *
 * @throws TypeError for a version that is not `"major.minor"` or `"major.minor.patch"`, or is
 *   older than 2.2 (Flask 2.2's own minimum).
 * @example
 * ```ts
 * werkzeugCookieRules("3.1.3"); // { reader: "2.3", writer: "3.1" }
 * werkzeugCookieRules("3.1");   // { reader: "3.1.9", writer: "3.1" }
 * ```
 */
export function werkzeugCookieRules(version: WerkzeugVersion = LATEST_WERKZEUG): WerkzeugCookieRules {
  const match = typeof version === "string" ? VERSION.exec(version) : null;
  if (!match) throw new TypeError(`werkzeugVersion must look like "3.1" or "3.1.3", not ${JSON.stringify(version)}`);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const patch = match[3] === undefined ? Infinity : Number(match[3]);
  const at = (a: number, b: number, c = 0) => major > a || (major === a && (minor > b || (minor === b && patch >= c)));
  if (!at(2, 2)) throw new TypeError(`Werkzeug ${version} is older than 2.2, the oldest this library follows`);
  return {
    reader: at(3, 1, 9) ? "3.1.9" : at(2, 3) ? "2.3" : "2.2",
    writer: at(3, 1) ? "3.1" : at(2, 3) ? "2.3" : "2.2",
  };
}
