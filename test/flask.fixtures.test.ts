/**
 * The cookies real Flask apps wrote (fixtures/<env>/flask-*.json, from scripts/gen_flask_fixtures.py
 * driving every pinned Flask, 2.2 to 3.1, through its test client and a real server), each table
 * checked with the library configured for the Flask that wrote it (`flaskVersion`): we read every
 * cookie to the same values and types, write the same bytes for the same data, keys and time,
 * send the same Set-Cookie and Vary, and open bad cookies exactly as Flask does. A behaviour that
 * changed between versions is a changed record in one table and is checked as such. The checks
 * themselves are in helpers/flask-cases.ts, shared with the edge-runtime run.
 */
import { describe, expect, test } from "vitest";
import {
  checkBadCookie,
  checkSessionRead,
  checkSessionWrite,
  checkSetCookie,
  type BadCookieCase,
  type SessionCase,
  type SetCookieCase,
} from "./helpers/flask-cases.js";
import { fixtureMatrix } from "./helpers/fixtures.js";

type Table<T> = { cases: T[] };
const label = (t: { env: string; generatedBy: { flask: string } }) => `${t.env} (Flask ${t.generatedBy.flask})`;

describe.each(fixtureMatrix<Table<SessionCase>>("flask-sessions.json").map((t) => [label(t), t] as const))(
  "flask-sessions.json of %s: cookies Flask wrote",
  (_label, { table, generatedBy }) => {
    const cases = table.cases;

    test("has the cases the issue asks for", () => {
      expect(cases.length).toBeGreaterThanOrEqual(60);
      expect(cases.some((c) => c.compressed)).toBe(true);
      expect(cases.some((c) => !c.compressed)).toBe(true);
    });

    test.each(cases.map((c) => [c.id, c] as const))("%s: reads to the same values and types", (_id, c) => {
      checkSessionRead(c, generatedBy);
    });

    test.each(cases.map((c) => [c.id, c] as const))("%s: writes the same Set-Cookie", (_id, c) => {
      checkSessionWrite(c, generatedBy);
    });
  },
);

describe.each(fixtureMatrix<Table<SetCookieCase>>("flask-set-cookie.json").map((t) => [label(t), t] as const))(
  "flask-set-cookie.json of %s: Set-Cookie and Vary as Flask sends them",
  (_label, { table, generatedBy }) => {
    test.each(table.cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
      checkSetCookie(c, generatedBy);
    });
  },
);

describe.each(fixtureMatrix<Table<BadCookieCase>>("flask-bad-cookies.json").map((t) => [label(t), t] as const))(
  "flask-bad-cookies.json of %s: what Flask opens for hostile or broken cookies",
  (_label, { table, generatedBy }) => {
    test.each(table.cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
      checkBadCookie(c, generatedBy);
    });
  },
);
