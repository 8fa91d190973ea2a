/**
 * Python's `urllib.parse.urlsplit` and the `hostname` / `port` of its result, as CPython 3.11-3.13
 * compute them: what Flask-WTF's `same_origin` and Flask-Login's `login_url` see of a URL. The
 * WHATWG `URL` parser decides differently (it normalizes, rejects, percent-decodes), so it cannot
 * stand in. Python raises `ValueError` for a few inputs; here that is a {@link UrlSplitError}.
 * @internal
 * @module
 */

/** Python's `ValueError` from `urlsplit` or `.port`. */
export class UrlSplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UrlSplitError";
  }
}

/** `urlsplit`'s five fields. */
export interface SplitResult {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

// _WHATWG_C0_CONTROL_OR_SPACE: stripped from the left; _UNSAFE_URL_BYTES_TO_REMOVE: removed anywhere.

const LEADING_C0_OR_SPACE = /^[\x00-\x20]+/;
const UNSAFE = /[\t\r\n]/g;
// scheme_chars; the first character must be an ASCII letter (3.11+; 3.10 accepted a digit).
const SCHEME = /^[A-Za-z][A-Za-z0-9+\-.]*$/;
const IPV_FUTURE = /^v[a-fA-F0-9]+\..+$/s;

/** `ipaddress.ip_address(text)` succeeds with an IPv4 address (strict dotted decimal). */
function isIPv4(text: string): boolean {
  const parts = text.split(".");
  if (parts.length !== 4) return false;
  return parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255 && !(p.length > 1 && p[0] === "0"));
}

/** `ipaddress.IPv6Address(text)` succeeds (with an optional `%scope`), as CPython parses it. */
function isIPv6(text: string): boolean {
  const percent = text.indexOf("%");
  const address = percent >= 0 ? text.slice(0, percent) : text;
  if (percent >= 0) {
    const scope = text.slice(percent + 1);
    if (scope === "" || scope.includes("%")) return false;
  }
  if (address === "") return false;
  const parts = address.split(":");
  if (parts.length < 3) return false;
  if (parts[parts.length - 1]!.includes(".")) {
    if (!isIPv4(parts.pop()!)) return false;
    parts.push("0", "0"); // the two hextets the IPv4 address stands for
  }
  if (parts.length > 9) return false;
  let skip = -1;
  for (let i = 1; i < parts.length - 1; i++) {
    if (parts[i] !== "") continue;
    if (skip >= 0) return false; // "::" twice
    skip = i;
  }
  if (skip >= 0) {
    let hi = skip;
    let lo = parts.length - skip - 1;
    if (parts[0] === "" && --hi !== 0) return false; // a leading ':' alone
    if (parts[parts.length - 1] === "" && --lo !== 0) return false; // a trailing ':' alone
    if (8 - (hi + lo) < 1) return false;
  } else if (parts.length !== 8 || parts[0] === "" || parts[parts.length - 1] === "") {
    return false;
  }
  const hextets = skip >= 0 ? parts.filter((p, i) => !(p === "" && (i === skip || i === 0 || i === parts.length - 1))) : parts;
  return hextets.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p));
}

/** Python's `_check_bracketed_host`. */
function checkBracketedHost(host: string): void {
  if (host.startsWith("v")) {
    if (!IPV_FUTURE.test(host)) throw new UrlSplitError("IPvFuture address is invalid");
    return;
  }
  if (isIPv4(host)) throw new UrlSplitError("An IPv4 address cannot be in brackets");
  if (!isIPv6(host)) throw new UrlSplitError(`'${host}' does not appear to be an IPv4 or IPv6 address`);
}

/** Python's `_checknetloc`: a non-ASCII netloc must not gain URL delimiters under NFKC. */
function checkNetloc(netloc: string): void {
  if (netloc === "" || /^[\x00-\x7f]*$/.test(netloc)) return;
  const n = netloc.replace(/[@:#?]/g, "");
  const normalized = n.normalize("NFKC");
  if (n === normalized) return;
  if (/[/?#@:]/.test(normalized)) {
    throw new UrlSplitError(`netloc '${netloc}' contains invalid characters under NFKC normalization`);
  }
}

/**
 * Python's `urlsplit(url)` (CPython 3.11+).
 *
 * @throws UrlSplitError where Python raises `ValueError` (unbalanced or invalid brackets, a
 *   netloc that NFKC turns into delimiters).
 */
export function urlsplit(input: string): SplitResult {
  let url = input.replace(LEADING_C0_OR_SPACE, "").replace(UNSAFE, "");
  let scheme = "";
  let netloc = "";
  let query = "";
  let fragment = "";
  const colon = url.indexOf(":");
  if (colon > 0 && SCHEME.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith("//")) {
    let end = url.length;
    for (const ch of "/?#") {
      const at = url.indexOf(ch, 2);
      if (at >= 0) end = Math.min(end, at);
    }
    netloc = url.slice(2, end);
    url = url.slice(end);
    const open = netloc.includes("[");
    const close = netloc.includes("]");
    if (open !== close) throw new UrlSplitError("Invalid IPv6 URL");
    if (open) checkBracketedHost(netloc.slice(netloc.indexOf("[") + 1).split("]", 1)[0]!);
  }
  const hash = url.indexOf("#");
  if (hash >= 0) {
    fragment = url.slice(hash + 1);
    url = url.slice(0, hash);
  }
  const question = url.indexOf("?");
  if (question >= 0) {
    query = url.slice(question + 1);
    url = url.slice(0, question);
  }
  checkNetloc(netloc);
  return { scheme, netloc, path: url, query, fragment };
}

/** `(hostname, port text)` of a netloc, as Python's `_hostinfo` splits it. */
function hostinfo(netloc: string): [string, string | null] {
  const info = netloc.slice(netloc.lastIndexOf("@") + 1);
  let hostname: string;
  let port: string;
  const open = info.indexOf("[");
  if (open >= 0) {
    const bracketed = info.slice(open + 1);
    const close = bracketed.indexOf("]");
    hostname = close >= 0 ? bracketed.slice(0, close) : bracketed;
    const rest = close >= 0 ? bracketed.slice(close + 1) : "";
    const c = rest.indexOf(":");
    port = c >= 0 ? rest.slice(c + 1) : "";
  } else {
    const c = info.indexOf(":");
    hostname = c >= 0 ? info.slice(0, c) : info;
    port = c >= 0 ? info.slice(c + 1) : "";
  }
  return [hostname, port === "" ? null : port];
}

/** Python's `SplitResult.hostname`: lower-cased (the `%zone` of an IPv6 address kept as is), or `null`. */
export function urlHostname(parts: SplitResult): string | null {
  const [hostname] = hostinfo(parts.netloc);
  if (hostname === "") return null;
  const percent = hostname.indexOf("%");
  // str.lower() lower-cases beyond ASCII too, as toLowerCase does (for the characters a host holds).
  return percent >= 0 ? hostname.slice(0, percent).toLowerCase() + hostname.slice(percent) : hostname.toLowerCase();
}

/**
 * Python's `SplitResult.port`: the port as a number, or `null`.
 *
 * @throws UrlSplitError for a port that is not ASCII digits or is beyond 65535 (Python's `ValueError`).
 */
export function urlPort(parts: SplitResult): number | null {
  const [, port] = hostinfo(parts.netloc);
  if (port === null) return null;
  if (!/^[0-9]+$/.test(port)) throw new UrlSplitError(`Port could not be cast to integer value as '${port}'`);
  const value = Number(port.replace(/^0+(?=.)/, "").slice(0, 8));
  if (port.replace(/^0+/, "").length > 5 || value > 65535) throw new UrlSplitError("Port out of range 0-65535");
  return value;
}

const USES_NETLOC = new Set([
  "",
  "ftp",
  "http",
  "gopher",
  "nntp",
  "telnet",
  "imap",
  "wais",
  "file",
  "mms",
  "https",
  "shttp",
  "snews",
  "prospero",
  "rtsp",
  "rtsps",
  "rtspu",
  "rsync",
  "svn",
  "svn+ssh",
  "sftp",
  "nfs",
  "git",
  "git+ssh",
  "ws",
  "wss",
  "itms-services",
]);

/** Python's `urlunsplit` (CPython 3.12+). */
export function urlunsplit(parts: SplitResult): string {
  let url = parts.path;
  if (parts.netloc) {
    if (url && !url.startsWith("/")) url = "/" + url;
    url = "//" + parts.netloc + url;
  } else if (url.startsWith("//")) {
    url = "//" + url;
  } else if (parts.scheme && USES_NETLOC.has(parts.scheme) && (!url || url.startsWith("/"))) {
    url = "//" + url;
  }
  if (parts.scheme) url = parts.scheme + ":" + url;
  if (parts.query) url += "?" + parts.query;
  if (parts.fragment) url += "#" + parts.fragment;
  return url;
}

const utf8 = new TextEncoder();
const lenientUtf8 = new TextDecoder("utf-8");

/** Python's `unquote(text)` (UTF-8, errors replaced) after `+` became a space (`unquote_plus`). */
function unquotePlus(text: string): string {
  const plain = text.replace(/\+/g, " ");
  if (!plain.includes("%")) return plain;
  // Runs of %XX escapes become bytes, decoded together; anything else stays as it is.
  return plain.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(3 * i + 1, 3 * i + 3), 16);
    return lenientUtf8.decode(bytes);
  });
}

/** Python's `parse_qs(query, keep_blank_values=True)`: names to lists of values, in first-seen order. */
export function parseQs(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const field of query.split("&")) {
    if (field === "") continue;
    const eq = field.indexOf("=");
    const name = unquotePlus(eq >= 0 ? field.slice(0, eq) : field);
    const value = unquotePlus(eq >= 0 ? field.slice(eq + 1) : "");
    const values = out.get(name);
    if (values) values.push(value);
    else out.set(name, [value]);
  }
  return out;
}

/** Python's `quote_plus(text, safe="")`: UTF-8, everything but letters, digits and `_.-~` escaped, space as `+`. */
export function quotePlus(text: string): string {
  let out = "";
  for (const byte of utf8.encode(text)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.\-~]/.test(ch)) out += ch;
    else if (byte === 0x20) out += "+";
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** Python's `urlencode(query, doseq=True)` for names mapped to a value or a list of values. */
export function urlencode(query: Map<string, string | readonly string[]>): string {
  const pairs: string[] = [];
  for (const [name, value] of query) {
    const key = quotePlus(name);
    if (typeof value === "string") pairs.push(`${key}=${quotePlus(value)}`);
    else for (const v of value) pairs.push(`${key}=${quotePlus(v)}`);
  }
  return pairs.join("&");
}
