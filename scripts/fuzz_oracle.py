"""The Python side of the differential fuzzer (test/fuzz/differential.test.ts).

A long-lived process: Debian's itsdangerous and Flask make a token for each generated case, derive
hostile variants of it (flipped, inserted, deleted characters; swapped, duplicated, truncated
segments; tokens re-signed with other keys; hand-built payloads and timestamps under a valid
signature), and record Python's verdict and value for every variant. The TypeScript test then checks
that this library agrees on every one.

    node scripts/python.mjs scripts/fuzz_oracle.py      (the interpreter that has Flask)

Protocol: one JSON object per line on stdin, one per line on stdout, in order; EOF stops it.

    {"id": n, "op": "versions"}          -> {"id": n, "versions": {...}}
    {"id": n, "op": "unassigned"}        -> {"id": n, "unassigned": [[first, last], ...]}  (see unassigned())
    {"id": n, "cases": [CASE, ...]}      -> {"id": n, "results": [RESULT, ...]}
    anything that breaks the oracle      -> {"id": n, "error": "traceback"}

CASE (values are the typed values of scripts/pyvalues.py; secrets and salts str or {"bytes": hex}):

    kind         "itsdangerous" | "session"
    cls          itsdangerous: "Serializer" | "TimedSerializer" | "URLSafeSerializer" | "URLSafeTimedSerializer"
    secrets      [secret, ...], oldest first; the last one signs (session: SECRET_KEY_FALLBACKS + SECRET_KEY)
    salt         itsdangerous: secret or null (null = the signer's default)
    keyDerivation, digest   itsdangerous: signer options ("hmac", "sha256", ...)
    json         itsdangerous: serializer_kwargs {"sortKeys", "ensureAscii"} or null;
                 session: app.json.sort_keys / ensure_ascii
    value        the value to sign (session: a dict)
    timestamp    signing time (timed classes and sessions)
    checks       [{"now", "maxAge"}]: the calls to make on every variant (untimed classes: one,
                 both null; session: maxAge is PERMANENT_SESSION_LIFETIME in seconds)
    mutations    [MUTATION, ...], each giving one more variant:
      {"op": "flip"|"insert", "at": 0..1, "ch": str}     replace / insert a character at int(at * len)
      {"op": "delete", "at": 0..1}
      {"op": "swap", "i", "j"} | {"op": "dup", "i"} | {"op": "drop", "i"}   on the "."-separated segments
      {"op": "truncSeg", "i", "at"} | {"op": "truncate", "at"}
      {"op": "sigBits"}                                  last signature character, lowest bit flipped
      {"op": "resign", "key": i | null, "secret": s | null, "salt": s?, "digest": d?, "keyDerivation": k?}
                                                         the same value signed another way (key i of
                                                         the case = an older key, still accepted)
      {"op": "forge", "payload": str | {"bytes": hex}, "encode": ENC, "ts": int | null}
                                                         hand-built payload bytes under a valid signature;
                                                         ENC (URL-safe only): "b64", "b64pad", "zlib",
                                                         "zlibJunk", "zlibTrunc", "deflateRaw", "gzip", "raw"
      {"op": "forgeTs", "field": str}                    the good payload with a hand-built timestamp
                                                         field under a valid signature (timed only)

RESULT:

    dumps        {"token": str, "jsToken": str} or {"error": "TypeName"}. jsToken is the token for the
                 value as JavaScript holds it: integral floats within 2^53 become ints (the one
                 documented difference), everything else is the same value.
    variants     [{"how": str, "token": str, "checks": [OUTCOME, ...]}], the good token first
    OUTCOME      itsdangerous: {"result": "ok" | exception name, "family": bool (BadData?),
                 "message"?, "value"?: TV, "unsafe": {"result", "valid"?, "value"? | "sameAsLoads"?}}
                 session: {"result": what serializer.loads gave (as above), "session": TV | null,
                 "openError": exception name | null}  (open_session's own outcome)
"""

import base64
import gzip
import hashlib
import json
import sys
import traceback
import unicodedata
import zlib
from datetime import timedelta
from importlib.metadata import version

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
sys.dont_write_bytecode = True

from itsdangerous import (  # noqa: E402
    BadData,
    BadSignature,
    Serializer,
    Signer,
    TimedSerializer,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)
from itsdangerous.encoding import base64_encode  # noqa: E402

from flask_app import create_app  # noqa: E402
from pyvalues import from_typed, secret_from_typed, to_typed  # noqa: E402

CLASSES = {
    "Serializer": Serializer,
    "TimedSerializer": TimedSerializer,
    "URLSafeSerializer": URLSafeSerializer,
    "URLSafeTimedSerializer": URLSafeTimedSerializer,
}
TIMED = {"TimedSerializer", "URLSafeTimedSerializer"}
URLSAFE = {"URLSafeSerializer", "URLSafeTimedSerializer"}
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
MAX_SAFE = 2**53 - 1


# The fixture generator's fixed clock (importing it makes every TimestampSigner read its CLOCK.now,
# failing loudly when none was set) and its library_call(now), which sets that clock: itsdangerous and Flask run at the interpreter's default
# recursion and int-digit limits, so that their verdicts on deep or huge payloads are their real
# ones; the oracle's own work (typed values of deep results) runs with both lifted.
from gen_itsdangerous_fixtures import library_call  # noqa: E402


# ---------------------------------------------------------------------------------------------
# Building the objects a case describes


def digest(name):
    return getattr(hashlib, name)


def salt_of(case, override=None):
    if override is not None:
        return secret_from_typed(override)
    return secret_from_typed(case.get("salt"))


def itsdangerous_serializer(case, secrets=None, salt=None, digest_name=None, key_derivation=None):
    cls = CLASSES[case["cls"]]
    keys = [secret_from_typed(k) for k in (secrets if secrets is not None else case["secrets"])]
    options = {
        "salt": salt_of(case, salt),
        "signer_kwargs": {
            "key_derivation": key_derivation or case["keyDerivation"],
            "digest_method": digest(digest_name or case["digest"]),
        },
    }
    if case.get("json"):
        options["serializer_kwargs"] = {
            "sort_keys": case["json"]["sortKeys"],
            "ensure_ascii": case["json"]["ensureAscii"],
        }
    return cls(keys, **options)


APPS = {}


def session_app(case, now, lifetime, secrets=None):
    """The oracle Flask app (scripts/flask_app.py) for the case's JSON settings, configured."""
    key = (case["json"]["sortKeys"], case["json"]["ensureAscii"])
    app = APPS.get(key)
    if app is None:
        app = create_app({"SECRET_KEY": "placeholder"}, {"sort_keys": key[0], "ensure_ascii": key[1]})
        APPS[key] = app
    keys = [secret_from_typed(k) for k in (secrets if secrets is not None else case["secrets"])]
    app.config["SECRET_KEY"] = keys[-1]
    app.config["SECRET_KEY_FALLBACKS"] = keys[:-1]
    app.config["FIXED_TIME"] = now
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=lifetime if lifetime is not None else 2678400)
    return app


class _Request:
    def __init__(self, cookie):
        self.cookies = {"session": cookie}


# ---------------------------------------------------------------------------------------------
# Values


def js_view(value):
    """The value as this library's JavaScript holds it: integral floats within 2^53 are ints."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) <= MAX_SAFE and not (value == 0 and str(value).startswith("-")):
            return int(value)
        return value
    if isinstance(value, dict):
        return {k: js_view(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(js_view(v) for v in value)
    if isinstance(value, list):
        return [js_view(v) for v in value]
    return value


def typed_or_marker(value):
    try:
        typed = to_typed(value)
        # The typed form is twice as deep as the value; CPython 3.12+ reads JSON deeper than its
        # encoder writes that (json.loads takes ~1,500 levels in 3.12, ~10,000 in 3.13).
        json.dumps(typed)
        return typed
    except RecursionError:
        return {"unrepresentable": "nested too deep to send back as JSON"}
    except (TypeError, ValueError) as e:  # a dict with non-str keys (session from pairs), ...
        return {"unrepresentable": f"{type(e).__name__}: {e}"}


def error_outcome(e):
    out = {"result": type(e).__name__, "family": isinstance(e, BadData), "message": str(e)}
    return out


# ---------------------------------------------------------------------------------------------
# Variants


def segments_op(token, mutation):
    segs = token.split(".")
    n = len(segs)
    op = mutation["op"]
    i = mutation.get("i", 0) % n
    if op == "swap":
        j = mutation["j"] % n
        segs[i], segs[j] = segs[j], segs[i]
    elif op == "dup":
        segs.insert(i, segs[i])
    elif op == "drop":
        del segs[i]
    elif op == "truncSeg":
        segs[i] = segs[i][: int(mutation["at"] * len(segs[i]))]
    return ".".join(segs)


def sig_bits(token):
    if not token:
        return token
    last = token[-1]
    if last not in B64URL:
        return token[:-1] + "A"
    return token[:-1] + B64URL[B64URL.index(last) ^ 1]


def mutate(token, mutation):
    op = mutation["op"]
    n = len(token)
    if op == "flip":
        i = min(int(mutation["at"] * n), max(n - 1, 0))
        return token[:i] + mutation["ch"] + token[i + 1 :]
    if op == "insert":
        i = int(mutation["at"] * (n + 1))
        return token[:i] + mutation["ch"] + token[i:]
    if op == "delete":
        i = min(int(mutation["at"] * n), max(n - 1, 0))
        return token[:i] + token[i + 1 :]
    if op == "truncate":
        return token[: int(mutation["at"] * n)]
    if op == "sigBits":
        return sig_bits(token)
    return segments_op(token, mutation)


def encode_payload(raw, mode, urlsafe):
    """Hand-built payload bytes as they go before the signature."""
    if not urlsafe or mode == "raw":
        return raw
    if mode == "b64":
        return base64_encode(raw)
    if mode == "b64pad":
        return base64.urlsafe_b64encode(raw)
    if mode == "zlib":
        return b"." + base64_encode(zlib.compress(raw))
    if mode == "zlibJunk":
        return b"." + base64_encode(zlib.compress(raw) + b"junk")
    if mode == "zlibTrunc":
        c = zlib.compress(raw)
        return b"." + base64_encode(c[: max(len(c) - 3, 0)])
    if mode == "deflateRaw":
        d = zlib.compressobj(6, zlib.DEFLATED, -15)
        return b"." + base64_encode(d.compress(raw) + d.flush())
    if mode == "gzip":
        return b"." + base64_encode(gzip.compress(raw, mtime=0))
    raise ValueError(f"unknown payload encoding {mode!r}")


def payload_bytes(payload):
    if isinstance(payload, dict):
        return bytes.fromhex(payload["bytes"])
    return payload.encode("utf-8", "surrogatepass")


def as_text(token):
    """A token as the text a caller would hold, or bytes when it is not UTF-8."""
    if isinstance(token, bytes):
        try:
            return token.decode("utf-8")
        except UnicodeDecodeError:
            return token
    return token


def token_json(token):
    return {"bytes": token.hex()} if isinstance(token, bytes) else token


class Case:
    def __init__(self, case):
        self.case = case
        self.session = case["kind"] == "session"
        self.timed = self.session or case["cls"] in TIMED
        self.urlsafe = self.session or case["cls"] in URLSAFE
        self.ts = case.get("timestamp")

    # -- making tokens

    def serializer(self, now, secrets=None, lifetime=None, **overrides):
        if self.session:
            app = session_app(self.case, now, lifetime, secrets)
            return app, app.session_interface.get_signing_serializer(app)
        return None, itsdangerous_serializer(self.case, secrets=secrets, **overrides)

    def dumps(self, value, secrets=None, **overrides):
        app, s = self.serializer(self.ts, secrets, **overrides)
        with library_call(self.ts):
            if app is not None:
                with app.app_context():
                    return as_text(s.dumps(value))
            return as_text(s.dumps(value))

    def sign_raw(self, signed, ts, plain=False):
        app, s = self.serializer(ts)
        signer = s.make_signer(s.salt)
        with library_call(ts):
            raw = Signer.sign(signer, signed) if plain else signer.sign(signed)
        return as_text(raw)

    def variant(self, good, mutation):
        op = mutation["op"]
        if op == "resign":
            secrets = self.case["secrets"]
            if mutation.get("key") is not None:
                secrets = [secrets[mutation["key"] % len(secrets)]]
            elif mutation.get("secret") is not None:
                secrets = [mutation["secret"]]
            overrides = {}
            if not self.session:
                for name, arg in (("salt", "salt"), ("digest", "digest_name"), ("keyDerivation", "key_derivation")):
                    if mutation.get(name) is not None:
                        overrides[arg] = mutation[name]
            return self.dumps(from_typed(self.case["value"]), secrets, **overrides)
        if op == "forge":
            raw = encode_payload(payload_bytes(mutation["payload"]), mutation["encode"], self.urlsafe)
            ts = mutation.get("ts")
            return self.sign_raw(raw, ts if ts is not None else self.ts)
        if op == "forgeTs":
            if not isinstance(good, str) or not self.timed:
                return None
            payload = good.rsplit(".", 2)[0]
            field = mutation["field"].encode("utf-8", "surrogatepass")
            return self.sign_raw(payload.encode("utf-8", "surrogatepass") + b"." + field, self.ts, plain=True)
        if not isinstance(good, str):
            return None
        return mutate(good, mutation)

    # -- checking tokens

    def check(self, token, chk):
        if self.session:
            return self.check_session(token, chk)
        s = itsdangerous_serializer(self.case)
        out = {}
        try:
            with library_call(chk["now"]):
                value = s.loads(token, max_age=chk["maxAge"]) if self.timed else s.loads(token)
        except Exception as e:  # noqa: BLE001 - every exception is part of the verdict
            out.update(error_outcome(e))
        else:
            out.update({"result": "ok", "value": typed_or_marker(value)})
        try:
            with library_call(chk["now"]):
                valid, value = s.loads_unsafe(token, max_age=chk["maxAge"]) if self.timed else s.loads_unsafe(token)
        except Exception as e:  # noqa: BLE001
            out["unsafe"] = error_outcome(e)
        else:
            if valid and out["result"] == "ok":  # the value loads gave: not sent twice
                out["unsafe"] = {"result": "ok", "valid": True, "sameAsLoads": True}
            else:
                out["unsafe"] = {"result": "ok", "valid": valid, "value": typed_or_marker(value)}
        return out

    def check_session(self, token, chk):
        app, s = self.serializer(chk["now"], lifetime=chk["maxAge"])
        out = {}
        with app.app_context():
            try:
                with library_call(chk["now"]):
                    value = s.loads(token, max_age=chk["maxAge"])
            except Exception as e:  # noqa: BLE001
                out["result"] = error_outcome(e)
            else:
                out["result"] = {"result": "ok", "value": typed_or_marker(value)}
            try:
                with library_call(chk["now"]):
                    session = app.session_interface.open_session(app, _Request(token))
            except Exception as e:  # noqa: BLE001 - Flask would answer 500
                out["session"] = None
                out["openError"] = type(e).__name__
            else:
                if all(isinstance(k, str) for k in session):
                    out["session"] = typed_or_marker(dict(session))
                else:  # dict() of pairs with int keys...: this library refuses those (documented)
                    out["session"] = {"unrepresentable": "a session key that is not a str"}
                out["openError"] = None
        return out

    def run(self):
        result = {}
        value = from_typed(self.case["value"])
        good = None
        try:
            good = self.dumps(value)
        except Exception as e:  # noqa: BLE001
            result["dumps"] = {"error": type(e).__name__}
        else:
            result["dumps"] = {"token": token_json(good), "jsToken": token_json(self.dumps(js_view(value)))}
        variants = []
        if good is not None:
            variants.append(("good", good))
        for mutation in self.case.get("mutations", []):
            try:
                token = self.variant(good, mutation)
            except Exception as e:  # noqa: BLE001 - e.g. a re-sign of a value Python cannot dump
                token = None
                if mutation["op"] != "resign":
                    raise RuntimeError(f"oracle could not build variant {mutation!r}: {e!r}") from e
            if token is not None:
                variants.append((mutation["op"], token))
        result["variants"] = [
            {"how": how, "token": token_json(token), "checks": [self.check(token, chk) for chk in self.case["checks"]]}
            for how, token in variants
        ]
        return result


def versions():
    return {
        "flask": version("flask"),
        "itsdangerous": version("itsdangerous"),
        "werkzeug": version("werkzeug"),
        "python": sys.version.split()[0],
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "unicode": unicodedata.unidata_version,
    }


def unassigned():
    """The code points Python's Unicode database does not know (category Cn), as [first, last]
    ranges: str.isprintable() and so repr() treat them as unprintable, whatever newer Unicode says."""
    ranges, start = [], None
    for cp in range(0x110000):
        if unicodedata.category(chr(cp)) == "Cn":
            if start is None:
                start = cp
        elif start is not None:
            ranges.append([start, cp - 1])
            start = None
    if start is not None:
        ranges.append([start, 0x10FFFF])
    return ranges


def main():
    sys.setrecursionlimit(20000)
    sys.set_int_max_str_digits(0)
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        response = {"id": request.get("id")}
        try:
            if request.get("op") == "versions":
                response["versions"] = versions()
            elif request.get("op") == "unassigned":
                response["unassigned"] = unassigned()
            else:
                response["results"] = [Case(c).run() for c in request["cases"]]
        except Exception:  # noqa: BLE001 - reported to the test, which fails with it
            response = {"id": request.get("id"), "error": traceback.format_exc()}
        out.write(json.dumps(response, ensure_ascii=True) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
