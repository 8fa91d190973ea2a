/**
 * Our zlib decoder (src/zlib/inflate.ts, behind zlibDecompress) against the two references:
 *
 * - CPython's zlib.decompress, recorded in fixtures/zlib-inflate.json by
 *   scripts/gen_inflate_fixtures.py (run: node scripts/python.mjs scripts/gen_inflate_fixtures.py):
 *   streams from zlib.compressobj at many settings, streams written bit by bit to reach every
 *   check zlib makes, and damaged streams. Same bytes, or the same error message, for each.
 * - pako's inflate (which mirrors zlib 1.2's inflate), differentially: streams from pako's
 *   deflate at every level and strategy, every size from 0 to 2000 bytes, large ones, multi-block
 *   ones, and fast-check mutations of all of them. Same bytes, or both refuse with the same message.
 *
 * Every table counts what it checked and asserts the count, so that a filter or an early return
 * cannot make it pass on nothing.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import {
  Deflate,
  Inflate,
  deflate,
  Z_BLOCK,
  Z_DATA_ERROR,
  Z_DEFAULT_STRATEGY,
  Z_FILTERED,
  Z_FIXED,
  Z_FULL_FLUSH,
  Z_HUFFMAN_ONLY,
  Z_NEED_DICT,
  Z_PARTIAL_FLUSH,
  Z_RLE,
  Z_SYNC_FLUSH,
} from "pako";
import { describe, expect, test } from "vitest";
import { ZlibError, zlibDecompress } from "../src/compress.js";
import { createInflate, inflateZlib } from "../src/zlib/inflate.js";

/** The port's variant that may return a view of its kept output buffer. */
const zlibDecompressTransient = (data: Uint8Array, maxSize: number) => inflateZlib(data, maxSize, true);
import { noise } from "./helpers/noise.js";
import { bytesToHex, hexToBytes } from "./helpers/typed.js";

const MAX = 16 * 1024 * 1024;

/** A decoder's verdict: the bytes, or the error message. */
type Result = { ok: Uint8Array; error?: undefined } | { error: string; ok?: undefined };

/** What our decoder makes of `data`; the variant that returns a view of its kept buffer must agree. */
function ours(data: Uint8Array, maxSize = MAX): Result {
  let copied: Result;
  try {
    copied = { ok: zlibDecompress(data, maxSize) };
  } catch (error) {
    expect(error).toBeInstanceOf(ZlibError);
    copied = { error: (error as Error).message };
  }
  let viewed: Result;
  try {
    viewed = { ok: zlibDecompressTransient(data, maxSize) };
  } catch (error) {
    viewed = { error: (error as Error).message };
  }
  expectSame(viewed, copied, "zlibDecompressTransient");
  return copied;
}

/** What pako's inflate makes of `data`, in the words Python's zlib.decompress would use. */
function pakos(data: Uint8Array): Result {
  const inflator = new Inflate();
  inflator.push(data, true);
  if (inflator.err === Z_NEED_DICT) return { error: "Error 2 while decompressing data" };
  if (inflator.err === Z_DATA_ERROR) return { error: `Error -3 while decompressing data: ${inflator.msg}` };
  if (inflator.err !== 0 || !inflator.ended)
    return { error: "Error -5 while decompressing data: incomplete or truncated stream" };
  return { ok: inflator.result as Uint8Array };
}

function expectSame(got: Result, want: Result, label: string): void {
  if (got.ok && want.ok && got.ok.length === want.ok.length && Buffer.compare(got.ok, want.ok) === 0) return;
  expect(show(got), label).toBe(show(want));
}

/** A verdict in a few words: "ok" and the first bytes, or the message. */
function show(result: Result): string {
  return result.ok ? `ok (${result.ok.length} B): ${bytesToHex(result.ok.subarray(0, 64))}` : result.error;
}

/** The verdict's kind: "ok", or the message. */
const kind = (result: Result): string => result.error ?? "ok";

/** The messages zlib (through Python) gives, each of which some test here must produce. */
const ZLIB_MESSAGES = [
  "Error -5 while decompressing data: incomplete or truncated stream",
  "Error 2 while decompressing data",
  ...[
    "incorrect header check",
    "unknown compression method",
    "invalid window size",
    "invalid block type",
    "invalid stored block lengths",
    "too many length or distance symbols",
    "invalid code lengths set",
    "invalid bit length repeat",
    "invalid code -- missing end-of-block",
    "invalid literal/lengths set",
    "invalid distances set",
    "invalid literal/length code",
    "invalid distance code",
    "invalid distance too far back",
    "incorrect data check",
  ].map((message) => `Error -3 while decompressing data: ${message}`),
];

// ---------------------------------------------------------------------------------------------
// Python's verdicts

type Verdict = { error: string } | { ok: string | true } | { sha256: string; length: number };
interface Fixtures {
  versions: { python: string; zlib: string };
  sources: Record<string, string>;
  streams: ({ source: string; options: Record<string, unknown>; hex: string } & Verdict)[];
  crafted: ({ name: string; hex: string } & Verdict)[];
  mutations: ({ op: string; stream?: number; at?: number; bit?: number; byte?: number; hex?: string } & Verdict)[];
}
const fixtures = JSON.parse(readFileSync(new URL("../fixtures/zlib-inflate.json", import.meta.url), "utf8")) as Fixtures;

/** Checks a result against Python's verdict (`source`: the data the stream was made from). */
function expectPython(got: Result, verdict: Verdict, source: string | undefined, label: string): void {
  if ("error" in verdict) expect(got.error, label).toBe(verdict.error);
  else if ("sha256" in verdict) {
    expect(got.ok, label).toBeDefined();
    expect(got.ok!.length, label).toBe(verdict.length);
    expect(createHash("sha256").update(got.ok!).digest("hex"), label).toBe(verdict.sha256);
  } else expectSame(got, { ok: hexToBytes(verdict.ok === true ? source! : verdict.ok) }, label);
}

/** A fixture's damaged stream, rebuilt from its recipe. */
function mutated(row: Fixtures["mutations"][number]): Uint8Array {
  if (row.op === "random") return hexToBytes(row.hex!);
  const stream = hexToBytes(fixtures.streams[row.stream!]!.hex);
  const at = row.at!;
  switch (row.op) {
    case "flip": {
      const out = stream.slice();
      out[at]! ^= 1 << row.bit!;
      return out;
    }
    case "cut":
      return stream.subarray(0, at);
    case "insert":
      return Uint8Array.of(...stream.subarray(0, at), row.byte!, ...stream.subarray(at));
    case "delete":
      return Uint8Array.of(...stream.subarray(0, at), ...stream.subarray(at + 1));
    default:
      throw new Error(`unknown mutation ${row.op}`);
  }
}

describe(`zlib.decompress of CPython ${fixtures.versions.python} (zlib ${fixtures.versions.zlib})`, () => {
  test("streams from zlib.compressobj: every level, strategy, window, memory level, flush", () => {
    let checked = 0;
    for (const row of fixtures.streams) {
      const data = hexToBytes(row.hex);
      const got = ours(data);
      const label = `${row.source} ${JSON.stringify(row.options)}`;
      expectPython(got, row, fixtures.sources[row.source], label);
      expectSame(pakos(data), got, `pako: ${label}`);
      checked++;
    }
    expect(checked).toBe(fixtures.streams.length);
    expect(checked).toBeGreaterThanOrEqual(240);
  });

  test("streams written bit by bit for each of zlib's checks", () => {
    let checked = 0;
    for (const row of fixtures.crafted) {
      const data = hexToBytes(row.hex);
      const got = ours(data);
      expectPython(got, row, undefined, row.name);
      expectSame(pakos(data), got, `pako: ${row.name}`);
      checked++;
    }
    expect(checked).toBe(fixtures.crafted.length);
    expect(checked).toBeGreaterThanOrEqual(70);
  });

  test("damaged streams: bit flips, cuts, inserted and deleted bytes, random bytes after a header", () => {
    const byOp = new Map<string, number>();
    for (const row of fixtures.mutations) {
      const data = mutated(row);
      const source = row.stream === undefined ? undefined : fixtures.sources[fixtures.streams[row.stream]!.source];
      const got = ours(data);
      const label = JSON.stringify({ ...row, ok: undefined });
      expectPython(got, row, source, label);
      expectSame(pakos(data), got, `pako: ${label}`);
      byOp.set(row.op, (byOp.get(row.op) ?? 0) + 1);
    }
    expect(Object.fromEntries(byOp)).toEqual({ flip: 600, cut: 600, insert: 600, delete: 600, random: 400 });
  });

  test("together, they reach every verdict zlib gives", () => {
    // The tests above find ours equal to each of these verdicts of Python's.
    const rows = [...fixtures.streams, ...fixtures.crafted, ...fixtures.mutations];
    const seen = new Set(rows.map((row) => ("error" in row ? row.error : "ok")));
    for (const message of ZLIB_MESSAGES) expect(seen, message).toContain(message);
    expect(seen).toContain("ok");
    expect(seen.size).toBe(ZLIB_MESSAGES.length + 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Differential with pako

/** Deterministic text with JSON's repeats (a fixed LCG, so failures reproduce). */
function textish(length: number, seed: number): Uint8Array {
  const vocab = [
    '{"',
    '":',
    '"',
    ",",
    "}",
    "[",
    "]",
    "_id",
    "_user_id",
    "true",
    "csrf_token",
    "0",
    "1",
    "42",
    "You are logged in.",
    "abcdef",
    "0123456789",
    " t",
    "cart",
    "SKU-1",
  ].map((w) => new TextEncoder().encode(w));
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length;) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const word = vocab[x % vocab.length]!;
    for (let j = 0; j < word.length && i < length; j++) out[i++] = word[j]!;
  }
  return out;
}

const STRATEGIES = [Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED] as const;

/** Checks one valid stream: our bytes are the data, and pako agrees. */
function roundTrips(data: Uint8Array, stream: Uint8Array, label: string): void {
  const got = ours(stream);
  expectSame(got, { ok: data }, label);
  expectSame(pakos(stream), got, `pako: ${label}`);
}

describe("zlibDecompress and pako's inflate: the same bytes", () => {
  test("every size from 0 to 2000 bytes, text and noise, levels and strategies in turn", () => {
    let checked = 0;
    for (let size = 0; size <= 2000; size++) {
      const level = size % 10;
      const strategy = STRATEGIES[Math.floor(size / 10) % STRATEGIES.length]!;
      for (const data of [textish(size, size), noise(size, size)]) {
        roundTrips(data, deflate(data, { level, strategy }), `size ${size}, level ${level}, strategy ${strategy}`);
        checked++;
      }
    }
    expect(checked).toBe(4002);
  });

  test("every level with every strategy, on sessions, text and noise", () => {
    let checked = 0;
    const inputs = [0, 1, 56, 336, 1979, 5000, 70_000].flatMap((size) => [textish(size, 7), noise(size, 7)]);
    for (let level = 0; level <= 9; level++) {
      for (const strategy of STRATEGIES) {
        for (const data of inputs) {
          roundTrips(data, deflate(data, { level, strategy }), `level ${level}, strategy ${strategy}, ${data.length} B`);
          checked++;
        }
      }
    }
    expect(checked).toBe(10 * 5 * 14);
  });

  test("multi-block streams: flushes between chunks (the noise in stored blocks, the text in Huffman ones)", () => {
    let checked = 0;
    const data = Uint8Array.of(...textish(3000, 3), ...noise(500, 3), ...textish(3000, 4));
    for (const flush of [Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_PARTIAL_FLUSH, Z_BLOCK]) {
      for (const chunk of [1, 7, 100, 1000]) {
        const deflator = new Deflate({ level: 6 });
        for (let i = 0; i < data.length; i += chunk) deflator.push(data.subarray(i, i + chunk), flush);
        deflator.push(new Uint8Array(0), true);
        roundTrips(data, deflator.result as Uint8Array, `flush ${flush} every ${chunk} B`);
        checked++;
      }
    }
    // Level 0: stored blocks only, one per flush.
    const stored = new Deflate({ level: 0 });
    for (let i = 0; i < data.length; i += 700) stored.push(data.subarray(i, i + 700), Z_SYNC_FLUSH);
    stored.push(new Uint8Array(0), true);
    roundTrips(data, stored.result as Uint8Array, "stored blocks");
    checked++;
    expect(checked).toBe(17);
  });

  test("1 MB: many blocks, distances up to 32 KiB, matches of 258", () => {
    const data = new Uint8Array(1 << 20);
    for (let i = 0; i < data.length; i += 40_000)
      data.set(textish(Math.min(40_000, data.length - i), i).subarray(0, data.length - i), i);
    // Noise compresses only as a copy of itself: 10,000 bytes 32,500 back, near the farthest
    // zlib's compressor looks (32,506; fixtures/zlib-inflate.json has 32,768, written by hand).
    data.set(noise(10_000, 5), 400_000);
    data.copyWithin(432_500, 400_000, 410_000);
    data.fill(0x61, 700_000, 720_000); // a run: matches of 258 at distance 1
    for (const level of [1, 6, 9]) roundTrips(data, deflate(data, { level }), `1 MB at level ${level}`);
    // The copy was found: with other noise there instead, the stream is 10,000 bytes longer.
    const unlike = data.slice();
    unlike.set(noise(10_000, 6), 432_500);
    expect(deflate(unlike).length - deflate(data).length).toBeGreaterThan(9_000);
  });

  test("10 MB, near the 16 MiB bound, and the bound itself", () => {
    const data = new Uint8Array(10 * 1024 * 1024);
    const pattern = Uint8Array.of(...textish(50_000, 1), ...noise(20_000, 1));
    for (let i = 0; i < data.length; i += pattern.length)
      data.set(pattern.subarray(0, Math.min(pattern.length, data.length - i)), i);
    const stream = deflate(data, { level: 1 });
    const out = zlibDecompress(stream);
    expect(out.length).toBe(data.length);
    expect(Buffer.compare(out, data)).toBe(0);
    expect(Buffer.compare(inflateZlib(stream, data.length, false), data)).toBe(0);
    expect(() => zlibDecompress(stream, data.length - 1)).toThrow(
      new ZlibError(`decompressed data exceeds the limit of ${data.length - 1} bytes`),
    );
  });
});

describe("zlibDecompress and pako's inflate: the same verdict on damaged streams", () => {
  const textArb = fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.nat()).map(([n, seed]) => textish(n, seed));
  const streamArb = fc
    .tuple(fc.oneof(textArb, fc.uint8Array({ maxLength: 600 })), fc.integer({ min: 0, max: 9 }), fc.constantFrom(...STRATEGIES))
    .map(([data, level, strategy]) => deflate(data, { level, strategy }));
  const RUNS = 1500;

  /** Runs `RUNS` cases of `arb`, each checked against pako; returns how many gave each verdict. */
  function sameVerdicts(arb: fc.Arbitrary<Uint8Array>, seed: number): Map<string, number> {
    const verdicts = new Map<string, number>();
    fc.assert(
      fc.property(arb, (data) => {
        const got = ours(data);
        expectSame(pakos(data), got, bytesToHex(data));
        verdicts.set(kind(got), (verdicts.get(kind(got)) ?? 0) + 1);
      }),
      { numRuns: RUNS, seed },
    );
    expect([...verdicts.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);
    return verdicts;
  }

  test("bit flips", () => {
    const flipped = fc
      .tuple(streamArb, fc.array(fc.tuple(fc.nat(), fc.nat(7)), { minLength: 1, maxLength: 3 }))
      .map(([stream, flips]) => {
        const out = stream.slice();
        for (const [at, bit] of flips) out[at % out.length]! ^= 1 << bit;
        return out;
      });
    const verdicts = sameVerdicts(flipped, 1);
    expect(verdicts.size).toBeGreaterThanOrEqual(12); // most of zlib's messages
  });

  test("truncations", () => {
    const cut = fc.tuple(streamArb, fc.nat()).map(([stream, at]) => stream.subarray(0, at % stream.length));
    const verdicts = sameVerdicts(cut, 2);
    expect(verdicts.get(ZLIB_MESSAGES[0]!)).toBeGreaterThan(RUNS * 0.9); // incomplete or truncated
  });

  test("inserted and deleted bytes", () => {
    const edited = fc
      .tuple(streamArb, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean())
      .map(([stream, at, byte, insert]) => {
        const i = at % stream.length;
        return insert
          ? Uint8Array.of(...stream.subarray(0, i), byte, ...stream.subarray(i))
          : Uint8Array.of(...stream.subarray(0, i), ...stream.subarray(i + 1));
      });
    const verdicts = sameVerdicts(edited, 3);
    expect(verdicts.size).toBeGreaterThanOrEqual(10);
  });

  test("random bytes after a valid header", () => {
    const random = fc
      .tuple(fc.constantFrom([0x78, 0x9c], [0x78, 0x01], [0x78, 0xda], [0x08, 0x1d]), fc.uint8Array({ maxLength: 64 }))
      .map(([header, body]) => Uint8Array.of(...header, ...body));
    const verdicts = sameVerdicts(random, 4);
    expect(verdicts.size).toBeGreaterThanOrEqual(8);
  });
});

// ---------------------------------------------------------------------------------------------
// The bound on the output

describe("the bound on the output", () => {
  const text = textish(5000, 9);
  const cases: [string, Uint8Array][] = [
    ["stored", deflate(text, { level: 0 })],
    ["fixed", deflate(text, { strategy: Z_FIXED })],
    ["dynamic", deflate(text)],
    ["a run (matches at distance 1)", deflate(new Uint8Array(5000).fill(7), { strategy: Z_RLE })],
  ];

  test.each(cases)("%s: exactly the bound is accepted, one byte less is refused", (_name, stream) => {
    const length = zlibDecompress(stream).length;
    expect(zlibDecompress(stream, length).length).toBe(length);
    for (const bound of [length - 1, length >> 1, 1, 0]) {
      expect(() => zlibDecompress(stream, bound)).toThrow(new ZlibError(`decompressed data exceeds the limit of ${bound} bytes`));
      expect(() => zlibDecompressTransient(stream, bound)).toThrow(ZlibError);
    }
  });

  test("a bomb (17 MiB from 17 KB) stops at the default bound of 16 MiB", () => {
    const bomb = deflate(new Uint8Array(17 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    expect(() => zlibDecompress(bomb)).toThrow(new ZlibError(`decompressed data exceeds the limit of ${MAX} bytes`));
    expect(zlibDecompress(bomb, 17 * 1024 * 1024).every((byte) => byte === 0)).toBe(true);
  });

  test("an empty output fits a bound of 0", () => {
    expect(zlibDecompress(deflate(new Uint8Array(0)), 0).length).toBe(0);
  });

  test("a stream that is damaged after the bound is reached reports the bound, as pako stops there too", () => {
    const stream = deflate(text);
    stream[stream.length - 1]! ^= 1; // the checksum
    expect(() => zlibDecompress(stream, 100)).toThrow("exceeds the limit of 100 bytes");
    expect(() => zlibDecompress(stream)).toThrow("incorrect data check");
  });
});

describe("the kept output buffer", () => {
  const text = textish(5000, 9);

  test("a transient result can itself be decompressed (the input is not overwritten)", () => {
    const inner = deflate(text);
    const outer = deflate(inner);
    const view = zlibDecompressTransient(outer, MAX);
    expect(Buffer.compare(zlibDecompressTransient(view, MAX), text)).toBe(0);
    expect(Buffer.compare(zlibDecompress(zlibDecompressTransient(outer, MAX)), text)).toBe(0);
  });

  test("a result is the caller's: the next call does not change it", () => {
    const first = zlibDecompress(deflate(text));
    const copy = first.slice();
    zlibDecompress(deflate(noise(5000, 1)));
    expect(Buffer.compare(first, copy)).toBe(0);
  });

  test("each decoder keeps its own buffers: another's calls leave its transient result alone", () => {
    const a = createInflate();
    const b = createInflate();
    const view = a(deflate(text), MAX, true);
    const other = noise(5000, 2);
    expect(Buffer.compare(b(deflate(other), MAX, true), other)).toBe(0);
    expect(Buffer.compare(inflateZlib(deflate(other), MAX, true), other)).toBe(0);
    expect(Buffer.compare(view, text)).toBe(0);
  });
});
