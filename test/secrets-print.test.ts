/**
 * No secret is ever printed (issue 14, item 2). Every export of every package entry point (read
 * from package.json's "exports", so a new entry is covered without editing this file) is either
 * constructed here with recognisable secret keys (text, bytes, and a list with fallbacks) and
 * used, or listed as holding no secret with the reason; the adapters are also mounted in real
 * Express, Koa and Fastify apps and a request is served. Each object, each object reachable from
 * it through its enumerable properties, and a spread copy of each, is then printed every way a
 * program or a logger prints: `util.inspect` (default, `showHidden`, `getters`, any depth,
 * nested), `console.log`/`dir`/format strings (through a `Console` on a captured stream: the
 * same formatting as the global one), `JSON.stringify`, `String()` and a template literal. None
 * may show a secret key, a key derived from one (as good as the secret for forging) or the keyed
 * HMAC state made from a derived key, in any spelling (text, hex, base64, lists of numbers).
 */
import { readFileSync } from "node:fs";
import { Console } from "node:console";
import { createServer, type RequestListener } from "node:http";
import { Writable } from "node:stream";
import { inspect } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import { hmac } from "@noble/hashes/hmac.js";
import express from "express";
import Fastify from "fastify";
import Koa from "koa";
import { describe, expect, test } from "vitest";
import {
  BadData,
  BadSignature,
  FlaskSession,
  HMACAlgorithm,
  NoneAlgorithm,
  SecureCookieSessionInterface,
  Serializer,
  Signer,
  TaggedJSONSerializer,
  TimedSerializer,
  TimestampSigner,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  flash,
  base64Decode,
  zlibDecompress,
  type StrOrBytes,
  getDigest,
} from "../src/index.js";
import { FlaskSessions, flaskSessionsFrom, type FlaskSessionOptions } from "../src/adapters/web.js";
import {
  flaskSession as expressSession,
  flaskLogin as expressLogin,
  csrfProtect as expressCsrf,
} from "../src/adapters/express.js";
import { flaskSession as koaSession, flaskLogin as koaLogin, csrfProtect as koaCsrf } from "../src/adapters/koa.js";
import {
  flaskSession as fastifySession,
  flaskLogin as fastifyLogin,
  csrfProtect as fastifyCsrf,
} from "../src/adapters/fastify.js";
import { served } from "./helpers/http.js";
import { ServerSideSessions } from "../src/adapters/server-side/web.js";
import { MemoryStore } from "../src/flask-session/store.js";
import { LoginManager, RememberCookie, type LoginRequest } from "../src/flask/login/index.js";
import { CSRFProtect, CsrfTokens, generateCsrf, validateCsrf } from "../src/flask/wtf/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));

// ---------------------------------------------------------------------------------------------
// The secrets, and every spelling of them that must never appear.

const MARK = "S3cr3t-";
const CURRENT = `${MARK}\u00e9-current-4f1c9a`;
const OLD_TEXT = `${MARK}old-text-77d2`;
const OLD_BYTES = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x42, 0x13, 0x37, 0x99, 0x5a, 0xa5]);
const CURRENT_BYTES = new Uint8Array([0xc0, 0xff, 0xee, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]);

/** The three ways a secret key is given: text, bytes, a list of fallbacks then the current key. */
const KEY_FORMS = [
  ["a text key", { secretKey: CURRENT, secretKeyFallbacks: [] }],
  ["a bytes key", { secretKey: CURRENT_BYTES, secretKeyFallbacks: [] }],
  ["fallbacks (bytes, text) and a text key", { secretKey: CURRENT, secretKeyFallbacks: [OLD_BYTES, OLD_TEXT] }],
] as const satisfies readonly [string, { secretKey: StrOrBytes; secretKeyFallbacks: readonly StrOrBytes[] }][];

const utf8 = new TextEncoder();
const bytesOf = (value: StrOrBytes) => (typeof value === "string" ? utf8.encode(value) : value);
const strictText = new TextDecoder("utf-8", { fatal: true });

/** Every way bytes could show: hex, base64, lists of numbers, a JSON object of bytes, text; whole and their start. */
function spellings(secret: StrOrBytes): string[] {
  const b = bytesOf(secret);
  const out = new Set<string>();
  for (const part of b.length > 8 ? [b, b.subarray(0, 8)] : [b]) {
    const buffer = Buffer.from(part);
    out.add(buffer.toString("hex"));
    out.add(buffer.toString("base64").replace(/=+$/, ""));
    out.add(buffer.toString("base64url"));
    out.add(Array.from(part).join(","));
    out.add(Array.from(part, (n) => (n << 24) >> 24).join(",")); // as Int8Array
    out.add(Array.from(part, (n, i) => `"${i}":${n}`).join(","));
    try {
      const text = strictText.decode(part);
      if (text.length >= 6) out.add(text).add(JSON.stringify(text).slice(1, -1));
    } catch {
      // not text
    }
  }
  if (typeof secret === "string") out.add(secret).add(JSON.stringify(secret).slice(1, -1)).add(MARK);
  return [...out].map((s) => s.replace(/\s+/g, ""));
}

/** The keyed HMAC states (inner and outer) a derived key makes: the state words, as bytes and as lists. */
function hmacStates(digest: Signer["digestMethod"], key: Uint8Array): string[] {
  const mac = hmac.create(digest as never, key) as unknown as { iHash: { get(): number[] }; oHash: { get(): number[] } };
  const out: string[] = [];
  for (const words of [mac.iHash.get(), mac.oHash.get()]) {
    out.push(words.map((w) => w >>> 0).join(","), words.map((w) => w | 0).join(","));
    const be = new Uint8Array(words.length * 4);
    words.forEach((w, i) => new DataView(be.buffer).setUint32(i * 4, w >>> 0));
    out.push(...spellings(be));
  }
  return out;
}

/** What must not show for objects made with `keys`: the keys, and what each signer derives from them. */
class Forbidden {
  readonly needles = new Set<string>();

  constructor(keys: readonly StrOrBytes[]) {
    for (const key of keys) for (const s of spellings(key)) this.needles.add(s);
  }

  /** Adds the derived keys and HMAC states of `signer` (and of a serializer's signers, a session interface's serializer...). */
  addSigner(signer: Signer): this {
    for (const key of signer.secretKeys) {
      const derived = signer.deriveKey(key);
      for (const s of spellings(derived)) this.needles.add(s);
      if (signer.algorithm instanceof HMACAlgorithm) {
        for (const s of hmacStates(signer.algorithm.digestMethod, derived)) this.needles.add(s);
      }
    }
    return this;
  }

  addSerializer(serializer: Serializer): this {
    for (const signer of serializer.iterUnsigners()) this.addSigner(signer);
    return this;
  }

  /** Which spelling of a secret `text` shows, or `null`. */
  find(text: string): string | null {
    const flat = text.replace(/\s+/g, "");
    for (const needle of this.needles) if (flat.includes(needle)) return needle;
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The ways of printing.

/** A `Console` writing to a string: `console.log` formats exactly so. */
function capturedConsole(): { console: Console; take(): string } {
  let out = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  return {
    console: new Console({ stdout: stream, stderr: stream, colorMode: false }),
    take() {
      const text = out;
      out = "";
      return text;
    },
  };
}
const captured = capturedConsole();

const tryText = (make: () => string | undefined): string => {
  try {
    return make() ?? "";
  } catch (error) {
    return `threw ${String(error)}`;
  }
};

/** How a big framework object (an Express request, a Fastify app) is printed: as deep as a log would go. */
const BIG_DEPTH = 4;

/**
 * The ways a big framework object is printed: one of each kind (the console's other format
 * strings are the same `util.inspect`), as deep as a log goes; what is deeper is covered by
 * {@link reachableSecrets}.
 */
const BIG_WAYS = [
  "util.inspect",
  "util.inspect showHidden",
  "console.dir showHidden",
  "JSON.stringify",
  "String()",
  "template literal",
];

/** Every way `value` could be printed, by name (for a big framework object, {@link BIG_WAYS}). */
function printings(value: unknown, big = false): [string, string][] {
  if (big) return allPrintings(value, BIG_DEPTH).filter(([how]) => BIG_WAYS.includes(how));
  return allPrintings(value, Infinity);
}

function allPrintings(value: unknown, depth: number): [string, string][] {
  const c = captured.console;
  const logged = (how: string, print: () => void): [string, string] => {
    const failed = tryText(() => void print());
    return [how, captured.take() + failed];
  };
  // (A spread copies a framework's own inspect method, which may then fail on the copy: Koa's does.)
  return [
    ["util.inspect", tryText(() => inspect(value))],
    ["util.inspect showHidden", tryText(() => inspect(value, { depth, showHidden: true }))],
    ["util.inspect getters", tryText(() => inspect(value, { depth, getters: true }))],
    ["util.inspect nested", tryText(() => inspect({ nested: [value] }, { depth }))],
    logged("console.log", () => c.log(value)),
    logged("console.log %o", () => c.log("%o", value)),
    logged("console.log %O", () => c.log("%O", value)),
    logged("console.log %s", () => c.log("%s", value)),
    logged("console.log %j", () => c.log("%j", value)),
    logged("console.dir", () => c.dir(value)),
    // console.dir ignores the object's own printing (customInspect: false).
    logged("console.dir showHidden", () => c.dir(value, { depth, showHidden: true })),
    logged("console.error", () => c.error("failed:", value)),
    ["JSON.stringify", tryText(() => JSON.stringify(value))],
    ["JSON.stringify nested", tryText(() => JSON.stringify({ nested: [value] }, null, 2))],
    ["String()", tryText(() => String(value))],
    ["template literal", tryText(() => `${value as string}`)],
  ];
}

/** Prints `value`, a spread copy of it, and (for our own objects) every object reachable through its enumerable properties. */
function expectNothingShown(value: unknown, forbidden: Forbidden, label: string, big = false): number {
  let printed = 0;
  const seen = new Set<unknown>();
  const visit = (v: unknown, path: string, level: number) => {
    if (v === null || (typeof v !== "object" && typeof v !== "function") || seen.has(v)) return;
    seen.add(v);
    for (const [what, copy] of [
      ["", v],
      ["{...} of ", { ...(v as object) }],
    ] as const) {
      for (const [how, text] of printings(copy, big)) {
        printed++;
        const shown = forbidden.find(text);
        expect(shown, `${how} of ${what}${path} shows a secret (${shown})`).toBeNull();
      }
    }
    if (big || level >= 3) return;
    for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key], `${path}.${key}`, level + 1);
  };
  visit(value, label, 0);
  return printed;
}

/**
 * The objects reachable from `value` through data properties (own, enumerable or not, symbols,
 * `Map` and `Set` entries, prototypes) that hold a secret: a string with one in it, or bytes equal
 * to a key. For framework objects, too big to print at every depth.
 */
function reachableSecrets(value: unknown, keys: readonly StrOrBytes[]): string[] {
  const texts = keys.filter((k): k is string => typeof k === "string");
  const byteKeys = keys.map(bytesOf);
  const found: string[] = [];
  const seen = new Set<unknown>([globalThis, Object.prototype, Function.prototype]);
  const queue: [unknown, string][] = [[value, "value"]];
  for (let i = 0; i < queue.length && i < 2_000_000; i++) {
    const [v, path] = queue[i]!;
    if (typeof v === "string") {
      if (v.includes(MARK) || texts.some((t) => v.includes(t))) found.push(path);
      continue;
    }
    if (v === null || (typeof v !== "object" && typeof v !== "function") || seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      const b = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      if (byteKeys.some((k) => k.length === b.length && k.every((x, j) => x === b[j]))) found.push(path);
      continue;
    }
    if (v instanceof Map) for (const [k, x] of v) queue.push([k, `${path}<key>`], [x, `${path}<value>`]);
    if (v instanceof Set) for (const x of v) queue.push([x, `${path}<item>`]);
    for (const key of Reflect.ownKeys(v)) {
      const descriptor = Object.getOwnPropertyDescriptor(v, key);
      if (descriptor && "value" in descriptor) queue.push([descriptor.value, `${path}.${String(key)}`]);
    }
    queue.push([Object.getPrototypeOf(v), `${path}.__proto__`]);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// What each export is: constructed with the secrets, or holding none.

/** One object to print, and what must not show in it. */
interface Subject {
  label: string;
  value: unknown;
  forbidden: Forbidden;
  /** A framework's own object: printed as deep as a log would, and walked for reachable secrets. */
  big?: boolean;
}

type KeyForm = (typeof KEY_FORMS)[number][1];
type Recipe = (form: KeyForm) => Subject[] | Promise<Subject[]>;

const keyList = (form: KeyForm): StrOrBytes[] => [...form.secretKeyFallbacks, form.secretKey];
const forbiddenFor = (form: KeyForm) => new Forbidden(keyList(form));
const NOW = 1_750_000_000;
const options = (form: KeyForm): FlaskSessionOptions => ({ ...form, now: () => NOW, sessionCookieSamesite: "Lax" });

/** The keys are there for the program that owns them (Python's `secret_keys`), but not own enumerable properties. */
function expectKeysKept(holder: Signer | Serializer, form: KeyForm): void {
  expect(holder.secretKeys.map((k) => Buffer.from(k).toString("hex"))).toEqual(
    keyList(form).map((k) => Buffer.from(bytesOf(k)).toString("hex")),
  );
  expect(Object.keys(holder)).not.toContain("secretKeys");
  expect({ ...holder }).not.toHaveProperty("secretKeys");
}

/** A signer, used so that derived keys and keyed HMAC states are cached inside it. */
function signerSubject(label: string, signer: Signer, form: KeyForm): Subject {
  expectKeysKept(signer, form);
  const token = signer.sign("value");
  expect(signer.unsign(token)).toBe("value");
  expect(signer.validate(token + "x")).toBe(false);
  return { label, value: signer, forbidden: forbiddenFor(form).addSigner(signer) };
}

/** A serializer, used (and made to refuse a token, so every fallback signer is built and tried). */
function serializerSubject(label: string, serializer: Serializer, form: KeyForm): Subject {
  expectKeysKept(serializer, form);
  const token = serializer.dumps({ a: 1 });
  expect(serializer.loads(token)).toEqual({ a: 1 });
  expect(serializer.loadsUnsafe(String(token) + "x")[0]).toBe(false);
  return { label, value: serializer, forbidden: forbiddenFor(form).addSerializer(serializer) };
}

/** Every error a bad token gives, made by signers holding the secrets. */
function errorSubjects(form: KeyForm): Subject[] {
  const keys = keyList(form);
  const s = new URLSafeTimedSerializer(keys);
  const forbidden = forbiddenFor(form).addSerializer(s);
  const caught = (run: () => unknown): Error => {
    try {
      run();
    } catch (error) {
      return error as Error;
    }
    throw new Error("expected an error");
  };
  const good = s.dumps({ a: 1 });
  const errors: [string, Error][] = [
    ["BadSignature", caught(() => s.loads(good.slice(0, -2)))],
    ["BadTimeSignature", caught(() => new TimestampSigner(keys).unsign(new Signer(keys).sign("no-stamp")))],
    ["SignatureExpired", caught(() => new URLSafeTimedSerializer(keys).loads(good, { maxAge: -1 }))],
    ["BadPayload", caught(() => s.loads(s.makeSigner().sign("!!not-base64!!")))],
    ["BadData", caught(() => base64Decode("a"))],
    ["ZlibError", caught(() => zlibDecompress(new Uint8Array([1, 2, 3, 4])))],
    ["a TypeError of a bad option", caught(() => new Signer(keys, { sep: "a" }))],
    ["a TypeError of a misspelled option", caught(() => new FlaskSessions({ ...form, secretkey: CURRENT } as never))],
  ];
  return errors.map(([label, error]) => ({ label, value: error, forbidden }));
}

/** A session interface, used with an app config holding the secrets, and the sessions it opened. */
function sessionInterfaceSubjects(form: KeyForm): Subject[] {
  const sessions = new SecureCookieSessionInterface({ now: () => NOW });
  const app = { ...form };
  const session = new FlaskSession({ user: "alice" });
  flash(session, "hello");
  const cookie = sessions.saveSession(app, session).setCookie!.split(";")[0]!;
  const opened = sessions.openSession(app, cookie);
  expect(opened.get("user")).toBe("alice");
  const refused = sessions.openSession(app, cookie.slice(0, -3));
  expect(refused.loadError).toBeInstanceOf(BadSignature);
  const forbidden = forbiddenFor(form).addSerializer(sessions.getSigningSerializer(app));
  return [
    { label: "SecureCookieSessionInterface", value: sessions, forbidden },
    { label: "an opened FlaskSession", value: opened, forbidden },
    { label: "a refused FlaskSession", value: refused, forbidden },
    { label: "the signing serializer", value: sessions.getSigningSerializer(app), forbidden },
  ];
}

/** FlaskSessions, used, and what it gives. */
function flaskSessionsSubjects(sessions: FlaskSessions, form: KeyForm, label = "FlaskSessions"): Subject[] {
  const forbidden = forbiddenFor(form).addSerializer(sessions.sessionInterface.getSigningSerializer(sessions.config));
  const session = sessions.open(null);
  session.set("user", "bob");
  const response = sessions.commit(session, new Response("ok"));
  const opened = sessions.open(response.headers.get("set-cookie")!.split(";")[0]!);
  expect(opened.get("user")).toBe("bob");
  expect(sessions.config.secretKey).toBe(form.secretKey); // still there for the program
  return [
    { label, value: sessions, forbidden },
    { label: `${label}.config`, value: sessions.config, forbidden },
    { label: `${label}.open()`, value: opened, forbidden },
    { label: `${label}.save()`, value: sessions.save(opened), forbidden },
    { label: `${label}.commit()`, value: response, forbidden },
  ];
}

/** The forbidden spellings for an adapter built from `form` (the FlaskSessions it builds is private to it). */
const adapterForbidden = (form: KeyForm) => flaskSessionsSubjects(new FlaskSessions(options(form)), form)[0]!.forbidden;

/** A cookie the adapters accept, signed with `form`'s keys. */
function cookieFor(form: KeyForm): string {
  const sessions = new FlaskSessions(options(form));
  const session = new FlaskSession({ user: "carol" });
  session.modified = true;
  return sessions.save(session).setCookie!.split(";")[0]!;
}

/** Serves one request with a session cookie signed with `form`'s keys on loopback; the app reads and changes the session. */
async function serveOneRequest(listener: RequestListener, form: KeyForm): Promise<void> {
  const server = await served(createServer(listener).listen(0, "127.0.0.1"));
  try {
    const response = await fetch(server.url, { headers: { cookie: cookieFor(form) }, signal: AbortSignal.timeout(10_000) });
    expect(await response.text()).toBe("carol");
    expect(response.headers.getSetCookie()).toHaveLength(1);
  } finally {
    await server.close();
  }
}

async function expressSubjects(form: KeyForm): Promise<Subject[]> {
  const middleware = expressSession(options(form));
  const app = express();
  app.use(middleware);
  let seen: { req: express.Request; res: express.Response } | undefined;
  app.get("/", (req, res) => {
    req.session.set("visits", 1);
    seen = { req, res };
    res.send(String(req.session.get("user")));
  });
  await serveOneRequest(app, form);
  const forbidden = adapterForbidden(form);
  return [
    { label: "the Express middleware", value: middleware, forbidden },
    { label: "Express req.session", value: seen!.req.session, forbidden },
    { label: "an Express request", value: seen!.req, forbidden, big: true },
    { label: "an Express response", value: seen!.res, forbidden, big: true },
    { label: "the Express app", value: app, forbidden, big: true },
  ];
}

async function koaSubjects(form: KeyForm): Promise<Subject[]> {
  const middleware = koaSession(options(form));
  const app = new Koa();
  app.use(middleware);
  let ctx: Koa.Context | undefined;
  app.use((c) => {
    c.session.set("visits", 1);
    ctx = c;
    c.body = String(c.session.get("user"));
  });
  await serveOneRequest(app.callback(), form);
  const forbidden = adapterForbidden(form);
  return [
    { label: "the Koa middleware", value: middleware, forbidden },
    { label: "Koa ctx.session", value: ctx!.session, forbidden },
    { label: "a Koa ctx", value: ctx, forbidden, big: true },
    { label: "the Koa app", value: app, forbidden, big: true },
  ];
}

async function fastifySubjects(form: KeyForm): Promise<Subject[]> {
  const app = Fastify();
  // The options object is the app's own; the plugin must not keep it reachable either.
  await app.register(fastifySession, options(form));
  let seen: { request: unknown; reply: unknown; session: unknown } | undefined;
  app.get("/", async (request, reply) => {
    request.session.set("visits", 1);
    seen = { request, reply, session: request.session };
    return String(request.session.get("user"));
  });
  const response = await app.inject({ url: "/", headers: { cookie: cookieFor(form) } });
  expect(response.body).toBe("carol");
  expect(response.headers["set-cookie"]).toBeDefined();
  await app.close();
  const forbidden = adapterForbidden(form);
  return [
    { label: "the Fastify plugin", value: fastifySession, forbidden },
    { label: "Fastify request.session", value: seen!.session, forbidden },
    { label: "a Fastify request", value: seen!.request, forbidden, big: true },
    { label: "a Fastify reply", value: seen!.reply, forbidden, big: true },
    { label: "the Fastify app", value: app, forbidden, big: true },
  ];
}

/** The adapters' factory: the middleware or plugin, in a real app, on a request. */
const ADAPTERS: Record<string, Recipe> = {
  "./express flaskSession": expressSubjects,
  "./koa flaskSession": koaSubjects,
  "./fastify flaskSession": fastifySubjects,
};

/** How each export holding (or handed) a secret is made and used. Keys: an export's name, or "<entry> <name>". */
const RECIPES: Record<string, Recipe> = {
  ...ADAPTERS,
  Signer: (form) => [
    signerSubject("Signer", new Signer(keyList(form)), form),
    signerSubject("Signer (hmac, sha256)", new Signer(keyList(form), { keyDerivation: "hmac", digestMethod: "sha256" }), form),
    signerSubject("Signer (none)", new Signer(keyList(form), { keyDerivation: "none" }), form),
  ],
  TimestampSigner: (form) => [
    signerSubject("TimestampSigner (sha512)", new TimestampSigner(keyList(form), { digestMethod: "sha512" }), form),
  ],
  HMACAlgorithm: (form) => {
    const algorithm = new HMACAlgorithm("sha256");
    const forbidden = forbiddenFor(form);
    for (const key of keyList(form)) {
      // Handed a key: it keeps the keyed HMAC state of each one.
      const signature = algorithm.getSignature(bytesOf(key), utf8.encode("value"));
      expect(algorithm.verifySignature(bytesOf(key), utf8.encode("value"), signature)).toBe(true);
      for (const s of hmacStates(algorithm.digestMethod, bytesOf(key))) forbidden.needles.add(s);
    }
    return [{ label: "HMACAlgorithm", value: algorithm, forbidden }];
  },
  NoneAlgorithm: (form) => {
    const subject = signerSubject(
      "Signer with NoneAlgorithm",
      new Signer(keyList(form), { algorithm: new NoneAlgorithm() }),
      form,
    );
    return [subject, { label: "NoneAlgorithm", value: (subject.value as Signer).algorithm, forbidden: subject.forbidden }];
  },
  Serializer: (form) => [serializerSubject("Serializer", new Serializer(keyList(form)), form)],
  TimedSerializer: (form) => [
    serializerSubject(
      "TimedSerializer with fallback signers",
      new TimedSerializer(keyList(form), { fallbackSigners: [{ digestMethod: "sha256" }, { keyDerivation: "concat" }] }),
      form,
    ),
  ],
  URLSafeSerializer: (form) => [
    serializerSubject("URLSafeSerializer", new URLSafeSerializer(keyList(form), { salt: "s" }), form),
  ],
  URLSafeTimedSerializer: (form) => [
    serializerSubject(
      "URLSafeTimedSerializer (tagged JSON)",
      new URLSafeTimedSerializer(keyList(form), { serializer: new TaggedJSONSerializer() }),
      form,
    ),
  ],
  BadData: errorSubjects,
  BadSignature: errorSubjects,
  BadTimeSignature: errorSubjects,
  SignatureExpired: errorSubjects,
  BadPayload: errorSubjects,
  ZlibError: errorSubjects,
  SecureCookieSessionInterface: sessionInterfaceSubjects,
  FlaskSession: sessionInterfaceSubjects,
  FlaskSessions: (form) => [
    ...flaskSessionsSubjects(new FlaskSessions(options(form)), form),
    // With a session interface of its own, kept by reference.
    ...flaskSessionsSubjects(
      new FlaskSessions({ ...form, sessionInterface: new SecureCookieSessionInterface({ salt: "other" }) }),
      form,
      "FlaskSessions with a sessionInterface",
    ),
  ],
  flaskSessionsFrom: (form) => flaskSessionsSubjects(flaskSessionsFrom(options(form), "a test"), form, "flaskSessionsFrom()"),
  "./express flaskLogin": expressLoginSubjects,
  "./express csrfProtect": expressLoginSubjects,
  "./koa flaskLogin": otherLoginSubjects,
  "./koa csrfProtect": otherLoginSubjects,
  "./fastify flaskLogin": otherLoginSubjects,
  "./fastify csrfProtect": otherLoginSubjects,
  LoginManager: loginSubjects,
  LoginContext: loginSubjects,
  RememberCookie: loginSubjects,
  CSRFProtect: csrfSubjects,
  CsrfTokens: csrfSubjects,
  CSRFError: csrfSubjects,
  ServerSideSessions: serverSideSubjects,
  ServerSideSessionInterface: serverSideSubjects,
  ServerSideSession: serverSideSubjects,
};

/** Flask-Session's sessions, signed ids (`sessionUseSigner`): the config, the interface and its signer, a session. */
async function serverSideSubjects(form: KeyForm): Promise<Subject[]> {
  const sessions = new ServerSideSessions({ store: new MemoryStore(), sessionUseSigner: true, secretKey: form.secretKey });
  const session = await sessions.open(null);
  session.set("user", "dave");
  const { setCookie } = await sessions.save(session);
  const opened = await sessions.open(setCookie!.split(";")[0]!);
  expect(opened.get("user")).toBe("dave");
  expect(sessions.config.secretKey).toBe(form.secretKey); // still there for the program
  // Flask-Session signs with SECRET_KEY alone: the fallbacks are not handed to it.
  const forbidden = new Forbidden([form.secretKey]).addSigner(sessions.sessionInterface.getSigner(sessions.config));
  return [
    { label: "ServerSideSessions", value: sessions, forbidden },
    { label: "ServerSideSessions.config", value: sessions.config, forbidden },
    { label: "ServerSideSessionInterface", value: sessions.sessionInterface, forbidden },
    { label: "a ServerSideSession", value: opened, forbidden },
    { label: "ServerSideSessions.save()", value: await sessions.save(opened), forbidden },
  ];
}

/** A request as Flask-Login sees it, with the remember cookie (if any) in its Cookie header. */
function loginRequest(cookieHeader: string | null): LoginRequest {
  const headers: Record<string, string> = { "user-agent": "secrets-print", ...(cookieHeader ? { cookie: cookieHeader } : {}) };
  return {
    method: "GET",
    url: "http://localhost/",
    remoteAddr: "127.0.0.1",
    header: (name) => headers[name.toLowerCase()] ?? null,
    cookieHeader,
  };
}

/** Flask-Login: the manager, its remember cookie, a request's login state after a "remember me" login and after a remember-cookie login. */
async function loginSubjects(form: KeyForm): Promise<Subject[]> {
  const manager = new LoginManager({
    secretKey: form.secretKey,
    rememberCookieKeyFallbacks: form.secretKeyFallbacks,
    loadUser: (id) => ({ id }),
    now: () => NOW,
  });
  const forbidden = forbiddenFor(form);
  for (const key of manager.rememberCookie.secretKeys)
    for (const s of hmacStates(getDigest("sha512"), key)) forbidden.needles.add(s);
  const sessions = new FlaskSessions(options(form));
  const login = manager.open(sessions.open(null), loginRequest(null));
  expect(login.loginUser({ id: "7" }, { remember: true })).toBe(true);
  const remember = login.updateRememberCookie()!.split(";")[0]!;
  const restored = manager.open(sessions.open(null), loginRequest(remember));
  expect(await restored.currentUser()).toEqual({ id: "7" });
  const cookie = new RememberCookie(form.secretKey, { fallbacks: form.secretKeyFallbacks });
  expect(cookie.decode(remember.slice(remember.indexOf("=") + 1))).toBe("7");
  return [
    { label: "LoginManager", value: manager, forbidden },
    { label: "LoginManager.rememberCookie", value: manager.rememberCookie, forbidden },
    { label: "RememberCookie", value: cookie, forbidden },
    { label: "a LoginContext after loginUser", value: login, forbidden },
    { label: "a LoginContext from the remember cookie", value: restored, forbidden },
  ];
}

/** Flask-WTF: the token makers with SECRET_KEY, and with a WTF_CSRF_SECRET_KEY of their own. */
function csrfSubjects(form: KeyForm): Subject[] {
  const forbidden = forbiddenFor(form).addSerializer(new URLSafeTimedSerializer(form.secretKey, { salt: "wtf-csrf-token" }));
  const protect = new CSRFProtect({ secretKey: form.secretKey, now: () => NOW });
  const tokens = new CsrfTokens({ secretKey: "unused", wtfCsrfSecretKey: form.secretKey, now: () => NOW });
  const session = new FlaskSession();
  const token = generateCsrf(session, { secretKey: form.secretKey, now: () => NOW });
  expect(() => validateCsrf(token, session, { secretKey: form.secretKey, now: () => NOW })).not.toThrow();
  let error: unknown;
  try {
    validateCsrf(token.slice(0, -2), session, { secretKey: form.secretKey, now: () => NOW });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeDefined();
  return [
    { label: "CSRFProtect", value: protect, forbidden },
    { label: "CsrfTokens (WTF_CSRF_SECRET_KEY)", value: tokens, forbidden },
    { label: "a CSRFError", value: error, forbidden },
  ];
}

/** Flask-Login's and Flask-WTF's middleware in a real Express app, on a request: the middleware and what they put on `req`. */
async function expressLoginSubjects(form: KeyForm): Promise<Subject[]> {
  const login = expressLogin({
    secretKey: form.secretKey,
    rememberCookieKeyFallbacks: form.secretKeyFallbacks,
    loadUser: (id) => ({ id }),
  });
  const csrf = expressCsrf({ secretKey: form.secretKey });
  const app = express();
  app.use(expressSession(options(form)), login, csrf);
  let seen: { req: unknown; token: string } | undefined;
  app.get("/", (req, res) => {
    seen = { req, token: req.csrfToken() };
    res.send(String(req.session.get("user")));
  });
  const server = await served(createServer(app).listen(0, "127.0.0.1"));
  try {
    const response = await fetch(server.url, { headers: { cookie: cookieFor(form) }, signal: AbortSignal.timeout(10_000) });
    expect(await response.text()).toBe("carol");
  } finally {
    await server.close();
  }
  expect(seen!.token).toMatch(/\./);
  const forbidden = adapterForbidden(form).addSerializer(new URLSafeTimedSerializer(form.secretKey, { salt: "wtf-csrf-token" }));
  for (const key of login.manager.rememberCookie.secretKeys)
    for (const s of hmacStates(getDigest("sha512"), key)) forbidden.needles.add(s);
  return [
    { label: "the Express flaskLogin middleware", value: login, forbidden },
    { label: "the Express csrfProtect middleware", value: csrf, forbidden },
    { label: "an Express request with req.login and req.csrfToken", value: seen!.req, forbidden, big: true },
  ];
}

/** The Koa and Fastify login and CSRF middleware, as made (they keep the manager and the CSRFProtect checked above). */
function otherLoginSubjects(form: KeyForm): Subject[] {
  const forbidden = forbiddenFor(form);
  const options = {
    secretKey: form.secretKey,
    rememberCookieKeyFallbacks: form.secretKeyFallbacks,
    loadUser: (id: string) => ({ id }),
  };
  return [
    { label: "the Koa flaskLogin middleware", value: koaLogin(options), forbidden },
    { label: "the Koa csrfProtect middleware", value: koaCsrf({ secretKey: form.secretKey }), forbidden },
    { label: "the Fastify flaskLogin plugin", value: fastifyLogin, forbidden },
    { label: "the Fastify csrfProtect plugin", value: fastifyCsrf, forbidden },
  ];
}

/** Exports that hold no secret, and why. A new export must be added to RECIPES or here. */
const NO_SECRET: Record<string, string> = {
  SigningAlgorithm: "abstract: what its subclasses keep is checked with HMACAlgorithm and NoneAlgorithm",
  Tuple: "a session value type: holds only the values it is given",
  Markup: "a session value type: holds only the text it is given",
  UUID: "a session value type: holds only the UUID it is given",
  TaggedJSONSerializer: "the payload format: takes no key (checked inside the session interface and URLSafeTimedSerializer)",
  JSONTag: "a tag of the payload format: takes no key",
  TagDict: "a tag of the payload format: takes no key",
  PassDict: "a tag of the payload format: takes no key",
  TagTuple: "a tag of the payload format: takes no key",
  PassList: "a tag of the payload format: takes no key",
  TagBytes: "a tag of the payload format: takes no key",
  TagMarkup: "a tag of the payload format: takes no key",
  TagUUID: "a tag of the payload format: takes no key",
  TagDateTime: "a tag of the payload format: takes no key",
  pythonJSON: "a frozen payload serializer: takes no key",
  compactJSON: "a frozen payload serializer: takes no key",
  json: "Python's json module: functions of their arguments, no state",
  DEFAULT_LIMITS: "numbers",
  DEFAULT_MAX_DECOMPRESSED_SIZE: "a number",
  base64Encode: "a function of its argument, no state",
  base64Decode: "a function of its argument, no state",
  intToBytes: "a function of its argument, no state",
  bytesToInt: "a function of its argument, no state",
  wantBytes: "a function of its argument, no state",
  getDigest: "returns a hash function, which holds no key",
  constantTimeEqual: "a function of its arguments, no state",
  zlibCompress: "a function of its arguments, no state",
  PortedZlib: "zlib: takes no key, keeps only the arrays it hands out",
  defaultMac: "a function: the keyed HMACs it returns are checked inside HMACAlgorithm and the signers",
  SESSION_MAX_TOKEN_LENGTH: "a number",
  zlibDecompress: "a function of its arguments, no state",
  resolveLimits: "a function of its argument, no state",
  tuple: "a function of its arguments, no state",
  hasHtml: "a function of its argument, no state",
  httpDate: "a function of its argument, no state",
  parseDate: "a function of its argument, no state",
  flash: "writes into the session it is given (sessions are checked with the session interface)",
  flaskBehaviour: "a function of its argument: a frozen table of what a Flask release does",
  werkzeugBehaviour: "a function of its argument: a frozen table of what a Werkzeug release does",
  DEFAULT_FLASK_VERSION: "a string",
  VERIFIED_FLASK_VERSIONS: "a frozen list of strings",
  getFlashedMessages: "reads the session it is given",
  dumpCookie: "a function of its arguments, no state (the signed value it writes is no secret)",
  parseCookie: "a function of its argument, no state",
  findCookie: "a function of its arguments, no state",
  werkzeugCookieRules: "a function of its argument, no state",
  LATEST_WERKZEUG: "a version string",
  MAX_COOKIE_SIZE: "a number",
  cookieHeaderOf: "a function of its argument, no state",
  varyWith: "a function of its arguments, no state",
  sessionToSave: "a function of its arguments, no state",
  loginRequired: "a guard: reads the login state the flaskLogin middleware put on the request (checked there)",
  freshLoginRequired: "a guard: reads the login state the flaskLogin middleware put on the request (checked there)",
  loginRequestFrom: "a function of its arguments, no state",
  commitLogin: "a function of its arguments, no state",
  csrfRequestFrom: "a function of its arguments, no state",
  addToErrorHeaders: "a function of its arguments, no state",
  COOKIE_NAME: "a constant (Flask-Login's default REMEMBER_COOKIE_NAME)",
  COOKIE_DURATION: "a constant (Flask-Login's default REMEMBER_COOKIE_DURATION)",
  LOGIN_MESSAGE: "a constant (Flask-Login's default message)",
  REFRESH_MESSAGE: "a constant (Flask-Login's default message)",
  SESSION_KEYS: "a constant (the session keys Flask-Login uses)",
  EXEMPT_METHODS: "a constant (methods login_required lets through)",
  CSRF_MESSAGES: "a constant (Flask-WTF's messages)",
  Unauthorized: "an error saying a login is needed, which holds no key",
  createIdentifier: "a function of its arguments, no state",
  decodeRememberCookie: "a function of its arguments: its key is its caller's, and it keeps nothing",
  encodeRememberCookie: "a function of its arguments: its key is its caller's, and it keeps nothing",
  generateCsrf: "a function of its arguments: its key is its caller's, and it keeps nothing (the token it writes is no secret)",
  validateCsrf:
    "a function of its arguments: its key is its caller's, and it keeps nothing (its errors are checked with CSRFProtect)",
  loginUrl: "a function of its arguments, no state",
  makeNextParam: "a function of its arguments, no state",
  userIdOf: "a function of its argument, no state",
  userIsActive: "a function of its argument, no state",
  userIsAuthenticated: "a function of its argument, no state",
  requestHost: "a function of its arguments, no state",
  sameOrigin: "a function of its arguments, no state",
  sameOriginVerdict: "a function of its arguments, no state",
  checkOptions: "a function of its arguments, no state (its messages never quote a value)",
  withSessionHeaders: "a function of its arguments, no state",
  DEFAULT_RECORD_LIMITS: "numbers",
  Decimal: "a session value type: holds only the number it is given",
  PlainDate: "a session value type: holds only the date it is given",
  PlainDateTime: "a session value type: holds only the date and time it is given",
  MsgpackExt: "a session value type: holds only the bytes it is given",
  MsgSpecSerializer: "Flask-Session's record format: takes no key",
  MsgpackDecodeError: "an error about a record, which holds no key",
  MsgspecJSONDecodeError: "an error about a record, which holds no key",
  PickleError: "an error about a record, which holds no key",
  msgpackDecode: "a function of its arguments, no state",
  msgpackEncode: "a function of its arguments, no state",
  msgspecFloat: "a function of its argument, no state",
  msgspecJSONDecode: "a function of its arguments, no state",
  msgspecJSONEncode: "a function of its arguments, no state",
  pickleLoads: "a function of its arguments, no state",
  MemoryStore: "a store of records: session ids and data, never a key",
  RedisStore: "a store: keeps the app's Redis client (which may hold a password) in private fields, which nothing prints",
  MemcachedStore: "a store: keeps the app's memjs client in a private field, which nothing prints",
  SqlAlchemyStore: "a store: holds the app's database client (and the records)",
  CacheLibFileSystemStore: "a store: a folder of records",
  CacheLibRedisStore: "a store: holds the app's Redis client (and the records)",
  sqlRunner: "a function of its arguments, no state",
  sqlTimestamp: "a function of its argument, no state",
};

/** The package's entry points, from package.json "exports", with the source file of each. */
function entryPoints(): [string, string][] {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { exports: Record<string, unknown> };
  return Object.entries(pkg.exports).flatMap(([entry, target]) => {
    const built = typeof target === "string" ? target : (target as { default?: string }).default;
    if (!built?.startsWith("./dist/") || !built.endsWith(".js")) return [];
    return [[entry, `${root}/src/${built.slice("./dist/".length, -".js".length)}.ts`] as [string, string]];
  });
}

const ENTRIES = entryPoints();
const NAMESPACES = await Promise.all(
  ENTRIES.map(
    async ([entry, file]) =>
      [entry, (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>] as const,
  ),
);
/** Every runtime export: [entry, name, value]. */
const EXPORTS = NAMESPACES.flatMap(([entry, ns]) => Object.entries(ns).map(([name, value]) => [entry, name, value] as const));
const recipeKey = (entry: string, name: string) => (`${entry} ${name}` in RECIPES ? `${entry} ${name}` : name);

describe("every export is either constructed with secrets or listed as holding none", () => {
  test("the entry points are package.json's, and each was imported", () => {
    expect(ENTRIES.map(([entry]) => entry)).toEqual(expect.arrayContaining([".", "./web", "./express", "./koa", "./fastify"]));
    expect(EXPORTS.length).toBeGreaterThan(60);
  });

  test.each(EXPORTS.map(([entry, name, value]) => [`${entry} ${name}`, entry, name, value] as const))(
    "%s",
    (_label, entry, name, value) => {
      const key = recipeKey(entry, name);
      const listed = RECIPES[key] !== undefined || NO_SECRET[name] !== undefined;
      expect(listed, `${entry} exports ${name}: add a recipe to RECIPES, or a reason to NO_SECRET`).toBe(true);
      expect(RECIPES[key] !== undefined && NO_SECRET[name] !== undefined, `${name} is in both lists`).toBe(false);
      // A name shared by several entries is one value (a re-export), or has an entry-specific
      // recipe (or holds no secret in any entry: then one reason serves them all).
      const same = EXPORTS.filter(([, n]) => n === name);
      if (!same.every(([, , v]) => v === value) && NO_SECRET[name] === undefined) expect(key).toBe(`${entry} ${name}`);
    },
  );

  test("each recipe constructs the class it is for, and every name listed is still exported", async () => {
    const names = new Set(EXPORTS.map(([entry, name]) => recipeKey(entry, name)));
    for (const key of [...Object.keys(RECIPES), ...Object.keys(NO_SECRET)])
      expect(names, `${key} is listed but not exported`).toContain(key);
    for (const [entry, name, value] of EXPORTS) {
      const recipe = RECIPES[recipeKey(entry, name)];
      if (!recipe || typeof value !== "function" || !/^class\b/.test(Function.prototype.toString.call(value))) continue;
      const subjects = await recipe(KEY_FORMS[0][1]);
      expect(
        subjects.some((s) => s.value instanceof (value as abstract new () => unknown)),
        `RECIPES.${name} makes no ${name}`,
      ).toBe(true);
    }
  });
});

/** Each recipe once, named after the exports it is for (the error classes share one, so do the session classes). */
const DISTINCT_RECIPES: [string, Recipe][] = [...new Set(Object.values(RECIPES))]
  .filter((recipe) => !Object.values(ADAPTERS).includes(recipe))
  .map((recipe) => [
    Object.keys(RECIPES)
      .filter((key) => RECIPES[key] === recipe)
      .join(", "),
    recipe,
  ]);

describe.each(KEY_FORMS)("no secret printed: %s", (_form, form) => {
  test.each(DISTINCT_RECIPES)("%s", async (_key, recipe) => {
    for (const subject of await recipe(form)) expectNothingShown(subject.value, subject.forbidden, subject.label);
  });

  test.each(Object.entries(ADAPTERS))("%s, mounted in a real app, after a request", async (_key, recipe) => {
    for (const subject of await recipe(form)) {
      expectNothingShown(subject.value, subject.forbidden, subject.label, subject.big);
      expect(reachableSecrets(subject.value, keyList(form)), `${subject.label} reaches a secret`).toEqual([]);
    }
  });
});

test.each(KEY_FORMS)("the errors of any bad token, and their stacks, with %s", (_form, form) => {
  const s = new URLSafeTimedSerializer(keyList(form));
  const forbidden = forbiddenFor(form).addSerializer(s);
  const good = s.dumps({ a: 1 });
  const bad = [good.slice(0, -1), good + "x", "garbage", "", good.replace(".", "!"), "\ud800", s.makeSigner().sign("!!!")];
  for (const token of bad) {
    let error: unknown;
    try {
      s.loads(token, { maxAge: 10 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadData);
    expect(forbidden.find((error as Error).stack ?? "")).toBeNull();
    expectNothingShown(error, forbidden, `the error for ${JSON.stringify(token)}`);
  }
});

describe("the checks would see a leak", () => {
  const form = KEY_FORMS[2][1];

  test("FlaskSessions' config as it was (a frozen spread of the options) fails every way of printing", () => {
    const forbidden = forbiddenFor(form);
    const leaky = { config: Object.freeze({ ...form, sessionCookieName: "s" }) };
    const leaks = printings(leaky).filter(([, text]) => forbidden.find(text) !== null);
    // All but those that print "[object Object]" for any object.
    const objectObject = ["console.log %s", "String()", "template literal"];
    expect(leaks.map(([how]) => how)).toEqual(
      printings({})
        .map(([how]) => how)
        .filter((how) => !objectObject.includes(how)),
    );
    expect(reachableSecrets(leaky, keyList(form)).length).toBeGreaterThan(0);
  });

  test("a key kept where only showHidden sees it, bytes, a derived key or an HMAC state", () => {
    const hidden = {};
    Object.defineProperty(hidden, "key", { value: OLD_BYTES, enumerable: false });
    const forbidden = forbiddenFor(form);
    expect(forbidden.find(inspect(hidden, { showHidden: true }))).not.toBeNull();
    expect(forbidden.find(JSON.stringify({ k: CURRENT_BYTES }))).toBeNull(); // not one of this form's keys
    expect(new Forbidden([CURRENT_BYTES]).find(JSON.stringify({ k: CURRENT_BYTES }))).not.toBeNull();
    const signer = new Signer(keyList(form));
    const derived = signer.deriveKey();
    forbidden.addSigner(signer);
    expect(forbidden.find(inspect({ derived }))).not.toBeNull();
    expect(forbidden.find(Buffer.from(derived).toString("base64"))).not.toBeNull();
    const states = hmacStates(signer.digestMethod, derived);
    expect(forbidden.find(`[ ${states[0]!.split(",").join(", ")} ]`)).not.toBeNull();
  });
});

describe("what printing shows instead", () => {
  test("a session shows its data and its flags, and printing it marks nothing", () => {
    const sessions = new FlaskSessions({ secretKey: CURRENT, now: () => NOW });
    const session = sessions.open(null);
    session.set("_user_id", "42");
    session.set("cart", ["tea", 2]);
    session.permanent = true;
    const loaded = sessions.open(sessions.save(session).setCookie!.split(";")[0]!);
    const text = inspect(loaded, { breakLength: Infinity });
    expect(text).toBe(
      "FlaskSession { data: { _permanent: true, _user_id: '42', cart: [ 'tea', 2 ] }, new: false, modified: false, accessed: false, permanent: true, loadError: null }",
    );
    expect(loaded.accessed).toBe(false); // printing is not reading
    captured.console.log(loaded);
    expect(captured.take()).toContain("_user_id: '42'");
    const refused = sessions.open("session=forged.token.here");
    expect(inspect(refused, { breakLength: Infinity })).toBe(
      `FlaskSession { data: {}, new: true, modified: false, accessed: false, permanent: false, loadError: "BadTimeSignature: Signature b'here' does not match" }`,
    );
    expect(inspect({ deep: { deeper: { session: loaded } } })).toContain("[FlaskSession]");
  });

  test("FlaskSessions' config shows how many keys, and keeps them for the program", () => {
    const sessions = new FlaskSessions({
      secretKey: CURRENT,
      secretKeyFallbacks: [OLD_TEXT, OLD_BYTES],
      sessionCookieName: "shop",
    });
    expect(JSON.parse(JSON.stringify(sessions.config))).toEqual({
      secretKey: "<1 secret key hidden>",
      secretKeyFallbacks: "<2 secret keys hidden>",
      sessionCookieName: "shop",
    });
    expect(inspect(sessions.config)).toContain("secretKeyFallbacks: '<2 secret keys hidden>'");
    expect({ ...sessions.config }).toEqual({ sessionCookieName: "shop" });
    expect(sessions.config.secretKey).toBe(CURRENT);
    expect(sessions.config.secretKeyFallbacks).toEqual([OLD_TEXT, OLD_BYTES]);
    expect(Object.isFrozen(sessions.config)).toBe(true);
    // Even with customInspect off, the secret options are not properties of the copy.
    expect(inspect(sessions.config, { customInspect: false, showHidden: true, getters: true })).not.toContain(MARK);
  });
});
