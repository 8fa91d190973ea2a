/**
 * The limits on hostile payloads (src/limits.ts) as a table of cases, each at its edge on every
 * path that reads a token: the limit itself passes, one more fails with the documented error; and
 * the worst shapes (a 100,000-deep `[[[[...`, a Markup bomb, a huge tuple, a zlib bomb) are
 * refused, never a crash. Run by test/limits.test.ts in Node and by the conformance bundle in every
 * other runtime, where a smaller stack or another JSON parser would show first.
 *
 * Shared with the conformance bundle (test/conformance/), where the `vitest` import is bundled as
 * test/conformance/expect.ts: keep to the matchers that file implements.
 */
import { expect } from "vitest";
import {
  BadPayload,
  BadSignature,
  Serializer,
  SecureCookieSessionInterface,
  TaggedJSONSerializer,
  TimedSerializer,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  base64Encode,
  resolveLimits,
  zlibCompress,
  type Limits,
} from "../../src/index.js";

/** One hostile-input case: its name and its check (throws when the library is wrong). */
export interface LimitCase {
  id: string;
  check: () => void;
}

const encoder = new TextEncoder();

/** The readers of a token: each serializer class, and Flask's tagged serializer on the URL-safe timed one. */
export const READERS = ["Serializer", "TimedSerializer", "URLSafeSerializer", "URLSafeTimedSerializer", "tagged"] as const;
export type Reader = (typeof READERS)[number];

function serializer(kind: Reader, limits: Partial<Limits> = {}): Serializer {
  switch (kind) {
    case "Serializer":
      return new Serializer("k", { limits });
    case "TimedSerializer":
      return new TimedSerializer("k", { limits });
    case "URLSafeSerializer":
      return new URLSafeSerializer("k", { limits });
    case "URLSafeTimedSerializer":
      return new URLSafeTimedSerializer("k", { limits });
    default:
      return new URLSafeTimedSerializer("k", { limits, serializer: new TaggedJSONSerializer() });
  }
}

const URLSAFE = new Set<Reader>(["URLSafeSerializer", "URLSafeTimedSerializer", "tagged"]);

/** A validly signed token whose payload is `json` (base64'd, and zlib'd if asked, for URL-safe ones). */
function forge(kind: Reader, json: string, compress = false): string {
  const raw = encoder.encode(json);
  let payload = json;
  if (URLSAFE.has(kind)) payload = compress ? "." + base64Encode(zlibCompress(raw)) : base64Encode(raw);
  return serializer(kind).makeSigner().sign(payload);
}

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

/** The reason inside a BadPayload, as text. */
function cause(error: unknown): string {
  expect(error).toBeInstanceOf(BadPayload);
  return String((error as BadPayload).originalError);
}

const nested = (depth: number, inner: string) => "[".repeat(depth) + inner + "]".repeat(depth);
const list = (n: number, item = "0") => `[${Array.from({ length: n }, () => item).join(",")}]`;

/** 32 MiB of zeros, zlib'd into about 32 KB: made once, on first use. */
let bomb: string | undefined;
function zlibBomb(): string {
  bomb ??= "." + base64Encode(zlibCompress(new Uint8Array(32 * 1024 * 1024)));
  return bomb;
}

/** The cases for one reader of tokens. */
function readerCases(kind: Reader): LimitCase[] {
  const cases: LimitCase[] = [];
  const add = (id: string, check: () => void) => cases.push({ id: `${kind}: ${id}`, check });

  add("maxTokenLength: a token exactly at the limit passes, one byte more is a BadSignature", () => {
    const value = { name: "é".repeat(10) }; // two UTF-8 bytes per character: bytes are counted
    const token = serializer(kind).dumps(value);
    const bytes = encoder.encode(token).length;
    expect(serializer(kind, { maxTokenLength: bytes }).loads(token)).toEqual(value);
    const error = refusal(() => serializer(kind, { maxTokenLength: bytes - 1 }).loads(token));
    expect(error).toBeInstanceOf(BadSignature);
    // The text is refused by its length before it is encoded (its characters are ASCII here).
    expect((error as Error).message).toBe(
      `Token of ${bytes} characters (at least as many bytes) is longer than the limit of ${bytes - 1} bytes`,
    );
    // Bytes in, the same count.
    const bytesError = refusal(() => serializer(kind, { maxTokenLength: bytes - 1 }).loads(encoder.encode(token) as never));
    expect(bytesError).toBeInstanceOf(BadSignature);
    expect((bytesError as Error).message).toBe(`Token of ${bytes} bytes is longer than the limit of ${bytes - 1} bytes`);
  });

  // A 16-digit integer sends the text to the exact reader; without it, the engine's JSON.parse reads it.
  for (const [path, inner] of [
    ["the fast path", "0"],
    ["the exact path", "1234567890123456"],
  ] as const) {
    add(`maxDepth on ${path}: the limit passes, one level more is a BadPayload`, () => {
      const token = forge(kind, nested(40, inner));
      expect(() => serializer(kind, { maxDepth: 40 }).loads(token)).not.toThrow();
      expect(cause(refusal(() => serializer(kind, { maxDepth: 39 }).loads(token)))).toMatch(/Nesting deeper than 39 levels/);
    });
  }

  add("maxDepth: objects count as levels too", () => {
    const token = forge(kind, '{"a":'.repeat(30) + "null" + "}".repeat(30));
    expect(() => serializer(kind, { maxDepth: 30 }).loads(token)).not.toThrow();
    expect(cause(refusal(() => serializer(kind, { maxDepth: 29 }).loads(token)))).toMatch(/Nesting deeper than 29/);
  });

  for (const [shape, json] of [
    ["[[[[...]]]]", "[".repeat(100_000) + "]".repeat(100_000)],
    ["[[[[... unclosed", "[".repeat(100_000)],
    ['{"a":{"a":...', '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000)],
    ['{" t":{" t":...', '{" t":'.repeat(100_000) + "[]" + "}".repeat(100_000)],
  ] as const) {
    add(`100,000 levels of ${shape} are a BadPayload, from loads and from loadsUnsafe`, () => {
      for (const compress of URLSAFE.has(kind) ? [false, true] : [false]) {
        const token = forge(kind, json, compress);
        expect(cause(refusal(() => serializer(kind).loads(token)))).toMatch(/Nesting deeper than 1000 levels/);
        expect(serializer(kind).loadsUnsafe(token)).toEqual([false, null]);
      }
    });
  }

  for (const [path, item] of [
    ["the fast path", "0"],
    ["the exact path", "1234567890123456"],
  ] as const) {
    add(`maxItems on ${path}: the limit passes, one item more is a BadPayload`, () => {
      const token = forge(kind, list(12, item));
      expect(serializer(kind, { maxItems: 12 }).loads(token)).toHaveLength(12);
      expect(cause(refusal(() => serializer(kind, { maxItems: 11 }).loads(token)))).toMatch(/More than 11 items/);
    });
  }

  add("maxItems: nested lists and object members all count", () => {
    // 2 members in the outer object, 3 + 1 items in the lists, 1 member inside: 7.
    const token = forge(kind, '{"a":[1,2,[3]],"b":{"c":null}}');
    expect(() => serializer(kind, { maxItems: 7 }).loads(token)).not.toThrow();
    expect(cause(refusal(() => serializer(kind, { maxItems: 6 }).loads(token)))).toMatch(/More than 6 items/);
  });

  add("maxItems: empty containers hold no items", () => {
    const token = forge(kind, "[[],{},[[]],[{}]]"); // 4 in the outer list, 1 in each inner one
    expect(() => serializer(kind, { maxItems: 6 }).loads(token)).not.toThrow();
    expect(cause(refusal(() => serializer(kind, { maxItems: 5 }).loads(token)))).toMatch(/More than 5 items/);
  });

  add("maxItems, the default: 100,000 items pass, 100,001 are a BadPayload", () => {
    const ok = forge(kind, list(100_000), true);
    expect(serializer(kind).loads(ok)).toHaveLength(100_000);
    const over = forge(kind, list(100_001), true);
    expect(cause(refusal(() => serializer(kind).loads(over)))).toMatch(/More than 100000 items/);
    expect(serializer(kind).loadsUnsafe(over)).toEqual([false, null]);
  });

  if (URLSAFE.has(kind)) {
    add("maxDecompressedSize: a payload inflating to exactly the limit passes, one byte less of limit is a BadPayload", () => {
      const json = JSON.stringify("a".repeat(5000));
      const token = forge(kind, json, true);
      expect(serializer(kind, { maxDecompressedSize: json.length }).loads(token)).toBe("a".repeat(5000));
      const error = refusal(() => serializer(kind, { maxDecompressedSize: json.length - 1 }).loads(token));
      expect(error).toBeInstanceOf(BadPayload);
      expect((error as Error).message).toBe("Could not zlib decompress the payload before decoding the payload");
      expect(cause(error)).toMatch(`decompressed data exceeds the limit of ${json.length - 1} bytes`);
    });

    add("maxDecompressedSize: a zlib bomb (32 MiB of zeros in a 44 KB token) stops at the default 16 MiB", () => {
      expect(zlibBomb().length < 64 * 1024).toBe(true);
      const token = serializer(kind).makeSigner().sign(zlibBomb());
      expect(cause(refusal(() => serializer(kind).loads(token)))).toMatch(/exceeds the limit of 16777216 bytes/);
    });
  }
  return cases;
}

/** Flask's tags: what they derive from a payload is bounded by maxItems. */
function tagCases(): LimitCase[] {
  const load = (json: string, limits: Partial<Limits> = {}) => new TaggedJSONSerializer().loads(json, resolveLimits(limits));
  const app = { secretKey: "k" };
  return [
    {
      id: "tags: a string read as a tuple: as many characters as the limit pass, one more fails",
      check() {
        const json = JSON.stringify({ " t": "ab\u{1F600}" }); // 3 code points: 3 tuple items
        expect(load(json, { maxItems: 3 })).toHaveLength(3);
        expect(() => load(json, { maxItems: 2 })).toThrow(/derive more than 2 more items/);
      },
    },
    {
      id: "tags: the budget is per payload: two tuples share it",
      check() {
        const json = JSON.stringify([{ " t": "abc" }, { " t": "de" }]);
        expect(() => load(json, { maxItems: 5 })).not.toThrow();
        expect(() => load(json, { maxItems: 4 })).toThrow(/derive more than 1 more items/);
      },
    },
    {
      id: "tags: Markup made from a non-string: its length counts, checked before it is built",
      check() {
        const json = JSON.stringify({ " m": ["x", 1, null] });
        const text = String(load(json));
        expect(String(load(json, { maxItems: text.length }))).toBe(text);
        expect(() => load(json, { maxItems: text.length - 1 })).toThrow(/derive more than/);
      },
    },
    {
      id: "tags: a 300-byte Markup bomb (its text doubles per level: about 3 GB in Python) is a BadPayload",
      check() {
        let json = JSON.stringify("x'y\"z\\");
        for (let i = 0; i < 30; i++) json = `{" m":[${json}]}`;
        expect(json.length < 400).toBe(true);
        const sessions = new SecureCookieSessionInterface();
        const cookie = sessions
          .getSigningSerializer(app)
          .makeSigner()
          .sign(base64Encode(encoder.encode(json)));
        const session = sessions.openSession(app, { cookieValue: cookie });
        expect(session.size).toBe(0);
        expect(cause(session.loadError)).toMatch(/derive more than/);
      },
    },
    {
      id: "tags: a tuple of 100,001 characters is a BadPayload in a session",
      check() {
        const sessions = new SecureCookieSessionInterface();
        const payload = (n: number) =>
          "." + base64Encode(zlibCompress(encoder.encode(JSON.stringify({ a: { " t": "x".repeat(n) } }))));
        const signer = sessions.getSigningSerializer(app).makeSigner();
        expect(sessions.openSession(app, { cookieValue: signer.sign(payload(100_000)) }).get("a")).toHaveLength(100_000);
        const session = sessions.openSession(app, { cookieValue: signer.sign(payload(100_001)) });
        expect(session.size).toBe(0);
        expect(cause(session.loadError)).toMatch(/derive more than 100000 more items/);
      },
    },
  ];
}

/** The session interface: every limit gives an empty session, never an exception. */
function sessionCases(): LimitCase[] {
  const app = { secretKey: "k" };
  const cookieFor = (sessions: SecureCookieSessionInterface, json: string) =>
    sessions
      .getSigningSerializer(app)
      .makeSigner()
      .sign("." + base64Encode(zlibCompress(encoder.encode(json))));
  const table: [string, Partial<Limits>, string, typeof BadSignature | typeof BadPayload, RegExp][] = [
    ["maxTokenLength", { maxTokenLength: 20 }, '{"a":1}', BadSignature, /longer than the limit/],
    ["maxDecompressedSize", { maxDecompressedSize: 10 }, JSON.stringify({ a: "b".repeat(100) }), BadPayload, /exceeds the limit/],
    ["maxDepth", {}, '{"a":' + "[".repeat(100_000) + "]".repeat(100_000) + "}", BadPayload, /Nesting deeper than 1000/],
    ["maxItems", { maxItems: 3 }, '{"a":[1,2,3]}', BadPayload, /More than 3 items/],
  ];
  return table.map(([name, limits, json, errorClass, reason]) => ({
    id: `session interface: ${name} gives an empty session, never an exception`,
    check() {
      const sessions = new SecureCookieSessionInterface({ limits });
      const session = sessions.openSession(app, { cookieValue: cookieFor(sessions, json) });
      expect(session.size).toBe(0);
      expect(session.loadError).toBeInstanceOf(errorClass);
      const error = session.loadError!;
      expect(error instanceof BadPayload ? String(error.originalError) : error.message).toMatch(reason);
    },
  }));
}

/** Every hostile-input case, in a stable order. */
export function limitCases(): LimitCase[] {
  return [...READERS.flatMap(readerCases), ...tagCases(), ...sessionCases()];
}
