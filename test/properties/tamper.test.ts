/**
 * Tamper detection. Any single-character change to a valid token (a replacement, an insertion or
 * a deletion, of any character) is rejected, with exactly one exception, which Python shares: the
 * signed part (payload and timestamp) is unchanged and the signature still decodes to the same
 * bytes under Python's lenient base64. Then the token is accepted with the identical value. In
 * practice that is:
 * - the unused low bits of the signature's last character (SHA-1: 2 bits, so 4 spellings each);
 * - `+` for `-` and `/` for `_` anywhere in the signature (Python's urlsafe decoder takes both);
 * - with SHA-384, whose signature fills whole base64 quads, a character outside the alphabet
 *   inserted into it (Python skips it, and the padding still works out).
 * Every such case is also checked against Python by the differential fuzzer.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { BadSignature, base64Decode, URLSafeTimedSerializer, type DigestName } from "../../src/index.js";
import { DIGESTS, valueArb } from "../helpers/fuzz-arbitraries.js";
import { SERIALIZERS } from "../helpers/serializer-matrix.js";
import { fromTyped } from "../helpers/typed.js";

const encoder = new TextEncoder();
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Python's decoding of a signature, as the signer does it (on the token's UTF-8 bytes). */
function signatureBytes(sig: string): string | null {
  try {
    return Array.from(base64Decode(encoder.encode(sig))).join(",");
  } catch {
    return null;
  }
}

/** Whether Python accepts `mutated` where `token` is valid: same signed part, same signature bytes. */
function stillValid(token: string, mutated: string): boolean {
  const cut = token.lastIndexOf(".");
  const mutatedCut = mutated.lastIndexOf(".");
  if (mutatedCut === -1 || mutated.slice(0, mutatedCut) !== token.slice(0, cut)) return false;
  const decoded = signatureBytes(mutated.slice(mutatedCut + 1));
  return decoded !== null && decoded === signatureBytes(token.slice(cut + 1));
}

const charArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...B64URL) },
  { weight: 2, arbitrary: fc.constantFrom(".", "=", "+", "/", "!", " ", "%", "\u00e9", "\u{1F600}", "\x00") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);

type Edit = { kind: "replace" | "insert"; at: number; ch: string } | { kind: "delete"; at: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("replace" as const, "insert" as const),
    at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    ch: charArb,
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }),
);

function apply(token: string, edit: Edit): string {
  const chars = Array.from(token);
  const at = Math.floor(edit.at * (chars.length + (edit.kind === "insert" ? 1 : 0)));
  if (edit.kind === "delete") chars.splice(at, 1);
  else chars.splice(at, edit.kind === "replace" ? 1 : 0, edit.ch);
  return chars.join("");
}

describe.each(SERIALIZERS)("$name", ({ dialect, make }) => {
  test("a one-character change is rejected, unless the signed part and the signature's bytes are unchanged", () => {
    const s = make();
    fc.assert(
      fc.property(valueArb(dialect), editArb, (value, edit) => {
        let token: string;
        try {
          token = s.dumps(fromTyped(value));
        } catch {
          return; // what Python cannot write either (see roundtrip.test.ts)
        }
        const mutated = apply(token, edit);
        fc.pre(mutated !== token);
        const original = JSON.stringify(s.loadsUnsafe(token), (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
        let accepted: boolean;
        try {
          const again = s.loads(mutated);
          accepted = true;
          // Accepted: the identical value.
          expect(JSON.stringify([true, again], (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))).toBe(original);
        } catch (error) {
          expect(error).toBeInstanceOf(BadSignature);
          accepted = false;
        }
        expect(accepted, `${token} -> ${mutated}`).toBe(stillValid(token, mutated));
      }),
      { numRuns: 300 },
    );
  });
});

describe("the accepted changes, one by one", () => {
  const tokenFor = (digest: DigestName) => new URLSafeTimedSerializer("k", { signerKwargs: { digestMethod: digest } });

  test.each(DIGESTS.map((d) => [d]))("%s: the last character's unused bits, and no other last character", (digest) => {
    const s = tokenFor(digest);
    const token = s.dumps({ a: 1 });
    const sig = token.slice(token.lastIndexOf(".") + 1);
    const unused = 6 * sig.length - 8 * s.makeSigner().digestMethod.outputLen;
    const last = B64URL.indexOf(sig[sig.length - 1]!);
    const accepted = [...B64URL].filter((ch) => {
      try {
        s.loads(token.slice(0, -1) + ch);
        return true;
      } catch {
        return false;
      }
    });
    const expected = [...B64URL].filter((_ch, i) => i >> unused === last >> unused);
    expect(accepted).toEqual(expected);
    expect(accepted).toHaveLength(2 ** unused);
  });

  test("'+' for '-' and '/' for '_' anywhere in the signature", () => {
    const s = tokenFor("sha1");
    // Find tokens whose signature holds a '-' and a '_'.
    for (let i = 0, seen = 0; seen < 2 && i < 500; i++) {
      const token = s.dumps({ i });
      const cut = token.lastIndexOf(".") + 1;
      const sig = token.slice(cut);
      if (!sig.includes("-") && !sig.includes("_")) continue;
      seen++;
      const aliased = token.slice(0, cut) + sig.replaceAll("-", "+").replaceAll("_", "/");
      expect(s.loads(aliased)).toEqual({ i });
    }
  });

  test("SHA-384: a character outside the alphabet inserted into the signature is skipped", () => {
    const s = tokenFor("sha384");
    const token = s.dumps({ a: 1 });
    const cut = token.lastIndexOf(".") + 1;
    expect((token.length - cut) % 4).toBe(0); // 48 bytes: exactly 64 characters, no padding
    for (const junk of ["!", " ", "\u00e9", "*"]) {
      expect(s.loads(token.slice(0, cut + 10) + junk + token.slice(cut + 10))).toEqual({ a: 1 });
    }
    // SHA-256's signature does not fill its last quad: the same insertion breaks the padding.
    const t256 = tokenFor("sha256").dumps({ a: 1 });
    const c256 = t256.lastIndexOf(".") + 1;
    expect(() => tokenFor("sha256").loads(t256.slice(0, c256 + 10) + "!" + t256.slice(c256 + 10))).toThrow(BadSignature);
  });
});
