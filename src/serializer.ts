/**
 * itsdangerous' `serializer` module: `Serializer` turns values into signed tokens and back,
 * with a pluggable payload serializer (Python's `json` by default) and fallback signers.
 * @module
 */
import { BadPayload, BadSignature } from "./errors.js";
import { type StrOrBytes, wantBytes, decodeUtf8, describe } from "./lib/bytes.js";
import { checkOptionNames, optionNames } from "./lib/options.js";
import { Slab } from "./lib/slab.js";
import type { Mac } from "./mac.js";
import { PortedZlib, type Zlib } from "./compress.js";
import { type Limits, resolveLimits } from "./limits.js";
import { dumps as jsonDumps, loads as jsonLoads, type JSONDumpsOptions } from "./json/index.js";
import { Signer, type SecretKey, type SignerOptions, secretKeysOf, tokenBytes } from "./signer.js";
import { INSPECT, type InspectFunction, defineHidden, hiddenKeys, inspectAs } from "./lib/redact.js";

/**
 * What turns values into text (or bytes) and back (Python: any object with `dumps` and `loads`,
 * such as the `json` module). `loads` receives the limits so it can bound its work.
 */
export interface PayloadSerializer<Out extends string | Uint8Array = string | Uint8Array> {
  /** The value as text (a "text serializer") or bytes. */
  dumps(obj: unknown, kwargs?: Record<string, unknown>): Out;
  /** The value back; throws on bad input (the serializer wraps it in `BadPayload`). */
  loads(payload: string | Uint8Array, limits?: Readonly<Limits>): unknown;
}

/** A signer class that serializers instantiate: `new signer(secretKeys, { salt, ...signerKwargs })`. */
export type SignerClass<S extends Signer = Signer> = new (secretKey: SecretKey, options?: SignerOptions) => S;

/** Signer options a serializer passes on (all but the salt, which the serializer decides). */
export type SignerKwargs = Omit<SignerOptions, "salt">;

/**
 * A fallback signer tried when the main one fails: signer options (for the serializer's signer
 * class), a signer class (with the serializer's options), or `[class, options]`.
 */
export type FallbackSigner = SignerKwargs | SignerClass | readonly [SignerClass, SignerKwargs];

/** Options of {@link Serializer}: Python's keyword arguments in camelCase, plus `limits`. */
export interface SerializerOptions<S extends Signer = Signer, Out extends string | Uint8Array = string> {
  /** Default `"itsdangerous"`; `null` means the signer's default. */
  salt?: StrOrBytes | null;
  /** Default: Python's `json` module (see {@link pythonJSON}); one that writes bytes makes bytes tokens. */
  serializer?: PayloadSerializer<Out>;
  /** Passed to `serializer.dumps`, e.g. `{ sortKeys: true }`. */
  serializerKwargs?: Record<string, unknown>;
  /** The signer class; default {@link Signer} ({@link TimestampSigner} for timed serializers). */
  signer?: SignerClass<S>;
  /** Options for the signer: `keyDerivation`, `digestMethod`, `sep`, `algorithm`. */
  signerKwargs?: SignerKwargs;
  /** Signers to try, for every key, when the main one fails. */
  fallbackSigners?: readonly FallbackSigner[];
  /** Bounds on the work one token may cost (see {@link Limits}). */
  limits?: Partial<Limits>;
  /** How signers compute their HMAC (see {@link Mac}); default the library's own. */
  mac?: Mac;
  /** zlib for the URL-safe serializers' compressed payloads (see {@link Zlib}); default a {@link PortedZlib}. */
  zlib?: Zlib;
}

const SERIALIZER_OPTION_NAMES = optionNames<SerializerOptions>({
  salt: true,
  serializer: true,
  serializerKwargs: true,
  signer: true,
  signerKwargs: true,
  fallbackSigners: true,
  limits: true,
  mac: true,
  zlib: true,
});

/** Options of {@link Serializer.loads}. */
export interface LoadsOptions {
  /** Verify with this salt instead of the serializer's. */
  salt?: StrOrBytes | null;
}

/**
 * Python's `json` module with its defaults (`", "` and `": "` separators, `ensure_ascii=True`):
 * the default of `Serializer` and `TimedSerializer`.
 *
 * @example
 * ```ts
 * pythonJSON.dumps({ a: [1, "é"] });                 // '{"a": [1, "\u00e9"]}'
 * new Serializer("key", { serializer: pythonJSON });  // what Serializer uses anyway
 * ```
 */
export const pythonJSON: PayloadSerializer<string> = Object.freeze({
  dumps(obj: unknown, kwargs?: Record<string, unknown>): string {
    return jsonDumps(obj, kwargs as JSONDumpsOptions | undefined);
  },
  loads(payload: string | Uint8Array, limits?: Readonly<Limits>): unknown {
    const text = typeof payload === "string" ? payload : decodeUtf8(payload);
    return jsonLoads(text, limits ? { maxDepth: limits.maxDepth, maxItems: limits.maxItems } : undefined);
  },
});

/**
 * itsdangerous' `_CompactJSON`: compact separators and raw UTF-8 (`ensure_ascii=False`) unless
 * the kwargs say otherwise. The default of the URL-safe serializers.
 *
 * @example
 * ```ts
 * compactJSON.dumps({ a: [1, "é"] });                        // '{"a":[1,"é"]}'
 * compactJSON.dumps({ b: 1, a: 2 }, { sortKeys: true });     // '{"a":2,"b":1}'
 * ```
 */
export const compactJSON: PayloadSerializer<string> = Object.freeze({
  dumps(obj: unknown, kwargs?: Record<string, unknown>): string {
    return jsonDumps(obj, { ensureAscii: false, separators: [",", ":"], ...kwargs } as JSONDumpsOptions);
  },
  loads: pythonJSON.loads,
});

function isTextSerializer(serializer: PayloadSerializer): boolean {
  return typeof serializer.dumps({}) === "string";
}

function saltKey(salt: Uint8Array | null): string {
  return salt === null ? "" : "s" + Array.from(salt, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Serializes values to signed tokens and back (Python: `itsdangerous.Serializer`). The token is
 * `payload + "." + signature`, the payload Python's `json.dumps` text.
 *
 * @example
 * ```ts
 * const s = new Serializer("secret-key");
 * const token = s.dumps({ id: 5, name: "itsdangerous" });
 * s.loads(token); // { id: 5, name: "itsdangerous" }
 * ```
 */
export class Serializer<S extends Signer = Signer, Out extends string | Uint8Array = string> {
  /** The payload serializer used when none is given. */
  static defaultSerializer: PayloadSerializer = pythonJSON;
  /** The signer class used when none is given. */
  static defaultSigner: SignerClass = Signer;
  /** Fallback signers used when none are given. */
  static defaultFallbackSigners: readonly FallbackSigner[] = [];
  /** The salt used when none is given. */
  static defaultSalt: StrOrBytes | null = "itsdangerous";

  /** The secret keys, oldest to newest. Not enumerable: kept out of logs and copies. */
  declare readonly secretKeys: readonly Uint8Array[];
  /** The salt, or `null` for the signer's default. */
  readonly salt: Uint8Array | null;
  /** The payload serializer. */
  readonly serializer: PayloadSerializer<Out>;
  /** Whether the payload serializer writes text (then tokens are strings). */
  readonly isTextSerializer: boolean;
  /** The signer class. */
  readonly signer: SignerClass<S>;
  /** Options for the signer. */
  readonly signerKwargs: SignerKwargs;
  /** Fallback signers. */
  readonly fallbackSigners: readonly FallbackSigner[];
  /** Options for `serializer.dumps`. */
  readonly serializerKwargs: Record<string, unknown>;
  /** The resolved limits. */
  readonly limits: Readonly<Limits>;
  /** The HMAC signers use, when given. */
  readonly mac: Mac | undefined;
  /** zlib, for compressed payloads. */
  readonly zlib: Zlib;
  /** Where payload bytes are allocated. @internal */
  protected readonly slab = new Slab();
  readonly #unsigners = new Map<string, S[]>();
  #defaultUnsigners: S[] | undefined;

  /**
   * @param secretKey - A key, or a list from oldest to newest (the newest signs).
   * @param options - Python's keyword arguments.
   */
  constructor(secretKey: SecretKey, options: SerializerOptions<S, Out> = {}) {
    const ctor = this.constructor as typeof Serializer;
    checkOptionNames(options, SERIALIZER_OPTION_NAMES, ctor.name);
    defineHidden(this, "secretKeys", secretKeysOf(secretKey));
    const salt = options.salt === undefined ? ctor.defaultSalt : options.salt;
    this.salt = salt === null ? null : wantBytes(salt);
    this.serializer = options.serializer ?? (ctor.defaultSerializer as PayloadSerializer<Out>);
    this.isTextSerializer = isTextSerializer(this.serializer);
    this.signer = (options.signer ?? ctor.defaultSigner) as SignerClass<S>;
    this.signerKwargs = { ...options.signerKwargs };
    if ("salt" in this.signerKwargs) throw new TypeError("Pass the salt as 'salt', not inside 'signerKwargs'");
    this.fallbackSigners = [...(options.fallbackSigners ?? ctor.defaultFallbackSigners)];
    this.serializerKwargs = { ...options.serializerKwargs };
    this.limits = resolveLimits(options.limits);
    this.mac = options.mac;
    this.zlib = options.zlib ?? new PortedZlib();
    // Fail now, not on the first token, if the signer options are wrong.
    this.makeSigner();
  }

  /** The newest key. */
  get secretKey(): Uint8Array {
    return this.secretKeys[this.secretKeys.length - 1]!;
  }

  /**
   * Decodes a payload (the part of the token that was signed) with the serializer.
   *
   * @throws BadPayload when it cannot be decoded.
   */
  loadPayload(payload: Uint8Array, serializer?: PayloadSerializer): unknown {
    const use = serializer ?? this.serializer;
    const isText = serializer === undefined ? this.isTextSerializer : isTextSerializer(serializer);
    try {
      return use.loads(isText ? decodeUtf8(payload) : payload, this.limits);
    } catch (error) {
      throw new BadPayload("Could not load the payload because an exception occurred on unserializing the data.", error);
    }
  }

  /** Encodes a value as payload bytes with the serializer. */
  dumpPayload(obj: unknown): Uint8Array {
    const out = this.serializePayload(obj);
    return (typeof out === "string" && this.slab.ascii(out)) || wantBytes(out);
  }

  /** What the payload serializer writes for `obj`, checked: text or bytes. @internal */
  protected serializePayload(obj: unknown): string | Uint8Array {
    const out = this.serializer.dumps(obj, this.serializerKwargs);
    if (typeof out !== "string" && !(out instanceof Uint8Array)) {
      throw new TypeError(`serializer.dumps returned ${describe(out)}, not a string or bytes`);
    }
    return out;
  }

  /** A signer for `salt` (default: the serializer's salt). */
  makeSigner(salt?: StrOrBytes | null): S {
    return this.unsignersFor(salt)[0]!;
  }

  /** The signers tried when verifying: the main one, then each fallback for each key. */
  iterUnsigners(salt?: StrOrBytes | null): Iterable<S> {
    return this.unsignersFor(salt);
  }

  // Signers are immutable, so they are built once per salt rather than per call as in Python.
  private unsignersFor(salt: StrOrBytes | null | undefined): S[] {
    // The serializer's own salt is the usual case: no key to build, no lookup.
    if (salt == null && this.#defaultUnsigners) return this.#defaultUnsigners;
    const saltBytes = salt == null ? this.salt : wantBytes(salt);
    const key = saltKey(saltBytes);
    let list = this.#unsigners.get(key);
    if (list) return list;
    const signerSalt = saltBytes ?? undefined;
    const mac = this.mac === undefined ? {} : { mac: this.mac };
    list = [new this.signer(this.secretKeys, { ...mac, ...this.signerKwargs, salt: signerSalt })];
    for (const fallback of this.fallbackSigners) {
      let cls: SignerClass<S>;
      let kwargs: SignerKwargs;
      if (typeof fallback === "function") {
        cls = fallback as SignerClass<S>;
        kwargs = this.signerKwargs;
      } else if (Array.isArray(fallback)) {
        cls = fallback[0] as SignerClass<S>;
        kwargs = fallback[1] as SignerKwargs;
      } else {
        cls = this.signer;
        kwargs = fallback as SignerKwargs;
      }
      for (const secretKey of this.secretKeys) list.push(new cls(secretKey, { ...mac, ...kwargs, salt: signerSalt }));
    }
    if (salt == null) this.#defaultUnsigners = list;
    else if (this.#unsigners.size < 16) this.#unsigners.set(key, list);
    return list;
  }

  /**
   * A signed token for `obj`.
   *
   * @example
   * ```ts
   * new Serializer("k").dumps([1, 2, 3]); // "[1, 2, 3].<signature>"
   * ```
   */
  dumps(obj: unknown, salt?: StrOrBytes | null): Out {
    const payload = this.dumpPayload(obj);
    const signed = this.makeSigner(salt).sign(payload);
    return (this.isTextSerializer ? decodeUtf8(signed) : signed) as Out;
  }

  /**
   * The token as bytes, refusing what is longer than `limits.maxTokenLength`: first by its length
   * in UTF-16 code units (never more than its UTF-8 bytes), before encoding it, then in bytes.
   * @internal
   */
  protected tokenBytes(token: StrOrBytes): Uint8Array {
    const max = this.limits.maxTokenLength;
    const tooLong = (length: number, unit: string) =>
      new BadSignature(`Token of ${length} ${unit} is longer than the limit of ${max} bytes`);
    if (typeof token === "string" && token.length > max) throw tooLong(token.length, "characters (at least as many bytes)");
    const bytes = tokenBytes(token, this.slab);
    if (bytes.length > max) throw tooLong(bytes.length, "bytes");
    return bytes;
  }

  /**
   * The value of a token, after checking its signature.
   *
   * @throws BadSignature when no signer accepts it; BadPayload when it is signed but undecodable.
   * @example
   * ```ts
   * s.loads(s.dumps({ a: 1 })); // { a: 1 }
   * ```
   */
  loads<T = unknown>(token: StrOrBytes, options: LoadsOptions = {}): T {
    const bytes = this.tokenBytes(token);
    let lastError: BadSignature | undefined;
    for (const signer of this.iterUnsigners(options.salt)) {
      let value: Uint8Array;
      try {
        value = signer.unsign(bytes);
      } catch (error) {
        if (!(error instanceof BadSignature)) throw error;
        lastError = error;
        continue;
      }
      return this.loadPayload(value) as T;
    }
    throw lastError!;
  }

  /**
   * Like {@link Serializer.loads} without trusting the signature: `[signatureValid, value]`,
   * the value decoded even when the signature is bad (debugging only). Never throws: what cannot
   * be decoded gives `[false, null]` (Python raises `BadPayload` when the signature is valid but
   * the payload is not; this returns `[false, null]` then too).
   *
   * @example
   * ```ts
   * const [valid, value] = s.loadsUnsafe(token);
   * ```
   */
  loadsUnsafe<T = unknown>(token: StrOrBytes, options: LoadsOptions = {}): [boolean, T | null] {
    return this.loadsUnsafeImpl<T>(() => this.loads<T>(token, options));
  }

  /**
   * A summary for logs and `JSON.stringify`: the classes, options and limits, and how many secret
   * keys there are, never the keys.
   *
   * @example
   * ```ts
   * JSON.stringify(new URLSafeSerializer(["old", "new"])); // '{"signer":"Signer",...,"secretKeys":"<2 secret keys hidden>"}'
   * ```
   */
  toJSON(): Record<string, unknown> {
    const { secretKeys: _hidden, ...signer } = this.makeSigner().toJSON();
    const serializer =
      this.serializer === pythonJSON
        ? "json"
        : this.serializer === compactJSON
          ? "compact json"
          : this.serializer.constructor.name;
    return {
      signer: this.signer.name,
      ...signer,
      serializer,
      fallbackSigners: this.fallbackSigners.length,
      limits: this.limits,
      secretKeys: hiddenKeys(this.secretKeys),
    };
  }

  /** Node's `util.inspect` shows {@link Serializer.toJSON}: the secret keys never appear. */
  [INSPECT](_depth: number, options: unknown, inspect?: InspectFunction): string {
    return inspectAs(this.constructor.name, this.toJSON(), options, inspect);
  }

  /** Shared by the timed variant. @internal */
  protected loadsUnsafeImpl<T>(load: () => T): [boolean, T | null] {
    try {
      return [true, load()];
    } catch (error) {
      if (!(error instanceof BadSignature) || error.payload === null) return [false, null];
      try {
        return [false, this.loadPayload(error.payload) as T];
      } catch {
        return [false, null];
      }
    }
  }
}
