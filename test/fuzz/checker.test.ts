/**
 * The fuzzer's checker catches what it is there to catch: a false accept, a wrong value, a wrong
 * verdict, a wrong re-encoding, a polluted prototype. (Python's answers are stubbed here; the
 * tokens are this library's own.)
 */
import { describe, expect, test } from "vitest";
import { Serializer } from "../../src/index.js";
import type { FuzzCase } from "../helpers/fuzz-arbitraries.js";
import { checkCase, newStats, pollutionProblem, sameMessage, type PyCheck, type PyResult } from "../helpers/fuzz-check.js";

const CASE: FuzzCase = {
  kind: "itsdangerous",
  cls: "Serializer",
  secrets: ["k"],
  salt: "itsdangerous",
  keyDerivation: "django-concat",
  digest: "sha1",
  json: null,
  value: { list: [{ int: "1" }, "a"] },
  timestamp: 0,
  checks: [{ now: null, maxAge: null }],
  mutations: [],
};

const good = new Serializer("k").dumps([1, "a"]);
const forged = good.slice(0, -2) + (good.endsWith("AA") ? "BB" : "AA");

function result(token: string, check: Omit<PyCheck, "unsafe">, unsafe: PyCheck["unsafe"], jsToken = good): PyResult {
  return { dumps: { token: good, jsToken }, variants: [{ how: "stub", token, checks: [{ ...check, unsafe }] }] };
}

const OK: Omit<PyCheck, "unsafe"> = { result: "ok", value: { list: [{ int: "1" }, "a"] } };
const UNSAFE_OK: PyCheck["unsafe"] = { result: "ok", valid: true, sameAsLoads: true };

describe("the differential checker", () => {
  test("agrees with itself on a good token", () => {
    const stats = newStats();
    expect(checkCase(stats, CASE, result(good, OK, UNSAFE_OK))).toEqual([]);
    expect(stats).toMatchObject({ cases: 1, tokens: 1, checks: 1, pythonAccepted: 1, reencodings: 1, disagreements: 0 });
  });

  test("counts a false accept", () => {
    const stats = newStats();
    const python = { result: "BadSignature", family: true, message: "Signature b'x' does not match" };
    const problems = checkCase(stats, CASE, result(good, python, { result: "ok", valid: false, value: null }));
    expect(problems.join("\n")).toMatch(/FALSE ACCEPT/);
    expect(stats.falseAccepts).toBe(1);
  });

  test("catches a value that differs, type for type", () => {
    const python = { result: "ok", value: { tuple: [{ int: "1" }, "a"] } };
    expect(checkCase(newStats(), CASE, result(good, python, UNSAFE_OK)).join("\n")).toMatch(/a list instead of a tuple/);
  });

  test("catches another verdict or another message", () => {
    const ours = (() => {
      try {
        new Serializer("k").loads(forged);
      } catch (error) {
        return error as Error;
      }
      throw new Error("forged token accepted");
    })();
    const unsafe = { result: "ok", valid: false, value: { list: [{ int: "1" }, "a"] } };
    const same = { result: "BadSignature", family: true, message: ours.message };
    expect(checkCase(newStats(), CASE, result(forged, same, unsafe))).toEqual([]);
    const other = { result: "BadPayload", family: true, message: ours.message };
    expect(checkCase(newStats(), CASE, result(forged, other, unsafe)).join("\n")).toMatch(/we raised BadSignature/);
    const worded = { result: "BadSignature", family: true, message: "Signature does not match" };
    expect(checkCase(newStats(), CASE, result(forged, worded, unsafe))).toHaveLength(1);
    // Python failing outright (not BadData): any BadData of ours is the documented verdict.
    const crash = { result: "ValueError", family: false, message: "year is out of range" };
    expect(checkCase(newStats(), CASE, result(forged, crash, unsafe))).toEqual([]);
  });

  test("catches a re-encoding that differs from Python's token", () => {
    const problems = checkCase(newStats(), CASE, result(good, OK, UNSAFE_OK, forged));
    expect(problems.join("\n")).toMatch(/^dumps: we wrote/);
  });

  test("accepts only a truncated quote of a long signature as the same message", () => {
    const long = "x".repeat(200);
    expect(sameMessage(`Signature b'${long.slice(0, 128)}'... does not match`, `Signature b'${long}' does not match`)).toBe(true);
    expect(sameMessage(`Signature b'${long.slice(0, 128)}'... does not match`, `Signature b'y${long}' does not match`)).toBe(
      false,
    );
    expect(sameMessage("a", "b")).toBe(false);
  });

  test("sees a polluted prototype", () => {
    expect(pollutionProblem()).toBeNull();
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = true;
    try {
      expect(pollutionProblem()).toMatch(/Object.prototype has/);
      const stats = newStats();
      expect(checkCase(stats, CASE, result(good, OK, UNSAFE_OK)).join("\n")).toMatch(/PROTOTYPE POLLUTION/);
      expect(stats.pollution).toBe(1);
    } finally {
      delete proto.polluted;
    }
    expect(pollutionProblem()).toBeNull();
  });
});
