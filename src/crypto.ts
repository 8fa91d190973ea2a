/**
 * Hashes, HMAC and constant-time comparison, from `@noble/hashes` (audited, pure JavaScript), so
 * the core runs unchanged in Node, browsers and edge runtimes.
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha224, sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { HmacSha1 } from "./sha1/hmac.js";

/** The digests itsdangerous users pick from `hashlib`, by name. */
export type DigestName = "sha1" | "sha224" | "sha256" | "sha384" | "sha512";

/** An incremental hash state. */
export interface HashState {
  /** Adds `data` to what is hashed. */
  update(data: Uint8Array): HashState;
  /** The digest of everything added. */
  digest(): Uint8Array;
}

/**
 * A hash function usable as `digestMethod`: callable on bytes, with `create()`, `outputLen` and
 * `blockLen`. Every `@noble/hashes` hash has this shape, so any of them can be passed.
 */
export interface DigestMethod {
  (data: Uint8Array): Uint8Array;
  /** The digest's size in bytes (20 for SHA-1). */
  readonly outputLen: number;
  /** The block size in bytes (64 for SHA-1 and SHA-256), which HMAC needs. */
  readonly blockLen: number;
  /** A new incremental hash state. */
  create(): HashState;
}

const DIGESTS: Record<DigestName, DigestMethod> = {
  sha1: sha1 as unknown as DigestMethod,
  sha224: sha224 as unknown as DigestMethod,
  sha256: sha256 as unknown as DigestMethod,
  sha384: sha384 as unknown as DigestMethod,
  sha512: sha512 as unknown as DigestMethod,
};

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
  return hmac(digest as never, key, data);
}

// The part of @noble/hashes' HMAC state used here: clone the keyed state, feed, finish.
interface HmacState {
  _cloneInto(to?: HmacState): HmacState;
  update(data: Uint8Array): HmacState;
  digest(): Uint8Array;
}

/**
 * An HMAC whose key is processed once: each {@link KeyedHmac.mac} call starts from a copy of the
 * keyed state instead of hashing the key again.
 *
 * @example
 * ```ts
 * const mac = new KeyedHmac(getDigest("sha1"), key);
 * mac.mac(data); mac.mac(bytes); // the key is not hashed again
 * ```
 */
export class KeyedHmac {
  readonly #keyed: HmacState | null = null;
  readonly #sha1: HmacSha1 | null = null;
  #scratch: HmacState | undefined;

  /**
   * @param digest - The hash function.
   * @param key - The HMAC key (already derived).
   */
  constructor(digest: DigestMethod, key: Uint8Array) {
    // SHA-1, Flask's digest, has its own HMAC: see src/lib/sha1.ts.
    if (digest === DIGESTS.sha1) this.#sha1 = new HmacSha1(key, digest);
    else this.#keyed = hmac.create(digest as never, key) as unknown as HmacState;
  }

  /** HMAC of `data`. */
  mac(data: Uint8Array): Uint8Array {
    if (this.#sha1 !== null) return this.#sha1.mac(data);
    const state = this.#keyed!._cloneInto(this.#scratch);
    this.#scratch = undefined;
    const out = state.update(data).digest();
    this.#scratch = state;
    return out;
  }
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
