/**
 * flask-session-cookie: read and write Flask session cookies and itsdangerous tokens from
 * JavaScript, byte for byte as Python does.
 *
 * This entry point is the itsdangerous core and the Flask session layer; it uses no Node
 * built-ins, so it runs in Node, browsers and edge runtimes.
 * @module
 */
export { BadData, BadSignature, BadTimeSignature, SignatureExpired, BadPayload, type BadDataCode } from "./errors.js";
export { base64Encode, base64Decode, intToBytes, bytesToInt, wantBytes, type StrOrBytes } from "./encoding.js";
export {
  Signer,
  SigningAlgorithm,
  HMACAlgorithm,
  NoneAlgorithm,
  type SignerOptions,
  type SecretKey,
  type KeyDerivation,
} from "./signer.js";
export { TimestampSigner, TimedSerializer, type TimestampUnsignOptions, type TimedLoadsOptions } from "./timed.js";
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
export { defaultMac, type Mac, type KeyedMac } from "./mac.js";
export { zlibCompress, zlibDecompress, ZlibError, DEFAULT_MAX_DECOMPRESSED_SIZE, PortedZlib, type Zlib } from "./compress.js";
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
export * as json from "./json/index.js";

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
  SESSION_MAX_TOKEN_LENGTH,
  type FlaskSessionConfig,
  type SaveSessionResult,
  type SessionInterfaceOptions,
  type SessionData,
  type FlaskSessionData,
} from "./flask/session.js";
export { flash, getFlashedMessages, type FlashedMessage, type GetFlashedMessagesOptions } from "./flask/flash.js";
export {
  flaskBehaviour,
  werkzeugBehaviour,
  DEFAULT_FLASK_VERSION,
  VERIFIED_FLASK_VERSIONS,
  type FlaskBehaviour,
  type FlaskVersion,
  type WerkzeugBehaviour,
} from "./flask/versions.js";
export {
  dumpCookie,
  findCookie,
  LATEST_WERKZEUG,
  MAX_COOKIE_SIZE,
  parseCookie,
  werkzeugCookieRules,
  type CookieReader,
  type CookieReadOptions,
  type CookieWriter,
  type DumpCookieOptions,
  type DumpedCookie,
  type WerkzeugCookieRules,
  type WerkzeugVersion,
} from "./flask/cookie.js";

// Flask-Session: server-side sessions, their records' formats, and the store interface.
export { PlainDate, PlainDateTime, Decimal } from "./flask-session/python-types.js";
export { msgpackEncode, msgpackDecode, MsgpackExt, MsgpackDecodeError, type DecodeLimits } from "./flask-session/msgpack.js";
export { msgspecJSONEncode, msgspecJSONDecode, msgspecFloat, MsgspecJSONDecodeError } from "./flask-session/msgspec-json.js";
export { pickleLoads, PickleError, type PickleLimits } from "./flask-session/pickle.js";
export {
  MsgSpecSerializer,
  DEFAULT_RECORD_LIMITS,
  type MsgSpecSerializerOptions,
  type RecordLimits,
  type SerializationFormat,
} from "./flask-session/serializer.js";
export { MemoryStore, type SessionStore, type MaybePromise } from "./flask-session/store.js";
export {
  ServerSideSession,
  ServerSideSessionInterface,
  type ServerSideSessionConfig,
  type ServerSideSessionInterfaceOptions,
  type SavePlan,
} from "./flask-session/session.js";

// Flask-Login and Flask-WTF.
export * from "./flask/login/index.js";
export * from "./flask/wtf/index.js";
