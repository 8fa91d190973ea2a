/**
 * What `decode` and `verify` both show about a token: when it was signed and how long ago,
 * whether the payload was compressed, and the value with its Python types. `verify` shows the
 * same once the signature is checked, marked as verified or not.
 * @module
 */
import { getDigest } from "../crypto.js";
import { pyRepr } from "../flask/py-repr.js";
import { ALL_DIGESTS, type TokenFormat } from "./token-format.js";
import type { Inspection } from "./inspect.js";
import { type JSONOut, RawJSON } from "./output.js";
import { age, isoTime, plural, pythonPretty, utcTime } from "./pretty.js";
import { oneLine, type Style } from "./style.js";

/** How to show an inspection. */
export interface ReportOptions {
  /** The value to show instead of the payload's own (Flask's view of a session). */
  readonly value?: unknown;
  /** Whether the value is authentic (the signature matched). */
  readonly verified: boolean;
  /** Show the signature field and its size. */
  readonly showSignature: boolean;
}

function signatureNote(length: number | null): string {
  if (length === null) return "not base64";
  const digest = ALL_DIGESTS.find((name) => getDigest(name).outputLen === length);
  return `${plural(length, "byte")}${digest ? `, the size of ${digest.toUpperCase().replace("SHA", "SHA-")}` : ""}`;
}

/**
 * The labelled rows for an inspection.
 *
 * @example
 * ```ts
 * io.stdout.write(fieldLines(style, inspectionRows(inspection, format, now, style, { verified: false, showSignature: true })));
 * ```
 */
export function inspectionRows(
  inspection: Inspection,
  format: TokenFormat,
  now: number,
  style: Style,
  options: ReportOptions,
): [string, string][] {
  const rows: [string, string][] = [];
  const ts = inspection.timestamp;
  if (inspection.timestampError !== null) {
    rows.push(["signed at", style.paint(oneLine(inspection.timestampError), "yellow")]);
  } else if (ts !== null) {
    const legacy = format.legacy ? ", itsdangerous < 1.0 timestamp" : "";
    rows.push(["signed at", `${utcTime(ts)} (${ts}${legacy}), ${age(ts, now)}`]);
  }
  if (options.showSignature) {
    rows.push(["signature", `${oneLine(inspection.signature)} (${signatureNote(inspection.signatureLength)})`]);
  }
  const error = inspection.payloadError === null ? "" : style.paint(oneLine(inspection.payloadError), "yellow");
  if (inspection.json !== null) {
    const size = new TextEncoder().encode(inspection.json).length;
    const what = `${inspection.compressed ? "zlib-compressed, " : ""}${plural(size, "byte")} of JSON`;
    rows.push(["payload", error ? `${what}; ${error}` : what]);
    if (error) rows.push(["json", oneLine(inspection.json)]);
  } else if (error) {
    rows.push(["payload", error]);
  }
  if (inspection.payloadError === null && inspection.hasValue) {
    const value = "value" in options ? options.value : inspection.value;
    const label = format.mode === "flask" ? "session" : "value";
    const text = pythonPretty(value);
    rows.push([label, options.verified ? text : `${style.paint("UNVERIFIED", "yellow", "bold")} ${text}`]);
  }
  return rows;
}

/**
 * The JSON fields for an inspection: `timestamp`, `signedAt`, `age`, `compressed`, `signature`,
 * `payload` (exactly as in the token, whether or not it is authentic: the document's `verified`
 * says), `python` (its value as Python prints it) and `payloadError`. `decode` and `verify` name
 * them alike, after the labels of their text output.
 *
 * @example
 * ```ts
 * jsonDocument({ verified: false, ...inspectionJSON(inspection, now) });
 * ```
 */
export function inspectionJSON(inspection: Inspection, now: number, value?: { value: unknown }): Record<string, JSONOut> {
  const ts = inspection.timestamp;
  const out: Record<string, JSONOut> = {
    timestamp: ts,
    signedAt: ts === null ? null : isoTime(ts),
    age: ts === null ? null : now - ts,
    timestampError: inspection.timestampError,
    compressed: inspection.compressed,
    signature: inspection.signature,
    signatureLength: inspection.signatureLength,
  };
  out.payload = inspection.hasValue && inspection.json !== null ? new RawJSON(inspection.json) : null;
  out.python = inspection.hasValue ? pyRepr(value ? value.value : inspection.value) : null;
  out.payloadError = inspection.payloadError;
  return out;
}
