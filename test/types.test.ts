/**
 * The public types a strict TypeScript user relies on. These assertions are checked by the type
 * checker (`tsc -p .`, the first step of `npm test`), not at run time: `expectTypeOf` does
 * nothing when it runs, and each `@ts-expect-error` fails the build when its line compiles.
 * The run-time tests only make sure the values behind the types are what they claim.
 */
import type Koa from "koa";
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  type FlashedMessage,
  flash,
  FlaskSession,
  getFlashedMessages,
  Markup,
  SecureCookieSessionInterface,
  Tuple,
  tuple,
} from "../src/index.js";
import "../src/adapters/koa.js";

describe("Tuple: one type per position", () => {
  test("new Tuple(...) infers the tuple type of its arguments", () => {
    const t = new Tuple("tea", 2);
    expectTypeOf(t).toEqualTypeOf<Tuple<[string, number]>>();
    expectTypeOf(t[0]).toEqualTypeOf<string>();
    expectTypeOf(t[1]).toEqualTypeOf<number>();
    expectTypeOf(tuple("a", true)).toEqualTypeOf<Tuple<[string, boolean]>>();
    expectTypeOf(Tuple.from([1, 2])).toEqualTypeOf<Tuple<number[]>>();
    expect(t).toBeInstanceOf(Tuple);
    expect(Array.isArray(t)).toBe(true);
    expect([...t]).toEqual(["tea", 2]);
  });

  test("a Tuple is an array of its items, but a plain array is not a Tuple (a Python list)", () => {
    const items: (string | number)[] = new Tuple("tea", 2);
    // @ts-expect-error a list where a tuple is declared
    const notATuple: Tuple<[string, number]> = ["tea", 2];
    expect(items).toHaveLength(2);
    expect(notATuple).not.toBeInstanceOf(Tuple);
  });

  test("instanceof narrows to a Tuple; map and slice give plain arrays", () => {
    const value: unknown = new Tuple(1, 2);
    if (!(value instanceof Tuple)) throw new Error("not a tuple");
    expectTypeOf(value).toEqualTypeOf<Tuple>();
    expect(value.map((x) => x)).not.toBeInstanceOf(Tuple);
  });
});

describe("FlaskSession without a type argument", () => {
  test("Flask's and Flask-Login's keys are typed, others are unknown", () => {
    const session: FlaskSession = new FlaskSession({ _user_id: "42", _fresh: true, visits: 3 });
    expectTypeOf(session.get("_user_id")).toEqualTypeOf<string | undefined>();
    expectTypeOf(session.get("_fresh")).toEqualTypeOf<boolean | undefined>();
    expectTypeOf(session.get("visits")).toEqualTypeOf<unknown>();
    // @ts-expect-error Flask-Login's user id is a string
    session.set("_user_id", 42);
    expect(session.get("_user_id")).toBe(42); // what the line above did at run time
  });

  test("SecureCookieSessionInterface.openSession gives the same type", () => {
    const session = new SecureCookieSessionInterface().openSession({ secretKey: "k" }, undefined);
    expectTypeOf(session).toEqualTypeOf<FlaskSession>();
    expect(session.new).toBe(true);
  });
});

describe("getFlashedMessages is typed by withCategories", () => {
  test("messages, or (category, message) tuples", () => {
    const session = new FlaskSession();
    flash(session, "Saved.", "success");
    flash(session, new Markup("<b>Welcome</b>"));
    const withCategories = getFlashedMessages(session, { withCategories: true });
    expectTypeOf(withCategories).toEqualTypeOf<FlashedMessage[]>();
    expectTypeOf(withCategories[0]!).toEqualTypeOf<Tuple<[category: string, message: string | Markup]>>();
    expectTypeOf(getFlashedMessages(session)).toEqualTypeOf<(string | Markup)[]>();
    expectTypeOf(getFlashedMessages(session, { withCategories: false })).toEqualTypeOf<(string | Markup)[]>();
    expectTypeOf(getFlashedMessages<number>(session)).toEqualTypeOf<number[]>();
    const dynamic: boolean = withCategories.length > 5;
    expectTypeOf(getFlashedMessages(session, { withCategories: dynamic })).toEqualTypeOf<
      (string | Markup)[] | FlashedMessage[]
    >();

    const [category, message] = withCategories[0]!;
    expect(category).toBe("success");
    expect(String(message).toUpperCase()).toBe("SAVED."); // a Markup is not a String: String() gives its text
    expect(getFlashedMessages(session).map(String)).toEqual(["Saved.", "<b>Welcome</b>"]);
  });
});

describe("Koa's ctx.session", () => {
  test("reads as a session, and takes a session or null", () => {
    expectTypeOf<Koa.Context["session"]>().toEqualTypeOf<FlaskSession>();
    const assign = (ctx: Koa.Context) => {
      ctx.session = null;
      ctx.session = new FlaskSession();
      // @ts-expect-error not a session
      ctx.session = { user: "alice" };
    };
    expect(typeof assign).toBe("function");
  });
});
