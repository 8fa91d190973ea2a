/**
 * Flask-Login's session identifier, the `_id` it stores at login and compares on every request
 * for session protection: a SHA-512 hex digest of the client's address and user agent. The two
 * versions compute it differently, so a session logged in by one never matches the other:
 *
 * - **0.6.3** (`_create_identifier`, PyPI's newest): the address is the first entry of
 *   `X-Forwarded-For` when that header is present, else `request.remote_addr`; address and user
 *   agent are UTF-8 *bytes objects formatted into a str*, so the hashed text is literally
 *   `b'203.0.113.9'|b'Mozilla/5.0 ...'` (Python's bytes repr, `None` for a missing value).
 * - **0.7** (unreleased main): `f"{request.remote_addr}|{request.user_agent.string}"`: never
 *   `X-Forwarded-For` (configure a proxy fix instead), plain text, `""` for a missing user agent.
 * @module
 */
import { sha512 } from "@noble/hashes/sha2.js";
import { bytesRepr } from "../../lib/bytes.js";

/** Which Flask-Login computes things: `"0.6"` (0.6.3, the release; the default) or `"0.7"` (main). */
export type FlaskLoginVersion = "0.6" | "0.7";

/**
 * What Flask-Login reads from a request: its `Cookie` header, the client's address as the server
 * sees it (Flask's `request.remote_addr`), any header by name, the method and the URL. The
 * adapters build it from their framework's request.
 *
 * @example
 * ```ts
 * // What loginRequestFrom(request) (flask-session-cookie/web) builds from a Web Request:
 * const loginRequest: LoginRequest = {
 *   method: request.method,                      // "GET"
 *   url: request.url,                            // "https://shop.example/orders?page=2"
 *   remoteAddr: "203.0.113.9",                   // from the server: a Request does not carry it
 *   header: (name) => request.headers.get(name), // null when absent
 *   cookieHeader: request.headers.get("cookie"),
 * };
 * ```
 */
export interface LoginRequest {
  /** The HTTP method, upper case (`loginRequired` lets `OPTIONS` through, as Flask-Login does). */
  readonly method: string;
  /** The full URL of the request (`request.url`): the `next` parameter of a login redirect. */
  readonly url: string;
  /** The client's address as the server sees it (`request.remote_addr`), or `null`. */
  readonly remoteAddr: string | null;
  /** A request header by name (any case), `null` when absent; repeated headers joined with `,`. */
  header(name: string): string | null;
  /** The `Cookie` header, or `null`. */
  readonly cookieHeader: string | null;
}

const encoder = new TextEncoder();
const HEX = "0123456789abcdef";

function sha512Hex(text: string): string {
  let out = "";
  for (const byte of sha512(encoder.encode(text))) out += HEX[byte >> 4]! + HEX[byte & 15]!;
  return out;
}

/** `bytes.strip()`: ASCII white space (space, \t, \n, \v, \f, \r) off both ends. */
function stripBytes(bytes: Uint8Array): Uint8Array {
  const space = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);
  let a = 0;
  let b = bytes.length;
  while (a < b && space(bytes[a]!)) a++;
  while (b > a && space(bytes[b - 1]!)) b--;
  return bytes.subarray(a, b);
}

/**
 * The text Flask-Login 0.6.3 hashes: `f"{address}|{user_agent}"` with both as bytes objects.
 * Header values arrive as latin-1 characters standing for their bytes (Node and WSGI alike);
 * Python encodes them as UTF-8, and so does this.
 */
function identifierText06(request: LoginRequest): string {
  const address = request.header("X-Forwarded-For") ?? request.remoteAddr;
  let addressPart = "None";
  if (address !== null) {
    const bytes = encoder.encode(address);
    const comma = bytes.indexOf(0x2c);
    addressPart = bytesRepr(stripBytes(comma >= 0 ? bytes.subarray(0, comma) : bytes), Infinity);
  }
  const agent = request.header("User-Agent");
  const agentPart = agent === null ? "None" : bytesRepr(encoder.encode(agent), Infinity);
  return `${addressPart}|${agentPart}`;
}

/** The text Flask-Login 0.7 hashes: `f"{request.remote_addr}|{request.user_agent.string}"`. */
function identifierText07(request: LoginRequest): string {
  return `${request.remoteAddr ?? "None"}|${request.header("User-Agent") ?? ""}`;
}

/**
 * Flask-Login's `_create_identifier()` for a request: the `_id` of a session logged in from it.
 *
 * @param version - `"0.6"` (default) or `"0.7"`; see the module notes for how they differ.
 * @example
 * ```ts
 * createIdentifier({ method: "GET", url: "http://localhost/", remoteAddr: "127.0.0.1",
 *   header: (name) => (name.toLowerCase() === "user-agent" ? "curl/8.5.0" : null), cookieHeader: null });
 * // sha512("b'127.0.0.1'|b'curl/8.5.0'") in hex
 * ```
 */
export function createIdentifier(request: LoginRequest, version: FlaskLoginVersion = "0.6"): string {
  return sha512Hex(version === "0.7" ? identifierText07(request) : identifierText06(request));
}
