/**
 * Python is the judge: cookies and tokens the command-line tool signs (every mode and option)
 * are loaded by Flask / itsdangerous, which must give back the same values, type for type, and
 * sign the same bytes; what `decode` shows is Python's own repr of each Flask fixture. All of it
 * in ONE call of the Python that has Flask (scripts/check_cli_tokens.py).
 *
 * Without Flask for Python, this file is skipped with a message saying how to install it.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { httpDate, json as pyjson } from "../../src/index.js";
import { pyRepr } from "../../src/flask/py-repr.js";
import { findPython, INSTALL_HINT } from "../../scripts/python.mjs";
import { inspectToken } from "../../src/cli/inspect.js";
import type { TokenFormat } from "../../src/cli/token-format.js";
import { cliAll, cliNamed, expectNoSecretInOutputs, fixtureCases, root, type Run } from "../helpers/cli.js";
import type { Typed } from "../helpers/typed.js";
import { FLASK, ITSDANGEROUS, sortedKeys, withoutIso } from "../helpers/cli-values.js";

const python = findPython();
if (!python) {
  console.warn(`\n*** SKIPPED test/cli/python.test.ts: the command line is NOT checked against Python. ${INSTALL_HINT}\n`);
}

type Secret = string | { bytes: string };
interface SignCase {
  id: string;
  format: TokenFormat;
  secret: Secret;
  value: Typed;
}

const T = 1700000000;
const dict = (...entries: [string, Typed][]): Typed => ({ dict: entries });
const int = (n: number | string): Typed => ({ int: String(n) });
const float = (repr: string): Typed => ({ float: repr });

const typedSession = dict(
  ["_user_id", "42"],
  ["_flashes", { list: [{ tuple: ["success", "Logged in."] }, { tuple: ["info", { markup: "<b>Welcome</b> back" }] }] }],
  ["raw", { bytes: "00ff7f80" }],
  ["id", { uuid: "12345678123456781234567812345678" }],
  ["seen", { datetime: 1445412480 }],
  ["old", { datetime: -86400 }],
  ["big", int("123456789012345678901234567890")],
  ["snowflake", int("1234567890123456789")],
  ["prices", { list: [float("3.0"), float("-0.5"), float("1e+16"), float("100000.0"), int(3)] }],
  ["text", 'caf\u00e9 \u2603 \ud83d\udd11 "quoted" \\ <tag>'],
  ["nested", { tuple: [{ tuple: [] }, { list: [] }, dict(), null, true, false] }],
  ["10", "integer-like keys"],
  ["2", "sort as strings"],
  ["__proto__", "just data"],
);

const CASES: SignCase[] = [
  { id: "flask: every Python type", format: FLASK, secret: "py-check-secret-\u00e9\ud83d\udd11", value: typedSession },
  { id: "flask: empty session", format: FLASK, secret: "py-check-secret-2", value: dict() },
  {
    id: "flask: compressed",
    format: FLASK,
    secret: "py-check-secret-2",
    value: dict(["cart", { list: Array.from({ length: 40 }, (_, i) => ({ tuple: [`item-${i % 4}`, int(i % 3)] })) }]),
  },
  {
    id: "flask: salt, digest, key derivation",
    format: { ...FLASK, salt: "custom-salt", digest: "sha256", keyDerivation: "django-concat" },
    secret: "py-check-secret-3",
    value: typedSession,
  },
  {
    id: "flask: legacy timestamp",
    format: { ...FLASK, legacy: true },
    secret: "py-check-secret-3",
    value: dict(["user", "alice"]),
  },
  { id: "flask: bytes key", format: FLASK, secret: { bytes: "00ff10e9c3284a7b" }, value: dict(["user", "alice"]) },
  {
    id: "flask: sha512, concat",
    format: { ...FLASK, digest: "sha512", keyDerivation: "concat" },
    secret: "py-check-secret-4",
    value: dict(["n", int(1)]),
  },
  {
    id: "flask: no key derivation",
    format: { ...FLASK, keyDerivation: "none" },
    secret: "py-check-secret-4",
    value: dict(["n", int(2)]),
  },
  {
    id: "itsdangerous: defaults",
    format: ITSDANGEROUS,
    secret: "py-check-secret-5",
    value: dict(["user_id", int(42)], ["exp", float("1.0")]),
  },
  {
    id: "itsdangerous: password reset",
    format: { ...ITSDANGEROUS, salt: "password-reset" },
    secret: "py-check-secret-5",
    value: dict(["email", "al\u00efce@example.com"]),
  },
  {
    id: "itsdangerous: a list",
    format: ITSDANGEROUS,
    secret: "py-check-secret-5",
    value: { list: [int(1), "a", null, float("2.5"), float("2.0"), int("98765432109876543210")] },
  },
  { id: "itsdangerous: a float", format: ITSDANGEROUS, secret: "py-check-secret-5", value: float("7.0") },
  {
    id: "itsdangerous: legacy, sha224, hmac",
    format: { ...ITSDANGEROUS, legacy: true, digest: "sha224", keyDerivation: "hmac" },
    secret: "py-check-secret-6",
    value: "just a string",
  },
];
const SECRETS = [
  "py-check-secret-\u00e9\ud83d\udd11",
  "py-check-secret-2",
  "py-check-secret-3",
  "py-check-secret-4",
  "py-check-secret-5",
  "py-check-secret-6",
  "00ff10e9c3284a7b",
];

/** A typed value as the JSON `sign` takes: Flask's tags in Flask mode. */
function toCliJSON(value: Typed, flask: boolean): string {
  const go = (v: Typed): string => toCliJSON(v, flask);
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if ("int" in value) return value.int;
  if ("float" in value) return value.float;
  if ("list" in value) return `[${value.list.map(go).join(", ")}]`;
  if ("dict" in value) return `{${value.dict.map(([k, v]) => `${JSON.stringify(k)}: ${go(v)}`).join(", ")}}`;
  if (!flask) throw new Error("plain JSON has no such type");
  if ("tuple" in value) return `{" t": [${value.tuple.map(go).join(", ")}]}`;
  if ("bytes" in value) return `{" b": "${Buffer.from(value.bytes, "hex").toString("base64")}"}`;
  if ("markup" in value) return `{" m": ${JSON.stringify(value.markup)}}`;
  if ("uuid" in value) return `{" u": "${value.uuid}"}`;
  return `{" d": "${httpDate(new Date(value.datetime * 1000))}"}`;
}

function options(format: TokenFormat, secret: Secret): string[] {
  return [
    ...(format.mode === "itsdangerous" ? ["--itsdangerous"] : []),
    "--salt",
    format.salt,
    "--key-derivation",
    format.keyDerivation,
    "--digest",
    format.digest,
    ...(format.legacy ? ["--legacy-timestamp"] : []),
    ...(typeof secret === "string" ? ["--secret", secret] : ["--secret-encoding", "hex", "--secret", secret.bytes]),
  ];
}

interface SessionCase {
  id: string;
  cookie: string;
  payloadJson: string;
}

interface PythonAnswer {
  load: Record<string, { value: Typed; timestamp: number } | { error: string; message: string }>;
  dump: Record<string, string>;
  repr: Record<string, string>;
}

describe.skipIf(!python)(`against Python (Flask ${python?.flask}, itsdangerous ${python?.itsdangerous})`, () => {
  const fixtures = fixtureCases<SessionCase>("flask-sessions.json");
  let signed: Run[];
  let answer: PythonAnswer;
  let checked: Record<"pyLegacy" | "pyItsdangerous" | "pyBytesKey" | "typedDecode" | "floatsDecode", Run>;

  beforeAll(async () => {
    signed = await cliAll(
      CASES.map(
        (c) =>
          [
            [
              "sign",
              "--json",
              ...options(c.format, c.secret),
              "--timestamp",
              String(T),
              toCliJSON(c.value, c.format.mode === "flask"),
            ],
          ] as const,
      ),
    );
    const batch = {
      load: CASES.map((c, i) => ({
        id: c.id,
        token: (pyjson.loads(signed[i]!.stdout) as { cookie: string }).cookie,
        format: c.format,
        secret: c.secret,
        now: T + 5,
      })),
      dump: CASES.map((c) => ({ id: c.id, value: c.value, format: c.format, secret: c.secret, timestamp: T })),
      repr: fixtures.map((c) => ({ id: c.id, payloadJson: c.payloadJson })),
    };
    // The one Python call.
    answer = JSON.parse(
      execFileSync(python!.python, [join(root, "scripts/check_cli_tokens.py")], {
        input: JSON.stringify(batch),
        encoding: "utf8",
        maxBuffer: 64 << 20,
      }),
    ) as PythonAnswer;
    const byId = (id: string) => CASES.findIndex((c) => c.id === id);
    const legacy = CASES[byId("flask: legacy timestamp")]!;
    const plain = CASES[byId("itsdangerous: password reset")]!;
    const bytesKey = CASES[byId("flask: bytes key")]!;
    checked = await cliNamed({
      pyLegacy: [
        ["verify", "--json", ...options(legacy.format, legacy.secret), "--now", String(T + 60), answer.dump[legacy.id]!],
      ],
      pyItsdangerous: [
        [
          "verify",
          "--json",
          ...options(plain.format, plain.secret),
          "--max-age",
          "1h",
          "--now",
          String(T + 60),
          answer.dump[plain.id]!,
        ],
      ],
      pyBytesKey: [
        ["verify", "--json", ...options(bytesKey.format, bytesKey.secret), "--now", String(T + 60), answer.dump[bytesKey.id]!],
      ],
      typedDecode: [["decode", "--json", fixtures.find((c) => c.id === "server-typed-values")!.cookie]],
      floatsDecode: [["decode", "--json", fixtures.find((c) => c.id === "floats")!.cookie]],
    });
  }, 120_000);

  test.each(CASES.map((c, i) => [c.id, i] as const))(
    "%s: Python loads what the tool signed, type for type, and signs the same bytes",
    (_id, i) => {
      const c = CASES[i]!;
      const run = signed[i]!;
      expect(run.code, run.stderr).toBe(0);
      const token = (pyjson.loads(run.stdout) as { cookie: string }).cookie;
      const loaded = answer.load[c.id]!;
      expect(loaded, JSON.stringify(loaded)).toHaveProperty("value");
      if (!("value" in loaded)) return;
      // Flask writes a session with its keys sorted, so that is the order Python reads.
      expect(withoutIso(loaded.value)).toEqual(c.format.mode === "flask" ? sortedKeys(c.value) : c.value);
      expect(loaded.timestamp).toBe(T);
      expect(token).toBe(answer.dump[c.id]);
    },
  );

  test("the tool verifies what Python signed: legacy timestamps, itsdangerous settings, a bytes key", () => {
    for (const run of [checked.pyLegacy, checked.pyItsdangerous, checked.pyBytesKey]) {
      expect(run.code, run.stdout).toBe(0);
      expect((pyjson.loads(run.stdout) as { verdict: string }).verdict).toBe("valid");
    }
    expect((pyjson.loads(checked.pyLegacy.stdout) as { age: number }).age).toBe(60);
  });

  test.each(fixtures.map((c) => [c.id, c] as const))("decode shows %s exactly as Python's repr", (_id, c) => {
    expect(pyRepr(inspectToken(c.cookie, FLASK).value)).toBe(answer.repr[c.id]);
  });

  test("decode --json gives Python's repr, from the real tool", () => {
    for (const [run, id] of [
      [checked.typedDecode, "server-typed-values"],
      [checked.floatsDecode, "floats"],
    ] as const) {
      expect((pyjson.loads(run.stdout) as { python: string }).python).toBe(answer.repr[id]);
    }
  });

  test("no secret in any output", () => {
    expectNoSecretInOutputs(SECRETS);
  });
});
