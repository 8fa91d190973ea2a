/**
 * Misspelled options pass silently in JavaScript (issue 15): every core constructor refuses an
 * option name it does not take, at construction, with the name it is close to. No value is
 * quoted (an option may hold a secret).
 */
import { describe, expect, test } from "vitest";
import {
  SecureCookieSessionInterface,
  Serializer,
  Signer,
  TimedSerializer,
  TimestampSigner,
  URLSafeSerializer,
  URLSafeTimedSerializer,
} from "../src/index.js";

type Ctor = new (key: string, options: Record<string, unknown>) => unknown;

describe.each([
  ["Signer", Signer as unknown as Ctor, "keyDerivation"],
  ["TimestampSigner", TimestampSigner as unknown as Ctor, "keyDerivation"],
  ["Serializer", Serializer as unknown as Ctor, "signerKwargs"],
  ["TimedSerializer", TimedSerializer as unknown as Ctor, "signerKwargs"],
  ["URLSafeSerializer", URLSafeSerializer as unknown as Ctor, "signerKwargs"],
  ["URLSafeTimedSerializer", URLSafeTimedSerializer as unknown as Ctor, "signerKwargs"],
] as const)("%s", (name, Class, known) => {
  test("refuses a misspelled option, naming the one meant and no value", () => {
    const misspelled = known.toLowerCase();
    expect(() => new Class("secret", { [misspelled]: "the-secret-value" })).toThrow(
      new TypeError(`Unknown option '${misspelled}' (did you mean '${known}'?) given to ${name}.`),
    );
    expect(() => new Class("secret", { [misspelled]: "the-secret-value" })).not.toThrow(/the-secret-value/);
  });

  test("refuses a name it does not take at all, listing the ones it does", () => {
    expect(() => new Class("secret", { colour: "blue" })).toThrow(/Unknown option 'colour' given to \w+; its options are: /);
  });

  test("takes its own names", () => {
    expect(() => new Class("secret", { salt: "s" })).not.toThrow();
  });
});

test("signer options inside signerKwargs and fallbackSigners are checked too, at construction", () => {
  expect(() => new URLSafeTimedSerializer("k", { signerKwargs: { keyderivation: "hmac" } as never })).toThrow(
    /Unknown option 'keyderivation' \(did you mean 'keyDerivation'\?\) given to TimestampSigner/,
  );
  expect(() => new Serializer("k", { fallbackSigners: [{ digestmethod: "sha256" } as never] })).toThrow(
    /Unknown option 'digestmethod' \(did you mean 'digestMethod'\?\) given to Signer/,
  );
});

test("SecureCookieSessionInterface refuses misspelled options, its new ones included", () => {
  expect(() => new SecureCookieSessionInterface({ Zlib: {} } as never)).toThrow(/did you mean 'zlib'/);
  expect(() => new SecureCookieSessionInterface({ macs: () => null } as never)).toThrow(/did you mean 'mac'/);
  expect(() => new SecureCookieSessionInterface({ limit: {} } as never)).toThrow(/did you mean 'limits'/);
});
