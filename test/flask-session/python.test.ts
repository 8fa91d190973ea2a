/**
 * Records written by Node, read by real msgspec and Flask-Session 0.8 (scripts/check_flask_session_records.py):
 * for every value, Node's MessagePack and JSON bytes are the bytes msgspec writes for the same
 * Python value, and Flask-Session's serializer reads Node's record back as that value (with
 * msgspec's own losses: a tuple comes back as a list, a UUID as a string...).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { findPython } from "../../scripts/python.mjs";
import { Decimal, MsgpackExt, MsgSpecSerializer, PlainDate, PlainDateTime, Tuple, UUID } from "../../src/index.js";
import { missing } from "../helpers/requirement.js";
import { bytesToHex } from "../helpers/typed.js";
import { toSessionTyped, type SessionTyped } from "../helpers/session-typed.js";

const SCRIPT = new URL("../../scripts/check_flask_session_records.py", import.meta.url).pathname;
const python = findPython("flask-3.1")?.python ?? null;
if (!python) missing("test/flask-session/python.test.ts", "the flask-3.1 Python environment (npm run pyenv)");

const msgpack = new MsgSpecSerializer({ format: "msgpack" });
const json = new MsgSpecSerializer({ format: "json" });

type Result = Record<"msgpack" | "json", { python: string; readBack: SessionTyped } | undefined>;

function check(
  values: unknown[],
  formats: ("msgpack" | "json")[] = ["msgpack", "json"],
): { value: unknown; ours: Record<string, string>; result: Result }[] {
  const cases = values.map((value) => {
    const ours: Record<string, string> = {};
    if (formats.includes("msgpack")) ours.msgpack = bytesToHex(msgpack.encode(value));
    if (formats.includes("json")) ours.json = bytesToHex(json.encode(value));
    return { value, ours };
  });
  const run = spawnSync(python!, [SCRIPT], {
    input: JSON.stringify(cases.map((c) => ({ value: toSessionTyped(c.value), ...c.ours }))),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(run.stderr);
  const results = JSON.parse(run.stdout) as Result[];
  return cases.map((c, i) => ({ ...c, result: results[i]! }));
}

const SESSION = {
  _permanent: true,
  _user_id: "42",
  _fresh: true,
  csrf_token: "a".repeat(40),
  text: 'h\u00e9llo \u2603 \u{1d11e} \u0000\u001f"\\/\u2028',
  ints: [
    0,
    1,
    127,
    128,
    255,
    256,
    65535,
    65536,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 53 - 1,
    -1,
    -32,
    -33,
    -128,
    -129,
    -32768,
    -32769,
    -(2 ** 31),
    -(2 ** 31) - 1,
    -(2 ** 53) + 1,
  ],
  bigints: [2n ** 53n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, -(2n ** 63n), 5n],
  floats: [1.5, 0.1, -0, 1e-5, 2.5e-5, 1e-7, 1e15, 1e16, 1e21, 1.7976931348623157e308, 5e-324, 123456789.125, 2 ** 53 + 2],
  bytes: new Uint8Array([0, 255, 16]),
  empty: { list: [], dict: {}, bytes: new Uint8Array(0), text: "" },
  tuple: new Tuple("success", "Logged in"),
  flashes: [new Tuple("message", "Saved")],
  // A Set is written in its insertion order; Python iterates a set in hash order (for small ints,
  // ascending), so only a Set built in that order gives the same bytes.
  set: new Set([1, 2, 3]),
  keys: { "10": "ten", "2": "two", __proto__x: 1, b: 2, a: 3 },
  proto: Object.defineProperty({}, "__proto__", { value: "data", enumerable: true }),
  when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 120)),
  epoch: new Date(0),
  old: new Date(Date.UTC(1960, 0, 2)),
  far: new Date(Date.UTC(2500, 0, 2)),
  after2106: new Date(Date.UTC(2107, 0, 2)),
  uuid: new UUID("12345678-1234-5678-1234-567812345678"),
  day: new PlainDate(2024, 1, 2),
  naive: new PlainDateTime(2024, 1, 2, 3, 4, 5, 120000),
  naiveWhole: new PlainDateTime(2024, 1, 2),
  decimal: new Decimal("19.90"),
  long: "x".repeat(70_000),
  manyKeys: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
  longList: Array.from({ length: 17 }, (_, i) => i % 3), // array16 (array32 costs this test seconds)
};

describe.skipIf(!python)("Node's records, read by msgspec and Flask-Session 0.8", () => {
  test("a session with every type: the very bytes msgspec writes, in both formats", () => {
    // Key by key, so that a difference names its key (and the output stays short).
    const entries = Object.entries(SESSION);
    const results = check([...entries.map(([k, v]) => ({ [k]: v })), SESSION]);
    results.forEach(({ ours, result }, i) => {
      const what = entries[i]?.[0] ?? "the whole session";
      expect(
        ours.msgpack === result.msgpack!.python,
        `${what}: ${ours.msgpack!.slice(0, 80)} vs ${result.msgpack!.python.slice(0, 80)}`,
      ).toBe(true);
      expect(
        ours.json === result.json!.python,
        `${what}: ${ours.json!.slice(0, 80)} vs ${result.json!.python.slice(0, 80)}`,
      ).toBe(true);
    });
  });

  test("Flask-Session reads Node's records back as msgspec would", () => {
    const { result } = check([
      {
        tuple: new Tuple(1, 2),
        uuid: new UUID("12345678123456781234567812345678"),
        when: new Date(1_700_000_000_000),
        b: new Uint8Array([1]),
      },
    ])[0]!;
    const read = result.msgpack!.readBack as { dict: [string, SessionTyped][] };
    expect(read.dict).toEqual([
      ["tuple", { list: [{ int: "1" }, { int: "2" }] }], // msgspec reads arrays as lists
      ["uuid", "12345678-1234-5678-1234-567812345678"], // and UUIDs as strings
      ["when", { datetime_us: "1700000000000000" }], // an aware datetime
      ["b", { bytes: "01" }],
    ]);
    expect((result.json!.readBack as { dict: [string, SessionTyped][] }).dict[2]).toEqual(["when", "2023-11-14T22:13:20Z"]);
  });

  test("MessagePack-only values: int keys, exts", () => {
    const { ours, result } = check(
      [
        {
          m: new Map<unknown, unknown>([
            [1, "a"],
            [-5, "b"],
            [2n ** 60n, "c"],
          ]),
          e: new MsgpackExt(5, new Uint8Array([1, 2, 3])),
        },
      ],
      ["msgpack"],
    )[0]!;
    expect(ours.msgpack).toBe(result.msgpack!.python);
  });

  test("property: any JSON-like session gets msgspec's bytes in both formats", () => {
    const key = fc.string({ maxLength: 6 });
    const leaf = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array({ maxLength: 8 }),
      fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(key, tie("node"), { maxKeys: 4 }),
      ),
    })).node;
    const samples = fc.sample(fc.dictionary(key, value, { maxKeys: 6 }), { numRuns: 300, seed: 13 });
    for (const { value: sample, ours, result } of check(samples)) {
      expect(ours.msgpack, JSON.stringify(toSessionTyped(sample))).toBe(result.msgpack!.python);
      expect(ours.json, JSON.stringify(toSessionTyped(sample))).toBe(result.json!.python);
    }
  });
});
