/**
 * The small pieces of Python the port depends on, row by row against what Python returned
 * (fixtures/python-semantics.json, from scripts/gen_python_semantics.py): json.dumps in every
 * dialect, json.loads, itsdangerous' lenient base64, base64.b64decode, Werkzeug's http_date and
 * parse_date, uuid.UUID, Markup(value), zlib.compress and parse_cookie (what Flask's request.cookies
 * holds, and so which session cookie it opens).
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  BadData,
  FlaskSession,
  Markup,
  TaggedJSONSerializer,
  UUID,
  base64Decode,
  flash,
  getFlashedMessages,
  httpDate,
  parseDate,
  parseCookie,
  zlibCompress,
  type SessionData,
} from "../src/index.js";
import { findCookie } from "../src/flask/cookie.js";
import { dumps, loads, type JSONDumpsOptions } from "../src/json.js";
import { bytesToHex, expectTyped, fromTyped, hasIntegralFloat, hexToBytes, type Typed } from "./helpers/typed.js";

type Outcome = { ok: Typed; error?: undefined } | { error: string; ok?: undefined };
const table = JSON.parse(readFileSync(new URL("../fixtures/python-semantics.json", import.meta.url), "utf8")) as {
  json_dumps: ({ value: Typed; options: Record<string, unknown> } & Outcome)[];
  json_loads: ({ text: string } & Outcome)[];
  base64_decode: ({ input: string } & Outcome)[];
  b64decode: ({ input: string } & Outcome)[];
  parse_date: ({ input: string } & Outcome)[];
  http_date: ({ timestamp: number } & Outcome)[];
  uuid: ({ input: string } & Outcome)[];
  markup: ({ value: Typed } & Outcome)[];
  zlib: { data: string; compressed: string }[];
  parse_cookie: { header: string; cookies: [string, string][] }[];
};

const camel: Record<string, string> = { sort_keys: "sortKeys", ensure_ascii: "ensureAscii", allow_nan: "allowNan" };
const label = (v: unknown) => JSON.stringify(v).slice(0, 70);

describe("json.dumps", () => {
  const rows = table.json_dumps.filter((row) => !hasIntegralFloat(row.value));
  test.each(rows.map((row) => [label(row.value), label(row.options), row] as const))("%s with %s", (_v, _o, row) => {
    const options = Object.fromEntries(Object.entries(row.options).map(([k, v]) => [camel[k] ?? k, v])) as JSONDumpsOptions;
    const value = fromTyped(row.value);
    if (row.error) expect(() => dumps(value, options)).toThrow();
    else expect(dumps(value, options)).toBe(row.ok);
  });
});

describe("json.loads", () => {
  test.each(table.json_loads.map((row) => [label(row.text), row] as const))("%s", (_t, row) => {
    if (row.error) expect(() => loads(row.text)).toThrow();
    else expectTyped(loads(row.text), row.ok!);
  });
});

describe("itsdangerous base64_decode (lenient)", () => {
  test.each(table.base64_decode.map((row) => [label(row.input), row] as const))("%s", (_i, row) => {
    if (row.error) expect(() => base64Decode(row.input)).toThrow(BadData);
    else expect(bytesToHex(base64Decode(row.input))).toBe((row.ok as { bytes: string }).bytes);
  });
});

describe("base64.b64decode (the ' b' tag)", () => {
  const tag = new TaggedJSONSerializer().tags.get(" b")!;
  test.each(table.b64decode.map((row) => [label(row.input), row] as const))("%s", (_i, row) => {
    if (row.error) expect(() => tag.toPython(row.input as never)).toThrow();
    else expect(bytesToHex(tag.toPython(row.input as never) as Uint8Array)).toBe((row.ok as { bytes: string }).bytes);
  });
});

describe("werkzeug parse_date", () => {
  test.each(table.parse_date.map((row) => [label(row.input), row] as const))("%s", (_i, row) => {
    expect(row.error).toBeUndefined();
    expectTyped(parseDate(row.input), row.ok!);
  });
});

describe("werkzeug parse_cookie (first value of each name, in order)", () => {
  // This table came from Werkzeug 2.2 (it records no version); the reader of each later
  // Werkzeug is checked in test/cookie-werkzeug.test.ts.
  const cookieOptions = { werkzeugVersion: "2.2" } as const;
  test.each(table.parse_cookie.map((row) => [label(row.header), row] as const))("%s", (_h, row) => {
    expect([...parseCookie(row.header, cookieOptions)]).toEqual(row.cookies);
  });

  test("findCookie (what opening a session uses) finds the same value for every name", () => {
    for (const row of table.parse_cookie) {
      const cookies = new Map(row.cookies);
      for (const name of ["session", "s", "a", ...cookies.keys()]) {
        expect(findCookie(row.header, name, cookieOptions), `${label(row.header)} / ${label(name)}`).toBe(cookies.get(name));
      }
    }
  });
});

describe("werkzeug http_date", () => {
  test.each(table.http_date.map((row) => [row.timestamp, row] as const))("%s", (_t, row) => {
    expect(httpDate(new Date(row.timestamp * 1000))).toBe(row.ok);
  });
});

describe("uuid.UUID(hex)", () => {
  test.each(table.uuid.map((row) => [label(row.input), row] as const))("%s", (_i, row) => {
    if (row.error) expect(() => new UUID(row.input)).toThrow();
    else expect(new UUID(row.input).hex).toBe(row.ok);
  });
});

describe("Markup(value) of any value (the ' m' tag)", () => {
  const rows = table.markup.filter((row) => !hasIntegralFloat(row.value));
  test.each(rows.map((row) => [label(row.value), row] as const))("%s", (_v, row) => {
    expect(String(new Markup(fromTyped(row.value)))).toBe(row.ok);
  });
});

describe("zlib.compress", () => {
  test.each(table.zlib.map((row) => [row.data.length / 2, row] as const))("%s bytes", (_n, row) => {
    expect(bytesToHex(zlibCompress(hexToBytes(row.data)))).toBe(row.compressed);
  });
});

type Op = [string, ...unknown[]];
const semantics = table as unknown as {
  session: { initial: Typed; steps: { op: Op; result: Typed; modified: boolean; accessed: boolean; data: Typed }[] }[];
  flash: { initial: Typed; steps: { op: Op; result: Typed; flashes: Typed }[] }[];
};

describe("Flask's session object: results, modified and accessed after each operation", () => {
  test.each(semantics.session.map((row) => [row.steps.map((s) => s.op[0]).join(", "), row] as const))("%s", (_ops, row) => {
    const session = new FlaskSession(fromTyped(row.initial) as SessionData);
    for (const step of row.steps) {
      // Operation arguments are plain JSON values (ints, strings, None, dicts).
      const [name, a, b] = step.op as [string, string, unknown];
      let result: unknown = null;
      switch (name) {
        case "set": session.set(a, b); break;
        case "get": case "getitem": result = session.get(a) ?? null; break;
        case "contains": result = session.has(a); break;
        case "len": result = session.size; break;
        case "keys": result = [...session.keys()]; break;
        case "del": session.delete(a); break;
        case "pop": result = session.pop(a, b) ?? null; break;
        case "setdefault": result = session.setdefault(a, b); break;
        case "clear": session.clear(); break;
        case "update": session.update(a as unknown as SessionData); break;
        case "permanent_get": result = session.permanent; break;
        case "permanent_set": session.permanent = a as unknown as boolean; break;
        case "mutate_append": (session.toDict()[a] as unknown[]).push(b); break;
        default: throw new Error(`unknown op ${name}`);
      }
      const where = JSON.stringify(step.op);
      expectTyped(result, step.result, where);
      expect({ modified: session.modified, accessed: session.accessed }, where).toEqual({ modified: step.modified, accessed: step.accessed });
      expectTyped(session.toDict(), step.data, where);
    }
  });
});

describe("flash and getFlashedMessages, within one request", () => {
  test.each(semantics.flash.map((row, i) => [i, row] as const))("sequence %s", (_i, row) => {
    const session = new FlaskSession(fromTyped(row.initial) as SessionData);
    for (const step of row.steps) {
      const [name, a, b] = step.op as [string, unknown, unknown];
      const result =
        name === "flash"
          ? (flash(session, a, b as string), null)
          : getFlashedMessages(session, { withCategories: a as boolean, categoryFilter: b as string[] });
      expectTyped(result, step.result, JSON.stringify(step.op));
      expectTyped(session.get("_flashes") ?? null, step.flashes, JSON.stringify(step.op));
    }
  });
});
