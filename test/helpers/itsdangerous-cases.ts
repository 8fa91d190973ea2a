/**
 * Builds this library's objects from the cases in fixtures/<env>/itsdangerous*.json (written by
 * scripts/gen_itsdangerous_fixtures.py from real Python) and runs their checks.
 *
 * Shared with the edge-runtime run (test/edge/), where the `vitest` import is bundled as
 * test/edge/expect.ts: keep to the matchers that file implements.
 */
import { expect } from "vitest";
import {
  BadData,
  HMACAlgorithm,
  NoneAlgorithm,
  Serializer,
  Signer,
  TimedSerializer,
  TimestampSigner,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  type FallbackSigner,
  type SignerKwargs,
} from "../../src/index.js";
import { bytesToHex, expectTyped, fromTyped, hasIntegralFloat, hexToBytes, type Typed } from "./typed.js";

type PyBytes = { bytes: string };
type PyStrBytes = string | PyBytes;

export interface Check {
  call: "loads" | "unsign" | "validate" | "loads_unsafe";
  now: number | null;
  maxAge: number | null;
  salt?: PyStrBytes | null;
  returnTimestamp?: boolean;
  result: string;
  message?: string;
  value?: Typed;
  dateSigned?: number | null;
  payload?: PyBytes | null;
  nonItsdangerousError?: boolean;
}

export interface Case {
  id: string;
  class: "Signer" | "TimestampSigner" | "Serializer" | "TimedSerializer" | "URLSafeSerializer" | "URLSafeTimedSerializer";
  secret: PyStrBytes | PyStrBytes[];
  options: Record<string, unknown>;
  timestamp: number | null;
  dumps?: { value: Typed | PyBytes; salt?: PyStrBytes | null; token?: PyStrBytes; error?: { result: string } };
  constructError?: { result: string; message: string };
  token: PyStrBytes | null;
  checks: Check[];
}

/** Exception names of the itsdangerous family (anything else is Python failing outright). */
export const ITSDANGEROUS_ERRORS = new Set(["BadData", "BadSignature", "BadTimeSignature", "SignatureExpired", "BadPayload"]);

export function strOrBytes(value: PyStrBytes): string | Uint8Array {
  return typeof value === "string" ? value : hexToBytes(value.bytes);
}

function strOrBytesOpt(value: PyStrBytes | null | undefined): string | Uint8Array | null | undefined {
  return value == null ? value : strOrBytes(value);
}

/** A clock the signers of one case read; checks move it. */
export class Clock {
  now = 0;
}

const PY_JSON_KWARGS: Record<string, string> = {
  sort_keys: "sortKeys",
  ensure_ascii: "ensureAscii",
  allow_nan: "allowNan",
  separators: "separators",
  indent: "indent",
};

function signerKwargs(raw: Record<string, unknown>): SignerKwargs {
  const out: SignerKwargs = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === "sep") out.sep = strOrBytes(value as PyStrBytes);
    else if (key === "algorithm") out.algorithm = algorithm(value);
    else (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

function algorithm(value: unknown): HMACAlgorithm | NoneAlgorithm {
  if (value === "none") return new NoneAlgorithm();
  return new HMACAlgorithm((value as { hmac: "sha256" }).hmac);
}

/** Builds the object a case describes, with signers that read `clock`. */
export function build(c: Case, clock: Clock): Signer | Serializer {
  class ClockedSigner extends TimestampSigner {
    override getTimestamp(): number {
      return clock.now;
    }
  }
  const secret = Array.isArray(c.secret) ? c.secret.map(strOrBytes) : strOrBytes(c.secret);
  const o = c.options;
  const opts: Record<string, unknown> = {};
  if ("salt" in o) opts.salt = strOrBytesOpt(o.salt as PyStrBytes | null);
  if (c.class === "Signer" || c.class === "TimestampSigner") {
    Object.assign(opts, signerKwargs(Object.fromEntries(Object.entries(o).filter(([k]) => k !== "salt"))));
    return c.class === "Signer" ? new Signer(secret, opts) : new ClockedSigner(secret, opts);
  }
  if (o.serializerKwargs) {
    opts.serializerKwargs = Object.fromEntries(
      Object.entries(o.serializerKwargs as Record<string, unknown>).map(([k, v]) => [PY_JSON_KWARGS[k] ?? k, v]),
    );
  }
  if (o.signerKwargs) opts.signerKwargs = signerKwargs(o.signerKwargs as Record<string, unknown>);
  const timed = c.class === "TimedSerializer" || c.class === "URLSafeTimedSerializer";
  const classByName = (name: string) => (name === "TimestampSigner" ? ClockedSigner : Signer);
  if (o.fallbackSigners) {
    opts.fallbackSigners = (o.fallbackSigners as { signer?: string; signerKwargs?: Record<string, unknown> }[]).map(
      (f): FallbackSigner => {
        if (f.signer && f.signerKwargs) return [classByName(f.signer), signerKwargs(f.signerKwargs)];
        if (f.signer) return classByName(f.signer);
        return signerKwargs(f.signerKwargs ?? {});
      },
    );
  }
  if (timed) opts.signer = ClockedSigner;
  switch (c.class) {
    case "Serializer":
      return new Serializer(secret, opts);
    case "URLSafeSerializer":
      return new URLSafeSerializer(secret, opts);
    case "TimedSerializer":
      return new TimedSerializer(secret, opts);
    default:
      return new URLSafeTimedSerializer(secret, opts);
  }
}

/**
 * The documented differences on writing: a Python float with an integral value (1.0) is the
 * JavaScript number 1 and is written as the int 1; a timestamp beyond 2^53 seconds is not a
 * JavaScript integer (Python itself cannot read timestamps past year 9999).
 */
function knownDumpsDifference(c: Case): boolean {
  if (c.timestamp !== null && c.timestamp > Number.MAX_SAFE_INTEGER) return true;
  return hasIntegralFloat(c.dumps?.value);
}

const KEY_DERIVATIONS = ["concat", "django-concat", "hmac", "none"];

function unknownKeyDerivation(c: Case): boolean {
  const kd = (c.options.keyDerivation ?? (c.options.signerKwargs as { keyDerivation?: string } | undefined)?.keyDerivation) as
    string | undefined;
  return kd !== undefined && !KEY_DERIVATIONS.includes(kd);
}

/**
 * One case, both ways: our token for the same value, keys and time equals Python's string
 * exactly, and our verdict (and value, types included) for every check equals Python's.
 */
export function checkCase(c: Case): void {
  const clock = new Clock();
  let obj;
  try {
    obj = build(c, clock);
  } catch (error) {
    // We refuse bad options when constructing; Python refuses them then or on first use. An
    // empty key list can never sign or verify anything: Python builds it and fails later.
    const pythonRefused =
      c.constructError !== undefined ||
      c.dumps?.error !== undefined ||
      (Array.isArray(c.secret) && c.secret.length === 0) ||
      unknownKeyDerivation(c) ||
      c.checks.every((check) => check.result === "TypeError");
    if (!pythonRefused) throw error;
    expect(error).toBeInstanceOf(TypeError);
    return;
  }
  expect(c.constructError, "Python refused to construct this").toBeUndefined();
  if (c.dumps?.error) {
    expect(() => dumpsOf(c, obj, clock)).toThrow();
  } else if (c.dumps?.token !== undefined && !knownDumpsDifference(c)) {
    const ours = dumpsOf(c, obj, clock);
    const theirs = strOrBytes(c.dumps.token);
    const hex = (v: string | Uint8Array) => bytesToHex(typeof v === "string" ? new TextEncoder().encode(v) : v);
    if (typeof ours === "string" && typeof theirs === "string") expect(ours).toBe(theirs);
    else expect(hex(ours)).toBe(hex(theirs));
  }
  for (const check of c.checks) runCheck(c, obj, check, clock);
}

/** Runs one check and compares our outcome with Python's. */
export function runCheck(c: Case, obj: Signer | Serializer, check: Check, clock: Clock): void {
  clock.now = check.now ?? c.timestamp ?? 0;
  const token = strOrBytes(c.token!);
  const salt = strOrBytesOpt(check.salt);
  const where = `${c.id} ${check.call}(now=${check.now}, maxAge=${check.maxAge})`;
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: call(obj, check, token, salt) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const pythonFailedOutright = !ITSDANGEROUS_ERRORS.has(check.result) && check.result !== "ok";
  if (pythonFailedOutright) {
    // Python raised something outside the BadData family (e.g. ValueError for a timestamp past
    // year 9999, UnicodeEncodeError for a lone surrogate). We never crash: loads/unsign give a
    // BadData error, validate gives false, loads_unsafe gives [false, null].
    if (check.call === "validate") expect(outcome, where).toEqual({ ok: true, value: false });
    else if (check.call === "loads_unsafe") {
      expect(outcome.ok, where).toBe(true);
      if (outcome.ok) expect((outcome.value as [boolean, unknown])[0], where).toBe(false);
    } else {
      expect(outcome.ok, where).toBe(false);
      if (!outcome.ok && !(outcome.error instanceof BadData)) {
        // Only a misconfiguration (a plain Signer as a timed fallback) may escape as TypeError, as in Python.
        expect(outcome.error, where).toBeInstanceOf(TypeError);
      }
    }
    return;
  }
  if (check.result === "ok") {
    if (!outcome.ok) throw new Error(`${where}: Python accepted, we threw ${String(outcome.error)}`);
    compareValue(c, check, outcome.value, token, where);
    return;
  }
  if (check.call === "loads_unsafe" && check.result === "BadPayload") {
    // Python raises BadPayload from loads_unsafe when the signature is valid but the payload is
    // not; ours never throws and says [false, null].
    expect(outcome, where).toEqual({ ok: true, value: [false, null] });
    return;
  }
  if (outcome.ok)
    throw new Error(`${where}: Python raised ${check.result} (${check.message}), we returned ${String(outcome.value)}`);
  const error = outcome.error as BadData & { payload?: Uint8Array | null; dateSigned?: Date | null };
  expect(error, where).toBeInstanceOf(BadData);
  expect(error.name, `${where}: ${String(error)}`).toBe(check.result);
  expect(error.message, where).toBe(check.message);
  if (check.payload !== undefined) {
    expect(error.payload == null ? null : bytesToHex(error.payload), `${where} payload`).toBe(check.payload?.bytes ?? null);
  }
  if (check.dateSigned !== undefined && check.result !== "BadSignature") {
    expect(error.dateSigned == null ? null : error.dateSigned.getTime() / 1000, `${where} dateSigned`).toBe(check.dateSigned);
  }
}

function call(
  obj: Signer | Serializer,
  check: Check,
  token: string | Uint8Array,
  salt: string | Uint8Array | null | undefined,
): unknown {
  const maxAge = check.maxAge;
  const returnTimestamp = check.returnTimestamp ?? false;
  switch (check.call) {
    case "unsign":
      return obj instanceof TimestampSigner ? obj.unsign(token, { maxAge, returnTimestamp }) : (obj as Signer).unsign(token);
    case "validate":
      return obj instanceof TimestampSigner ? obj.validate(token, { maxAge }) : (obj as Signer).validate(token);
    case "loads":
      return obj instanceof TimedSerializer
        ? obj.loads(token, { maxAge, returnTimestamp, salt })
        : (obj as Serializer).loads(token, { salt });
    case "loads_unsafe":
      return obj instanceof TimedSerializer
        ? obj.loadsUnsafe(token, { maxAge, salt })
        : (obj as Serializer).loadsUnsafe(token, { salt });
  }
}

function compareValue(c: Case, check: Check, actual: unknown, token: string | Uint8Array, where: string): void {
  if (check.call === "validate") {
    expect(actual, where).toBe(check.value);
    return;
  }
  let value = actual;
  if (check.returnTimestamp) {
    const [v, date] = actual as [unknown, Date];
    expect(date.getTime() / 1000, `${where} timestamp`).toBe(check.dateSigned);
    value = v;
  }
  if (check.call === "unsign") {
    const expected = check.value as PyStrBytes;
    if (typeof token === "string") {
      expect(value, where).toBe(typeof expected === "string" ? expected : new TextDecoder().decode(hexToBytes(expected.bytes)));
    } else {
      const want = typeof expected === "string" ? bytesToHex(new TextEncoder().encode(expected)) : expected.bytes;
      expect(bytesToHex(value as Uint8Array), where).toBe(want);
    }
    return;
  }
  if (check.call === "loads_unsafe") {
    const [valid, payload] = (check.value as { tuple: [boolean, Typed] }).tuple;
    const [ourValid, ourValue] = value as [boolean, unknown];
    expect(ourValid, `${where} valid`).toBe(valid);
    expectTyped(ourValue, payload, where);
    return;
  }
  expectTyped(value, check.value as Typed, where);
}

/** Our dumps/sign output for a case's value, at the case's timestamp. */
export function dumpsOf(c: Case, obj: Signer | Serializer, clock: Clock): string | Uint8Array {
  clock.now = c.timestamp ?? 0;
  const d = c.dumps!;
  const salt = strOrBytesOpt(d.salt);
  if (obj instanceof Serializer) return obj.dumps(fromTyped(d.value as Typed), salt);
  return (obj as Signer).sign(strOrBytes(d.value as PyStrBytes));
}
