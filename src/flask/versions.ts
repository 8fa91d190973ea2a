/**
 * The Flask versions this library follows, and what their session cookies do differently: one
 * table, read by the session interface, the tagged serializer, the session object and the
 * command-line tool (`flaskVersion`), and giving the Werkzeug release line the cookie reader and
 * writer follow (`werkzeugVersion`).
 *
 * Every difference was read in Flask's and Werkzeug's sources of each release and checked against
 * the real releases of scripts/pyenv/envs.json (fixtures/<env>/, test/live/); docs/compatibility.md
 * lists them with the fixture that shows each.
 * @module
 */

import type { WerkzeugVersion } from "./cookie.js";

/**
 * A Flask version: a release line (`"3.1"`, meaning its newest release) or a release (`"3.1.0"`,
 * `"2.3.2"`), from 2.2.0 on.
 */
export type FlaskVersion = `${number}.${number}` | `${number}.${number}.${number}`;

/** What one Flask release does where releases differ. */
export interface FlaskBehaviour {
  /** The release, e.g. `"3.1.3"` (a release line given alone means its newest release). */
  readonly flask: string;
  /** The Werkzeug release line that Flask release runs with (its cookie reader and writer): `"3.1"` is the newest 3.1. */
  readonly werkzeug: "2.2" | "2.3" | "3.0" | "3.1";
  /**
   * Flask 2.2: without `SESSION_COOKIE_DOMAIN`, the cookie's domain comes from `SERVER_NAME`
   * (`.example.com` for `example.com:5000`). 2.3 dropped it.
   */
  readonly domainFromServerName: boolean;
  /**
   * Flask 3.0.1+: `SESSION_COOKIE_DOMAIN = ""` reaches Werkzeug, which writes `Domain=` (before:
   * no Domain).
   */
  readonly emptyDomainWritten: boolean;
  /**
   * Flask 2.2.5+ and 2.3.2+ (CVE-2023-30861): `Vary: Cookie` whenever the session was accessed,
   * and with every cookie sent. Before: only for a non-empty session that was accessed.
   */
  readonly varyWhenAccessed: boolean;
  /**
   * What marks the session accessed: `"values"` (reading a value or changing the data, up to
   * 3.1.2) or `"any"` (any use of `flask.session`, `in` and `len` included: 3.1.3+).
   */
  readonly sessionAccess: "values" | "any";
  /**
   * How tags are decoded: `"objectHook"` while parsing (up to 3.0.0), so the first value of a
   * duplicate key is decoded too and may fail; `"scan"` over the parsed result (3.0.1+).
   */
  readonly untag: "objectHook" | "scan";
  /** Flask 3.1+: `SESSION_COOKIE_PARTITIONED` exists (older Flask never writes `Partitioned`). */
  readonly partitioned: boolean;
  /** Flask 3.1+: `SECRET_KEY_FALLBACKS` exists. */
  readonly secretKeyFallbacks: boolean;
  /**
   * Which key signs when there are fallbacks: `"secretKey"`, or `"lastFallback"` in Flask 3.1.0,
   * which built its key list in the wrong order (GHSA-4grg-w6v8-c28g, fixed in 3.1.1).
   */
  readonly signingKey: "secretKey" | "lastFallback";
}

/**
 * The default `flaskVersion`: the newest release line.
 *
 * @example
 * ```ts
 * new SecureCookieSessionInterface().behaviour.flask; // "3.1.3", the newest release of DEFAULT_FLASK_VERSION
 * ```
 */
export const DEFAULT_FLASK_VERSION = "3.1";

/**
 * The releases checked against real Flask (the pinned environments of scripts/pyenv/envs.json):
 * fixtures from each, and live tests against each. The other releases of these lines follow
 * from reading their sources.
 *
 * @example
 * ```ts
 * VERIFIED_FLASK_VERSIONS.includes(flaskBehaviour("3.1").flask); // true
 * ```
 */
export const VERIFIED_FLASK_VERSIONS: readonly string[] = Object.freeze(["2.2.5", "2.3.3", "3.0.3", "3.1.0", "3.1.3"]);

/** Each release line: its newest release (or the newest known) and its Werkzeug. */
const LINES: Readonly<Record<string, { newest: number; openEnded: boolean; werkzeug: FlaskBehaviour["werkzeug"] }>> = {
  "2.2": { newest: 5, openEnded: false, werkzeug: "2.2" },
  "2.3": { newest: 3, openEnded: false, werkzeug: "2.3" },
  "3.0": { newest: 3, openEnded: false, werkzeug: "3.0" },
  // Later 3.1 releases are taken to behave as 3.1.3 until one is known not to.
  "3.1": { newest: 3, openEnded: true, werkzeug: "3.1" },
};

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?$/;

/** `[major, minor, patch]` of a release, for comparisons. */
function atLeast(release: readonly number[], major: number, minor: number, patch = 0): boolean {
  const [a, b, c] = release as [number, number, number];
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

function unsupported(version: unknown): TypeError {
  const lines = Object.keys(LINES);
  return new TypeError(
    `flaskVersion ${JSON.stringify(version)} is not supported: give a release line (${lines.map((l) => `"${l}"`).join(", ")}) ` +
      `or a release of one ("2.2.5", "3.1.0"); verified against real Flask: ${VERIFIED_FLASK_VERSIONS.join(", ")}.`,
  );
}

/**
 * What `version` of Flask does where versions differ.
 *
 * @param version - A release line (`"3.1"`: its newest release) or a release (`"3.1.0"`); default
 *   {@link DEFAULT_FLASK_VERSION}.
 * @throws TypeError for a version before 2.2, an unknown release line or a malformed version.
 * @example
 * ```ts
 * flaskBehaviour("3.1.0").signingKey;      // "lastFallback"
 * flaskBehaviour("2.2").werkzeug;           // "2.2"
 * flaskBehaviour().sessionAccess;           // "any" (3.1.3: `in` and `len` count as access)
 * ```
 */
export function flaskBehaviour(version: FlaskVersion | string = DEFAULT_FLASK_VERSION): FlaskBehaviour {
  const match = typeof version === "string" ? VERSION.exec(version) : null;
  if (!match) throw unsupported(version);
  const line = `${Number(match[1])}.${Number(match[2])}`;
  const known = LINES[line];
  if (!known) throw unsupported(version);
  const patch = match[3] === undefined ? known.newest : Number(match[3]);
  if (patch > known.newest && !known.openEnded) throw unsupported(version);
  const release = [Number(match[1]), Number(match[2]), patch];
  return Object.freeze({
    flask: `${line}.${patch}`,
    werkzeug: known.werkzeug,
    domainFromServerName: !atLeast(release, 2, 3),
    emptyDomainWritten: atLeast(release, 3, 0, 1),
    varyWhenAccessed: line === "2.2" ? patch >= 5 : atLeast(release, 2, 3, 2),
    sessionAccess: atLeast(release, 3, 1, 3) ? "any" : "values",
    untag: atLeast(release, 3, 0, 1) ? "scan" : "objectHook",
    partitioned: atLeast(release, 3, 1),
    secretKeyFallbacks: atLeast(release, 3, 1),
    signingKey: line === "3.1" && patch === 0 ? "lastFallback" : "secretKey",
  });
}

/** What a Werkzeug release does where releases differ, for the session layer (the cookie reader and writer: src/flask/cookie/). */
export interface WerkzeugBehaviour {
  /**
   * Werkzeug 3.1+: the session's `CallbackDict(initial)` takes only `None` as no data, so a
   * signed payload that is falsy but not iterable (`0`, `false`, `0.0`) fails (TypeError: Flask
   * answers 500). Up to 3.0, `initial or ()` made it an empty session.
   */
  readonly emptySessionOnlyFromNone: boolean;
}

/**
 * What Werkzeug `version` (`"3.1"` or `"3.1.3"`) does where releases differ.
 *
 * @throws TypeError for a malformed version.
 * @example
 * ```ts
 * werkzeugBehaviour("3.1").emptySessionOnlyFromNone; // true
 * ```
 */
export function werkzeugBehaviour(version: WerkzeugVersion): WerkzeugBehaviour {
  const match = VERSION.exec(version);
  if (!match) throw new TypeError(`werkzeugVersion must look like "3.1" or "3.1.3", not ${JSON.stringify(version)}`);
  return Object.freeze({ emptySessionOnlyFromNone: atLeast([Number(match[1]), Number(match[2]), 0], 3, 1) });
}
