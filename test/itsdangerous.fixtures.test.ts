/**
 * Every case Python wrote into fixtures/itsdangerous.json and itsdangerous-mutations.json, both
 * ways: our token for the same value, keys and time equals Python's string exactly, and our
 * verdict (and value, types included) for every check equals Python's.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { build, Clock, dumpsOf, runCheck, strOrBytes, type Case } from "./helpers/itsdangerous-cases.js";
import { bytesToHex, hasIntegralFloat } from "./helpers/typed.js";

/**
 * The documented differences on writing: a Python float with an integral value (1.0) is the
 * JavaScript number 1 and is written as the int 1; a timestamp beyond 2^53 seconds is not a
 * JavaScript integer (Python itself cannot read timestamps past year 9999).
 */
function knownDumpsDifference(c: Case): boolean {
  if (c.timestamp !== null && c.timestamp > Number.MAX_SAFE_INTEGER) return true;
  return hasIntegralFloat(c.dumps?.value);
}

const KEY_DERIVATIONS = ["concat", "django-concat", "hmac", "none"];

function unknownKeyDerivation(c: Case): boolean {
  const kd = (c.options.keyDerivation ?? (c.options.signerKwargs as { keyDerivation?: string } | undefined)?.keyDerivation) as
    | string
    | undefined;
  return kd !== undefined && !KEY_DERIVATIONS.includes(kd);
}

function load(name: string): Case[] {
  return (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as { cases: Case[] }).cases;
}

describe.each(["itsdangerous.json", "itsdangerous-mutations.json"])("%s", (file) => {
  const cases = load(file);

  test("has cases", () => {
    expect(cases.length).toBeGreaterThan(1000);
  });

  test.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const clock = new Clock();
    let obj;
    try {
      obj = build(c, clock);
    } catch (error) {
      // We refuse bad options when constructing; Python refuses them then or on first use. An
      // empty key list can never sign or verify anything: Python builds it and fails later.
      const pythonRefused =
        c.constructError !== undefined ||
        c.dumps?.error !== undefined ||
        (Array.isArray(c.secret) && c.secret.length === 0) ||
        unknownKeyDerivation(c) ||
        c.checks.every((check) => check.result === "TypeError");
      if (!pythonRefused) throw error;
      expect(error).toBeInstanceOf(TypeError);
      return;
    }
    expect(c.constructError, "Python refused to construct this").toBeUndefined();
    if (c.dumps?.error) {
      expect(() => dumpsOf(c, obj, clock)).toThrow();
    } else if (c.dumps?.token !== undefined && !knownDumpsDifference(c)) {
      const ours = dumpsOf(c, obj, clock);
      const theirs = strOrBytes(c.dumps.token);
      const hex = (v: string | Uint8Array) => bytesToHex(typeof v === "string" ? new TextEncoder().encode(v) : v);
      if (typeof ours === "string" && typeof theirs === "string") expect(ours).toBe(theirs);
      else expect(hex(ours)).toBe(hex(theirs));
    }
    for (const check of c.checks) runCheck(c, obj, check, clock);
  });
});
