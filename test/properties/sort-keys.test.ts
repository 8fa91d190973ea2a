/**
 * Sorted keys come out in Python's order (issue 16): Python sorts `str` by code point, and a
 * `str` may hold lone surrogates. Keys are built from lone high and low surrogates, pairs,
 * astral characters, U+E000..U+FFFF and ASCII, the units where UTF-16 order and code point order
 * part; real Python sorts them and writes the dicts with `json.dumps(sort_keys=True)`, as the
 * session serializer does inside a request. Keys travel to Python as JSON, where a lone
 * surrogate is an escape (`\udbff`) that Python reads back as the same code point.
 */
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { expect, test } from "vitest";
import { TaggedJSONSerializer, json } from "../../src/index.js";
import { compareCodePoints, sortKeysAsPython } from "../../src/json/sort-keys.js";
import { findPython, INSTALL_HINT } from "../../scripts/python.mjs";
import { missing } from "../helpers/requirement.js";

const python = findPython()?.python ?? (missing("test/properties/sort-keys.test.ts", INSTALL_HINT), null);

const unit = fc.oneof(
  fc.integer({ min: 0xd800, max: 0xdbff }).map((c) => String.fromCharCode(c)), // a high surrogate (lone unless a low one follows)
  fc.integer({ min: 0xdc00, max: 0xdfff }).map((c) => String.fromCharCode(c)), // a low surrogate
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), // an astral character (a pair)
  fc.integer({ min: 0xe000, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom("\udbff", "\udfff", "\ud800", "\udc00", "\u{10ffff}", "\u{10000}", "\uffff", "\ue000", "C", "a", "é"),
);
const keys = fc.uniqueArray(
  fc.array(unit, { minLength: 1, maxLength: 4 }).map((units) => units.join("")),
  { minLength: 2, maxLength: 8 },
);

const PYTHON = `
import json, sys
out = []
for keys in json.load(sys.stdin):
    d = {k: i for i, k in enumerate(keys)}
    out.append([sorted(keys), json.dumps(d, sort_keys=True, ensure_ascii=True), json.dumps(d, sort_keys=True, ensure_ascii=True, separators=(",", ":"))])
print(json.dumps(out))
`;

test.skipIf(!python)(
  "keys with lone and paired surrogates, astral characters and U+E000..U+FFFF sort as Python sorts them",
  () => {
    const cases = [["\udbff\udbff\udfff", "\udbffC"], ...fc.sample(keys, { numRuns: 3000, seed: 16 })];
    const run = spawnSync(python!, ["-c", PYTHON], {
      input: JSON.stringify(cases),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.status, run.stderr).toBe(0);
    const answers = JSON.parse(run.stdout) as [string[], string, string][];
    expect(answers.length).toBe(cases.length);
    const tagged = new TaggedJSONSerializer();
    const mismatches = cases.flatMap((list, i) => {
      const [sorted, plain, compact] = answers[i]!;
      const dict = Object.fromEntries(list.map((key, index) => [key, index]));
      const ours = [
        [...list].sort(compareCodePoints),
        sortKeysAsPython([...list]),
        json.dumps(dict, { sortKeys: true }),
        tagged.dumps(dict),
      ];
      const theirs = [sorted, sorted, plain, compact];
      return ours.every((value, j) => JSON.stringify(value) === JSON.stringify(theirs[j])) ? [] : [{ list, ours, theirs }];
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
  },
);
