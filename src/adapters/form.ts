/**
 * Which request bodies Flask reads as `request.form` (Werkzeug's `FormDataParser` media types):
 * only those can carry Flask-WTF's `csrf_token` field. No Node built-ins.
 * @internal
 * @module
 */

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "application/x-url-encoded", "multipart/form-data"]);
const URLENCODED_TYPES = new Set(["application/x-www-form-urlencoded", "application/x-url-encoded"]);

/** The media type of a `Content-Type` header, lower-cased, without parameters. */
function mediaType(contentType: string | null | undefined): string {
  return contentType ? contentType.split(";", 1)[0]!.trim().toLowerCase() : "";
}

/** Whether a `Content-Type` is one whose body Flask reads as `request.form`. */
export function isFormContentType(contentType: string | null | undefined): boolean {
  return FORM_TYPES.has(mediaType(contentType));
}

/** Whether a `Content-Type` is URL-encoded form data. */
export function isUrlEncodedContentType(contentType: string | null | undefined): boolean {
  return URLENCODED_TYPES.has(mediaType(contentType));
}
