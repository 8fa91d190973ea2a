/**
 * dumps and sign build their bytes in blocks the signer and serializer own (src/lib/slab.ts). A
 * subclass's own methods must still be called, and what the caller gets must stay intact after
 * later calls. (Written when dumps had a second, reused-buffer path; every assertion still holds.)
 */
import { describe, expect, test } from "vitest";
import {
  HMACAlgorithm,
  Serializer,
  Signer,
  TimestampSigner,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  type SecretKey,
  type SerializerOptions,
} from "../src/index.js";

const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe.each([
  ["Signer", Signer],
  ["TimestampSigner", TimestampSigner as typeof Signer],
])("%s", (_name, Base) => {
  test("sign uses a subclass's own getSignature, for bytes as for text", () => {
    class Custom extends Base {
      override getSignature(value: string | Uint8Array): string {
        return "custom-" + super.getSignature(value);
      }
    }
    const signer = new Custom("secret");
    const plain = new Base("secret");
    for (const signed of [signer.sign("value"), text(signer.sign(new TextEncoder().encode("value")))]) {
      const at = signed.lastIndexOf(".");
      expect(signed.slice(at + 1)).toBe(signer.getSignature(signed.slice(0, at)));
      expect(signed.slice(at + 1)).toBe("custom-" + plain.getSignature(signed.slice(0, at)));
    }
  });

  test("signed bytes end with getSignature's text", () => {
    const signer = new Base("secret", { salt: "a salt" });
    const signed = text(signer.sign(new TextEncoder().encode("some value")));
    const at = signed.lastIndexOf(".");
    expect(signed.slice(at + 1)).toBe(signer.getSignature(signed.slice(0, at)));
    expect(signer.unsign(signed)).toBe("some value");
  });
});

type AnySerializer = new (secretKey: SecretKey, options?: SerializerOptions) => Serializer;

describe.each([
  ["URLSafeTimedSerializer", URLSafeTimedSerializer as AnySerializer],
  ["URLSafeSerializer", URLSafeSerializer as AnySerializer],
  ["Serializer", Serializer as AnySerializer],
] as const)("%s dumps", (_name, Class) => {
  const values = [{ a: "first token" }, { b: "a second, longer token ".repeat(20) }, "x".repeat(70_000)];

  test("tokens read back, short, compressed and longer than the reused buffers", () => {
    const s = new Class("secret");
    for (const value of values) expect(s.loads(s.dumps(value))).toEqual(value);
  });

  test("a custom signing algorithm keeps the bytes it was given", () => {
    const seen: [Uint8Array, string][] = [];
    class Recording extends HMACAlgorithm {
      override getSignature(key: Uint8Array, value: Uint8Array): Uint8Array {
        seen.push([value, text(value)]);
        return super.getSignature(key, value);
      }
    }
    const s = new Class("secret", { signerKwargs: { algorithm: new Recording() } });
    for (const value of values) expect(s.loads(s.dumps(value))).toEqual(value);
    expect(seen.length).toBeGreaterThanOrEqual(2 * values.length);
    for (const [bytes, asSeen] of seen) expect(text(bytes)).toBe(asSeen);
  });

  test("a dumpPayload or sign of a subclass or an instance is used", () => {
    class Custom extends Class {
      override dumpPayload(obj: unknown): Uint8Array {
        return new TextEncoder().encode(`custom:${JSON.stringify(obj)}`);
      }
    }
    const custom = new Custom("secret");
    const token = custom.dumps({ a: 1 });
    expect(token.startsWith('custom:{"a":1}.')).toBe(true);
    expect(custom.makeSigner().unsign(token)).toBe('custom:{"a":1}');
    const s = new Class("secret");
    const signer = s.makeSigner();
    const plain = s.dumps({ a: 1 });
    signer.sign = ((value: Uint8Array) => new TextEncoder().encode(`${text(value)}!signed`)) as Signer["sign"];
    expect(s.dumps({ a: 1 })).toBe(`${plain.slice(0, plain.indexOf("."))}!signed`);
  });
});

test("a subclass's makeSigner is called after the payload is made, as Python calls it", () => {
  const calls: string[] = [];
  class Ordered extends URLSafeTimedSerializer {
    override dumpPayload(obj: unknown): Uint8Array {
      calls.push("dumpPayload");
      return super.dumpPayload(obj);
    }
    override makeSigner(salt?: string | Uint8Array | null): TimestampSigner {
      calls.push("makeSigner");
      return super.makeSigner(salt);
    }
  }
  const s = new Ordered("secret");
  calls.length = 0;
  expect(s.loads(s.dumps({ a: 1 }))).toEqual({ a: 1 });
  expect(calls.slice(0, 2)).toEqual(["dumpPayload", "makeSigner"]);
});

test("a dumps called by the clock during a dumps gives both tokens intact", () => {
  const inner = new URLSafeTimedSerializer("inner secret");
  const innerTokens: string[] = [];
  class Clock extends TimestampSigner {
    override getTimestamp(): number {
      if (innerTokens.length < 3) innerTokens.push(inner.dumps({ inner: "x".repeat(innerTokens.length * 300) }));
      return 1_700_000_000;
    }
  }
  class Fixed extends TimestampSigner {
    override getTimestamp(): number {
      return 1_700_000_000;
    }
  }
  const value = { outer: "y".repeat(400), list: [1, 2, 3] };
  const reentrant = new URLSafeTimedSerializer("secret", { signer: Clock });
  const fixed = new URLSafeTimedSerializer("secret", { signer: Fixed });
  const token = reentrant.dumps(value);
  expect(innerTokens.length).toBe(1);
  expect(token).toBe(fixed.dumps(value));
  expect(inner.loads(innerTokens[0]!)).toEqual({ inner: "" });
});
