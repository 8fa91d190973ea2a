/**
 * The `Mac` interface: HMAC under one key, the key processed once and reused for every message.
 * Signers take one as their `mac` option (serializers and the session interface pass theirs on);
 * {@link defaultMac} is the library's own.
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { getDigest, type DigestMethod } from "./crypto.js";
import { HmacSha1 } from "./sha1/hmac.js";

/** HMAC under one key. */
export interface KeyedMac {
  /** HMAC(key, data). */
  mac(data: Uint8Array): Uint8Array;
}

/**
 * Makes the HMAC of a digest under a (derived) key, once per key: the `mac` option.
 *
 * @example
 * ```ts
 * import { createHmac } from "node:crypto";
 * // Node's HMAC, for a SHA-1 signer (Flask's session cookie):
 * const nodeMac: Mac = (_digest, key) => ({ mac: (data) => createHmac("sha1", key).update(data).digest() });
 * new URLSafeTimedSerializer("secret", { mac: nodeMac, signerKwargs: { digestMethod: "sha1" } });
 * ```
 */
export type Mac = (digest: DigestMethod, key: Uint8Array) => KeyedMac;

const SHA1 = getDigest("sha1");

/**
 * The default {@link Mac}: for SHA-1 (Flask's digest) this library's HMAC-SHA1 (src/sha1/,
 * about three times as fast as `@noble/hashes` on a cookie), for every other digest
 * `@noble/hashes`' HMAC, keyed once (`hmac.create`) and cloned for each message.
 *
 * @example
 * ```ts
 * defaultMac(getDigest("sha256"), key).mac(data).length; // 32
 * ```
 */
export const defaultMac: Mac = (digest, key) => {
  if (digest === SHA1) return new HmacSha1(key, SHA1);
  const keyed = hmac.create(digest, key);
  return { mac: (data) => keyed.clone().update(data).digest() };
};
