/**
 * How Werkzeug writes a cookie's `Path`: 2.2 runs it through `werkzeug.urls.iri_to_uri` (a
 * whole URL parse, so a path with a scheme or `//` is rewritten as a URL), 2.3+ through
 * `urllib.parse.quote(path, safe="%!$&'()*+,/:=@")`.
 * @internal
 * @module
 */
import { encodeUtf8 } from "../../lib/bytes.js";
import { pyInt } from "../../lib/python.js";
import { encodeIdna22 } from "./domain.js";
import { IdnaError } from "./idna.js";
import type { CookieWriter } from "./version.js";

/** A percent-encoder of UTF-8 bytes that leaves the ASCII characters of `safe` as they are. */
function quoter(safe: string): (text: string) => string {
  const keep = new Set(Array.from(safe, (ch) => ch.charCodeAt(0)));
  return (text) => {
    let out = "";
    for (const byte of encodeUtf8(text)) {
      out += keep.has(byte) ? String.fromCharCode(byte) : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
    }
    return out;
  };
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// urllib.parse's always-safe characters, and the `safe` Werkzeug 2.3+ gives for a cookie path.
const quote23 = quoter(ALNUM + "_.-~" + "%!$&'()*+,/:=@");
// Werkzeug 2.2's url_quote: its _always_safe set plus the given `safe`.
const ALWAYS_SAFE_22 = ALNUM + "-._~" + "$!'()*+,;";
const quoteUri22 = quoter(ALWAYS_SAFE_22 + ":/?#[]@!$&'()*+,;=%");
const quoteAuth22 = quoter(ALWAYS_SAFE_22 + "/:%");

// Werkzeug 2.2's _scheme_re, `^[a-zA-Z0-9+-.]+$` ("+-." is the range "+,-."), where Python's `$`
// also matches before a final "\n".
const SCHEME_22 = /^[a-zA-Z0-9+,\-.]+\n?$/;

function partition(text: string, sep: string): [string, string | null] {
  const at = text.indexOf(sep);
  return at === -1 ? [text, null] : [text.slice(0, at), text.slice(at + sep.length)];
}

/** Werkzeug 2.2's `BaseURL.encode_netloc`: IDNA host, `[...]` for IPv6, a valid port, quoted user info. */
function encodeNetloc22(netloc: string): string {
  const [auth, hostPort] = netloc.includes("@") ? partition(netloc, "@") : [null, netloc];
  let host: string | null = null;
  let port: string | null = null;
  if (hostPort) {
    if (!hostPort.startsWith("[")) [host, port] = partition(hostPort!, ":");
    else {
      const close = hostPort.indexOf("]");
      if (close < 0) host = hostPort;
      else {
        host = hostPort.slice(1, close);
        const rest = hostPort.slice(close + 1);
        if (rest.startsWith(":")) port = rest.slice(1);
      }
    }
  }
  let out = "";
  if (host) {
    try {
      out = encodeIdna22(host);
    } catch (error) {
      if (!(error instanceof IdnaError)) throw error;
      out = host.replace(/[^\x00-\x7f]/gu, ""); // encode("ascii", "ignore")
    }
  }
  if (out.includes(":")) out = `[${out}]`;
  const portNumber = port === null ? null : pyInt(port);
  if (portNumber !== null && portNumber >= 0n && portNumber <= 65535n) out += `:${portNumber}`;
  if (auth) {
    const [user, password] = partition(auth, ":");
    const info = [quoteAuth22(user), quoteAuth22(password ?? "")].filter((part) => part !== "").join(":");
    if (info) out = `${info}@${out}`;
  }
  return out;
}

/** Werkzeug 2.2's `iri_to_uri(path)`: `url_parse`, quote path, query and fragment, `url_unparse`. */
function iriToUri22(iri: string): string {
  let scheme = "";
  let netloc = "";
  let url = iri;
  const colon = url.indexOf(":");
  if (colon > 0 && SCHEME_22.test(url.slice(0, colon))) {
    const rest = url.slice(colon + 1);
    if (!rest || /[^0-9]/.test(rest)) {
      scheme = url.slice(0, colon).toLowerCase();
      url = rest;
    }
  }
  if (url.startsWith("//")) {
    let delim = url.length;
    for (const ch of "/?#") {
      const at = url.indexOf(ch, 2);
      if (at >= 0) delim = Math.min(delim, at);
    }
    netloc = url.slice(2, delim);
    url = url.slice(delim);
    if (netloc.includes("[") !== netloc.includes("]")) {
      throw new TypeError(`cookie path ${JSON.stringify(iri)}: Werkzeug 2.2 reads it as a URL with an invalid IPv6 host`);
    }
  }
  let fragment = "";
  let query = "";
  [url, fragment] = partition(url, "#") as [string, string];
  [url, query] = partition(url, "?") as [string, string];
  let path = quoteUri22(url);
  const encodedNetloc = encodeNetloc22(netloc);
  let out = "";
  if (encodedNetloc || (scheme && path.startsWith("/"))) {
    if (path && !path.startsWith("/")) path = "/" + path;
    out = "//" + encodedNetloc + path;
  } else out = path;
  if (scheme) out = scheme + ":" + out;
  if (query) out += "?" + quoteUri22(query);
  if (fragment) out += "#" + quoteUri22(fragment);
  return out;
}

/**
 * The `Path` attribute's value as `writer` writes `path`.
 *
 * @throws TypeError for a lone surrogate (Python: `UnicodeEncodeError`) or, in 2.2, a `//` host
 *   with unbalanced brackets (Python: `ValueError`).
 */
export function cookiePath(path: string, writer: CookieWriter): string {
  return writer === "2.2" ? iriToUri22(path) : quote23(path);
}
