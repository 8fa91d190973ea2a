/**
 * Inputs for the deflate tests (test/deflate.test.ts, test/deflate-bound.test.ts): deterministic
 * byte strings of a given length and kind, from a fixed LCG so that a failure names a (kind,
 * length, seed) that reproduces it. The kinds cover what zlib's output depends on: no matches
 * (random), few symbols (hex), cookie-like JSON, text, long repeats and runs (long matches,
 * distance 1), all zeros, and skewed byte frequencies (long Huffman codes, length-limit fix-ups).
 */

/** A deterministic source of bytes: Numerical Recipes' LCG, top 8 bits. */
export class Lcg {
  #x: number;
  constructor(seed: number) {
    this.#x = seed >>> 0;
  }
  /** The next byte, 0..255. */
  byte(): number {
    this.#x = (Math.imul(this.#x, 1664525) + 1013904223) >>> 0;
    return this.#x >>> 24;
  }
  /** A number in 0..n-1 (n at most 2^24). */
  below(n: number): number {
    this.#x = (Math.imul(this.#x, 1664525) + 1013904223) >>> 0;
    return Math.floor((this.#x / 2 ** 32) * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

const encoder = new TextEncoder();
const HEX = "0123456789abcdef";
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const WORDS = ["the", "session", "cookie", "flask", "user", "logged", "in", "saved", "your", "profile", "a", "of", "to", "and"];

/** Text from `next()` pieces until it is `length` bytes long (cut at the length). */
function textOf(length: number, next: () => string): Uint8Array {
  let text = "";
  while (text.length < length) text += next();
  return encoder.encode(text.slice(0, length));
}

/** A cookie-like JSON session, as text. */
function session(rng: Lcg): string {
  const parts: string[] = [];
  const keys = 1 + rng.below(6);
  for (let i = 0; i < keys; i++) {
    const kind = rng.below(7);
    const hex = (n: number) => Array.from({ length: n }, () => HEX[rng.below(16)]).join("");
    if (kind === 0) parts.push(`"_fresh":${rng.below(2) === 0}`);
    else if (kind === 1) parts.push(`"_id":"${hex(rng.pick([16, 40, 128]))}"`);
    else if (kind === 2) parts.push(`"_user_id":"${rng.below(100000)}"`);
    else if (kind === 3) parts.push(`"csrf_token":"${hex(40)}"`);
    else if (kind === 4) parts.push(`"_flashes":[{" t":["message","${rng.pick(WORDS)} ${rng.pick(WORDS)}."]}]`);
    else if (kind === 5) parts.push(`"cart":[${Array.from({ length: rng.below(5) }, () => rng.below(9999)).join(",")}]`);
    else parts.push(`"lang":"${rng.pick(["en", "fr", "de-DE"])}"`);
  }
  return `{${parts.join(",")}}`;
}

/** The kinds of input, each a function of (length, seed). */
export const KINDS = {
  random(length: number, rng: Lcg): Uint8Array {
    return Uint8Array.from({ length }, () => rng.byte());
  },
  json(length: number, rng: Lcg): Uint8Array {
    return textOf(length, () => session(rng));
  },
  hex(length: number, rng: Lcg): Uint8Array {
    return textOf(length, () => (rng.below(40) === 0 ? '","' : HEX[rng.below(16)]!));
  },
  base64(length: number, rng: Lcg): Uint8Array {
    return textOf(length, () => BASE64[rng.below(64)]!);
  },
  text(length: number, rng: Lcg): Uint8Array {
    return textOf(length, () => rng.pick(WORDS) + rng.pick([" ", " ", ", ", ". "]));
  },
  repetitive(length: number, rng: Lcg): Uint8Array {
    const unit = Uint8Array.from({ length: 1 + rng.below(20) }, () => 97 + rng.below(4));
    const out = Uint8Array.from({ length }, (_, i) => unit[i % unit.length]!);
    for (let i = 0; i < length; i += 1 + rng.below(300)) out[i] = rng.byte();
    return out;
  },
  runs(length: number, rng: Lcg): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length;) {
      const run = 1 + rng.below(rng.below(2) === 0 ? 8 : 600);
      out.fill(rng.byte(), i, i + run);
      i += run;
    }
    return out;
  },
  zeros(length: number): Uint8Array {
    return new Uint8Array(length);
  },
  skewed(length: number, rng: Lcg): Uint8Array {
    // Byte b with probability ~ 2^-b/2: many different code lengths, some long.
    return Uint8Array.from({ length }, () => {
      let b = 0;
      while (b < 40 && rng.below(100) < 70) b++;
      return b * 5;
    });
  },
} satisfies Record<string, (length: number, rng: Lcg) => Uint8Array>;

export type Kind = keyof typeof KINDS;

/** The input of the given kind and length for a seed. */
export function input(kind: Kind, length: number, seed: number): Uint8Array {
  return KINDS[kind](length, new Lcg(seed * 7919 + length));
}

/** Lowercase hex, for comparing byte strings with readable failures. */
export function hex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
}
