/**
 * Every disagreement the differential fuzzer found, shrunk by fast-check, kept as a case that runs
 * on every `npm test` against live Python (scripts/fuzz_oracle.py) in every pinned environment,
 * with the library configured for that environment's Flask, whatever seed the fuzzer gets. Plus
 * the hostile shapes the limits exist for, where both sides must refuse.
 */
import { beforeAll, describe, expect, test } from "vitest";
import type { FuzzCase, Mutation } from "../helpers/fuzz-arbitraries.js";
import { checkCase, newStats, setPythonUnassigned, type FuzzStats, type PyResult } from "../helpers/fuzz-check.js";
import { INSTALL_HINT } from "../../scripts/python.mjs";
import { FIXTURE_ENVS } from "../helpers/fixtures.js";
import { Oracle } from "../helpers/oracle.js";

function session(mutations: Mutation[], value: FuzzCase["value"] = { dict: [] }): FuzzCase {
  return {
    kind: "session",
    cls: null,
    secrets: ["k"],
    salt: null,
    keyDerivation: null,
    digest: null,
    json: { sortKeys: true, ensureAscii: true },
    value,
    timestamp: 1500000000,
    checks: [{ now: 1500000000, maxAge: 2678400 }],
    mutations,
  };
}

function itsdangerous(cls: FuzzCase["cls"], value: FuzzCase["value"], mutations: Mutation[]): FuzzCase {
  return {
    kind: "itsdangerous",
    cls,
    secrets: ["k"],
    salt: "itsdangerous",
    keyDerivation: "django-concat",
    digest: "sha1",
    json: null,
    value,
    timestamp: 1500000000,
    checks:
      cls === "TimedSerializer" || cls === "URLSafeTimedSerializer"
        ? [{ now: 1500000000, maxAge: 60 }]
        : [{ now: null, maxAge: null }],
    mutations,
  };
}

const forge = (payload: string, encode: "b64" | "zlib" | "raw" = "b64"): Mutation => ({ op: "forge", payload, encode, ts: null });
const date = (text: string) => forge(JSON.stringify({ a: { " d": text } }));

const CASES: [string, FuzzCase][] = [
  // Found by the fuzzer.
  ['{" b": "!!!!"} as the whole session: b"" is falsy, Flask opens it empty', session([forge('{" b":"!!!!"}')])],
  [
    "a session date whose offset overflows timedelta (OverflowError: a bad payload)",
    session([date("Wed, 21 Oct 2015 07:28:00 +11111111111111111111")]),
  ],
  [
    "... at the exact edge of timedelta's 999,999,999 days",
    session([
      date("Wed, 21 Oct 2015 07:28:00 +2399999999959"),
      date("Wed, 21 Oct 2015 07:28:00 +2399999999960"),
      date("Wed, 21 Oct 2015 07:28:00 -2399999997561"),
    ]),
  ],
  [
    "a session date whose year overflows a C int",
    session([
      date("Wed, 21 Oct 2147483647 07:28:00 GMT"),
      date("Wed, 21 Oct 2147483648 07:28:00 GMT"),
      date("Wed, 21 Oct 2147483648 07:28:00 +2400"),
    ]),
  ],
  [
    "a forged swap whose 'signature' is a long JSON text (our message quotes 128 bytes of it)",
    itsdangerous("Serializer", "x".repeat(300), [{ op: "swap", i: 0, j: 1 }]),
  ],
  [
    "Markup from a list holding U+13440 (Unicode 15): Python 3.11 escapes it, Node does not (a known difference)",
    session([forge('{"__proto__":[{" m":["\u{13440}"]}]}')]),
  ],
  [
    "a duplicate key whose dropped value holds a tag that fails: Flask <= 3.0.0's hook saw it (a false accept once), 3.0.1+ does not",
    session([
      forge('{" t":{"__proto__":{" t":0},"__proto__":0}}'),
      forge('{"a":{" t":0},"a":1}'),
      forge('{"a":{" t":[1]},"a":{" t":[2]}}'),
      forge('{"a":"{","b":{" t":"x"}}'),
    ]),
  ],
  [
    "... and without tags, where a dropped value changes nothing",
    itsdangerous("URLSafeSerializer", null, [forge('{"a":{"b":1},"a":2}'), forge('{"a":{" t":0},"a":1}')]),
  ],
  [
    "Markup from a list holding floats with integral values: Python writes 0.0 where JavaScript has 0 (a known difference)",
    session([forge('{"":{" m":[1e-400]}}'), forge('{"a":{" m":[1.0,-3.0,1e5,1.5,1e16]}}')]),
  ],
  [
    "a session nested 300 tuples deep: Flask's writer runs out of stack, ours writes it (a known difference)",
    session([], { dict: [["a", nestTuples(300)]] }),
  ],
  [
    "session data given as pairs, with odd pairs",
    session([forge('[["a",1],"bc",{"d":1,"e":2}]'), forge("[[1,2]]"), forge('"ab"'), forge('[["a"]]')]),
  ],
  // The hostile shapes the limits are for: Python refuses them too (RecursionError, ValueError).
  [
    "100,000-deep [[[[...]]]] everywhere",
    session([forge("[".repeat(100_000) + "]".repeat(100_000)), forge("[".repeat(100_000) + "]".repeat(100_000), "zlib")]),
  ],
  ["... in plain JSON", itsdangerous("Serializer", null, [forge("[".repeat(100_000) + "]".repeat(100_000), "raw")])],
  [
    "plain JSON 1,200 and 5,000 levels deep: CPython 3.12 reads the first, 3.13 both, older ones neither; maxDepth (1000) refuses both (a known difference)",
    itsdangerous("Serializer", null, [
      forge("[".repeat(1200) + "]".repeat(1200), "raw"),
      forge("[".repeat(5000) + "]".repeat(5000), "raw"),
    ]),
  ],
  [
    "... in URL-safe timed tokens",
    itsdangerous("URLSafeTimedSerializer", null, [
      forge("[".repeat(100_000)),
      forge('{"a":'.repeat(25_000) + "1" + "}".repeat(25_000), "zlib"),
    ]),
  ],
  [
    "integers of 4300 and 4301 digits",
    itsdangerous("URLSafeSerializer", null, [forge(`[1${"0".repeat(4299)}]`), forge(`[1${"0".repeat(4300)}]`)]),
  ],
  ["a 12-level Markup bomb (within both sides' means)", session([forge(nestMarkup(12))])],
  ["a 60,000-character tuple", session([forge(JSON.stringify({ a: { " t": "\u{1F600}".repeat(60_000) } }), "zlib")])],
  [
    "keys that are prototypes",
    session([forge('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}')], {
      dict: [
        ["__proto__", { dict: [["x", { int: "1" }]] }],
        ["prototype", null],
      ],
    }),
  ],
];

function nestTuples(levels: number): FuzzCase["value"] {
  let value: FuzzCase["value"] = { int: "1" };
  for (let i = 0; i < levels; i++) value = { tuple: [value] };
  return value;
}

function nestMarkup(levels: number): string {
  let json = JSON.stringify("x'y\"z\\");
  for (let i = 0; i < levels; i++) json = `{" m":[${json}]}`;
  return json;
}

interface OracleVersions {
  python: string;
  flask: string;
  werkzeug: string;
  unicode: string;
}

/**
 * The known differences this corpus shows with a given Python: two integral floats in Markup and
 * one non-string session key always; U+13440 (Unicode 15.0) is unprintable to Python before 3.12
 * (Unicode 14 and older); Flask's writer runs out of stack on 300 nested tuples before Python 3.12
 * (a comprehension frame per level, which 3.12 inlines).
 */
/**
 * Plain JSON nested 1,001 to ~10,000 levels: CPython 3.13 reads it, 3.12 up to ~1,500, older ones
 * stop at ~990; the library stops at maxDepth (1000). The corpus has one token of each depth.
 */
function expectedDeeperThanMaxDepth(major: number, minor: number): number {
  if (major !== 3 || minor < 12) return 0;
  return minor === 12 ? 1 : 2;
}

function expectedKnownDifferences(v: OracleVersions): Record<string, number> {
  const [major, minor] = v.python.split(".").map(Number) as [number, number];
  const before312 = major === 3 && minor < 12;
  return {
    markupIntegralFloat: 2,
    markupUnicodeVersion: Number(v.unicode.split(".")[0]) < 15 ? 1 : 0,
    nonStringSessionKey: 1,
    deepSessionWrite: before312 ? 1 : 0,
    deeperThanMaxDepth: expectedDeeperThanMaxDepth(major, minor),
  };
}

/** One environment's oracle answers (null when the environment cannot be had). */
interface Replay {
  versions: OracleVersions;
  unassigned: [number, number][];
  results: PyResult[];
}

// The five oracles work at once (Python's side is most of the time); each suite then checks its own.
const replays = new Map<string, Replay | null>();

beforeAll(async () => {
  await Promise.all(
    FIXTURE_ENVS.map(async (env) => {
      const oracle = await Oracle.start(env);
      if (!oracle) {
        console.warn(`Skipping the fuzzer's regressions in ${env}: ${INSTALL_HINT}`);
        replays.set(env, null);
        return;
      }
      try {
        const [versions, unassigned, results] = await Promise.all([
          oracle.request({ op: "versions" }),
          oracle.request({ op: "unassigned" }),
          oracle.request({ cases: CASES.map(([, c]) => c) }),
        ]);
        replays.set(env, {
          versions: versions.versions as OracleVersions,
          unassigned: unassigned.unassigned as [number, number][],
          results: results.results as PyResult[],
        });
      } finally {
        await oracle.close();
      }
    }),
  );
}, 300_000);

describe.each(FIXTURE_ENVS)("the fuzzer's findings, replayed against Python in %s", (env) => {
  const stats: FuzzStats = newStats();
  let replay: Replay | null = null;

  beforeAll(() => {
    replay = replays.get(env) ?? null;
    // Suites run one after the other: the Unicode data of this environment's Python, for this one.
    if (replay) setPythonUnassigned(replay.unassigned);
  });

  test.for(CASES.map(([name, c], i) => [name, c, i] as const))("%s", ([, c, i], ctx) => {
    if (!replay) return ctx.skip();
    const result = replay.results[i]!;
    expect(checkCase(stats, c, result, replay.versions)).toEqual([]);
    // The good token (when Python could write one) and every variant.
    expect(result.variants).toHaveLength(("error" in result.dumps ? 0 : 1) + c.mutations.length);
  });

  test("the corpus covers refusals, acceptances and Python failing outright", (ctx) => {
    if (!replay) return ctx.skip();
    expect(stats.pythonAccepted).toBeGreaterThan(0);
    expect(stats.pythonRejected).toBeGreaterThan(0);
    expect(stats.pythonCrashed).toBeGreaterThan(0);
    expect(stats.knownDifferences).toEqual(expectedKnownDifferences(replay.versions));
  });
});
