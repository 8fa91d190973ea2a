/**
 * The Flask-Login and Flask-WTF fixtures of every pinned environment (fixtures/<env>/flask-login.json
 * and flask-wtf.json, written by scripts/gen_login_fixtures.py from the real packages), and the
 * mapping from the Flask config a case names to this library's options.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { envNames } from "../../scripts/python.mjs";
import { dumpCookie, parseCookie, type DumpCookieOptions, type StrOrBytes } from "../../src/index.js";
import { hexToBytes, type Typed } from "./typed.js";

/** What every fixture records about the Python that made it. */
export interface GeneratedBy {
  env: string;
  python: string;
  flask: string;
  werkzeug: string;
  itsdangerous: string;
  "flask-login": string;
  "flask-wtf": string;
}

/** A secret as the fixtures write it: text, or `{ bytes: hex }`. */
export type TypedSecret = string | { bytes: string };

export function secretOf(secret: TypedSecret): StrOrBytes {
  return typeof secret === "string" ? secret : hexToBytes(secret.bytes);
}

/** One request of a scenario, as Python sent it and what came back. */
export interface ScenarioStep {
  request: { method: string; path: string; url: string; remoteAddr: string; headers: [string, string][]; now: number };
  action: Record<string, unknown> | null;
  status: number;
  location: string | null;
  result: unknown;
  setCookie: string[];
  saved: { session: { dict: [string, Typed][] }; modified: boolean } | null;
}

export interface LoginFixture {
  generatedBy: GeneratedBy;
  now: number;
  secretKey: string;
  users: Record<string, boolean>;
  rememberEncode: { secretKey: TypedSecret; userId: string; cookie: string }[];
  rememberKeyRefused: { secretKey: string; userId: string; result: { error: string; message: string } | null };
  rememberDecode: { secretKey: string; cookie: string; result: string | null | { error: string; message: string } }[];
  identifiers: { remoteAddr: string | null; headers: [string, string][]; "0.6": string; "0.7": string; "0.7Source": string }[];
  loginUrl: { loginView: string; nextUrl: string | null; forceHost?: string; url: string }[];
  scenarios: { name: string; config: Record<string, unknown>; manager: Record<string, unknown>; steps: ScenarioStep[] }[];
}

export interface WtfFixture {
  generatedBy: GeneratedBy;
  now: number;
  secretKey: string;
  raw: string;
  generate: {
    config: Record<string, unknown>;
    sessionToken: Typed | "<missing>";
    now: number;
    token: string;
    sessionAfter: Typed;
    regenerated: boolean;
    sameTokenInRequest: boolean;
  }[];
  validate: {
    name: string;
    data: string | null;
    sessionToken: Typed | "<missing>";
    now: number;
    config: Record<string, unknown>;
    verdict: "ok" | { reason: string } | { error: string; message: string };
  }[];
  protect: {
    name: string;
    method: string;
    path: string;
    form: [string, string][] | null;
    files: [string, string][] | null;
    json: unknown;
    headers: [string, string][];
    secure: boolean;
    host: string;
    config: Record<string, unknown>;
    sessionToken: string | "<missing>";
    verdict: { status: number; reason: string | null; error: string | null; host: string | null };
  }[];
  sameOrigin: { current: string; compare: string; result: boolean | "error" }[];
  requestHost: { scheme: "http" | "https"; host: string; result: string | { error: string } }[];
}

export const MISSING = "<missing>";

function load<T>(env: string, name: string): T {
  const url = new URL(`../../fixtures/${env}/${name}`, import.meta.url);
  try {
    return JSON.parse(readFileSync(url, "utf8")) as T;
  } catch (error) {
    throw new Error(
      `fixtures/${env}/${name} is missing or unreadable: run \`npm run fixtures\` (scripts/gen_login_fixtures.py)`,
      {
        cause: error,
      },
    );
  }
}

/** `[env, fixture]` for every pinned environment, oldest Flask first. */
export function loginFixtures(): [string, LoginFixture][] {
  return envNames().map((env) => [env, load<LoginFixture>(env, "flask-login.json")]);
}

/** `[env, fixture]` for every pinned environment, oldest Flask first. */
export function wtfFixtures(): [string, WtfFixture][] {
  return envNames().map((env) => [env, load<WtfFixture>(env, "flask-wtf.json")]);
}

/** `SESSION_PROTECTION` → `sessionProtection`: Flask's config names in camelCase. */
export function camelCase(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
}

/** A case's Flask config as this library's options (secrets decoded, names camelCased). */
export function optionsOf(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    out[camelCase(name)] = /SECRET_KEY$/.test(name) && value !== null ? secretOf(value as TypedSecret) : value;
  }
  return out;
}

/** Headers as a case lists them, looked up by name in any case (`null` when absent). */
export function headerLookup(headers: readonly (readonly [string, string])[]): (name: string) => string | null {
  return (name) => headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null;
}

/**
 * Whether `dumpCookie` writes the Werkzeug it is told (`werkzeugVersion`, from the matrix issue):
 * Werkzeug 2.3 quotes fewer values (`user@example.com` stays bare) and drops a domain's leading dot.
 */
export const DUMP_COOKIE_FOLLOWS_WERKZEUG = dumpCookie("k", "a@b", {
  werkzeugVersion: "3.1.9",
} as DumpCookieOptions).header.startsWith("k=a@b;");
let warned = false;

/** What a browser keeps of a `Set-Cookie`: name, value as read back, attributes (a domain's leading dot dropped, as browsers do). */
function cookieMeaning(header: string) {
  const [pair, ...attributes] = header.split("; ");
  const name = pair!.split("=", 1)[0]!;
  return { name, value: parseCookie(pair).get(name), attributes: attributes.map((a) => a.replace(/^Domain=\./, "Domain=")) };
}

/**
 * Checks Set-Cookie headers against Python's: byte for byte, except for a Werkzeug 2.3+ fixture
 * while `dumpCookie` writes Werkzeug 2.2's quoting only; then the headers must mean the same to
 * a browser (same name, value read back and attributes), and a warning says what is not checked.
 */
export function expectSetCookies(actual: readonly string[], expected: readonly string[], werkzeug: string, where: string): void {
  const before23 = /^2\.[0-2]\./.test(werkzeug) || /^[01]\./.test(werkzeug);
  if (before23 || DUMP_COOKIE_FOLLOWS_WERKZEUG) {
    expect(actual, where).toEqual(expected);
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(
      `Set-Cookie of Werkzeug ${werkzeug}: compared as a browser reads it, not byte for byte, until dumpCookie takes werkzeugVersion (issue 14/11).`,
    );
  }
  expect(actual.map(cookieMeaning), where).toEqual(expected.map(cookieMeaning));
}
