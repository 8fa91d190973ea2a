/**
 * The limits on hostile payloads (src/limits.ts): their defaults and option checks here; each limit
 * at its edge on every path that reads a token, and the worst shapes (a 100,000-deep `[[[[...`, a
 * Markup bomb, a huge tuple, a zlib bomb), in the table of test/helpers/limits-cases.ts, which the
 * conformance bundle also runs in every other runtime (test/runtimes.test.ts).
 */
import { describe, expect, test } from "vitest";
import { DEFAULT_LIMITS, resolveLimits, type Limits } from "../src/index.js";
import { limitCases } from "./helpers/limits-cases.js";

describe("resolveLimits", () => {
  test("fills in the defaults, which are documented", () => {
    expect(resolveLimits(undefined)).toBe(DEFAULT_LIMITS);
    expect(resolveLimits({ maxItems: 5 })).toEqual({ ...DEFAULT_LIMITS, maxItems: 5 });
    expect(DEFAULT_LIMITS).toEqual({
      maxTokenLength: 1024 * 1024,
      maxDecompressedSize: 16 * 1024 * 1024,
      maxDepth: 1000,
      maxItems: 100_000,
    });
  });

  test.each([
    [{ maxDepht: 3 }, /Unknown limit 'maxDepht'/],
    [{ maxItems: 0 }, /must be a positive integer/],
    [{ maxDepth: 1.5 }, /must be a positive integer/],
    [{ maxTokenLength: "10" }, /must be a positive integer/],
  ])("refuses %j", (limits, message) => {
    expect(() => resolveLimits(limits as Partial<Limits>)).toThrow(message);
  });
});

describe("hostile payloads: each limit at its edge, the worst shapes refused", () => {
  const cases = limitCases();

  test("covers every reader, the tags and the session interface", () => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  test.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    c.check();
  });
});
