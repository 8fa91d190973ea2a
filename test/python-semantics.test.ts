/**
 * The small pieces of Python the port depends on, row by row against what Python returned
 * (fixtures/<env>/python-semantics.json, from scripts/gen_python_semantics.py in every pinned
 * environment): json.dumps in every dialect, json.loads, itsdangerous' lenient base64,
 * base64.b64decode, Werkzeug's http_date and parse_date, uuid.UUID, Markup(value), zlib.compress,
 * parse_cookie (what Flask's request.cookies holds, and so which session cookie it opens), and
 * what each operation on Flask's session does to `modified` and `accessed`. Every environment's
 * table is checked, with the library configured for its Flask.
 */
import { describe, expect, test } from "vitest";
import {
  BadData,
  FlaskSession,
  Markup,
  SecureCookieSessionInterface,
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
  type WerkzeugVersion,
} from "../src/index.js";
import { findCookie } from "../src/flask/cookie.js";
import { isIpAddress } from "../src/flask/server-name.js";
import { dumps, loads, type JSONDumpsOptions } from "../src/json/index.js";
import { bytesToHex, expectTyped, fromTyped, hasIntegralFloat, hexToBytes, type Typed } from "./helpers/typed.js";
import { fixtureMatrix } from "./helpers/fixtures.js";

type Outcome = { ok: Typed; error?: undefined } | { error: string; ok?: undefined };
type Op = [string, ...unknown[]];
interface Semantics {
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
  session: { initial: Typed; steps: { op: Op; result: Typed; modified: boolean; accessed: boolean; data: Typed }[] }[];
  flash: { initial: Typed; steps: { op: Op; result: Typed; flashes: Typed }[] }[];
  is_ip: { input: string; ok: boolean }[];
  server_name_domain: { serverName: string; applicationRoot: string; ok: string | null; warnings: string[] }[];
}

const camel: Record<string, string> = { sort_keys: "sortKeys", ensure_ascii: "ensureAscii", allow_nan: "allowNan" };
const label = (v: unknown) => JSON.stringify(v).slice(0, 70);

/** A session's data without using it (reading it is itself an access in Flask 3.1.3). */
function data(session: FlaskSession): Record<string, unknown> {
  const accessed = session.accessed;
  const out = session.toDict();
  session.accessed = accessed;
  return out;
}

describe.each(
  fixtureMatrix<Semantics>("python-semantics.json").map(
    (t) =>
      [`${t.env} (Python ${t.generatedBy.python}, Flask ${t.generatedBy.flask}, Werkzeug ${t.generatedBy.werkzeug})`, t] as const,
  ),
)("%s", (_label, { table, generatedBy }) => {
  const flaskVersion = generatedBy.flask;

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

  describe(`werkzeug parse_cookie (first value of each name, in order)`, () => {
    // request.cookies of this environment's Werkzeug release (test/cookie-werkzeug.test.ts has
    // more headers); the session interface reads with the same, its werkzeugVersion.
    const rows = table.parse_cookie;
    const werkzeugVersion = generatedBy.werkzeug as WerkzeugVersion;
    test.each(rows.map((row) => [label(row.header), row] as const))("%s", (_h, row) => {
      expect([...parseCookie(row.header, { werkzeugVersion })]).toEqual(row.cookies);
    });

    test("findCookie (what opening a session uses) finds the same value for every name", () => {
      for (const row of rows) {
        const cookies = new Map(row.cookies);
        for (const name of ["session", "s", "a", ...cookies.keys()]) {
          expect(findCookie(row.header, name, { werkzeugVersion }), `${label(row.header)} / ${label(name)}`).toBe(
            cookies.get(name),
          );
        }
      }
    });
  });

  describe("Flask 2.2's is_ip (socket.inet_pton)", () => {
    test.each(table.is_ip.map((row) => [label(row.input), row] as const))("%s", (_i, row) => {
      expect(isIpAddress(row.input)).toBe(row.ok);
    });
  });

  describe("the session cookie domain from SERVER_NAME (Flask 2.2 only) and its warnings", () => {
    test.each(table.server_name_domain.map((row) => [`${label(row.serverName)} at ${row.applicationRoot}`, row] as const))(
      "%s",
      (_n, row) => {
        const warnings: string[] = [];
        const sessions = new SecureCookieSessionInterface({ flaskVersion, warn: (w) => warnings.push(w) });
        const app = { secretKey: "k", serverName: row.serverName, applicationRoot: row.applicationRoot };
        expect(sessions.getCookieDomain(app)).toBe(row.ok);
        expect(warnings).toEqual(row.warnings);
      },
    );
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

  describe("Flask's session object: results, modified and accessed after each operation", () => {
    test.each(table.session.map((row) => [row.steps.map((s) => s.op[0]).join(", "), row] as const))("%s", (_ops, row) => {
      const session = new FlaskSession(fromTyped(row.initial) as SessionData, { flaskVersion });
      for (const step of row.steps) {
        // Operation arguments are plain JSON values (ints, strings, None, dicts).
        const [name, a, b] = step.op as [string, string, unknown];
        let result: unknown = null;
        switch (name) {
          case "set":
            session.set(a, b);
            break;
          case "get":
          case "getitem":
            result = session.get(a) ?? null;
            break;
          case "contains":
            result = session.has(a);
            break;
          case "len":
            result = session.size;
            break;
          case "keys":
            result = [...session.keys()];
            break;
          case "del":
            session.delete(a);
            break;
          case "pop":
            result = session.pop(a, b) ?? null;
            break;
          case "setdefault":
            result = session.setdefault(a, b);
            break;
          case "clear":
            session.clear();
            break;
          case "update":
            session.update(a as unknown as SessionData);
            break;
          case "permanent_get":
            result = session.permanent;
            break;
          case "permanent_set":
            session.permanent = a as unknown as boolean;
            break;
          case "mutate_append":
            (data(session)[a] as unknown[]).push(b);
            break;
          default:
            throw new Error(`unknown op ${name}`);
        }
        const where = JSON.stringify(step.op);
        expectTyped(result, step.result, where);
        expect({ modified: session.modified, accessed: session.accessed }, where).toEqual({
          modified: step.modified,
          accessed: step.accessed,
        });
        expectTyped(data(session), step.data, where);
      }
    });
  });

  describe("flash and getFlashedMessages, within one request", () => {
    test.each(table.flash.map((row, i) => [i, row] as const))("sequence %s", (_i, row) => {
      const session = new FlaskSession(fromTyped(row.initial) as SessionData, { flaskVersion });
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
});
