/**
 * Merging a field into a response's `Vary` header, as Werkzeug's `response.vary.add("Cookie")`
 * does: the existing fields are kept, a field already listed (in any case) is not repeated, and
 * `Vary: *` stays `*`. Used by the adapters; no Node built-ins.
 * @module
 */

/**
 * The `Vary` header value with `field` added.
 *
 * @param current - The response's `Vary` header as a framework reports it (a string, a list of
 *   header lines, or nothing).
 * @param field - The request header the response depends on, e.g. `"Cookie"`.
 * @example
 * ```ts
 * varyWith(undefined, "Cookie");          // "Cookie"
 * varyWith("Accept-Encoding", "Cookie");  // "Accept-Encoding, Cookie"
 * varyWith("accept, cookie", "Cookie");   // "accept, cookie"
 * varyWith("*", "Cookie");                // "*"
 * ```
 */
export function varyWith(current: string | number | readonly string[] | null | undefined, field: string): string {
  // The usual case, on every response that read the session: no Vary yet.
  if (current == null || current === "") return field;
  const text = Array.isArray(current) ? current.join(", ") : String(current);
  // RFC 9110 §12.5.5: Vary = #( "*" / field-name ); field names are case-insensitive tokens.
  const fields = text
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
  if (fields.includes("*")) return "*";
  if (fields.some((f) => f.toLowerCase() === field.toLowerCase())) return fields.join(", ");
  return [...fields, field].join(", ");
}
