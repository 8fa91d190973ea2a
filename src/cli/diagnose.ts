/**
 * Why a token does not verify, when it can be told: the right key with other settings (another
 * salt, key derivation or digest: a plain itsdangerous token checked as a Flask cookie, an app
 * that signs with SHA-256), or a timestamp that only makes sense with (or without)
 * `--legacy-timestamp`. Each hint names options, never a key or anything derived from one.
 * @module
 */
import { getDigest } from "../crypto.js";
import { Signer } from "../signer.js";
import type { Inspection } from "./inspect.js";
import { LEGACY_EPOCH } from "./legacy.js";
import { plural } from "./pretty.js";
import type { Key } from "./secrets.js";
import { ALL_DERIVATIONS, ALL_DIGESTS, type TokenFormat } from "./token-format.js";

const FLASK = { salt: "cookie-session", keyDerivation: "hmac", digest: "sha1" } as const;
const ITSDANGEROUS = { salt: "itsdangerous", keyDerivation: "django-concat", digest: "sha1" } as const;

type Settings = Pick<TokenFormat, "salt" | "keyDerivation" | "digest">;

function same(a: Settings, b: Settings): boolean {
  return a.salt === b.salt && a.keyDerivation === b.keyDerivation && a.digest === b.digest;
}

/** How to check the token with `found` instead of `format`, e.g. "with --digest sha256". */
function howToMatch(format: TokenFormat, found: Settings): string {
  if (format.mode === "flask" && same(found, ITSDANGEROUS)) return "as a plain itsdangerous token: add --itsdangerous";
  if (format.mode === "itsdangerous" && same(found, FLASK)) return "as a Flask session cookie: leave out --itsdangerous";
  const options: string[] = [];
  // The salt differs only when it is one of the two usual ones, never one the user typed.
  if (found.salt !== format.salt) options.push(`--salt ${found.salt}`);
  if (found.keyDerivation !== format.keyDerivation) options.push(`--key-derivation ${found.keyDerivation}`);
  if (found.digest !== format.digest) options.push(`--digest ${found.digest}`);
  return `with ${options.join(" ")}`;
}

/**
 * Hints for a token whose signature matches no key with the given settings: which key matches
 * with which other usual settings, or that none does.
 *
 * @example
 * ```ts
 * signatureHints(inspectToken(token, format), keys, format);
 * // ["the current key (--secret) matches with --digest sha256"]
 * ```
 */
export function signatureHints(inspection: Inspection, keys: readonly Key[], format: TokenFormat): string[] {
  if (inspection.structureError !== null || keys.length === 0) return [];
  const salts = [...new Set([format.salt, FLASK.salt, ITSDANGEROUS.salt])];
  for (const key of keys) {
    for (const salt of salts) {
      for (const keyDerivation of ALL_DERIVATIONS) {
        for (const digest of ALL_DIGESTS) {
          const settings = { salt, keyDerivation, digest };
          if (same(settings, format)) continue;
          const signer = new Signer(key.bytes, { salt, keyDerivation, digestMethod: digest });
          if (signer.verifySignature(inspection.signedPart, inspection.signature)) {
            return [`${key.label} matches ${howToMatch(format, settings)}`];
          }
        }
      }
    }
  }
  const hints: string[] = [];
  const expected = getDigest(format.digest).outputLen;
  const length = inspection.signatureLength;
  if (length !== null && length !== expected) {
    const digest = ALL_DIGESTS.find((name) => getDigest(name).outputLen === length);
    hints.push(
      `the signature has ${plural(length, "byte")}, ${format.digest} makes ${expected}` +
        (digest ? `: the app may sign with --digest ${digest}` : ""),
    );
  }
  hints.push(
    `no key matches with the usual salts (${salts.length === 2 ? "cookie-session, itsdangerous" : "yours, cookie-session, itsdangerous"}), ` +
      "key derivations and digests: the token was signed with another key, or changed after signing",
  );
  return hints;
}

/**
 * A hint when the signing time looks like the wrong epoch: before 2011 without
 * `--legacy-timestamp` (itsdangerous < 1.0 counted from 2011), or over a year ahead with it.
 *
 * @example
 * ```ts
 * timeHints(inspection, format, now); // ["signed before 2011: ..."]
 * ```
 */
export function timeHints(inspection: Inspection, format: TokenFormat, now: number): string[] {
  const ts = inspection.timestamp;
  if (ts === null || inspection.timestampError !== null) return [];
  if (!format.legacy && ts < LEGACY_EPOCH) {
    return ["signed before 2011: if the app uses itsdangerous < 1.0, add --legacy-timestamp"];
  }
  if (format.legacy && ts > now + 366 * 86400) {
    return ["signed over a year in the future: if the app uses itsdangerous >= 1.0, leave out --legacy-timestamp"];
  }
  return [];
}
