"""zlib.compress samples from CPython's own zlib, for test/deflate-python.test.ts.

The port of zlib's deflate (src/zlib/deflate.ts) is tested in depth against pako with legacyHash
(test/deflate.test.ts); this is the check against the real thing, CPython's zlib.compress(data),
on two kinds of input:

- "sessions": Flask-like session JSON (json.dumps with compact separators and sorted keys, as
  Flask's session serializer writes it; some with ensure_ascii=False, as itsdangerous' URL-safe
  serializers write theirs), stored whole with the compressed bytes in hex;
- "generated": inputs from a recipe that the test rebuilds with the same generator (a 32-bit LCG,
  test/helpers/deflate-inputs.ts' Lcg), from empty to beyond the port's 65,000 bytes, stored as the
  recipe and the length and SHA-256 of what zlib.compress wrote (the bytes would be megabytes).

Run: node scripts/python.mjs scripts/gen_zlib_fixtures.py  (writes fixtures/zlib-compress.json)
"""

import hashlib
import json
import os
import random
import sys
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "zlib-compress.json")


class Lcg:
    """Numerical Recipes' LCG, as test/helpers/deflate-inputs.ts' Lcg."""

    def __init__(self, seed):
        self.x = seed & 0xFFFFFFFF

    def below(self, n):
        self.x = (1664525 * self.x + 1013904223) & 0xFFFFFFFF
        return int(self.x / 2**32 * n)


def generate(recipe):
    """The bytes of a recipe: {"alphabet": str or None (all 256 bytes), "length", "seed", "run"}.

    Each step picks a symbol of the alphabet and writes it `1 + below(run)` times (once when run
    is 1), until `length` bytes are written.
    """
    rng = Lcg(recipe["seed"])
    alphabet = recipe["alphabet"].encode("ascii") if recipe["alphabet"] is not None else bytes(range(256))
    out = bytearray()
    while len(out) < recipe["length"]:
        symbol = alphabet[rng.below(len(alphabet))]
        count = 1 + rng.below(recipe["run"]) if recipe["run"] > 1 else 1
        out.extend(bytes([symbol]) * count)
    return bytes(out[: recipe["length"]])


ALPHABETS = {
    "bytes": None,
    "hex": "0123456789abcdef",
    "json": '{}[]",:_abcdefghijklmnopqrstuvwxyz0123456789 ',
    "base64": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    "two": "ab",
}

LENGTHS = [0, 1, 2, 3, 4, 5, 10, 56, 100, 257, 336, 1000, 1979, 4096, 16382, 16383, 16384, 20000, 32768, 40000,
           65000, 65001, 70000, 200000]


def recipes():
    out = []
    for name, alphabet in ALPHABETS.items():
        for i, length in enumerate(LENGTHS):
            for run in (1, 40):
                out.append({"alphabet": alphabet, "length": length, "seed": 1000 * i + run, "run": run, "name": name})
    return out


def sessions():
    rng = random.Random(7)
    hexdigits = "0123456789abcdef"
    words = ["Saved.", "Welcome back!", "Your profile changes have been saved.", "Ceci est déjà fait.", "ok"]
    out = []
    for i in range(80):
        session = {}
        for _ in range(rng.randint(1, 7)):
            kind = rng.randrange(8)
            if kind == 0:
                session["_fresh"] = rng.random() < 0.5
            elif kind == 1:
                session["_id"] = "".join(rng.choice(hexdigits) for _ in range(rng.choice([16, 40, 128])))
            elif kind == 2:
                session["_user_id"] = str(rng.randrange(100000))
            elif kind == 3:
                session["csrf_token"] = "".join(rng.choice(hexdigits) for _ in range(40))
            elif kind == 4:
                session["_flashes"] = [{" t": [rng.choice(["message", "success", "error"]), rng.choice(words)]}
                                       for _ in range(rng.randint(1, 3))]
            elif kind == 5:
                session["cart"] = [{"sku": f"SKU-{rng.randrange(9999)}", "qty": rng.randint(1, 5),
                                    "price": round(rng.random() * 100, 2)} for _ in range(rng.randint(0, 25))]
            elif kind == 6:
                session["lang"] = rng.choice(["en", "fr", "de-DE"])
            else:
                session["_permanent"] = True
        text = json.dumps(session, separators=(",", ":"), sort_keys=True, ensure_ascii=i % 4 != 0)
        data = text.encode("utf-8")
        out.append({"json": text, "compressed": zlib.compress(data).hex()})
    return out


def main():
    generated = []
    for recipe in recipes():
        compressed = zlib.compress(generate(recipe))
        generated.append({**recipe, "compressedLength": len(compressed),
                          "sha256": hashlib.sha256(compressed).hexdigest()})
    table = {
        "generator": "scripts/gen_zlib_fixtures.py",
        "versions": {"python": sys.version.split()[0], "zlib": zlib.ZLIB_RUNTIME_VERSION},
        "sessions": sessions(),
        "generated": generated,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(table, f, indent=1, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT)}: {len(table['sessions'])} sessions, {len(generated)} generated inputs "
          f"(zlib {zlib.ZLIB_RUNTIME_VERSION})")


if __name__ == "__main__":
    main()
