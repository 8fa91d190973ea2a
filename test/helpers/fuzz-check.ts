/**
 * The TypeScript side of the differential fuzzer: builds this library's objects for a fuzz case,
 * runs them on every token Python made, and compares verdicts, values and re-encodings with
 * Python's. Problems are returned as text (for shrinking) and counted (for the report).
 */
import {
  BadData,
  BadPayload,
  FlaskSession,
  SecureCookieSessionInterface,
  Serializer,
  TaggedJSONSerializer,
  TimedSerializer,
  TimestampSigner,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  DEFAULT_LIMITS,
  type FlaskSessionConfig,
  type WerkzeugVersion,
} from "../../src/index.js";
import type { MadeBy } from "./flask-config.js";
import type { Check, FuzzCase, Secret } from "./fuzz-arbitraries.js";
import { bytesToHex, compareTyped, fromTyped, hexToBytes, type Typed } from "./typed.js";

/** Python's outcome of one call. */
export interface PyOutcome {
  result: string;
  family?: boolean;
  message?: string;
  value?: Typed | { unrepresentable: string };
  valid?: boolean;
  sameAsLoads?: boolean;
}

/** Python's outcomes for one token and check of an itsdangerous case: `loads`, `loads_unsafe`. */
export interface PyCheck extends PyOutcome {
  unsafe: PyOutcome;
}

/** ... of a session case: `serializer.loads`, and what Flask's `open_session` made of it. */
export interface PySessionCheck {
  result: PyOutcome;
  session: Typed | { unrepresentable: string } | null;
  openError: string | null;
}

export type PyToken = string | { bytes: string };

/** What scripts/fuzz_oracle.py answers for one case. */
export interface PyResult {
  dumps: { token: PyToken; jsToken: PyToken } | { error: string };
  variants: { how: string; token: PyToken; checks: (PyCheck | PySessionCheck)[] }[];
}

/** The kinds of known difference (docs/compatibility.md) the checker recognises. */
export type KnownDifference =
  "markupIntegralFloat" | "markupUnicodeVersion" | "nonStringSessionKey" | "deepSessionWrite" | "deeperThanMaxDepth";

/** The figures a run reports. */
export interface FuzzStats {
  cases: number;
  tokens: number;
  checks: number;
  pythonAccepted: number;
  pythonRejected: number;
  pythonCrashed: number;
  reencodings: number;
  /** Differences documented in docs/compatibility.md, by kind (not disagreements). */
  knownDifferences: Record<KnownDifference, number>;
  falseAccepts: number;
  nonBadData: number;
  disagreements: number;
  pollution: number;
  maxMs: number;
  maxMsInput: string;
  maxTokenChars: number;
  peakHeapMB: number;
}

export function newStats(): FuzzStats {
  return {
    cases: 0,
    tokens: 0,
    checks: 0,
    pythonAccepted: 0,
    pythonRejected: 0,
    pythonCrashed: 0,
    reencodings: 0,
    knownDifferences: {
      markupIntegralFloat: 0,
      markupUnicodeVersion: 0,
      nonStringSessionKey: 0,
      deepSessionWrite: 0,
      deeperThanMaxDepth: 0,
    },
    falseAccepts: 0,
    nonBadData: 0,
    disagreements: 0,
    pollution: 0,
    maxMs: 0,
    maxMsInput: "",
    maxTokenChars: 0,
    peakHeapMB: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Prototype pollution: every own property of the built-in prototypes, as it was at start.

const PROTOTYPES: [string, object][] = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["String.prototype", String.prototype],
  ["Function.prototype", Function.prototype],
];

function snapshot(proto: object): Map<PropertyKey, unknown> {
  const out = new Map<PropertyKey, unknown>();
  for (const key of Reflect.ownKeys(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, key)!;
    out.set(key, "value" in d ? d.value : [d.get, d.set]);
  }
  return out;
}

const BASELINE = PROTOTYPES.map(([name, proto]) => [name, proto, snapshot(proto)] as const);

/** `null` when no built-in prototype changed since this module loaded, else what changed. */
export function pollutionProblem(): string | null {
  for (const [name, proto, before] of BASELINE) {
    const keys = Reflect.ownKeys(proto);
    if (keys.length !== before.size) return `${name} has ${keys.length} own properties instead of ${before.size}`;
    for (const key of keys) {
      const d = Object.getOwnPropertyDescriptor(proto, key)!;
      const now = "value" in d ? d.value : [d.get, d.set];
      const was = before.get(key);
      const same = Array.isArray(was) && Array.isArray(now) ? was[0] === now[0] && was[1] === now[1] : was === now;
      if (!same) return `${name}.${String(key)} changed`;
    }
  }
  const probe = {} as Record<string, unknown>;
  if (Object.getPrototypeOf(probe) !== Object.prototype) return "a fresh object has another prototype";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Known differences in the text of a Markup made from a non-string (a forged ` m` tag: Flask
// never writes one), which Python makes with repr() (docs/compatibility.md):
// - an integral float is a JavaScript integer: Python writes `[0.0]`, we write `[0]`;
// - repr() escapes what Python's Unicode database calls unprintable, and ours asks the JavaScript
//   engine's, which is newer (Python 3.11: Unicode 14; Node 20: 15.1 or later): Python escapes a
//   character assigned in between, we keep it.

let pythonUnassigned: [number, number][] = [];

/** Tells the checker which code points Python's Unicode database does not know. */
export function setPythonUnassigned(ranges: [number, number][]): void {
  pythonUnassigned = ranges;
}

/** Whether JavaScript knows the character and Python's Unicode database does not. */
function newerThanPython(cp: number): boolean {
  let lo = 0;
  let hi = pythonUnassigned.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last] = pythonUnassigned[mid]!;
    if (cp < first) hi = mid - 1;
    else if (cp > last) lo = mid + 1;
    else return !/\p{Cn}/u.test(String.fromCodePoint(cp));
  }
  return false;
}

/** Python's Markup text with its integral floats written as ints. */
function integralFloatsAsInts(python: string): string {
  return python.replace(/(?<![\w.])(-?\d+)\.0(?![\d.e])/g, "$1");
}

/** Python's Markup text with the escapes of characters newer than its Unicode database undone. */
function newerCharactersUnescaped(python: string): string {
  return python.replace(/\\+(?:U([0-9a-f]{8})|u([0-9a-f]{4}))/g, (escape, long?: string, short?: string) => {
    const cp = parseInt(long ?? short!, 16);
    return newerThanPython(cp) ? String.fromCodePoint(cp) : escape;
  });
}

/**
 * A value difference that the known Markup differences alone explain: counted by kind (the first
 * that suffices), not a disagreement.
 */
function knownMarkupDifference(stats: FuzzStats, ours: unknown, python: Typed): boolean {
  const explains = (normalize: (text: string) => string) =>
    compareTyped(ours, python, "$", { markupEquals: (a, b) => a === normalize(b) }) === null;
  if (explains(integralFloatsAsInts)) stats.knownDifferences.markupIntegralFloat++;
  else if (explains((text) => newerCharactersUnescaped(integralFloatsAsInts(text))))
    stats.knownDifferences.markupUnicodeVersion++;
  else return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Building our objects

export function secret(value: Secret): string | Uint8Array {
  return typeof value === "string" ? value : hexToBytes(value.bytes);
}

export function token(value: PyToken): string | Uint8Array {
  return typeof value === "string" ? value : hexToBytes(value.bytes);
}

function tokenText(value: string | Uint8Array): string {
  return typeof value === "string" ? value : `bytes:${bytesToHex(value)}`;
}

const CLASSES: Record<string, new (key: (string | Uint8Array)[], options: Record<string, unknown>) => Serializer> = {
  Serializer,
  TimedSerializer,
  URLSafeSerializer,
  URLSafeTimedSerializer,
};

/** This library's serializer for an itsdangerous case, reading `clock.now`. */
function buildSerializer(c: FuzzCase, clock: { now: number }): Serializer {
  class ClockedSigner extends TimestampSigner {
    override getTimestamp(): number {
      return clock.now;
    }
  }
  const cls = CLASSES[c.cls!]!;
  const isTimed = c.cls === "TimedSerializer" || c.cls === "URLSafeTimedSerializer";
  return new cls(c.secrets.map(secret), {
    salt: c.salt === null ? null : secret(c.salt),
    signerKwargs: { keyDerivation: c.keyDerivation!, digestMethod: c.digest! },
    ...(c.json ? { serializerKwargs: { sortKeys: c.json.sortKeys, ensureAscii: c.json.ensureAscii } } : {}),
    ...(isTimed ? { signer: ClockedSigner } : {}),
  });
}

function sessionConfig(c: FuzzCase, lifetime: number | null): FlaskSessionConfig {
  const keys = c.secrets.map(secret);
  return {
    secretKey: keys[keys.length - 1],
    secretKeyFallbacks: keys.slice(0, -1),
    permanentSessionLifetime: lifetime ?? undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Comparing

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function isUnrepresentable(value: unknown): value is { unrepresentable: string } {
  return typeof value === "object" && value !== null && "unrepresentable" in value;
}

/**
 * Whether Python's (typed) value is nested deeper than the library's maxDepth allows: then our
 * refusal is the documented limit. A value too deep for Python to send back is, too.
 */
function deeperThanMaxDepth(value: unknown): boolean {
  if (isUnrepresentable(value)) return value.unrepresentable.startsWith("nested too deep");
  // Level by level (no recursion: the value may be thousands of levels deep).
  let level: unknown[] = [value];
  for (let depth = 0; depth <= DEFAULT_LIMITS.maxDepth; depth++) {
    const next: unknown[] = [];
    for (const v of level) {
      const t = (typeof v === "object" && v !== null ? v : {}) as {
        list?: unknown[];
        tuple?: unknown[];
        dict?: [string, unknown][];
      };
      const children = t.list ?? t.tuple ?? t.dict?.map(([, item]) => item);
      if (children) next.push(...children);
    }
    // Containers at this level: one more level of nesting; none: the value ends here.
    if (
      next.length === 0 &&
      !level.some((v) => typeof v === "object" && v !== null && ("list" in v || "tuple" in v || "dict" in v))
    )
      return false;
    level = next;
  }
  return true;
}

function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Runs `fn`, timing it as one input, and turns a throw into an outcome. */
function timed(stats: FuzzStats, input: string | Uint8Array, fn: () => unknown): Outcome {
  const start = performance.now();
  let outcome: Outcome;
  try {
    outcome = { ok: true, value: fn() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const ms = performance.now() - start;
  if (ms > stats.maxMs) {
    stats.maxMs = ms;
    const text = tokenText(input);
    stats.maxMsInput = `${text.length} chars: ${text.slice(0, 120)}${text.length > 120 ? "..." : ""}`;
  }
  return outcome;
}

/**
 * Compares our verdict and value with Python's for one call. Python failing outright (an
 * exception outside BadData, which Flask turns into a 500) maps to any BadData of ours.
 */
function compareOutcome(stats: FuzzStats, where: string, ours: Outcome, py: PyOutcome, problems: string[]): void {
  if (!ours.ok && !(ours.error instanceof BadData)) {
    stats.nonBadData++;
    problems.push(`${where}: threw outside BadData: ${errorName(ours.error)}`);
    return;
  }
  if (py.result === "ok") {
    if (!ours.ok) {
      if (beyondMaxDepth(ours.error)) {
        // CPython 3.12 reads JSON nested ~1,500 levels deep and 3.13 ~10,000 (3.11: ~990); the
        // library stops at maxDepth (1000): a documented limit, not a disagreement.
        stats.knownDifferences.deeperThanMaxDepth++;
        return;
      }
      problems.push(`${where}: Python accepted (${shown(py.value)}), we refused: ${errorName(ours.error)}`);
      return;
    }
    if (isUnrepresentable(py.value)) {
      problems.push(`${where}: Python's value has no typed form (${py.value.unrepresentable})`);
      return;
    }
    const problem = compareTyped(ours.value, py.value as Typed);
    if (problem && !knownMarkupDifference(stats, ours.value, py.value as Typed))
      problems.push(`${where}: value differs: ${problem}`);
    return;
  }
  if (ours.ok) {
    stats.falseAccepts++;
    problems.push(`${where}: FALSE ACCEPT: Python raised ${py.result} (${py.message}), we returned ${shown(ours.value)}`);
    return;
  }
  if (!py.family) return; // Python failed outright; any BadData of ours is the documented verdict
  const error = ours.error as BadData;
  if (error.name !== py.result || !sameMessage(error.message, py.message)) {
    problems.push(`${where}: we raised ${error.name} (${error.message}), Python ${py.result} (${py.message})`);
  }
}

/** Whether our refusal is the nesting limit (`limits.maxDepth`). */
function beyondMaxDepth(error: unknown): boolean {
  return error instanceof BadPayload && /^JSONDecodeError: Nesting deeper than \d+ levels/.test(String(error.originalError));
}

/** The start of a value for a message; a value too deep for JSON.stringify is said to be. */
function shown(value: unknown): string {
  try {
    return String(JSON.stringify(value)).slice(0, 200);
  } catch {
    return "a value too deep to show";
  }
}

/**
 * Our message is Python's, except that a quoted signature is cut after 128 bytes (`b'...'...`):
 * a forged token's "signature" may be megabytes long.
 */
export function sameMessage(ours: string, python: string | undefined): boolean {
  if (python === undefined || ours === python) return ours === python;
  const cut = /^(Signature b(['"]).*)\2\.\.\. does not match$/s.exec(ours);
  return cut !== null && python.startsWith(cut[1]!) && python.endsWith(" does not match");
}

function countPython(stats: FuzzStats, py: PyOutcome): void {
  if (py.result === "ok") stats.pythonAccepted++;
  else if (py.family) stats.pythonRejected++;
  else stats.pythonCrashed++;
}

function checkPollution(stats: FuzzStats, where: string, problems: string[]): void {
  const problem = pollutionProblem();
  if (problem) {
    stats.pollution++;
    problems.push(`${where}: PROTOTYPE POLLUTION: ${problem}`);
  }
}

/** Our re-encoding of the case's value at its timestamp equals Python's token for the same value. */
function compareDumps(stats: FuzzStats, c: FuzzCase, r: PyResult, dump: () => string | Uint8Array, problems: string[]): void {
  let ours: Outcome;
  try {
    ours = { ok: true, value: dump() };
  } catch (error) {
    ours = { ok: false, error };
  }
  if ("error" in r.dumps) {
    // Flask's tagged writer overflows Python's stack at a few hundred levels; ours writes up to
    // maxDepth (docs/compatibility.md). Anything else Python cannot write, we cannot either.
    if (r.dumps.error === "RecursionError" && c.kind === "session") stats.knownDifferences.deepSessionWrite++;
    else if (ours.ok) problems.push(`dumps: Python raised ${r.dumps.error}, we wrote ${tokenText(ours.value as string)}`);
    return;
  }
  if (!ours.ok) {
    problems.push(`dumps: Python wrote ${tokenText(token(r.dumps.jsToken))}, we threw ${errorName(ours.error)}`);
    return;
  }
  stats.reencodings++;
  const want = tokenText(token(r.dumps.jsToken));
  const got = tokenText(ours.value as string | Uint8Array);
  if (got !== want) problems.push(`dumps: we wrote ${got}, Python ${want}`);
}

function checkItsdangerous(stats: FuzzStats, c: FuzzCase, r: PyResult, problems: string[]): void {
  const clock = { now: c.timestamp };
  const s = buildSerializer(c, clock);
  const isTimed = s instanceof TimedSerializer;
  compareDumps(
    stats,
    c,
    r,
    () => {
      clock.now = c.timestamp;
      return s.dumps(fromTyped(c.value));
    },
    problems,
  );
  r.variants.forEach((variant, v) => {
    const input = token(variant.token);
    stats.tokens++;
    stats.maxTokenChars = Math.max(stats.maxTokenChars, input.length);
    (variant.checks as PyCheck[]).forEach((py, k) => {
      const check: Check = c.checks[k]!;
      const where = `variant ${v} (${variant.how}) ${tokenText(input).slice(0, 300)} check ${JSON.stringify(check)}`;
      clock.now = check.now ?? c.timestamp;
      stats.checks++;
      countPython(stats, py);
      const ours = timed(stats, input, () =>
        isTimed ? (s as TimedSerializer).loads(input, { maxAge: check.maxAge }) : s.loads(input),
      );
      compareOutcome(stats, `${where} loads`, ours, py, problems);
      const unsafe = timed(stats, input, () =>
        isTimed ? (s as TimedSerializer).loadsUnsafe(input, { maxAge: check.maxAge }) : s.loadsUnsafe(input),
      );
      // Beyond maxDepth (a known difference, counted once, for loads): loadsUnsafe says [false, null].
      const tooDeep = py.result === "ok" && !ours.ok && beyondMaxDepth(ours.error);
      if (!tooDeep) compareUnsafe(`${where} loadsUnsafe`, unsafe, py, problems, stats);
      else if (!unsafe.ok || (unsafe.value as unknown[])[0] !== false || (unsafe.value as unknown[])[1] !== null) {
        problems.push(`${where} loadsUnsafe: beyond maxDepth, expected [false, null]`);
      }
    });
  });
}

function compareUnsafe(where: string, ours: Outcome, py: PyCheck, problems: string[], stats: FuzzStats): void {
  if (!ours.ok) {
    stats.nonBadData++;
    problems.push(`${where}: threw ${errorName(ours.error)} (it never throws)`);
    return;
  }
  const [valid, value] = ours.value as [boolean, unknown];
  const unsafe = py.unsafe;
  if (unsafe.result !== "ok") {
    // Python raised (a valid signature over a bad payload, or a failure outright): ours says
    // [false, ...]; for BadPayload exactly [false, null].
    if (valid !== false) problems.push(`${where}: Python raised ${unsafe.result}, we said valid`);
    else if (unsafe.result === "BadPayload" && value !== null)
      problems.push(`${where}: Python raised BadPayload, we gave a value`);
    return;
  }
  if (valid !== unsafe.valid) {
    problems.push(`${where}: valid=${valid}, Python ${unsafe.valid}`);
    return;
  }
  const expected = unsafe.sameAsLoads ? py.value : unsafe.value;
  if (value === null && expected !== null && deeperThanMaxDepth(expected)) {
    stats.knownDifferences.deeperThanMaxDepth++; // Python 3.12+ reads it; maxDepth refuses it
    return;
  }
  if (isUnrepresentable(expected)) {
    problems.push(`${where}: Python's value has no typed form (${expected.unrepresentable})`);
    return;
  }
  const problem = compareTyped(value, expected as Typed);
  if (problem && !knownMarkupDifference(stats, value, expected as Typed)) problems.push(`${where}: value differs: ${problem}`);
}

function checkSession(stats: FuzzStats, c: FuzzCase, r: PyResult, problems: string[], made: MadeBy | undefined): void {
  const clock = { now: c.timestamp };
  const flaskVersion = made?.flask;
  const sessions = new SecureCookieSessionInterface({
    flaskVersion,
    ...(made?.werkzeug === undefined ? {} : { werkzeugVersion: made.werkzeug as WerkzeugVersion }),
    now: () => clock.now,
    serializer: new TaggedJSONSerializer({ sortKeys: c.json!.sortKeys, ensureAscii: c.json!.ensureAscii, flaskVersion }),
    warn: () => {},
    // The serializers' 1 MiB rather than the session's 4096 bytes (a documented limit, tested in
    // test/token-length.test.ts): forged cookies of any length are judged against Python.
    limits: { maxTokenLength: DEFAULT_LIMITS.maxTokenLength },
  });
  compareDumps(
    stats,
    c,
    r,
    () => {
      clock.now = c.timestamp;
      const session = new FlaskSession(fromTyped(c.value) as Record<string, unknown>, { flaskVersion });
      return sessions.getSigningSerializer(sessionConfig(c, null)).dumps(session.toDict());
    },
    problems,
  );
  r.variants.forEach((variant, v) => {
    const input = token(variant.token);
    stats.tokens++;
    stats.maxTokenChars = Math.max(stats.maxTokenChars, input.length);
    if (typeof input !== "string") {
      problems.push(`variant ${v}: a session cookie must be text`);
      return;
    }
    (variant.checks as PySessionCheck[]).forEach((py, k) => {
      const check = c.checks[k]!;
      const where = `variant ${v} (${variant.how}) ${input.slice(0, 300)} check ${JSON.stringify(check)}`;
      clock.now = check.now!;
      stats.checks++;
      // What Flask made of it: a session (accepted), an empty one (refused), or HTTP 500.
      if (py.openError) stats.pythonCrashed++;
      else countPython(stats, py.result);
      const opened = timed(stats, input, () => sessions.openSession(sessionConfig(c, check.maxAge), { cookieValue: input }));
      compareSession(stats, where, opened, py, input, problems);
    });
  });
}

function compareSession(
  stats: FuzzStats,
  where: string,
  opened: Outcome,
  py: PySessionCheck,
  input: string,
  problems: string[],
): void {
  if (!opened.ok) {
    stats.nonBadData++;
    problems.push(`${where}: openSession threw ${errorName(opened.error)}`);
    return;
  }
  const session = opened.value as FlaskSession;
  if (Object.getPrototypeOf(session) !== FlaskSession.prototype) {
    stats.pollution++;
    problems.push(`${where}: PROTOTYPE POLLUTION: the session's prototype changed`);
  }
  const loaded = py.result;
  if (py.openError == null && loaded.result === "ok") {
    if (isUnrepresentable(py.session)) {
      // Python built a dict with non-string keys (from a forged list of pairs): a session's
      // keys are strings here, so we refuse it (docs/compatibility.md).
      stats.knownDifferences.nonStringSessionKey++;
      if (session.size !== 0 || !(session.loadError instanceof BadData)) {
        problems.push(`${where}: Python's session has non-string keys, ours is not empty with a BadData`);
      }
      return;
    }
    if (session.loadError !== null) {
      problems.push(`${where}: Flask opened a session, we refused: ${errorName(session.loadError)}`);
      return;
    }
    const problem = compareTyped(session.toDict(), py.session as Typed);
    if (problem && !knownMarkupDifference(stats, session.toDict(), py.session as Typed)) {
      problems.push(`${where}: session differs: ${problem}`);
    }
    return;
  }
  // Flask gave an empty session (bad signature) or failed (500): ours is empty, with the reason.
  if (session.size !== 0) {
    stats.falseAccepts++;
    problems.push(
      `${where}: FALSE ACCEPT: Flask ${py.openError ? `failed with ${py.openError}` : "opened an empty session"}, we opened ${JSON.stringify(session.toDict()).slice(0, 200)}`,
    );
    return;
  }
  if (input === "") return; // an empty cookie is no cookie: neither side loads it
  if (loaded.result === "ok") {
    if (!(session.loadError instanceof BadData))
      problems.push(`${where}: Flask failed on the session data, we have no loadError`);
    return;
  }
  if (!(session.loadError instanceof BadData)) {
    problems.push(`${where}: Python raised ${loaded.result}, we have no loadError`);
    return;
  }
  if (loaded.family && (session.loadError.name !== loaded.result || !sameMessage(session.loadError.message, loaded.message))) {
    problems.push(
      `${where}: loadError ${session.loadError.name} (${session.loadError.message}), Python ${loaded.result} (${loaded.message})`,
    );
  }
}

/**
 * Every disagreement between this library and Python on one case (empty when none), with the
 * session layer configured for the oracle's Flask and Werkzeug (default the newest).
 */
export function checkCase(stats: FuzzStats, c: FuzzCase, r: PyResult, made?: MadeBy): string[] {
  const problems: string[] = [];
  stats.cases++;
  if (c.kind === "session") checkSession(stats, c, r, problems, made);
  else checkItsdangerous(stats, c, r, problems);
  // Once per case (a change to a prototype stays): after every token of it was read.
  checkPollution(stats, "after all tokens", problems);
  stats.disagreements += problems.length;
  return problems;
}
