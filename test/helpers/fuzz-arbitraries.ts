/**
 * fast-check arbitraries for the fuzzer and the property tests: Python values as typed values
 * (test/helpers/typed.ts), serializer configurations, and hostile variants of tokens. Everything
 * here is plain JSON, so a case can be sent to the Python oracle, printed, replayed and shrunk.
 */
import fc from "fast-check";
import type { DigestName, KeyDerivation } from "../../src/index.js";
import { bytesToHex, type Typed } from "./typed.js";

// ---------------------------------------------------------------------------------------------
// Characters and strings

const fromCode = (code: number): string => String.fromCharCode(code);

/** Characters without lone surrogates: every class JSON, base64, UTF-8 and repr treat apart. */
export const charArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map(fromCode) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0x1f }).map(fromCode) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '"',
      "\\",
      "/",
      "'",
      "<",
      "&",
      "\x7f",
      "\u0085",
      "\u00a0",
      "\u00e9",
      "\u0661",
      "\u2028",
      "\ufeff",
      "\uffff",
    ),
  },
  { weight: 3, arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }).map(fromCode) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xffff }).map(fromCode) },
  { weight: 2, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)) },
);

/** Like {@link charArb}, sometimes a lone surrogate (which Python cannot encode as UTF-8). */
export const charOrSurrogateArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: charArb },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map(fromCode) },
);

const shortText = (unit: fc.Arbitrary<string>, maxLength = 12): fc.Arbitrary<string> => fc.string({ unit, maxLength });

/** Strings: short ones of every kind of character, and long repetitive ones (they compress). */
export function textArb(unit: fc.Arbitrary<string> = charOrSurrogateArb): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: shortText(unit) },
    {
      weight: 1,
      arbitrary: fc.tuple(shortText(unit, 6), fc.integer({ min: 2, max: 300 })).map(([s, n]) => s.repeat(n)),
    },
  );
}

/** Dict keys that mean something somewhere: prototypes, tags, integer-like keys, Flask's own. */
export const SPECIAL_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__defineGetter__",
  "length",
  "0",
  "1",
  "10",
  "01",
  "-1",
  "4294967294",
  "4294967295",
  "9007199254740993",
  "",
  " t",
  " di",
  " b",
  " m",
  " u",
  " d",
  " t__",
  " di__",
  " x",
  "_permanent",
  "_flashes",
  "_user_id",
];

export const keyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
  { weight: 4, arbitrary: shortText(charOrSurrogateArb, 8) },
);

// ---------------------------------------------------------------------------------------------
// Python values

function digits(min: number, max: number, first = "123456789"): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...first), fc.integer({ min: min - 1, max: max - 1 }), fc.nat())
    .map(([head, n, seed]) => head + Array.from({ length: n }, (_, i) => String((seed + i * 7) % 10)).join(""));
}

/** Python ints: small, 32-bit, safe, the 2^53 edge, big, and near Python's 4300-digit limit. */
export const intArb: fc.Arbitrary<Typed> = fc
  .oneof(
    { weight: 6, arbitrary: fc.integer({ min: -1000, max: 1000 }).map(String) },
    { weight: 3, arbitrary: fc.integer().map(String) },
    { weight: 2, arbitrary: fc.maxSafeInteger().map(String) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "9007199254740991",
        "-9007199254740991",
        "9007199254740992",
        "9007199254740993",
        "-9007199254740993",
        "9223372036854775807",
        "18446744073709551616",
        "-18446744073709551616",
      ),
    },
    { weight: 2, arbitrary: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String) },
    { weight: 1, arbitrary: fc.tuple(fc.boolean(), digits(4298, 4302)).map(([neg, d]) => (neg ? "-" : "") + d) },
  )
  .map((text) => ({ int: text }));

/** The text Python's `float()` reads back to exactly `x`. */
export function floatText(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Object.is(x, -0)) return "-0.0";
  return String(x);
}

/** Python floats: any double (NaN, ±Infinity, -0.0, subnormals), often an integral one. */
export const floatArb: fc.Arbitrary<Typed> = fc
  .oneof(
    { weight: 4, arbitrary: fc.double() },
    { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
    { weight: 1, arbitrary: fc.constantFrom(0.1, 1e16, 1e-5, 1e22, 2 ** 53, -(2 ** 53) - 2, 5e-324, 1.7976931348623157e308) },
  )
  .map((x) => ({ float: floatText(x) }));

const bytesArb: fc.Arbitrary<Typed> = fc.uint8Array({ maxLength: 24 }).map((b) => ({ bytes: bytesToHex(b) }));
const uuidArb: fc.Arbitrary<Typed> = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => ({ uuid: bytesToHex(b) }));

/** Whole seconds in Python's datetime range, years 1-9999, with the two-digit-year edges. */
export const datetimeSecondsArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -62135596800, max: 253402300799 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2000000000 }) },
  // 0001-01-01, 0068-12-31, 0069-01-01, 0099-12-31, 0100-01-01, 1969-12-31, 9999-12-31.
  {
    weight: 1,
    arbitrary: fc.constantFrom(-62135596800, -59960044800, -59958230400, -59011459200, -59011459200 + 86400, -1, 253402300799),
  },
);
const datetimeArb: fc.Arbitrary<Typed> = datetimeSecondsArb.map((s) => ({ datetime: s }));

/** The value dialect: what plain JSON can carry, or everything Flask's tagged JSON carries. */
export type Dialect = "json" | "tagged";

function scalarArb(dialect: Dialect): fc.Arbitrary<Typed> {
  const json: fc.WeightedArbitrary<Typed>[] = [
    { weight: 6, arbitrary: textArb() },
    { weight: 4, arbitrary: intArb },
    { weight: 2, arbitrary: floatArb },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
  ];
  if (dialect === "json") return fc.oneof(...json);
  return fc.oneof(
    ...json,
    { weight: 1, arbitrary: bytesArb },
    { weight: 1, arbitrary: textArb().map((s): Typed => ({ markup: s })) },
    { weight: 1, arbitrary: uuidArb },
    { weight: 1, arbitrary: datetimeArb },
  );
}

function dictOf(key: fc.Arbitrary<string>, value: fc.Arbitrary<Typed>, maxLength: number): fc.Arbitrary<Typed> {
  return fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength }).map((dict): Typed => ({ dict }));
}

/** A nested list of depth `depth` around `inner` (deep, but far from Python's recursion limit). */
function nest(depth: number, inner: Typed, tuple: boolean): Typed {
  let value = inner;
  for (let i = 0; i < depth; i++) value = tuple ? { tuple: [value] } : { list: [value] };
  return value;
}

/** Any value of the dialect: nested lists, tuples and dicts of scalars; sometimes wide or deep. */
export function valueArb(dialect: Dialect): fc.Arbitrary<Typed> {
  const scalar = scalarArb(dialect);
  const { value } = fc.letrec<{ value: Typed; list: Typed; tuple: Typed; dict: Typed }>((tie) => ({
    value: fc.oneof(
      { maxDepth: 4, depthSize: "small", withCrossShrink: true },
      { weight: 5, arbitrary: scalar },
      { weight: 2, arbitrary: tie("list") },
      { weight: 1, arbitrary: tie("tuple") },
      { weight: 2, arbitrary: tie("dict") },
    ),
    list: fc.array(tie("value"), { maxLength: 5 }).map((list): Typed => ({ list })),
    tuple: fc.array(tie("value"), { maxLength: 4 }).map((tuple): Typed => ({ tuple })),
    dict: dictOf(keyArb, tie("value"), 5),
  }));
  return fc.oneof(
    { weight: 12, arbitrary: value },
    { weight: 1, arbitrary: fc.array(scalar, { minLength: 20, maxLength: 400 }).map((list): Typed => ({ list })) },
    {
      weight: 1,
      // Deep, but within what Python writes: Flask's tagged writer overflows its stack near 250.
      arbitrary: fc.tuple(fc.integer({ min: 10, max: 200 }), scalar, fc.boolean()).map(([d, v, t]) => nest(d, v, t)),
    },
  );
}

/** A session: a dict at the top (what Flask saves). */
export function sessionValueArb(): fc.Arbitrary<Typed> {
  return fc.oneof(
    { weight: 6, arbitrary: dictOf(keyArb, valueArb("tagged"), 6) },
    { weight: 1, arbitrary: dictOf(keyArb, valueArb("tagged"), 40) },
  );
}

// ---------------------------------------------------------------------------------------------
// Configurations

export type Secret = string | { bytes: string };

export const secretArb: fc.Arbitrary<Secret> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom("secret-key", "fixture-secret-key", "dev", "s3cr3t-\u00e9\u{1F511}") },
  { weight: 3, arbitrary: fc.string({ unit: charArb, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b): Secret => ({ bytes: bytesToHex(b) })) },
);

export const KEY_DERIVATIONS: readonly KeyDerivation[] = ["concat", "django-concat", "hmac", "none"];
export const DIGESTS: readonly DigestName[] = ["sha1", "sha224", "sha256", "sha384", "sha512"];
export const CLASSES = ["Serializer", "TimedSerializer", "URLSafeSerializer", "URLSafeTimedSerializer"] as const;
export type SerializerClassName = (typeof CLASSES)[number];

export const saltArb: fc.Arbitrary<Secret | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Secret | null>("itsdangerous", "cookie-session", "password-reset", null) },
  { weight: 2, arbitrary: secretArb },
);

const jsonOptionsArb = fc.record({ sortKeys: fc.boolean(), ensureAscii: fc.boolean() });

/** Signing times: around now, and every edge of the timestamp field and of Python's datetime. */
export const timestampArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1_500_000_000, max: 1_800_000_000 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(0, 1, 255, 256, 65535, 65536, 2 ** 31 - 1, 2 ** 32, 253402300799, 253402300800, 2 ** 40, 2 ** 48),
  },
);

// ---------------------------------------------------------------------------------------------
// Hostile variants

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const mutationCharArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...B64URL) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(".", "=", "+", "/", "!", " ", "\t", "%", "~", ";", ",", '"', "\\", "\x00", "\u00e9", "\u{1F600}"),
  },
  { weight: 1, arbitrary: charOrSurrogateArb },
);

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** Text that Werkzeug's `parse_date` (email's `_parsedate_tz`) reads in its many ways. */
export const dateTextArb: fc.Arbitrary<string> = fc
  .record({
    weekday: fc.constantFrom("Wed,", "Wed", "wed,", "Xyz,", ""),
    day: fc.oneof(fc.integer({ min: -3, max: 40 }).map(String), digits(1, 25), fc.constantFrom("\u0661\u0662", "\u00b2", "1_0")),
    month: fc.constantFrom("Oct", "oct", "OCTOBER", "Feb", "Foo", "Oct,"),
    year: fc.oneof(
      fc.integer({ min: 0, max: 10050 }).map(String),
      fc.constantFrom("0050", "99", "69", "68", "100", "9999", "10000", "2147483647", "2147483648", "-1", "+5", "1_000", "2015,"),
      digits(10, 30),
    ),
    time: fc.oneof(
      fc.constantFrom("07:28:00", "7:28", "07.28.00", "24:00:00", "23:59:60", "07:28:00,", "99:99:99", "07:28:00:00", ""),
      fc.tuple(digits(1, 12), digits(1, 12), digits(1, 12)).map((t) => t.join(":")),
    ),
    tz: fc.oneof(
      fc.constantFrom(
        "GMT",
        "UTC",
        "UT",
        "Z",
        "EST",
        "PDT",
        "+0000",
        "-0000",
        "+0100",
        "-2359",
        "+2359",
        "+2400",
        "+9999",
        "-99999999",
        "junk",
        "",
      ),
      fc.tuple(fc.constantFrom("+", "-", ""), digits(1, 25)).map(([s, d]) => s + d),
    ),
    sep: fc.constantFrom(" ", "  ", "\t", " \u3000 "),
    swap: fc.boolean(),
  })
  .map(({ weekday, day, month, year, time, tz, sep, swap }) =>
    [weekday, swap ? month : day, swap ? day : month, year, time, tz].filter((p) => p !== "").join(sep),
  );

const TAG_KEYS = [" t", " di", " b", " m", " u", " d", " x", ""];

const jsonScalarTextArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "0",
      "-0",
      "1.0",
      "3.0",
      "-0.0",
      "1e5",
      "1E400",
      "-1e400",
      "1e-400",
      "NaN",
      "Infinity",
      "-Infinity",
      "12345678901234567",
      "-9007199254740993",
      "0.1",
      "1.5e300",
      "true",
      "false",
      "null",
    ),
  },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)) },
  { weight: 4, arbitrary: textArb().map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: fc.constantFrom('"\\ud800"', '"\\udc00\\ud800"', '"\\u0000"', '"\\ud83d\\ude00"', '"a\\/b"') },
  // What the tags read: base64, UUIDs in every spelling Python accepts or not, dates.
  { weight: 1, arbitrary: fc.constantFrom('"AAEC"', '"AAE"', '"A==="', '"!!!!"', '""', '"QUJD\\nREVG"', '"\\u00e9"') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.constantFrom("plain", "dashed", "braces", "urn", "short", "upper"),
      )
      .map(([b, form]) => {
        const hex = bytesToHex(b);
        const dashed = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
        const text = {
          plain: hex,
          dashed,
          braces: `{${dashed}}`,
          urn: `urn:uuid:${dashed}`,
          short: hex.slice(1),
          upper: hex.toUpperCase(),
        }[form];
        return JSON.stringify(text);
      }),
  },
  { weight: 2, arbitrary: dateTextArb.map((s) => JSON.stringify(s)) },
);

/** JSON texts, mostly valid, full of tags (valid and not) and odd numbers. */
export const jsonTextArb: fc.Arbitrary<string> = fc.letrec<{ v: string; arr: string; obj: string; tag: string }>((tie) => ({
  v: fc.oneof(
    { maxDepth: 4, depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: jsonScalarTextArb },
    { weight: 2, arbitrary: tie("arr") },
    { weight: 2, arbitrary: tie("obj") },
    { weight: 3, arbitrary: tie("tag") },
  ),
  arr: fc.tuple(fc.array(tie("v"), { maxLength: 5 }), fc.constantFrom(",", ", ", " ,\n")).map(([xs, sep]) => `[${xs.join(sep)}]`),
  obj: fc
    .array(fc.tuple(keyArb, tie("v")), { maxLength: 5 })
    .map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
  tag: fc.tuple(fc.constantFrom(...TAG_KEYS), tie("v")).map(([k, v]) => `{${JSON.stringify(k)}:${v}}`),
})).v;

/** Token soup: bits of JSON in any order, mostly invalid. */
const junkTextArb: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom(
      "[",
      "]",
      "{",
      "}",
      ",",
      ":",
      '"',
      '"a"',
      '" t"',
      '" di"',
      '"__proto__"',
      "0",
      "-",
      "1e",
      "NaN",
      "Infinity",
      "true",
      "nul",
      " ",
      "\\",
      "\\u",
      "\\ud800",
      "\u00e9",
      "\x00",
      "\t",
      "\n",
      "\ufeff",
      "'",
      "1_0",
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(""));

/**
 * Nesting far beyond Python's recursion limit (about 990) and ours (1000), closed or not, or
 * shallow; never near either limit, where the two differ by design. Every token stays within the
 * 1 MiB `maxTokenLength`.
 */
const deepTextArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(1, 20, 2000, 100_000), fc.constantFrom("list", "dict", "tag", "open", "mixed"))
  .map(([depth, shape]) => {
    const n = shape === "mixed" ? depth / 2 : depth; // "mixed" nests two levels per repetition
    switch (shape) {
      case "list":
        return "[".repeat(n) + "]".repeat(n);
      case "dict":
        return '{"a":'.repeat(n) + "1" + "}".repeat(n);
      case "tag":
        return '{" t":'.repeat(n) + "[]" + "}".repeat(n);
      case "open":
        return "[".repeat(n);
      default:
        return '[{"a":'.repeat(n) + "0" + "}]".repeat(n);
    }
  });

/**
 * Markup around Markup: each level's text escapes the last one, so it doubles per level. Python
 * has no bound (20 levels take it 0.1 s and 3 MB, 30 levels exhaust memory); this library refuses
 * beyond `maxItems` characters (test/limits.test.ts). Kept below both here.
 */
const markupBombArb: fc.Arbitrary<string> = fc.integer({ min: 1, max: 12 }).map((n) => {
  let text = JSON.stringify("x'y\"z\\");
  for (let i = 0; i < n; i++) text = `{" m":[${text}]}`;
  return text;
});

const bigNumberTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom("", "-"), digits(4295, 4305)).map(([s, d]) => `[${s}${d}]`),
  digits(5000, 6000).map((d) => `1.${d}`),
  digits(20, 40).map((d) => `{" d":"Wed, 21 Oct 2015 07:28:00 +${d}"}`),
  digits(4000, 9000).map((d) => `{" d":"Wed, 21 Oct ${d} 07:28:00 GMT"}`),
  fc.integer({ min: 1000, max: 60000 }).map((n) => `{" t":${JSON.stringify("\u{1F600}".repeat(n))}}`),
);

/** Payload bytes that are not UTF-8, or carry a BOM. */
const rawBytesArb: fc.Arbitrary<{ bytes: string }> = fc
  .oneof(
    fc.uint8Array({ maxLength: 40 }),
    fc.constantFrom(
      Uint8Array.of(0xef, 0xbb, 0xbf, 0x7b, 0x7d), // BOM + {}
      Uint8Array.of(0x22, 0xed, 0xa0, 0x80, 0x22), // "<CESU surrogate>"
      Uint8Array.of(0x22, 0xc0, 0xaf, 0x22), // "<overlong />"
      Uint8Array.of(0x22, 0xff, 0x22),
    ),
  )
  .map((b) => ({ bytes: bytesToHex(b) }));

export type Payload = string | { bytes: string };

/** Hand-built payloads: what a forger signs when they hold a key, or a bug wrote. */
export const payloadArb: fc.Arbitrary<Payload> = fc.oneof(
  { weight: 6, arbitrary: jsonTextArb },
  { weight: 2, arbitrary: junkTextArb },
  { weight: 1, arbitrary: deepTextArb },
  { weight: 1, arbitrary: markupBombArb },
  { weight: 1, arbitrary: bigNumberTextArb },
  { weight: 1, arbitrary: rawBytesArb },
);

export const PAYLOAD_ENCODINGS = [
  "b64",
  "b64",
  "b64",
  "b64pad",
  "zlib",
  "zlib",
  "zlibJunk",
  "zlibTrunc",
  "deflateRaw",
  "gzip",
  "raw",
] as const;

/** The timestamp field of a timed token, hand-built: empty, too long, not base64, padded. */
const timestampFieldArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "A",
    "AA",
    "AAAA",
    "AAAAAAAAAAAA",
    "_____________",
    "__________8",
    "!!!",
    "ZVPxAA==",
    "ZVPxAA=",
    "=",
    "ZVPx AA",
    "ZV\u00e9PxAA",
  ),
  fc.uint8Array({ maxLength: 10 }).map((b) => Buffer.from(b).toString("base64url")),
);

export type Mutation =
  | { op: "flip" | "insert"; at: number; ch: string }
  | { op: "delete" | "truncate"; at: number }
  | { op: "swap"; i: number; j: number }
  | { op: "dup" | "drop"; i: number }
  | { op: "truncSeg"; i: number; at: number }
  | { op: "sigBits" }
  | {
      op: "resign";
      key: number | null;
      secret: Secret | null;
      salt: Secret | null;
      digest: DigestName | null;
      keyDerivation: KeyDerivation | null;
    }
  | { op: "forge"; payload: Payload; encode: (typeof PAYLOAD_ENCODINGS)[number]; ts: number | null }
  | { op: "forgeTs"; field: string };

export function mutationArb(session: boolean): fc.Arbitrary<Mutation> {
  const encodings = session ? PAYLOAD_ENCODINGS.filter((e) => e !== "raw") : PAYLOAD_ENCODINGS;
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ op: fc.constantFrom("flip" as const, "insert" as const), at: fraction, ch: mutationCharArb }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("delete" as const, "truncate" as const), at: fraction }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("swap" as const), i: fc.nat(4), j: fc.nat(4) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("dup" as const, "drop" as const), i: fc.nat(4) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("truncSeg" as const), i: fc.nat(4), at: fraction }) },
    { weight: 1, arbitrary: fc.constant({ op: "sigBits" as const }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant("resign" as const),
        key: fc.option(fc.nat(3)),
        secret: fc.option(secretArb),
        salt: fc.option(saltArb.filter((s) => s !== null)),
        digest: fc.option(fc.constantFrom(...DIGESTS)),
        keyDerivation: fc.option(fc.constantFrom(...KEY_DERIVATIONS)),
      }),
    },
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant("forge" as const),
        payload: payloadArb,
        encode: fc.constantFrom(...encodings),
        ts: fc.option(timestampArb, { freq: 4 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("forgeTs" as const), field: timestampFieldArb }) },
  );
}

// ---------------------------------------------------------------------------------------------
// Cases

export interface Check {
  now: number | null;
  maxAge: number | null;
}

export interface FuzzCase {
  kind: "itsdangerous" | "session";
  cls: SerializerClassName | null;
  secrets: Secret[];
  salt: Secret | null;
  keyDerivation: KeyDerivation | null;
  digest: DigestName | null;
  json: { sortKeys: boolean; ensureAscii: boolean } | null;
  value: Typed;
  timestamp: number;
  checks: Check[];
  mutations: Mutation[];
}

const MAX_AGES = [0, 1, 60, 3600, 2678400];

/** When to check and with which `maxAge`: at the edges of expiry, before signing, much later. */
function checksArb(required: boolean): fc.Arbitrary<{ age: number | "max" | "max+1"; maxAge: number | null }[]> {
  const maxAge = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...MAX_AGES) }, { weight: 1, arbitrary: fc.nat() });
  return fc.array(
    fc.record({
      age: fc.oneof(
        fc.constantFrom<number | "max" | "max+1">(0, -1, "max", "max+1"),
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
      ),
      maxAge: required ? maxAge : fc.option(maxAge, { freq: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  );
}

function resolveChecks(timestamp: number, specs: { age: number | "max" | "max+1"; maxAge: number | null }[]): Check[] {
  return specs.map(({ age, maxAge }) => {
    const limit = maxAge ?? 0;
    const seconds = age === "max" ? limit : age === "max+1" ? limit + 1 : age;
    return { now: timestamp + seconds, maxAge };
  });
}

const itsdangerousCaseArb: fc.Arbitrary<FuzzCase> = fc
  .record({
    cls: fc.constantFrom(...CLASSES),
    secrets: fc.array(secretArb, { minLength: 1, maxLength: 3 }),
    salt: saltArb,
    keyDerivation: fc.constantFrom(...KEY_DERIVATIONS),
    digest: fc.constantFrom(...DIGESTS),
    json: fc.option(jsonOptionsArb, { freq: 3 }),
    value: valueArb("json"),
    timestamp: timestampArb,
    checks: checksArb(false),
    mutations: fc.array(mutationArb(false), { maxLength: 6 }),
  })
  .map((c): FuzzCase => {
    const timed = c.cls === "TimedSerializer" || c.cls === "URLSafeTimedSerializer";
    return {
      kind: "itsdangerous",
      ...c,
      checks: timed ? resolveChecks(c.timestamp, c.checks) : [{ now: null, maxAge: null }],
    };
  });

const sessionCaseArb: fc.Arbitrary<FuzzCase> = fc
  .record({
    // Flask refuses an empty SECRET_KEY (and so does this library); fallbacks may be anything.
    current: secretArb.filter((s) => (typeof s === "string" ? s.length > 0 : s.bytes.length > 0)),
    fallbacks: fc.array(secretArb, { maxLength: 2 }),
    json: fc.oneof(
      { weight: 3, arbitrary: fc.constant({ sortKeys: true, ensureAscii: true }) },
      { weight: 1, arbitrary: jsonOptionsArb },
    ),
    value: sessionValueArb(),
    timestamp: timestampArb,
    checks: checksArb(true),
    mutations: fc.array(mutationArb(true), { maxLength: 6 }),
  })
  .map((c): FuzzCase => ({
    kind: "session",
    cls: null,
    secrets: [...c.fallbacks, c.current],
    salt: null,
    keyDerivation: null,
    digest: null,
    json: c.json,
    value: c.value,
    timestamp: c.timestamp,
    checks: resolveChecks(c.timestamp, c.checks),
    mutations: c.mutations,
  }));

/** One fuzz case: an itsdangerous serializer or a Flask session, a value, checks and variants. */
export const fuzzCaseArb: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 3, arbitrary: itsdangerousCaseArb },
  { weight: 2, arbitrary: sessionCaseArb },
);
