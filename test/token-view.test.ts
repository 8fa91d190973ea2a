/**
 * loads encodes ASCII string tokens into blocks the signer owns (src/lib/slab.ts). What user code
 * or the caller gets must stay intact after later calls: error payloads, the bytes a custom
 * signing algorithm or payload serializer is given. (Written when loads had a second,
 * reused-buffer path; every assertion still holds.)
 */
import { describe, expect, test } from "vitest";
import {
  BadSignature,
  HMACAlgorithm,
  Serializer,
  Signer,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  type PayloadSerializer,
  type SecretKey,
  type SerializerOptions,
} from "../src/index.js";

type AnySerializer = new (secretKey: SecretKey, options?: SerializerOptions) => Serializer;

const hex = (data: Uint8Array) => Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe.each([
  ["URLSafeTimedSerializer", URLSafeTimedSerializer as AnySerializer],
  ["URLSafeSerializer", URLSafeSerializer as AnySerializer],
  ["Serializer", Serializer as AnySerializer],
] as const)("%s", (_name, Class) => {
  test("a refused token's payload is not overwritten by later calls", () => {
    const s = new Class("secret");
    const good = s.dumps({ user: "someone else entirely", n: 1 });
    // Change the signature's first character (the last one may only carry ignored bits).
    const signed = s.dumps({ user: "admin" });
    const at = signed.lastIndexOf(".") + 1;
    const forged = signed.slice(0, at) + (signed[at] === "A" ? "B" : "A") + signed.slice(at + 1);
    let payload: Uint8Array | null = null;
    try {
      s.loads(forged);
    } catch (error) {
      expect(error).toBeInstanceOf(BadSignature);
      payload = (error as BadSignature).payload;
    }
    expect(payload).not.toBeNull();
    const before = hex(payload!);
    expect(s.loads(good)).toEqual({ user: "someone else entirely", n: 1 });
    expect(hex(payload!)).toBe(before);
    // The signed value (with or without its timestamp), as the forged token holds it.
    expect(text(payload!).length).toBeGreaterThan(10);
    expect(forged.startsWith(text(payload!) + ".")).toBe(true);
  });

  test("a custom signing algorithm keeps the bytes it was given", () => {
    const seen: Uint8Array[] = [];
    class Recording extends HMACAlgorithm {
      override getSignature(key: Uint8Array, value: Uint8Array): Uint8Array {
        seen.push(value);
        return super.getSignature(key, value);
      }
    }
    const s = new Class("secret", { signerKwargs: { algorithm: new Recording() } });
    const first = s.dumps({ a: "first token" });
    const second = s.dumps({ b: "a second, longer token" });
    seen.length = 0;
    expect(s.loads(first)).toEqual({ a: "first token" });
    const recorded = seen.slice();
    expect(s.loads(second)).toEqual({ b: "a second, longer token" });
    for (const value of recorded) expect(text(value)).toBe(first.slice(0, first.lastIndexOf(".")));
  });

  test("a loadPayload replaced on the instance after first use keeps the bytes it was given", () => {
    const s = new Class("secret");
    const first = s.dumps({ a: "first token" });
    const second = s.dumps({ b: "a second, longer token" });
    expect(s.loads(first)).toEqual({ a: "first token" }); // the fast path has run once
    const kept: Uint8Array[] = [];
    const original = s.loadPayload.bind(s);
    s.loadPayload = (payload: Uint8Array) => {
      kept.push(payload);
      return original(payload.slice());
    };
    s.loads(first);
    s.loads(second);
    expect(first.startsWith(text(kept[0]!))).toBe(true);
  });

  test("a payload serializer that works on bytes keeps the bytes it was given", () => {
    const kept: Uint8Array[] = [];
    const raw: PayloadSerializer = {
      dumps: (obj) => new TextEncoder().encode(String(obj)),
      loads: (payload) => {
        const bytes = payload as Uint8Array;
        kept.push(bytes);
        return text(bytes);
      },
    };
    const AnyOut = Class as unknown as new (
      secretKey: SecretKey,
      options: SerializerOptions<Signer, string | Uint8Array>,
    ) => Serializer<Signer, string | Uint8Array>;
    const s = new AnyOut("secret", { serializer: raw });
    const first = s.dumps("first");
    const second = s.dumps("the second one");
    const asText = (token: Uint8Array | string) => (typeof token === "string" ? token : text(token));
    expect(s.loads(asText(first))).toBe("first");
    expect(s.loads(asText(second))).toBe("the second one");
    expect(text(kept[0]!)).toBe("first");
  });
});
