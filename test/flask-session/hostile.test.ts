/**
 * Hostile records: whatever a store holds (a pickle that names os.system, deep nesting, huge ints,
 * a few bytes that stand for an enormous tree, truncated or random bytes), reading it gives a
 * typed error (BadPayload, with a PickleError or a decode error as its cause) and the session an
 * empty one with a fresh id: never code execution, a crash, a hang or a wrong accept.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import {
  BadPayload,
  MemoryStore,
  MsgSpecSerializer,
  PickleError,
  ServerSideSessionInterface,
  msgpackEncode,
  pickleLoads,
} from "../../src/index.js";
import { hexToBytes } from "../helpers/typed.js";
import { readFileSync } from "node:fs";

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const concat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const serializer = new MsgSpecSerializer();

/** Reads `record` as a session's: the error it gives. */
function refusal(record: Uint8Array): BadPayload {
  try {
    serializer.decode(record);
  } catch (error) {
    expect(error).toBeInstanceOf(BadPayload);
    return error as BadPayload;
  }
  throw new Error("the record was accepted");
}

async function openWith(record: Uint8Array) {
  const store = new MemoryStore();
  store.set("session:abc", record, 60);
  return new ServerSideSessionInterface({ store }).openSession({}, "session=abc");
}

const STACK_GLOBAL = (module: string, name: string) =>
  concat([0x8c, module.length], latin1(module), [0x94, 0x8c, name.length], latin1(name), [0x94, 0x93, 0x94]);

describe("pickles that ask for more than plain data are refused, naming what they asked for", () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ["os.system, protocol 0", latin1("cos\nsystem\n(S'touch /tmp/pwned'\ntR."), /"os\.system"/],
    [
      "posix.system, protocol 4",
      concat([0x80, 4], STACK_GLOBAL("posix", "system"), [0x8c, 4], latin1("echo"), [0x85, 0x52, 0x2e]),
      /"posix\.system"/,
    ],
    [
      "builtins.eval",
      concat([0x80, 2], latin1("c__builtin__\neval\n"), [0x58, 1, 0, 0, 0], latin1("1"), [0x85, 0x52, 0x2e]),
      /"__builtin__\.eval"/,
    ],
    ["subprocess.Popen", latin1("csubprocess\nPopen\n(S'id'\ntR."), /"subprocess\.Popen"/],
    ["an app's class", concat([0x80, 4], STACK_GLOBAL("app.models", "User"), [0x29, 0x81, 0x2e]), /"app\.models\.User"/],
    ["getattr on a known global", concat([0x80, 4], STACK_GLOBAL("builtins", "getattr"), [0x2e]), /"builtins\.getattr"/],
    ["NEWOBJ of a set", concat([0x80, 4], STACK_GLOBAL("builtins", "set"), [0x29, 0x81, 0x2e]), /NEWOBJ/],
    ["BUILD on a dict", latin1("}}b."), /BUILD/],
    ["a persistent id", latin1("P1\n."), /opcode/],
    ["INST", latin1("(ios\nsystem\nS'id'\n."), /opcode/],
    ["the global itself", concat([0x80, 4], STACK_GLOBAL("builtins", "set"), [0x2e]), /itself/],
    ["bytes._codecs with another codec", latin1("c_codecs\nencode\n(Vx\nVrot13\ntR."), /latin-1/],
  ];
  test.each(cases)("%s", async (_name, record, reason) => {
    const error = refusal(record);
    expect(error.originalError).toBeInstanceOf(PickleError);
    expect((error.originalError as PickleError).kind).toBe("refused");
    expect((error.originalError as Error).message).toMatch(reason);
    const session = await openWith(record);
    expect([session.new, session.size, session.loadError?.code]).toEqual([true, 1, "ERR_BAD_PAYLOAD"]);
  });
});

describe("bounds: depth, items, int size", () => {
  const N = 200_000;
  test.each([
    ["MessagePack nested 200,000 deep", concat(new Array(N).fill(0x91), [0xc0])],
    ["JSON nested 200,000 deep", latin1("[".repeat(N) + "]".repeat(N))],
    ["a pickle nested 200,000 deep", concat([0x80, 4], new Array(N).fill(0x5d), new Array(N - 1).fill(0x61), [0x2e])],
    ["a pickle with a 100,000-digit int", latin1(`I${"9".repeat(100_000)}\n.`)],
    ["a pickle with a 1 MB LONG4", concat([0x80, 4, 0x8b, 0, 0, 0x10, 0], new Array(0x100000).fill(1), [0x2e])],
    ["a JSON int of 10,000 digits", latin1(`{"a":${"9".repeat(10_000)}}`)],
    // [x, x] 70 times over: 100 bytes standing for 2^70 items once written back.
    [
      "a pickle doubling a list 70 times through the memo",
      concat([0x80, 4, 0x5d, 0x94], ...Array.from({ length: 70 }, (_, i) => [0x68, i, 0x68, i, 0x86, 0x94]), [0x2e]),
    ],
    ["a MessagePack array32 header claiming 4 billion items", hexToBytes("ddffffffff01")],
    ["a MessagePack map32 header claiming 4 billion entries", hexToBytes("dfffffffff")],
  ])("%s: refused quickly", async (_name, record) => {
    const started = performance.now();
    const error = refusal(record);
    expect(error.code).toBe("ERR_BAD_PAYLOAD");
    expect((await openWith(record)).loadError?.code).toBe("ERR_BAD_PAYLOAD");
    expect(performance.now() - started).toBeLessThan(10_000); // a guard against a hang, not a timing claim
  });

  test("a list that contains itself is refused (it could not be written back)", () => {
    const record = concat([0x80, 4, 0x5d, 0x94, 0x68, 0, 0x61, 0x2e]);
    expect((refusal(record).originalError as PickleError).message).toMatch(/contains itself/);
  });

  test("a record over maxRecordSize is refused before it is decoded", () => {
    const small = new MsgSpecSerializer({ limits: { maxRecordSize: 10 } });
    expect(() => small.decode(msgpackEncode({ a: "x".repeat(20) }))).toThrow(/maxRecordSize/);
  });

  test("unhashable dict keys are refused, as Python refuses them", () => {
    expect(() => pickleLoads(latin1("(dp0\n(lp1\nI1\naI2\nsI3\ns."))).toThrow(PickleError);
  });
});

describe("truncated and random records", () => {
  const fixture = JSON.parse(readFileSync(new URL("../../fixtures/flask-3.1/flask-session.json", import.meta.url), "utf8")) as {
    cases: { name: string; record: string }[];
  };
  const records = fixture.cases
    .filter((c) => c.name === "redis-msgpack" || c.name === "redis-json")
    .map((c) => hexToBytes(c.record));
  const pickled = JSON.parse(
    readFileSync(new URL("../../fixtures/flask-session-0.6/flask-session.json", import.meta.url), "utf8"),
  ) as {
    cases: { record: string }[];
  };
  records.push(hexToBytes(pickled.cases[0]!.record));

  test("every strict prefix of a real record (MessagePack, JSON, pickle) is refused", () => {
    for (const record of records) {
      for (let n = 0; n < record.length; n++) {
        const prefix = record.subarray(0, n);
        let threw: unknown = null;
        try {
          serializer.decode(prefix);
        } catch (error) {
          threw = error;
        }
        // A JSON prefix may be valid JSON (a number); anything accepted must then be plain data.
        if (threw !== null) expect(threw).toBeInstanceOf(BadPayload);
      }
    }
  });

  test("property: any bytes, or a real record with bytes changed, give data or a BadPayload; opening never throws", async () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...records),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      )
      .map(([record, changes]) => {
        const copy = record.slice();
        for (const [at, byte] of changes) copy[at % copy.length] = byte;
        return copy;
      });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated), async (record) => {
        try {
          serializer.decode(record);
        } catch (error) {
          if (!(error instanceof BadPayload)) throw error;
        }
        const session = await openWith(record);
        expect(session.sid.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });
});
