/**
 * Cookie headers and Set-Cookie against real Werkzeug, release by release
 * (fixtures/<env>/werkzeug-cookies.json, from scripts/gen_werkzeug_cookies.py under every pinned
 * environment): every header's `request.cookies`, every `dump_cookie` call, every IDNA label,
 * each checked with the `werkzeugVersion` of the Werkzeug that made the table. Then the tables
 * themselves: where two releases read or write differently the tables must differ, and where
 * the library says they behave alike they must not, so that no difference is averaged away.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  dumpCookie,
  findCookie,
  parseCookie,
  werkzeugCookieRules,
  type DumpCookieOptions,
  type WerkzeugVersion,
} from "../src/flask/cookie.js";
import { idnaEncode } from "../src/flask/cookie/idna.js";

interface ReadRow {
  header: string;
  pairs?: [string, string][];
  error?: string;
}
type Expires = number | string | { timestamp: number } | { date: string };
interface DumpArgs {
  key: string;
  value: string;
  max_age?: number;
  expires?: Expires;
  path?: string | null;
  domain?: string;
  secure?: boolean;
  httponly?: boolean;
  samesite?: string;
  partitioned?: boolean;
  max_size?: number;
  sync_expires?: boolean;
}
interface DumpRow {
  args: DumpArgs;
  header?: string;
  warning?: string | null;
  error?: string;
}
interface Table {
  generatedBy: { python: string; werkzeug: string; flask: string; now: number };
  cookies: ReadRow[];
  dump: DumpRow[];
  idna: { input: string; ok?: string; error?: string }[];
}

const FIXTURES = new URL("../fixtures/", import.meta.url);
const tables = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    try {
      const text = readFileSync(new URL(`${entry.name}/werkzeug-cookies.json`, FIXTURES), "utf8");
      return [{ env: entry.name, table: JSON.parse(text) as Table }];
    } catch {
      return [];
    }
  });

const label = (v: unknown) => JSON.stringify(v).slice(0, 80);

/** What `request.cookies.get(name)` gives for each name: the first value. */
function firstValues(pairs: [string, string][]): Map<string, string> {
  const first = new Map<string, string>();
  for (const [k, v] of pairs) if (!first.has(k)) first.set(k, v);
  return first;
}

function optionsOf(args: DumpArgs, version: WerkzeugVersion, now: number): DumpCookieOptions {
  const options: DumpCookieOptions = { werkzeugVersion: version, now: () => now };
  if (args.max_age !== undefined) options.maxAge = args.max_age;
  if (args.expires !== undefined) {
    const e = args.expires;
    options.expires = typeof e === "object" ? ("date" in e ? new Date(e.date) : e.timestamp) : e;
  }
  if (args.path !== undefined) options.path = args.path;
  if (args.domain !== undefined) options.domain = args.domain;
  if (args.secure !== undefined) options.secure = args.secure;
  if (args.httponly !== undefined) options.httponly = args.httponly;
  if (args.samesite !== undefined) options.samesite = args.samesite;
  if (args.partitioned !== undefined) options.partitioned = args.partitioned;
  if (args.max_size !== undefined) options.maxSize = args.max_size;
  if (args.sync_expires !== undefined) options.syncExpires = args.sync_expires;
  return options;
}

/**
 * Where the library refuses on purpose what Werkzeug writes: a CR, LF or ";" in the key or an
 * attribute (even where Werkzeug would percent-encode it), and a header with a control character.
 */
function refusedOnPurpose(row: DumpRow): boolean {
  const { key, path, domain, expires } = row.args;
  const breaks = (text: unknown) => typeof text === "string" && /[\r\n;]/.test(text);
  if ([key, path, domain, expires].some(breaks)) return true;

  return row.header !== undefined && /[^\t\x20-\x7e\x80-\xff]/.test(row.header);
}

test("there is a table for every pinned Flask environment", () => {
  // Environments with a "role" (e.g. old Flask-Session releases) serve one generator only.
  const envs = (
    JSON.parse(readFileSync(new URL("../scripts/pyenv/envs.json", import.meta.url), "utf8")) as {
      envs: { name: string; werkzeug: string; role?: string }[];
    }
  ).envs.filter((e) => e.role === undefined);
  expect(tables.map((t) => t.env).sort()).toEqual(envs.map((e) => e.name).sort());
  for (const env of envs) expect(tables.find((t) => t.env === env.name)!.table.generatedBy.werkzeug).toBe(env.werkzeug);
});

describe.each(tables)("$env (Werkzeug $table.generatedBy.werkzeug)", ({ table }) => {
  const version = table.generatedBy.werkzeug as WerkzeugVersion;

  test(`request.cookies of ${table.cookies.length} headers`, () => {
    for (const row of table.cookies) {
      expect(row.error, label(row.header)).toBeUndefined();
      const expected = firstValues(row.pairs!);
      expect([...parseCookie(row.header, { werkzeugVersion: version })], label(row.header)).toEqual([...expected]);
    }
  });

  test("findCookie agrees with request.cookies.get for every name, present or not", () => {
    for (const row of table.cookies) {
      const expected = firstValues(row.pairs!);
      for (const name of new Set(["session", "a", "s", "b", " session", "\u00e9", "s\u00c3\u00a9", ...expected.keys()])) {
        expect(findCookie(row.header, name, { werkzeugVersion: version }), `${label(row.header)} / ${label(name)}`).toBe(
          expected.get(name),
        );
      }
    }
  });

  test(`dump_cookie: ${table.dump.length} calls`, () => {
    const byArgs = new Map(table.dump.map((row) => [JSON.stringify(row.args), row]));
    for (let row of table.dump) {
      // Before 3.1, dump_cookie has no `partitioned` keyword at all (Python: TypeError for any
      // value); `partitioned: false` here is the call without it.
      if (row.args.partitioned === false && werkzeugCookieRules(version).writer !== "3.1") {
        const { partitioned: _, ...rest } = row.args;
        expect(row.error).toBe("TypeError");
        row = { ...byArgs.get(JSON.stringify(rest))!, args: row.args };
      }
      const options = optionsOf(row.args, version, table.generatedBy.now);
      const call = () => dumpCookie(row.args.key, row.args.value, options);
      if (refusedOnPurpose(row)) {
        expect(call, label(row.args)).toThrow(TypeError);
        continue;
      }
      // Python's date range errors are RangeErrors here, everything else it refuses a TypeError.
      if (row.error !== undefined) {
        expect(call, `${label(row.args)}: ${row.error}`).toThrow(row.error === "date" ? RangeError : TypeError);
        continue;
      }
      expect(call(), label(row.args)).toEqual({ header: row.header, warning: row.warning });
    }
  });

  test(`the idna codec: ${table.idna.length} labels`, () => {
    for (const row of table.idna) {
      if (row.error !== undefined) expect(() => idnaEncode(row.input), label(row.input)).toThrow(TypeError);
      else expect(idnaEncode(row.input), label(row.input)).toBe(row.ok);
    }
  });
});

describe("the tables differ exactly where the releases do", () => {
  const byEnv = new Map(tables.map((t) => [t.env, t.table]));
  const pairs = tables.flatMap((a, i) => tables.slice(i + 1).map((b) => [a, b] as const));

  test.each(pairs.map(([a, b]) => [a.env, b.env, a, b] as const))("%s and %s", (_a, _b, a, b) => {
    const ruleA = werkzeugCookieRules(a.table.generatedBy.werkzeug as WerkzeugVersion);
    const ruleB = werkzeugCookieRules(b.table.generatedBy.werkzeug as WerkzeugVersion);
    const readDiffers = a.table.cookies.filter((row, i) => JSON.stringify(row) !== JSON.stringify(b.table.cookies[i])).length;
    const dumpDiffers = a.table.dump.filter((row, i) => JSON.stringify(row) !== JSON.stringify(b.table.dump[i])).length;
    expect(a.table.cookies.map((r) => r.header)).toEqual(b.table.cookies.map((r) => r.header));
    expect(a.table.dump.map((r) => r.args)).toEqual(b.table.dump.map((r) => r.args));
    if (ruleA.reader === ruleB.reader) expect(readDiffers).toBe(0);
    else expect(readDiffers).toBeGreaterThan(20);
    if (ruleA.writer === ruleB.writer) expect(dumpDiffers).toBe(0);
    else expect(dumpDiffers).toBeGreaterThan(ruleA.writer === "2.2" || ruleB.writer === "2.2" ? 50 : 2);
  });

  test("every reader and writer the library knows has a table", () => {
    const rules = [...byEnv.values()].map((t) => werkzeugCookieRules(t.generatedBy.werkzeug as WerkzeugVersion));
    expect(new Set(rules.map((r) => r.reader))).toEqual(new Set(["2.2", "2.3", "3.1.9"]));
    expect(new Set(rules.map((r) => r.writer))).toEqual(new Set(["2.2", "2.3", "3.1"]));
  });
});
