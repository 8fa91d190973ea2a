/** Values the command line shows, as typed values (test/helpers/typed.ts) to compare with Python's. */
import { Tuple } from "../../src/index.js";
import { compareCodePoints } from "../../src/json/sort-keys.js";
import { floatRepr } from "../../src/json/numbers.js";
import { isPlainObject, pyKeys } from "../../src/json/dict.js";
import { PyFloat } from "../../src/cli/py-float.js";
import type { TokenFormat } from "../../src/cli/token-format.js";
import { flaskBehaviour } from "../../src/flask/versions.js";
import { toTyped, type Typed } from "./typed.js";

/** The command line's default token format: Flask's session cookie (the newest Flask). */
export const FLASK: TokenFormat = {
  mode: "flask",
  salt: "cookie-session",
  keyDerivation: "hmac",
  digest: "sha1",
  legacy: false,
  flask: flaskBehaviour(),
};

/** The command line's `--itsdangerous` token format: itsdangerous' own defaults. */
export const ITSDANGEROUS: TokenFormat = {
  mode: "itsdangerous",
  salt: "itsdangerous",
  keyDerivation: "django-concat",
  digest: "sha1",
  legacy: false,
  flask: flaskBehaviour(),
};

/** The typed form of a value the command line shows: PyFloats are Python floats. */
export function cliToTyped(value: unknown): Typed {
  if (value instanceof PyFloat) return { float: floatRepr(value.value) };
  if (value instanceof Tuple) return { tuple: Array.from(value, cliToTyped) };
  if (Array.isArray(value)) return { list: value.map(cliToTyped) };
  if (value instanceof Map) return { dict: [...value].map(([k, v]) => [String(k), cliToTyped(v)] as [string, Typed]) };
  if (isPlainObject(value)) return { dict: pyKeys(value).map((k) => [k, cliToTyped(value[k])] as [string, Typed]) };
  return toTyped(value);
}

/** Typed values without the `iso` note of datetimes (it only documents the Python side). */
export function withoutIso(value: Typed): Typed {
  if (value === null || typeof value !== "object") return value;
  if ("datetime" in value) return { datetime: value.datetime };
  if ("list" in value) return { list: value.list.map(withoutIso) };
  if ("tuple" in value) return { tuple: value.tuple.map(withoutIso) };
  if ("dict" in value) return { dict: value.dict.map(([k, v]) => [k, withoutIso(v)] as [string, Typed]) };
  return value;
}

/** A typed value with every dict's keys sorted as Python's `sort_keys` sorts them (what Flask writes). */
export function sortedKeys(value: Typed): Typed {
  if (value === null || typeof value !== "object") return value;
  if ("list" in value) return { list: value.list.map(sortedKeys) };
  if ("tuple" in value) return { tuple: value.tuple.map(sortedKeys) };
  if ("dict" in value) {
    return {
      dict: value.dict.map(([k, v]) => [k, sortedKeys(v)] as [string, Typed]).sort(([a], [b]) => compareCodePoints(a, b)),
    };
  }
  return value;
}
