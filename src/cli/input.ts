/**
 * What the user pasted: a bare cookie value, a `name=value` pair, a whole `Cookie:` or
 * `Set-Cookie:` header line (also as `curl -v` prints it, with `>` / `<`), given as an argument
 * or on stdin.
 * @module
 */
import { decodeUtf8 } from "../lib/bytes.js";
import { parseCookie } from "../flask/cookie.js";
import { strRepr } from "../lib/python.js";
import { type OptionSpecs, UsageError } from "./args.js";
import type { CliIO } from "./io.js";

/** The option that picks a cookie out of a header with several. */
export const cookieOptions = {
  "cookie-name": {
    type: "string",
    value: "NAME",
    help: "the cookie to take from a header with several (SESSION_COOKIE_NAME; default: session)",
  },
} as const satisfies OptionSpecs;

/** Where a cookie value was found. */
export type CookieSource = "value" | "pair" | "cookie-header" | "set-cookie-header";

/** A cookie value and where it was found. */
export interface CookieInput {
  /** The cookie's value: the token. */
  readonly value: string;
  /** The cookie's name, when the input had one. */
  readonly name: string | null;
  /** What kind of input it came from. */
  readonly source: CookieSource;
}

/**
 * The text of the one positional argument, or of stdin when it is `-` or missing (a terminal is
 * read only for an explicit `-`).
 *
 * @throws UsageError when there are several arguments, none and stdin is a terminal, or stdin
 *   is not UTF-8.
 * @example
 * ```ts
 * readArgumentOrStdin(args.positionals, io, "a cookie");
 * ```
 */
export function readArgumentOrStdin(positionals: readonly string[], io: CliIO, what: string): string {
  if (positionals.length > 1) {
    throw new UsageError(`expected one argument (${what}), got ${positionals.length}; quote it if it has spaces`);
  }
  const arg = positionals[0];
  if (arg !== undefined && arg !== "-") return arg;
  if (arg === undefined && io.stdinIsTTY) throw new UsageError(`no ${what} given (as an argument, or on stdin)`);
  let bytes: Uint8Array;
  try {
    bytes = io.readStdin();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`cannot read stdin${typeof code === "string" ? ` (${code})` : ""} (expected ${what})`);
  }
  try {
    return decodeUtf8(bytes);
  } catch {
    throw new UsageError(`stdin is not UTF-8 text (expected ${what})`);
  }
}

const HEADER = /^(set-cookie|cookie)\s*:\s*/i;
// A cookie pair starts with a name that has no "." (a token's first "=" comes after a ".").
const PAIR = /^[^=.;,\s"]+=/;

function pick(cookies: Map<string, string>, wanted: string | undefined, source: CookieSource): CookieInput {
  const name = wanted ?? "session";
  const value = cookies.get(name);
  if (value !== undefined) return { value, name, source };
  if (wanted === undefined && cookies.size === 1) {
    const [only] = cookies;
    return { value: only![1], name: only![0], source };
  }
  const names = [...cookies.keys()].map(strRepr).join(", ");
  throw new UsageError(
    cookies.size === 0
      ? "no cookie found in the input"
      : `no cookie named ${wanted === undefined ? "'session'" : "as --cookie-name says"} in the input (it has ${names}); pick one with --cookie-name`,
  );
}

/** The cookie in one line of input (see {@link extractCookie}). */
function fromLine(line: string, cookieName: string | undefined): CookieInput {
  const header = HEADER.exec(line);
  let found: CookieInput;
  if (header) {
    const rest = line.slice(header[0].length);
    if (header[1]!.toLowerCase() === "set-cookie") {
      // Set-Cookie: name=value; Attr; Attr=...: the cookie is the first pair.
      found = pick(parseCookie(rest.split(";", 1)[0]), undefined, "set-cookie-header");
      if (cookieName !== undefined && found.name !== cookieName) {
        throw new UsageError("the Set-Cookie header sets another cookie than --cookie-name says");
      }
    } else {
      found = pick(parseCookie(rest), cookieName, "cookie-header");
    }
  } else if (line.includes(";") || PAIR.test(line) || (cookieName !== undefined && line.startsWith(`${cookieName}=`))) {
    found = pick(parseCookie(line), cookieName, "pair");
  } else {
    found = { value: line.replace(/^"(.*)"$/, "$1"), name: null, source: "value" };
  }
  if (found.value === "") {
    throw new UsageError(
      found.source === "set-cookie-header"
        ? "the Set-Cookie header deletes the cookie: its value is empty"
        : "the cookie is empty",
    );
  }
  if (/\s/.test(found.value)) throw new UsageError("the cookie has spaces in it: paste it whole, on one line");
  return found;
}

/**
 * The cookie value in `text`. A `Cookie:` header or a list of pairs gives the cookie named
 * `cookieName` (default `session`, or the only one); a `Set-Cookie:` header gives its cookie; any
 * other text is the value itself (surrounding quotes removed). Of several lines (response
 * headers, `curl -v` output with `>` / `<`), the one `Cookie:` or `Set-Cookie:` line with the
 * wanted cookie is taken.
 *
 * @throws UsageError when there is no cookie, the cookie is empty (a deletion `Set-Cookie`), the
 *   wanted one is missing, or several lines hold it.
 * @example
 * ```ts
 * extractCookie("Cookie: theme=dark; session=eyJ...", undefined).value; // "eyJ..."
 * ```
 */
export function extractCookie(text: string, cookieName: string | undefined): CookieInput {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/^[<>]\s+/, "").trim())
    .filter((line) => line !== "");
  if (lines.length === 0) throw new UsageError("the input is empty");
  if (lines.length === 1) return fromLine(lines[0]!, cookieName);
  const wanted = cookieName ?? "session";
  const found: CookieInput[] = [];
  for (const line of lines) {
    if (!HEADER.test(line)) continue;
    try {
      const cookie = fromLine(line, wanted);
      if (cookie.name === wanted) found.push(cookie);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
    }
  }
  if (found.length === 1) return found[0]!;
  throw new UsageError(
    found.length === 0
      ? `the input has several lines and no Cookie:/Set-Cookie: line with the ${cookieName === undefined ? "'session' cookie" : "cookie --cookie-name names"}`
      : "the input has several Cookie:/Set-Cookie: lines with the cookie: give one",
  );
}
