/**
 * Totality: `loads` answers every input with a value or a `BadData` (never another exception,
 * never a hang), `loadsUnsafe` never throws, and the session interface always opens a session.
 * The inputs: arbitrary strings (any code unit, lone surrogates included) and bytes, strings
 * shaped like tokens, and, since random input almost never carries a valid signature, arbitrary
 * payloads signed with the right key, so that every decoding step is reached.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { BadData, FlaskSession, TimedSerializer, base64Encode, zlibCompress } from "../../src/index.js";
import { payloadArb } from "../helpers/fuzz-arbitraries.js";
import { SERIALIZERS, sessionInterface } from "../helpers/serializer-matrix.js";
import { hexToBytes } from "../helpers/typed.js";

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Strings shaped like tokens: base64-ish segments and dots, with junk. */
const tokenLikeArb = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom(...B64URL), maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join("."));

const anyTokenArb: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 100 }),
  tokenLikeArb,
  fc.uint8Array({ maxLength: 200 }),
);

/** Arbitrary payload bytes, encoded as a URL-safe serializer would (or not). */
const encodedPayloadArb = fc.tuple(payloadArb, fc.constantFrom("raw", "b64", "zlib")).map(([payload, encoding]) => {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : hexToBytes(payload.bytes);
  if (encoding === "b64") return new TextEncoder().encode(base64Encode(bytes));
  if (encoding === "zlib") return new TextEncoder().encode("." + base64Encode(zlibCompress(bytes)));
  return bytes;
});

function onlyBadData(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(BadData);
  }
}

describe.each(SERIALIZERS)("$name", ({ make }) => {
  const s = make();
  const load = (token: string | Uint8Array) => (s instanceof TimedSerializer ? s.loads(token, { maxAge: 3600 }) : s.loads(token));

  test("loads: a value or a BadData, for any string or bytes; loadsUnsafe never throws", () => {
    fc.assert(
      fc.property(anyTokenArb, (token) => {
        onlyBadData(() => load(token));
        const [valid] = s.loadsUnsafe(token);
        expect(valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  test("... and for any payload under a valid signature", () => {
    fc.assert(
      fc.property(encodedPayloadArb, (payload) => {
        const token = s.makeSigner().sign(payload);
        onlyBadData(() => load(token));
        const [valid, value] = s.loadsUnsafe(token);
        expect(typeof valid).toBe("boolean");
        if (!valid) expect(value).toBeNull(); // a valid signature over a payload that does not decode
      }),
      { numRuns: 300 },
    );
  });
});

describe("the session interface", () => {
  test("opens a session for any cookie header, any cookie value, any signed payload", () => {
    const { sessions, app } = sessionInterface();
    const signer = sessions.getSigningSerializer(app).makeSigner();
    const decoder = new TextDecoder();
    fc.assert(
      fc.property(anyTokenArb, encodedPayloadArb, (token, payload) => {
        const text = typeof token === "string" ? token : decoder.decode(token);
        for (const opened of [
          sessions.openSession(app, text),
          sessions.openSession(app, `session=${text}`),
          sessions.openSession(app, { cookieValue: text }),
          sessions.openSession(app, { cookieValue: decoder.decode(signer.sign(payload)) }),
        ]) {
          expect(opened).toBeInstanceOf(FlaskSession);
          if (opened.loadError !== null) {
            expect(opened.loadError).toBeInstanceOf(BadData);
            expect(opened.size).toBe(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
