/**
 * Flask-Session's serializer (`MsgSpecSerializer`, 0.7+): sessions are written with msgspec as
 * MessagePack (the default) or JSON (`SESSION_SERIALIZATION_FORMAT`), with no header byte; a
 * record is read with the configured format, then the other one, then as a pickle (what
 * Flask-Session 0.6 and older wrote), as Flask-Session 0.8 reads it. The pickle is read by this
 * library's restricted reader ({@link pickleLoads}), never by anything that could run code.
 * @module
 */
import { BadPayload } from "../errors.js";
import { msgpackDecode, msgpackEncode, MsgpackDecodeError } from "./msgpack.js";
import { msgspecJSONDecode, msgspecJSONEncode, MsgspecJSONDecodeError } from "./msgspec-json.js";
import { PickleError, pickleLoads } from "./pickle.js";

/** `SESSION_SERIALIZATION_FORMAT`. */
export type SerializationFormat = "msgpack" | "json";

/** Bounds on reading one record (every default is far above what a session holds). */
export interface RecordLimits {
  /** Largest record, in bytes (default 16 MiB): a longer one is refused before it is decoded. */
  maxRecordSize: number;
  /** Deepest nesting (default 1000, about Python's recursion limit). */
  maxDepth: number;
  /** Most items over the whole record (default 100,000). */
  maxItems: number;
}

/**
 * The default {@link RecordLimits}.
 *
 * @example
 * ```ts
 * new MsgSpecSerializer({ limits: { ...DEFAULT_RECORD_LIMITS, maxRecordSize: 64 * 1024 } });
 * ```
 */
export const DEFAULT_RECORD_LIMITS: Readonly<RecordLimits> = Object.freeze({
  maxRecordSize: 16 * 1024 * 1024,
  maxDepth: 1000,
  maxItems: 100_000,
});

/** Options of {@link MsgSpecSerializer}. */
export interface MsgSpecSerializerOptions {
  /** `"msgpack"` (Flask-Session's default) or `"json"`. */
  format?: SerializationFormat;
  /** Bounds on reading a record. */
  limits?: Partial<RecordLimits>;
  /**
   * Whether to read pickled records, as Flask-Session 0.8 still does (default `true`): set it to
   * `false` once no record older than Flask-Session 0.7 is left.
   */
  readPickle?: boolean;
}

/** Whether a decoder failed on the data itself (then the next format is tried, as msgspec's `DecodeError`). */
function isDecodeError(error: unknown): boolean {
  return error instanceof MsgpackDecodeError || error instanceof MsgspecJSONDecodeError;
}

/**
 * Flask-Session's `MsgSpecSerializer`: `encode(data)` writes a session's data as msgspec does,
 * `decode(record)` reads a record of any format Flask-Session 0.8 reads.
 *
 * @example
 * ```ts
 * const serializer = new MsgSpecSerializer({ format: "msgpack" });
 * const record = serializer.encode({ _user_id: "42" });  // what Flask-Session stores
 * serializer.decode(record);                             // { _user_id: "42" }
 * ```
 */
export class MsgSpecSerializer {
  /** The format records are written in. */
  readonly format: SerializationFormat;
  /** The read limits in force. */
  readonly limits: Readonly<RecordLimits>;
  /** Whether pickled records are read. */
  readonly readPickle: boolean;

  /** @throws TypeError for an unknown format (Flask-Session: `ValueError`). */
  constructor(options: MsgSpecSerializerOptions = {}) {
    const format = options.format ?? "msgpack";
    if (format !== "msgpack" && format !== "json") {
      throw new TypeError(`Unsupported serialization format: ${String(format)} (use "msgpack" or "json")`);
    }
    this.format = format;
    this.limits = Object.freeze({ ...DEFAULT_RECORD_LIMITS, ...options.limits });
    this.readPickle = options.readPickle ?? true;
  }

  /**
   * The record for a session's data (Python: `encoder.encode(dict(session))`).
   *
   * @throws TypeError or RangeError for a value msgspec cannot write either (a `Markup`, an int
   *   beyond 64 bits in MessagePack, a cycle); Flask-Session fails the request then too.
   */
  encode(data: unknown): Uint8Array {
    return this.format === "msgpack" ? msgpackEncode(data) : msgspecJSONEncode(data);
  }

  /**
   * The data of a record: the configured format, then the other, then a pickle.
   *
   * @throws BadPayload when no format reads it, or it is over a limit; `originalError` tells why
   *   (for a pickle that names `os.system`, a {@link PickleError} of kind `"refused"`).
   */
  decode(record: Uint8Array): unknown {
    if (record.length > this.limits.maxRecordSize) {
      throw new BadPayload(`The session record is larger than ${this.limits.maxRecordSize} bytes (maxRecordSize)`);
    }
    const bounds = { maxDepth: this.limits.maxDepth, maxItems: this.limits.maxItems };
    const decoders = this.format === "msgpack" ? [msgpackDecode, msgspecJSONDecode] : [msgspecJSONDecode, msgpackDecode];
    // The first format's error is the one worth reporting when nothing reads the record.
    let first: unknown = null;
    for (const decode of decoders) {
      try {
        return decode(record, bounds);
      } catch (error) {
        if (!isDecodeError(error)) throw new BadPayload("The session record could not be decoded", error);
        first ??= error;
      }
    }
    if (!this.readPickle) throw new BadPayload(`The session record could not be read as ${this.format}`, first);
    try {
      return pickleLoads(record, bounds);
    } catch (error) {
      if (error instanceof PickleError && error.kind === "refused") {
        throw new BadPayload("The session record is a pickle that asks for more than plain data: refused", error);
      }
      if (error instanceof PickleError && error.kind === "limit")
        throw new BadPayload("The session record is over a limit", error);
      // A record that starts like a pickle of protocol 2+ is one: its own error says more.
      if (record[0] === 0x80 && record.length > 1 && record[1]! <= 5) {
        throw new BadPayload("The session record is a pickle that could not be read", error);
      }
      throw new BadPayload(
        `The session record could not be read (as ${this.format}, then the other format, then as a pickle)`,
        first,
      );
    }
  }
}
