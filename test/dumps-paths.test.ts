/**
 * dumps and sign take shortcuts when only this library's code can see the bytes (the signature
 * made from the digest at once, the token built in a reused buffer). A subclass's own methods must
 * still be called, and what the caller gets must stay intact after later calls.
 */
import { describe, expect, test } from "vitest";
import { Signer, TimestampSigner } from "../src/index.js";

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
