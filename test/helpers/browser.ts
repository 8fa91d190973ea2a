/**
 * A browser for the tests: `fetch` plus an RFC 6265 cookie jar (tough-cookie), so cookies are
 * kept, replaced, expired and deleted the way a browser does it.
 *
 * The servers run on different loopback ports, but the jar keeps cookies for one site (`site`),
 * as a browser does for an app whose Flask and Node parts sit behind one host (cookies do not
 * depend on the port anyway). A Flask part and a Node part that agree on the cookie's name,
 * Domain and Path therefore share one cookie in it.
 */
import { Cookie, CookieJar } from "tough-cookie";

const REQUEST_TIMEOUT_MS = 10_000;

/** What came back from one request. */
export interface Exchange {
  status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: any;
  /** Every `Set-Cookie` header, in order. */
  setCookie: string[];
  /** The `Vary` header, or `null`. */
  vary: string | null;
  headers: Headers;
}

export class Browser {
  readonly jar = new CookieJar();

  /** @param site - The URL the cookies belong to (https for `Secure` cookies). */
  constructor(readonly site = "http://shop.test/") {}

  /**
   * Sends a request to `server` with the jar's cookies and stores the cookies it sets. `body` goes
   * as JSON; `options.form` sends a URL-encoded form instead, `options.headers` adds headers.
   */
  async request(
    server: { url: string },
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    options: { form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Exchange> {
    const cookie = await this.jar.getCookieString(this.site);
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    if (cookie) headers.cookie = cookie;
    let payload: string | undefined;
    if (options.form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      payload = new URLSearchParams(options.form).toString();
    } else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(server.url + path, {
      method,
      headers,
      body: payload,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const setCookie = response.headers.getSetCookie();
    for (const header of setCookie) await this.jar.setCookie(header, this.site);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, setCookie, vary: response.headers.get("vary"), headers: response.headers };
  }

  /** The cookies the jar would send to the site. */
  cookies(): Promise<Cookie[]> {
    return this.jar.getCookies(this.site);
  }

  /** The value of the cookie `name` the jar holds for the site, or `undefined`. */
  async cookie(name: string): Promise<string | undefined> {
    return (await this.cookies()).find((c) => c.key === name)?.value;
  }

  /** Puts a cookie in the jar as if a server had set it (for tampering with one). */
  async plant(name: string, value: string, attributes = "Path=/"): Promise<void> {
    await this.jar.setCookie(`${name}=${value}; ${attributes}`, this.site);
  }
}

/** A `Set-Cookie` header split into name, value and attributes (lower-cased names), via tough-cookie. */
export function parseSetCookie(header: string): { name: string; value: string; attributes: Record<string, string | true> } {
  const cookie = Cookie.parse(header);
  if (!cookie) throw new Error(`not a Set-Cookie header: ${header}`);
  const attributes: Record<string, string | true> = {};
  for (const part of header.split(";").slice(1)) {
    const [key, ...rest] = part.trim().split("=");
    attributes[key!.toLowerCase()] = rest.length ? rest.join("=") : true;
  }
  return { name: cookie.key, value: cookie.value, attributes };
}
