/**
 * Every way this library reads a token, for the property tests: each itsdangerous serializer class
 * with its own JSON, each with Flask's tagged JSON, and the Flask session interface.
 */
import {
  SecureCookieSessionInterface,
  Serializer,
  TaggedJSONSerializer,
  TimedSerializer,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  type SerializerOptions,
} from "../../src/index.js";
import type { Dialect } from "./fuzz-arbitraries.js";

export const SECRET = "property-secret";

type SerializerClass = new (key: string, options?: Pick<SerializerOptions, "salt" | "serializer">) => Serializer;

const CLASSES: [string, SerializerClass][] = [
  ["Serializer", Serializer],
  ["TimedSerializer", TimedSerializer],
  ["URLSafeSerializer", URLSafeSerializer],
  ["URLSafeTimedSerializer", URLSafeTimedSerializer],
];

export interface MatrixEntry {
  name: string;
  dialect: Dialect;
  /** Whether the JSON is written as raw UTF-8 (a lone surrogate cannot be written then). */
  rawUtf8: boolean;
  /** Whether dict keys are sorted on the wire (then key order does not survive). */
  sortedKeys: boolean;
  make(): Serializer;
}

/** The four serializer classes with their default JSON, and with Flask's tagged JSON. */
export const SERIALIZERS: MatrixEntry[] = CLASSES.flatMap(([name, cls]): MatrixEntry[] => [
  {
    name,
    dialect: "json",
    rawUtf8: name.startsWith("URLSafe"),
    sortedKeys: false,
    make: () => new cls(SECRET, { salt: "properties" }),
  },
  {
    name: `${name} + TaggedJSONSerializer`,
    dialect: "tagged",
    rawUtf8: false,
    sortedKeys: true,
    make: () => new cls(SECRET, { salt: "properties", serializer: new TaggedJSONSerializer() }),
  },
]);

/** Flask's session interface and an app config for it. */
export function sessionInterface(): { sessions: SecureCookieSessionInterface; app: { secretKey: string } } {
  return { sessions: new SecureCookieSessionInterface({ warn: () => {} }), app: { secretKey: SECRET } };
}
