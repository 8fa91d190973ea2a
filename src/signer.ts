/**
 * itsdangerous' `signer` module: `Signer` signs bytes or text and verifies them, with key
 * rotation, salts, key derivation and pluggable signing algorithms.
 * @module
 */
import { BadSignature } from "./errors.js";
import { BASE64_ALPHABET, b2aBase64, decodePadded } from "./encoding.js";
import {
  type StrOrBytes,
  wantBytes,
  encodeUtf8,
  decodeUtf8,
  concatBytes,
  rsplitOnce,
  includesBytes,
  bytesRepr,
} from "./lib/bytes.js";
import { type DigestMethod, type DigestName, constantTimeEqual, digestName, getDigest, hmacDigest } from "./crypto.js";
import { defaultMac, type KeyedMac, type Mac } from "./mac.js";
import { checkOptionNames, optionNames } from "./lib/options.js";
import { Slab } from "./lib/slab.js";
import { INSPECT, type InspectFunction, defineHidden, displayBytes, hiddenKeys, inspectAs } from "./lib/redact.js";

/** A secret key, or a list of them from oldest to newest (the newest signs, all verify). */
export type SecretKey = StrOrBytes | readonly StrOrBytes[];

/** How the signing key is derived from the secret and the salt (see {@link Signer.deriveKey}). */
export type KeyDerivation = "concat" | "django-concat" | "hmac" | "none";

/**
 * Computes and verifies signatures (Python: `SigningAlgorithm`). Subclass it and implement
 * {@link SigningAlgorithm.getSignature} to sign another way.
 *
 * @example
 * ```ts
 * class Reversed extends SigningAlgorithm {
 *   getSignature(key: Uint8Array, value: Uint8Array) { return value.slice().reverse(); }
 * }
 * new Signer("secret", { algorithm: new Reversed() });
 * ```
 */
export abstract class SigningAlgorithm {
  /** The signature of `value` under `key`. */
  abstract getSignature(key: Uint8Array, value: Uint8Array): Uint8Array;

  /** Whether `sig` is the signature of `value` under `key`, compared in constant time. */
  verifySignature(key: Uint8Array, value: Uint8Array, sig: Uint8Array): boolean {
    return constantTimeEqual(sig, this.getSignature(key, value));
  }
}

/**
 * No signing at all: the signature is empty (Python: `NoneAlgorithm`). Only for tests or data
 * that needs no integrity.
 *
 * @example
 * ```ts
 * new Signer("k", { algorithm: new NoneAlgorithm() }).sign("v"); // "v."
 * ```
 */
export class NoneAlgorithm extends SigningAlgorithm {
  /** Always empty. */
  getSignature(_key: Uint8Array, _value: Uint8Array): Uint8Array {
    return new Uint8Array(0);
  }
}

/**
 * HMAC with a digest, SHA-1 by default (Python: `HMACAlgorithm`).
 *
 * @example
 * ```ts
 * new Signer("k", { algorithm: new HMACAlgorithm("sha256") });
 * ```
 */
export class HMACAlgorithm extends SigningAlgorithm {
  /** The digest used when none is given. */
  static defaultDigestMethod: DigestName | DigestMethod = "sha1";
  /** The digest this algorithm uses. */
  readonly digestMethod: DigestMethod;
  // Keyed HMAC states, per derived key (derived keys are cached by the signer, so this hits).
  readonly #keyed = new WeakMap<Uint8Array, KeyedMac>();
  readonly #mac: Mac;

  /**
   * @param digestMethod - A digest name or hash function; default SHA-1.
   * @param mac - How the HMAC is computed (default {@link defaultMac}).
   */
  constructor(digestMethod?: DigestName | DigestMethod | null, mac: Mac = defaultMac) {
    super();
    this.digestMethod = getDigest(digestMethod ?? (this.constructor as typeof HMACAlgorithm).defaultDigestMethod);
    this.#mac = mac;
  }

  /** HMAC of `value` under `key`. */
  getSignature(key: Uint8Array, value: Uint8Array): Uint8Array {
    let keyed = this.#keyed.get(key);
    if (!keyed) {
      keyed = this.#mac(this.digestMethod, key);
      this.#keyed.set(key, keyed);
    }
    return keyed.mac(value);
  }
}

/** Options of {@link Signer}: Python's keyword arguments in camelCase. */
export interface SignerOptions {
  /** Distinguishes signatures made for different purposes; `null` means the default, `"itsdangerous.Signer"`. */
  salt?: StrOrBytes | null;
  /** Between the value and the signature; default `"."`. May not contain base64 characters. */
  sep?: StrOrBytes;
  /** Default `"django-concat"`. */
  keyDerivation?: KeyDerivation | null;
  /** Default `"sha1"`; also a hash function (any `@noble/hashes` hash). */
  digestMethod?: DigestName | DigestMethod | null;
  /** Default `new HMACAlgorithm(digestMethod, mac)`. */
  algorithm?: SigningAlgorithm | null;
  /** How the default algorithm computes its HMAC (see {@link Mac}); default {@link defaultMac}. */
  mac?: Mac | null;
}

const SIGNER_OPTION_NAMES = optionNames<SignerOptions>({
  salt: true,
  sep: true,
  keyDerivation: true,
  digestMethod: true,
  algorithm: true,
  mac: true,
});

const ASCII = new TextEncoder();
const KEY_DERIVATIONS: ReadonlySet<string> = new Set(["concat", "django-concat", "hmac", "none"]);
const SIGNER = encodeUtf8("signer");

function makeKeysList(secretKey: SecretKey): Uint8Array[] {
  if (typeof secretKey === "string" || secretKey instanceof Uint8Array) return [wantBytes(secretKey)];
  if (!Array.isArray(secretKey)) throw new TypeError("secretKey must be a string, a Uint8Array or a list of them");
  return secretKey.map((key: StrOrBytes) => wantBytes(key));
}

/** The secret keys of a signer or serializer, checked: at least one. @internal */
export function secretKeysOf(secretKey: SecretKey): Uint8Array[] {
  const keys = makeKeysList(secretKey);
  if (keys.length === 0) throw new TypeError("secretKey must hold at least one key");
  return keys;
}

/**
 * Signs values and verifies signatures (Python: `itsdangerous.Signer`). The signature is
 * `base64(HMAC(derivedKey, value))`, appended after `sep`.
 *
 * Strings in give strings out, bytes in give bytes out.
 *
 * @example
 * ```ts
 * const signer = new Signer("secret-key", { salt: "activate" });
 * const signed = signer.sign("user-42");   // "user-42.<signature>"
 * signer.unsign(signed);                   // "user-42"
 * signer.unsign("user-42.forged");         // throws BadSignature
 * ```
 */
export class Signer {
  /** Default digest when none is given (Python: `default_digest_method`). */
  static defaultDigestMethod: DigestName | DigestMethod = "sha1";
  /** Default key derivation (Python: `default_key_derivation`). */
  static defaultKeyDerivation: KeyDerivation = "django-concat";
  /** Default salt (Python's `Signer` default and what `salt=None` means). */
  static defaultSalt: StrOrBytes = "itsdangerous.Signer";

  /** The secret keys, oldest to newest; the last one signs. Not enumerable: kept out of logs and copies. */
  declare readonly secretKeys: readonly Uint8Array[];
  /** The separator, as bytes. */
  readonly sep: Uint8Array;
  /** The salt, as bytes. */
  readonly salt: Uint8Array;
  /** The key derivation. */
  readonly keyDerivation: KeyDerivation;
  /** The digest, for key derivation (and for the default algorithm). */
  readonly digestMethod: DigestMethod;
  /** The signing algorithm. */
  readonly algorithm: SigningAlgorithm;
  readonly #derived = new WeakMap<Uint8Array, Uint8Array>();
  readonly #sepText: string | null;
  /** Where the bytes of tokens are allocated. @internal */
  protected readonly slab = new Slab();

  /**
   * @param secretKey - A key, or a list from oldest to newest.
   * @param options - Python's keyword arguments.
   * @throws TypeError for an empty key list, an unknown key derivation or digest, or a separator
   *   that could appear in a signature (ASCII letters, digits, `-_=`).
   */
  constructor(secretKey: SecretKey, options: SignerOptions = {}) {
    const ctor = this.constructor as typeof Signer;
    checkOptionNames(options, SIGNER_OPTION_NAMES, ctor.name);
    defineHidden(this, "secretKeys", secretKeysOf(secretKey));
    this.sep = wantBytes(options.sep ?? ".");
    if (includesBytes(encodeUtf8(BASE64_ALPHABET), this.sep)) {
      throw new TypeError(
        "The given separator cannot be used because it may be contained in the signature itself. " +
          "ASCII letters, digits, and '-_=' must not be used.",
      );
    }
    this.#sepText = decodeUtf8Lenient(this.sep);
    this.salt = wantBytes(options.salt ?? ctor.defaultSalt);
    const keyDerivation = options.keyDerivation ?? ctor.defaultKeyDerivation;
    if (!KEY_DERIVATIONS.has(keyDerivation)) {
      throw new TypeError(`Unknown key derivation method '${String(keyDerivation)}'`);
    }
    this.keyDerivation = keyDerivation;
    this.digestMethod = getDigest(options.digestMethod ?? ctor.defaultDigestMethod);
    this.algorithm = options.algorithm ?? new HMACAlgorithm(this.digestMethod, options.mac ?? defaultMac);
  }

  /** The newest key, the one that signs. */
  get secretKey(): Uint8Array {
    return this.secretKeys[this.secretKeys.length - 1]!;
  }

  /**
   * The signing key for a secret (default: the newest): `concat` = H(salt + key),
   * `django-concat` = H(salt + "signer" + key), `hmac` = HMAC(key, salt), `none` = key.
   * Keys of this signer are derived once and remembered.
   */
  deriveKey(secretKey?: StrOrBytes | null): Uint8Array {
    const key = secretKey == null ? this.secretKey : wantBytes(secretKey);
    const cached = this.#derived.get(key);
    if (cached) return cached;
    let derived: Uint8Array;
    switch (this.keyDerivation) {
      case "concat":
        derived = this.digestMethod(concatBytes(this.salt, key));
        break;
      case "django-concat":
        derived = this.digestMethod(concatBytes(this.salt, SIGNER, key));
        break;
      case "hmac":
        derived = hmacDigest(this.digestMethod, key, this.salt);
        break;
      default:
        derived = key;
    }
    if (this.secretKeys.includes(key)) this.#derived.set(key, derived);
    return derived;
  }

  /** The base64 signature of `value` under the newest key. */
  getSignature(value: StrOrBytes): string {
    return b2aBase64(this.algorithm.getSignature(this.deriveKey(), wantBytes(value)), true, false);
  }

  /**
   * `value + sep + signature`.
   *
   * @example
   * ```ts
   * new Signer("k").sign("hello"); // "hello.<27 base64 chars>"
   * ```
   */
  sign(value: string): string;
  sign(value: Uint8Array): Uint8Array;
  sign(value: StrOrBytes): StrOrBytes;
  sign(value: StrOrBytes): StrOrBytes {
    if (typeof value === "string") return value + this.sepText() + this.getSignature(value);
    return this.joinSigned(value, this.getSignature(value));
  }

  /** The separator as text. @internal */
  protected sepText(): string {
    if (this.#sepText === null) throw new TypeError("The separator is not UTF-8 text: sign bytes, not a string");
    return this.#sepText;
  }

  /**
   * `head + sep + text` (ASCII) as bytes; with `signed`, then `+ sep + getSignature(that)`, in one
   * array when the signature has the length of the last one (its start is never written again,
   * so the view of it handed to `getSignature` stays valid). @internal
   */
  protected joinSigned(head: Uint8Array, text: string, signed = false): Uint8Array {
    const sep = this.sep;
    const length = head.length + sep.length + text.length;
    const out = this.slab.take(length + (signed ? sep.length + this.#signatureLength : 0));
    out.set(head);
    out.set(sep, head.length);
    // encodeInto, not a charCodeAt loop: the texts are base64 built by concatenation, and the loop
    // (flattening them, on String.prototype in dictionary mode) was 17% of a short dumps.
    ASCII.encodeInto(text, out.subarray(head.length + sep.length, length));
    if (!signed) return out;
    const signedPart = out.subarray(0, length);
    const signature = this.getSignature(signedPart);
    if (signature.length !== this.#signatureLength) {
      this.#signatureLength = signature.length;
      return this.joinSigned(signedPart, signature);
    }
    out.set(sep, length);
    ASCII.encodeInto(signature, out.subarray(length + sep.length));
    return out;
  }

  // The length of the last signature (the next one almost always has the same).
  #signatureLength = 27;

  /**
   * Whether `sig` (base64, decoded leniently as Python does) signs `value` under any of the keys,
   * newest first.
   */
  verifySignature(value: StrOrBytes, sig: StrOrBytes): boolean {
    let sigBytes: Uint8Array;
    try {
      sigBytes = decodePadded(wantBytes(sig), (size) => this.slab.take(size));
    } catch {
      return false;
    }
    const valueBytes = wantBytes(value);
    for (let i = this.secretKeys.length - 1; i >= 0; i--) {
      const key = this.deriveKey(this.secretKeys[i]);
      if (this.algorithm.verifySignature(key, valueBytes, sigBytes)) return true;
    }
    return false;
  }

  /**
   * The value, after checking its signature.
   *
   * @throws BadSignature when the separator is missing or the signature does not match.
   * @example
   * ```ts
   * signer.unsign(signer.sign("hello")); // "hello"
   * ```
   */
  unsign(signedValue: string): string;
  unsign(signedValue: Uint8Array): Uint8Array;
  unsign(signedValue: StrOrBytes): StrOrBytes;
  unsign(signedValue: StrOrBytes): StrOrBytes {
    const signed = tokenBytes(signedValue, this.slab);
    const parts = rsplitOnce(signed, this.sep);
    if (parts === null) throw new BadSignature(`No ${bytesRepr(this.sep)} found in value`);
    const [value, sig] = parts;
    if (!this.verifySignature(value, sig)) throw new BadSignature(`Signature ${bytesRepr(sig)} does not match`, value);
    return typeof signedValue === "string" ? decodeUtf8(value) : value;
  }

  /** Whether the signature is present and valid. */
  validate(signedValue: StrOrBytes): boolean {
    try {
      this.unsign(signedValue);
      return true;
    } catch (error) {
      if (error instanceof BadSignature) return false;
      throw error;
    }
  }

  /**
   * A summary for logs and `JSON.stringify`: the options, and how many secret keys there are,
   * never the keys (nor the keys derived from them).
   *
   * @example
   * ```ts
   * JSON.stringify(new Signer("secret")); // '{"salt":"itsdangerous.Signer",...,"secretKeys":"<1 secret key hidden>"}'
   * ```
   */
  toJSON(): Record<string, unknown> {
    return {
      salt: displayBytes(this.salt),
      sep: displayBytes(this.sep),
      keyDerivation: this.keyDerivation,
      digestMethod: digestName(this.digestMethod),
      algorithm: this.algorithm.constructor.name,
      secretKeys: hiddenKeys(this.secretKeys),
    };
  }

  /** Node's `util.inspect` shows {@link Signer.toJSON}: the secret keys never appear. */
  [INSPECT](_depth: number, options: unknown, inspect?: InspectFunction): string {
    return inspectAs(this.constructor.name, this.toJSON(), options, inspect);
  }
}

function decodeUtf8Lenient(data: Uint8Array): string | null {
  try {
    return decodeUtf8(data);
  } catch {
    return null;
  }
}

/**
 * A token as bytes, from `slab` when it is ASCII text: text that cannot be UTF-8 (a lone
 * surrogate) is a bad signature, not a crash. @internal
 */
export function tokenBytes(token: StrOrBytes, slab: Slab): Uint8Array {
  if (token instanceof Uint8Array) return token;
  if (typeof token !== "string") throw new BadSignature(`Expected a string or bytes token, got ${typeof token}`);
  const ascii = slab.ascii(token);
  if (ascii !== null) return ascii;
  try {
    return encodeUtf8(token);
  } catch {
    throw new BadSignature("The token is not valid Unicode text (it holds a lone surrogate)");
  }
}
