/**
 * Hashes, HMAC and constant-time comparison, from `@noble/hashes` (audited, pure JavaScript), so
 * the core runs unchanged in Node, browsers and edge runtimes.
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha224, sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import type { CHash, Hash } from "@noble/hashes/utils.js";

/** The digests itsdangerous users pick from `hashlib`, by name. */
export type DigestName = "sha1" | "sha224" | "sha256" | "sha384" | "sha512";

/** An incremental hash state (what {@link DigestMethod}'s `create()` gives). */
export type HashState = Hash<unknown>;

/**
 * A hash function usable as `digestMethod`: `@noble/hashes`' hash type (callable on bytes, with
 * `create()`, `outputLen` and `blockLen`), so any of its hashes can be passed.
 */
export type DigestMethod = CHash;

const DIGESTS: Record<DigestName, DigestMethod> = { sha1, sha224, sha256, sha384, sha512 };

/**
 * The hash function for a `digestMethod` option: a name, or a hash function passed as is.
 *
 * @throws TypeError for an unknown name.
 * @example
 * ```ts
 * getDigest("sha256").outputLen; // 32
 * ```
 */
export function getDigest(method: DigestName | DigestMethod): DigestMethod {
  if (typeof method === "function") return method;
  const digest = Object.prototype.hasOwnProperty.call(DIGESTS, method) ? DIGESTS[method] : undefined;
  if (!digest) {
    throw new TypeError(`Unknown digest method '${String(method)}': use one of ${Object.keys(DIGESTS).join(", ")}`);
  }
  return digest;
}

/**
 * HMAC of `data` under `key`.
 *
 * @example
 * ```ts
 * hmacDigest(getDigest("sha1"), key, data).length; // 20
 * ```
 */
export function hmacDigest(digest: DigestMethod, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(digest, key, data);
}

/**
 * Compares two byte strings in time that depends only on their lengths, never on where they
 * differ (Python: `hmac.compare_digest`).
 *
 * @example
 * ```ts
 * declare const received: Uint8Array, expected: Uint8Array;
 * constantTimeEqual(received, expected); // true or false
 * ```
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  // Always walk `b` (the expected value) whole, whatever `a` holds.
  for (let i = 0; i < b.length; i++) diff |= (a[i % (a.length || 1)] ?? 0) ^ b[i]!;
  return diff === 0;
}

/**
 * The name of a digest (`"sha256"`), or `"custom"` for a hash function passed by hand: what a
 * signer shows of its digest when it is printed.
 *
 * @example
 * ```ts
 * digestName(getDigest("sha256")); // "sha256"
 * ```
 */
export function digestName(method: DigestMethod | DigestName): string {
  if (typeof method === "string") return method;
  return (Object.keys(DIGESTS) as DigestName[]).find((name) => DIGESTS[name] === method) ?? "custom";
}
