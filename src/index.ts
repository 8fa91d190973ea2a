/**
 * flask-session-cookie: read and write Flask session cookies and itsdangerous tokens from
 * JavaScript, byte for byte as Python does.
 *
 * This entry point is the itsdangerous core and the Flask session layer; it uses no Node
 * built-ins, so it runs in Node, browsers and edge runtimes.
 * @module
 */
export { BadData, BadSignature, BadTimeSignature, SignatureExpired, BadPayload, type BadDataCode } from "./errors.js";
export {
  base64Encode,
  base64Decode,
  intToBytes,
  bytesToInt,
  wantBytes,
  type StrOrBytes,
} from "./encoding.js";
export {
  Signer,
  SigningAlgorithm,
  HMACAlgorithm,
  NoneAlgorithm,
  type SignerOptions,
  type SecretKey,
  type KeyDerivation,
} from "./signer.js";
export {
  TimestampSigner,
  TimedSerializer,
  type TimestampUnsignOptions,
  type TimedLoadsOptions,
} from "./timed.js";
export {
  Serializer,
  pythonJSON,
  compactJSON,
  type PayloadSerializer,
  type SerializerOptions,
  type SignerClass,
  type SignerKwargs,
  type FallbackSigner,
  type LoadsOptions,
} from "./serializer.js";
export { URLSafeSerializer, URLSafeTimedSerializer } from "./url-safe.js";
export { getDigest, constantTimeEqual, type DigestName, type DigestMethod, type HashState } from "./crypto.js";
export { zlibCompress, zlibDecompress, ZlibError, DEFAULT_MAX_DECOMPRESSED_SIZE } from "./compress.js";
export { DEFAULT_LIMITS, resolveLimits, type Limits } from "./limits.js";
/**
 * Python's `json` module as the serializers use it: `json.dumps(value, options)` writes what
 * Python writes (every dialect), `json.loads(text)` reads what Python reads (big ints as
 * `bigint`, `NaN`, key order kept).
 *
 * @example
 * ```ts
 * import { json } from "flask-session-cookie";
 * json.dumps({ id: 2n ** 64n, x: 1e-5 });  // '{"id": 18446744073709551616, "x": 1e-05}'
 * json.loads('{"id": 18446744073709551616}'); // { id: 18446744073709551616n }
 * ```
 */
export * as json from "./json.js";

// The Flask session layer.
export { Tuple, tuple, type TupleConstructor } from "./flask/tuple.js";
export { Markup, hasHtml, type HTMLConvertible } from "./flask/markup.js";
export { UUID } from "./flask/uuid.js";
export { httpDate, parseDate } from "./flask/http-date.js";
export {
  TaggedJSONSerializer,
  JSONTag,
  TagDict,
  PassDict,
  TagTuple,
  PassList,
  TagBytes,
  TagMarkup,
  TagUUID,
  TagDateTime,
  type JSONTagClass,
  type TaggedJSONOptions,
} from "./flask/tag.js";
export {
  FlaskSession,
  SecureCookieSessionInterface,
  type FlaskSessionConfig,
  type SaveSessionResult,
  type SessionInterfaceOptions,
  type SessionData,
  type FlaskSessionData,
} from "./flask/session.js";
export { flash, getFlashedMessages, type FlashedMessage, type GetFlashedMessagesOptions } from "./flask/flash.js";
export { dumpCookie, parseCookie, type DumpCookieOptions, type DumpedCookie } from "./flask/cookie.js";
