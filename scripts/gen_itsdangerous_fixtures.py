#!/usr/bin/env python3
"""Writes fixtures/<env>/itsdangerous.json and itsdangerous-mutations.json: what Python's
itsdangerous does, recorded so that the TypeScript port can be checked against it byte for byte.

`npm run fixtures` runs it in every pinned environment (scripts/fixtures.mjs); by hand:

    FSC_PYTHON_ENV=flask-3.1 node scripts/python.mjs scripts/gen_itsdangerous_fixtures.py [--out DIR]

The tables do not depend on the Python version: what only a given CPython says (the text of a
ValueError or struct.error that is not one of itsdangerous' own, gzip's header bytes) is left out
or built by hand, so every environment with the same itsdangerous writes the same bytes, and
scripts/fixtures.mjs stores them once.

The output is fully deterministic: the clock is patched (TimestampSigner.get_timestamp returns the
value we set), nothing random is used except a seeded generator, and every dict is built in a fixed
order. Running the script twice gives identical bytes.

File format (both files; see scripts/fixture_file.py for the provenance lines):

    {"generatedBy": {...}, "tableSha256": ..., "generator": ..., "cases": [CASE, ...]}

CASE = {"id", "class", "secret", "options", "timestamp", ["dumps"], ["forged"], ["base"],
        ["mutation"], ["constructError"], "token", "checks": [CHECK, ...]}

    options      exactly the keywords passed to the constructor, camelCase (see Config below)
    timestamp    what get_timestamp returned while signing (timed classes), else null
    dumps        {"value": TV, ["salt"], "token", ["compressed"]} when Python made the token from a
                 value; {"value": TV, ["salt"], "error": {"result", "message"}} when dumps/sign raised
                 (then "token" is null and there are no checks)
    forged       {"signed": bytes TV, "method": "sign" | "Signer.sign"} for tokens we built by hand
                 and signed with the case's own signer ("Signer.sign" = the plain Signer.sign method
                 called on the (Timestamp)Signer instance, so no timestamp is added)
    base         id of the good case a bad/mutated token was derived from
    mutation     how the token was derived from the base token
    constructError  {"result", "message"} when the constructor itself raised (no token, no checks)

CHECK = {"call", "now", "maxAge", ["salt"], ["returnTimestamp" (timed classes)], "result",
         ["message"], ["value"], ["dateSigned"], ["payload"], ["originalError"],
         ["nonItsdangerousError"]}

    result       "ok" or type(exception).__name__ (the most specific class)
    value        typed value (scripts/pyvalues.py) of the return value when ok
    dateSigned   epoch seconds: the returned timestamp (returnTimestamp) or e.date_signed
                 (BadTimeSignature family; null when Python had none); timed classes only
    payload      e.payload as {"bytes": hex} or null (BadSignature family only)
    originalError  "module.Class" of e.original_error (BadPayload only)
    nonItsdangerousError  true when Python raised something that is not an itsdangerous BadData:
                 the interesting cases where the library leaks a raw ValueError/TypeError/...
                 (then there is no "message": its text is CPython's and changes between versions;
                 run with -v to see them)
"""

import base64
import contextlib
import hashlib
import json
import random
import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no scripts/__pycache__ from importing pyvalues

from fixture_file import out_dir, write_fixture  # noqa: E402
from pyvalues import secret_to_typed, to_typed  # noqa: E402

from itsdangerous import (  # noqa: E402
    BadData,
    BadPayload,
    BadSignature,
    BadTimeSignature,
    HMACAlgorithm,
    NoneAlgorithm,
    Serializer,
    Signer,
    TimedSerializer,
    TimestampSigner,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)
from itsdangerous.encoding import base64_encode, int_to_bytes  # noqa: E402

GENERATOR = "scripts/gen_itsdangerous_fixtures.py"

MISSING = object()  # "keyword not passed" (None is a meaningful value for salt)

T0 = 1700000000  # the usual signing time
SECRET = "secret-key"

CLASSES = {
    "Signer": Signer,
    "TimestampSigner": TimestampSigner,
    "Serializer": Serializer,
    "TimedSerializer": TimedSerializer,
    "URLSafeSerializer": URLSafeSerializer,
    "URLSafeTimedSerializer": URLSafeTimedSerializer,
}
TIMED = {"TimestampSigner", "TimedSerializer", "URLSafeTimedSerializer"}
SIGNERS = {"Signer", "TimestampSigner"}
URLSAFE = {"URLSafeSerializer", "URLSafeTimedSerializer"}
DIGESTS = ["sha1", "sha224", "sha256", "sha384", "sha512"]
KEY_DERIVATIONS = ["concat", "django-concat", "hmac", "none"]
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


# --------------------------------------------------------------------------------------------
# The clock. Every TimestampSigner (including fallback signers built inside serializers) asks
# get_timestamp; we make it return CLOCK.now and fail loudly when no time was set, so an
# accidental dependency on the real time cannot slip into the fixtures.
# --------------------------------------------------------------------------------------------


class _Clock:
    now = None


CLOCK = _Clock()


def _fixed_timestamp(self):
    if CLOCK.now is None:
        raise RuntimeError("get_timestamp called without a fixed time (generator bug)")
    return CLOCK.now


TimestampSigner.get_timestamp = _fixed_timestamp


# Two interpreter limits change what json accepts: the recursion limit (how deep a document
# json.loads parses; the C scanner counts against it) and the int/str conversion limit (4300 digits
# in 3.11). The library calls run at the interpreter's defaults; our own code (to_typed of deep or
# huge values, the fixture writer) runs with both lifted.
LIBRARY_RECURSION_LIMIT = sys.getrecursionlimit()
LIBRARY_INT_DIGITS = sys.get_int_max_str_digits()
OWN_RECURSION_LIMIT = 20000


@contextlib.contextmanager
def library_call(now):
    """Run an itsdangerous call at time `now` and the default recursion limit."""
    CLOCK.now = now
    sys.setrecursionlimit(LIBRARY_RECURSION_LIMIT)
    sys.set_int_max_str_digits(LIBRARY_INT_DIGITS)
    try:
        yield
    finally:
        sys.setrecursionlimit(OWN_RECURSION_LIMIT)
        sys.set_int_max_str_digits(0)
        CLOCK.now = None


def epoch(dt):
    """Aware UTC datetime -> integer epoch seconds."""
    if dt is None:
        return None
    delta = dt - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return delta.days * 86400 + delta.seconds


# --------------------------------------------------------------------------------------------
# Configurations: one constructor call, options kept in the recorded (camelCase) form with
# Python str/bytes values, converted to JSON for the fixture and to keywords for Python.
# --------------------------------------------------------------------------------------------


def _bytes_or_str_json(v):
    return secret_to_typed(v)


def _signer_kwargs_json(opts):
    out = {}
    for k, v in opts.items():
        out[k] = _bytes_or_str_json(v) if k in ("salt", "sep") else v
    return out


def options_json(opts):
    out = {}
    for k, v in opts.items():
        if k in ("salt", "sep"):
            out[k] = _bytes_or_str_json(v)
        elif k == "signerKwargs":
            out[k] = _signer_kwargs_json(v)
        elif k == "serializerKwargs":
            out[k] = {kk: list(vv) if isinstance(vv, tuple) else vv for kk, vv in v.items()}
        elif k == "fallbackSigners":
            out[k] = [
                {kk: _signer_kwargs_json(vv) if kk == "signerKwargs" else vv for kk, vv in fb.items()}
                for fb in v
            ]
        else:
            out[k] = v
    return out


def _algorithm_py(v):
    if v == "none":
        return NoneAlgorithm()
    return HMACAlgorithm(getattr(hashlib, v["hmac"]))


def _signer_kwargs_py(opts):
    names = {"salt": "salt", "sep": "sep", "keyDerivation": "key_derivation"}
    out = {}
    for k, v in opts.items():
        if k in names:
            out[names[k]] = v
        elif k == "digestMethod":
            out["digest_method"] = getattr(hashlib, v)
        elif k == "algorithm":
            out["algorithm"] = _algorithm_py(v)
        else:
            raise KeyError(k)
    return out


def _fallback_py(fb):
    if "signer" in fb and "signerKwargs" in fb:
        return (CLASSES[fb["signer"]], _signer_kwargs_py(fb["signerKwargs"]))  # tuple form
    if "signer" in fb:
        return CLASSES[fb["signer"]]  # class form: reuses the serializer's signer_kwargs
    return _signer_kwargs_py(fb["signerKwargs"])  # dict form: replaces signer_kwargs


def options_py(opts):
    out = {}
    rest = {}
    for k, v in opts.items():
        if k == "serializerKwargs":
            out["serializer_kwargs"] = {kk: tuple(vv) if kk == "separators" else vv for kk, vv in v.items()}
        elif k == "signerKwargs":
            out["signer_kwargs"] = _signer_kwargs_py(v)
        elif k == "fallbackSigners":
            out["fallback_signers"] = [_fallback_py(fb) for fb in v]
        else:
            rest[k] = v
    out.update(_signer_kwargs_py(rest))
    return out


class Config:
    """A class name, a secret (str, bytes or a list of them) and constructor options."""

    def __init__(self, cls, secret=SECRET, **options):
        assert cls in CLASSES
        self.cls = cls
        self.secret = secret
        self.options = options

    def but(self, secret=MISSING, **options):
        """A copy with another secret and/or some options replaced (None value = drop it)."""
        opts = dict(self.options)
        for k, v in options.items():
            if v is None and k != "salt":
                opts.pop(k, None)
            else:
                opts[k] = v
        return Config(self.cls, self.secret if secret is MISSING else secret, **opts)

    @property
    def timed(self):
        return self.cls in TIMED

    @property
    def is_signer(self):
        return self.cls in SIGNERS

    @property
    def sep(self):
        """The separator as str (for splitting tokens when deriving bad ones)."""
        sep = self.options.get("sep", self.options.get("signerKwargs", {}).get("sep", "."))
        return sep.decode() if isinstance(sep, bytes) else sep

    def json(self):
        return {"class": self.cls, "secret": secret_to_typed(self.secret), "options": options_json(self.options)}

    def build(self):
        return CLASSES[self.cls](self.secret, **options_py(self.options))


# Frequently used configurations.
FLASK = dict(salt="cookie-session", signerKwargs={"keyDerivation": "hmac", "digestMethod": "sha1"})


def flask_like():
    """What Flask's SecureCookieSessionInterface builds (with plain JSON instead of tagged JSON)."""
    return Config("URLSafeTimedSerializer", **FLASK)


# --------------------------------------------------------------------------------------------
# Running Python: producing tokens and recording checks.
# --------------------------------------------------------------------------------------------

NON_ITSDANGEROUS = []  # (case id, check description, exception) for the report


def token_json(tok):
    """A token as recorded: str as is; bytes as str when they are UTF-8, else {"bytes": hex}."""
    if isinstance(tok, str):
        return tok
    try:
        return tok.decode("utf-8")
    except UnicodeDecodeError:
        return {"bytes": tok.hex()}


def bytes_value_json(b):
    """unsign's return value: str if the bytes decode as UTF-8 else {"bytes": hex}."""
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return {"bytes": b.hex()}


def token_py(tok):
    """What the checks pass to Python: the recorded token, rebuilt from its recorded form."""
    return bytes.fromhex(tok["bytes"]) if isinstance(tok, dict) else tok


class Check:
    """One call to make on the case's token."""

    def __init__(self, call, now=None, max_age=None, salt=MISSING, rt=False):
        self.call, self.now, self.max_age, self.salt, self.rt = call, now, max_age, salt, rt


def _invoke(obj, cfg, token, chk):
    salt = {} if chk.salt is MISSING else {"salt": chk.salt}
    if chk.call == "unsign":
        if cfg.timed:
            return obj.unsign(token, max_age=chk.max_age, return_timestamp=chk.rt)
        return obj.unsign(token)
    if chk.call == "validate":
        if cfg.timed:
            return obj.validate(token, max_age=chk.max_age)
        return obj.validate(token)
    if chk.call == "loads":
        if cfg.timed:
            return obj.loads(token, max_age=chk.max_age, return_timestamp=chk.rt, **salt)
        return obj.loads(token, **salt)
    if chk.call == "loads_unsafe":
        if cfg.timed:
            return obj.loads_unsafe(token, max_age=chk.max_age, **salt)
        return obj.loads_unsafe(token, **salt)
    raise ValueError(chk.call)


def run_check(case_id, cfg, token, chk):
    assert (chk.call in ("unsign", "validate")) == cfg.is_signer, (case_id, chk.call)
    assert cfg.timed or (chk.now is None and chk.max_age is None and not chk.rt), case_id
    out = {"call": chk.call, "now": chk.now, "maxAge": chk.max_age}
    if chk.salt is not MISSING:
        out["salt"] = secret_to_typed(chk.salt)
    if cfg.timed:
        out["returnTimestamp"] = chk.rt
    obj = cfg.build()
    try:
        with library_call(chk.now):
            rv = _invoke(obj, cfg, token_py(token), chk)
    except Exception as e:  # noqa: BLE001 - everything Python raises is part of the record
        out["result"] = type(e).__name__
        if isinstance(e, BadData):
            out["message"] = str(e)
        if cfg.timed:
            out["dateSigned"] = epoch(e.date_signed) if isinstance(e, BadTimeSignature) else None
        if isinstance(e, BadSignature):
            out["payload"] = None if e.payload is None else {"bytes": bytes(e.payload).hex()}
        if isinstance(e, BadPayload) and e.original_error is not None:
            oe = type(e.original_error)
            out["originalError"] = f"{oe.__module__}.{oe.__qualname__}"
        if not isinstance(e, BadData):
            out["nonItsdangerousError"] = True
            NON_ITSDANGEROUS.append((case_id, chk.call, chk.now, chk.max_age, chk.rt, type(e).__name__, str(e)))
    else:
        out["result"] = "ok"
        date = None
        if chk.call == "unsign":
            if chk.rt:
                rv, date = rv
            out["value"] = bytes_value_json(rv)
        elif chk.call == "validate":
            out["value"] = rv
        elif chk.call == "loads":
            if chk.rt:
                rv, date = rv
            out["value"] = to_typed(rv)
        else:  # loads_unsafe
            out["value"] = to_typed(tuple(rv))
        if cfg.timed:
            out["dateSigned"] = epoch(date)
    return out


def produce(cfg, value, ts=None, salt=MISSING):
    """Sign (signers) or dumps (serializers) a value at time ts. Returns raw token or raises."""
    obj = cfg.build()
    with library_call(ts):
        if cfg.is_signer:
            return obj.sign(value)
        if salt is MISSING:
            return obj.dumps(value)
        return obj.dumps(value, salt)


def forge(cfg, signed, ts=None, plain=False, salt=MISSING):
    """Sign hand-built bytes with exactly the signer the case's config would use.

    Serializers: make_signer(salt) gives that signer. plain=True calls the base Signer.sign on it,
    so a TimestampSigner does not append a timestamp: that is how we forge tokens whose timestamp
    field we wrote ourselves (empty, 9 bytes, bad base64) yet carry a valid signature.
    """
    obj = cfg.build()
    signer = obj if cfg.is_signer else obj.make_signer(None if salt is MISSING else salt)
    with library_call(ts):
        raw = Signer.sign(signer, signed) if plain else signer.sign(signed)
    if not cfg.is_signer and obj.is_text_serializer:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw
    return raw


# --------------------------------------------------------------------------------------------
# Standard sets of checks.
# --------------------------------------------------------------------------------------------


def basic_checks(cfg, ts=None):
    """The checks every token gets: the main call and its lenient sibling."""
    if cfg.is_signer:
        if cfg.timed:
            return [Check("unsign", ts + 10), Check("unsign", ts + 10, 3600), Check("validate", ts + 10, 3600)]
        return [Check("unsign"), Check("validate")]
    if cfg.timed:
        return [Check("loads", ts + 10), Check("loads", ts + 10, 3600), Check("loads_unsafe", ts + 10, 3600)]
    return [Check("loads"), Check("loads_unsafe")]


def short_checks(cfg, ts=None):
    """For the many value cases: main call with a max_age, returning the timestamp when timed."""
    main = "unsign" if cfg.is_signer else "loads"
    if cfg.timed:
        return [Check(main, ts + 10, 3600, rt=True)]
    return [Check(main)]


def timed_grid(cfg, ts):
    """Every edge of the max_age logic (item 8): age 0, inside, == max_age, max_age + 1,
    negative age (signed in the future), max_age None, max_age 0, a fractional max_age and
    return_timestamp; plus the lenient calls on expired/future tokens."""
    main = "unsign" if cfg.is_signer else "loads"
    lenient = "validate" if cfg.is_signer else "loads_unsafe"
    return [
        Check(main, ts, None),
        Check(main, ts, 3600),
        Check(main, ts + 100, 3600),
        Check(main, ts + 3600, 3600),  # age == max_age: still valid (age > max_age fails)
        Check(main, ts + 3601, 3600),  # one second too old
        Check(main, ts - 5, 3600),  # signed in the future: "Signature age -5 < 0 seconds"
        Check(main, ts - 5, None),  # ... which only matters when a max_age is given
        Check(main, ts, 0),
        Check(main, ts + 1, 0),
        Check(main, ts + 3600, 3600.5),  # Flask passes ints, but Python accepts any number
        Check(main, ts + 3601, 3600.5),
        Check(main, ts + 10, 3600, rt=True),
        Check(main, ts + 10, None, rt=True),
        Check(main, ts + 3601, 3600, rt=True),
        Check(lenient, ts + 3601, 3600),
        Check(lenient, ts - 5, 3600),
        Check(lenient, ts + 10, 3600),
    ]


# --------------------------------------------------------------------------------------------
# Case collection.
# --------------------------------------------------------------------------------------------


class Fixture:
    def __init__(self):
        self.cases = []
        self.ids = set()
        self.good = {}  # id -> (cfg, token, ts) of good cases, for deriving bad ones

    def _add(self, case):
        assert case["id"] not in self.ids, case["id"]
        assert case["id"].isascii() and case["id"].isprintable() and " " not in case["id"], case["id"]
        self.ids.add(case["id"])
        self.cases.append(case)
        return case

    def case(self, case_id, cfg, token, checks, ts=None, **extra):
        """A case whose token is given (forged, mutated, or loaded by another config)."""
        case = {"id": case_id, **cfg.json(), "timestamp": ts}
        for k in ("dumps", "forged", "base", "mutation"):
            if k in extra:
                case[k] = extra[k]
        tok = token_json(token)
        case["token"] = tok
        case["checks"] = [run_check(case_id, cfg, tok, c) for c in checks]
        return self._add(case)

    def good_case(self, case_id, cfg, value, ts=MISSING, salt=MISSING, checks=None, extra_checks=()):
        """Python makes the token from `value`; the default checks load it back.

        Returns the token (or None when dumps raised, which is recorded as a dumps error case).
        """
        if ts is MISSING:
            ts = T0 if cfg.timed else None
        dumps = {"value": to_typed(value)}
        if salt is not MISSING:
            dumps["salt"] = secret_to_typed(salt)
        try:
            raw = produce(cfg, value, ts, salt)
        except Exception as e:  # noqa: BLE001
            dumps["error"] = {"result": type(e).__name__}
            if isinstance(e, BadData):
                dumps["error"]["message"] = str(e)
            else:
                dumps["error"]["nonItsdangerousError"] = True
                NON_ITSDANGEROUS.append((case_id, "dumps/sign", ts, None, False, type(e).__name__, str(e)))
            self._add({"id": case_id, **cfg.json(), "timestamp": ts, "dumps": dumps, "token": None, "checks": []})
            return None
        tok = token_json(raw)
        dumps["token"] = tok
        if cfg.cls in URLSAFE:
            dumps["compressed"] = tok.startswith(".")
        if checks is None:
            checks = basic_checks(cfg, ts)
        self.case(case_id, cfg, raw, list(checks) + list(extra_checks), ts, dumps=dumps)
        self.good[case_id] = (cfg, raw, ts)
        return raw

    def forged_case(self, case_id, cfg, signed, ts=MISSING, plain=False, checks=None, salt=MISSING):
        """A validly signed token around hand-built bytes (bad JSON, bad zlib, odd timestamps...)."""
        if ts is MISSING:
            ts = T0 if cfg.timed else None
        signed = signed.encode("utf-8") if isinstance(signed, str) else signed
        raw = forge(cfg, signed, ts, plain, salt)
        forged = {"signed": {"bytes": signed.hex()}, "method": "Signer.sign" if plain else "sign"}
        if salt is not MISSING:
            forged["salt"] = secret_to_typed(salt)
        if checks is None:
            checks = basic_checks(cfg, ts)
        self.case(case_id, cfg, raw, checks, ts, forged=forged)
        return raw

    def construct_error(self, case_id, cfg):
        """The constructor itself raises (e.g. a separator from the base64 alphabet)."""
        try:
            cfg.build()
        except Exception as e:  # noqa: BLE001
            err = {"result": type(e).__name__, "message": str(e)}
        else:
            raise AssertionError(f"{case_id}: constructor did not raise")
        self._add({"id": case_id, **cfg.json(), "timestamp": None, "constructError": err, "token": None, "checks": []})


def split_token(cfg, tok):
    """(payload, timestamp or None, signature) of a str token, splitting from the right."""
    sep = cfg.sep
    if cfg.timed:
        payload, ts, sig = tok.rsplit(sep, 2)
        return payload, ts, sig
    payload, sig = tok.rsplit(sep, 1)
    return payload, None, sig


def join_token(cfg, payload, ts, sig):
    sep = cfg.sep
    return sep.join([payload, ts, sig]) if ts is not None else sep.join([payload, sig])


def next_b64(c):
    """The fixed replacement character used by single-character substitutions."""
    return B64URL[(B64URL.index(c) + 1) % 64] if c in B64URL else "A"


# --------------------------------------------------------------------------------------------
# 1. Every class with its defaults (and with the defaults spelled out explicitly).
# --------------------------------------------------------------------------------------------

SAMPLE = {"user": "alice", "id": 42, "roles": ["admin", "dev"], "ok": True}


def gen_defaults(fx):
    for cls in CLASSES:
        cfg = Config(cls)
        value = "hello world" if cls in SIGNERS else SAMPLE
        checks = basic_checks(cfg, T0) if not cfg.timed else timed_grid(cfg, T0)
        fx.good_case(f"defaults/{cls}", cfg, value, checks=checks)
    # Defaults spelled out: the token must equal the default one. Signer's default salt is
    # "itsdangerous.Signer", the serializers' is "itsdangerous" (a different derived key).
    explicit = dict(keyDerivation="django-concat", digestMethod="sha1")
    fx.good_case("defaults-explicit/Signer", Config("Signer", salt="itsdangerous.Signer", sep=".", **explicit), "hello world")
    fx.good_case("defaults-explicit/TimestampSigner", Config("TimestampSigner", salt=b"itsdangerous.Signer", sep=b".", **explicit), "hello world")
    for cls in ("Serializer", "TimedSerializer", "URLSafeSerializer", "URLSafeTimedSerializer"):
        fx.good_case(f"defaults-explicit/{cls}", Config(cls, salt="itsdangerous", signerKwargs=dict(sep=".", **explicit)), SAMPLE)
    # The Serializer's JSON dialect made explicit: these give the same tokens as the defaults.
    fx.good_case(
        "defaults-explicit/Serializer-json-kwargs",
        Config("Serializer", serializerKwargs={"separators": [", ", ": "], "ensure_ascii": True}),
        SAMPLE,
    )
    fx.good_case(
        "defaults-explicit/URLSafeSerializer-json-kwargs",
        Config("URLSafeSerializer", serializerKwargs={"separators": [",", ":"], "ensure_ascii": False}),
        SAMPLE,
    )
    # A str secret and the same secret as bytes are the same key.
    fx.good_case("defaults/secret-bytes/URLSafeSerializer", Config("URLSafeSerializer", secret=b"secret-key"), SAMPLE)
    fx.good_case("defaults/secret-non-ascii/URLSafeSerializer", Config("URLSafeSerializer", secret="sécret-🔑"), SAMPLE)
    fx.good_case("defaults/secret-binary/URLSafeSerializer", Config("URLSafeSerializer", secret=bytes(range(256))), SAMPLE)
    fx.good_case("defaults/secret-empty/URLSafeSerializer", Config("URLSafeSerializer", secret=""), SAMPLE)
    # A long secret (> the hash block size) is hashed first by HMAC; matters with keyDerivation "none".
    fx.good_case("defaults/secret-long/Signer-kd-none", Config("Signer", secret="k" * 200, keyDerivation="none"), "hello")
    fx.good_case("defaults/secret-long/Signer-kd-hmac", Config("Signer", secret="k" * 200, keyDerivation="hmac"), "hello")
    # The Flask session configuration, on its own.
    fx.good_case("flask-like/basic", flask_like(), {"_permanent": True, "user_id": 7}, checks=timed_grid(flask_like(), T0))


# --------------------------------------------------------------------------------------------
# 2. Every key derivation x digest method, and the two algorithm objects.
# --------------------------------------------------------------------------------------------


def gen_key_derivation(fx):
    for kd in KEY_DERIVATIONS:
        for dm in DIGESTS:
            fx.good_case(f"kd/Signer/{kd}/{dm}", Config("Signer", keyDerivation=kd, digestMethod=dm), "value")
            fx.good_case(f"kd/TimestampSigner/{kd}/{dm}", Config("TimestampSigner", keyDerivation=kd, digestMethod=dm), "value")
            fx.good_case(
                f"kd/URLSafeTimedSerializer/{kd}/{dm}",
                Config("URLSafeTimedSerializer", signerKwargs={"keyDerivation": kd, "digestMethod": dm}),
                {"k": kd, "d": dm},
            )
        # Only the key derivation given: digest stays sha1.
        fx.good_case(f"kd/Serializer/{kd}", Config("Serializer", signerKwargs={"keyDerivation": kd}), {"k": kd})
    for dm in DIGESTS:
        fx.good_case(f"digest/URLSafeSerializer/{dm}", Config("URLSafeSerializer", signerKwargs={"digestMethod": dm}), {"d": dm})
        fx.good_case(f"digest/TimedSerializer/{dm}", Config("TimedSerializer", signerKwargs={"digestMethod": dm}), {"d": dm})

    # NoneAlgorithm: empty signature, the token ends with the separator; anything "value." validates.
    none_signer = Config("Signer", algorithm="none")
    fx.good_case("algorithm/none/Signer", none_signer, "value")
    fx.case("algorithm/none/Signer/any-value", none_signer, b"anything at all.", [Check("unsign"), Check("validate")])
    fx.case("algorithm/none/Signer/nonempty-sig", none_signer, b"value.AAAA", [Check("unsign"), Check("validate")])
    fx.good_case("algorithm/none/TimestampSigner", Config("TimestampSigner", algorithm="none"), "value", checks=timed_grid(Config("TimestampSigner", algorithm="none"), T0))
    fx.good_case("algorithm/none/URLSafeSerializer", Config("URLSafeSerializer", signerKwargs={"algorithm": "none"}), SAMPLE)
    fx.good_case("algorithm/none/URLSafeTimedSerializer", Config("URLSafeTimedSerializer", signerKwargs={"algorithm": "none"}), SAMPLE)
    # A real token loaded by a NoneAlgorithm serializer: its non-empty signature does not match b"".
    tok = produce(Config("URLSafeSerializer"), SAMPLE)
    fx.case("algorithm/none/URLSafeSerializer/loads-hmac-token", Config("URLSafeSerializer", signerKwargs={"algorithm": "none"}), tok, basic_checks(Config("URLSafeSerializer")))
    # HMACAlgorithm(sha256) with the default digest method: the key is still derived with sha1.
    fx.good_case("algorithm/hmac-sha256/Signer", Config("Signer", algorithm={"hmac": "sha256"}), "value")
    fx.good_case("algorithm/hmac-sha256/Signer-digest-sha512", Config("Signer", algorithm={"hmac": "sha256"}, digestMethod="sha512"), "value")
    fx.good_case(
        "algorithm/hmac-sha256/URLSafeTimedSerializer",
        Config("URLSafeTimedSerializer", signerKwargs={"algorithm": {"hmac": "sha256"}, "keyDerivation": "hmac"}),
        SAMPLE,
    )
    # ... and that token is NOT the same as digestMethod sha256 (the derived key differs).
    tok = produce(Config("Signer", algorithm={"hmac": "sha256"}), "value")
    fx.case("algorithm/hmac-sha256/Signer/loaded-by-digest-sha256", Config("Signer", digestMethod="sha256"), tok, [Check("unsign"), Check("validate")])
    # An unknown key derivation fails only when a key is derived (sign or unsign): TypeError.
    bogus = Config("Signer", keyDerivation="bogus")
    fx.good_case("error/unknown-key-derivation/sign", bogus, "value")
    fx.case("error/unknown-key-derivation/unsign", bogus, produce(Config("Signer"), "value"), [Check("unsign"), Check("validate")])
    fx.case("error/unknown-key-derivation/unsign-no-sep", bogus, b"no separator", [Check("unsign"), Check("validate")])
    fx.case("error/unknown-key-derivation/unsign-bad-b64-sig", bogus, b"value.A", [Check("unsign"), Check("validate")])


# --------------------------------------------------------------------------------------------
# 3. Salts.
# --------------------------------------------------------------------------------------------


def gen_salts(fx):
    for cls in CLASSES:
        base = Config(cls)
        value = "salty" if cls in SIGNERS else {"s": 1}
        fx.good_case(f"salt/{cls}/str", Config(cls, salt="my-salt"), value)
        fx.good_case(f"salt/{cls}/bytes", Config(cls, salt=b"my-salt"), value)  # same token as str
        fx.good_case(f"salt/{cls}/non-ascii", Config(cls, salt="sälz-🧂"), value)
        fx.good_case(f"salt/{cls}/empty", Config(cls, salt=""), value)  # "" is a salt, not "use the default"
        # salt=None: the SIGNER's default salt b"itsdangerous.Signer", even for serializers whose own
        # default is b"itsdangerous" -- Serializer(salt=None) != Serializer().
        tok = fx.good_case(f"salt/{cls}/none", Config(cls, salt=None), value)
        if cls not in SIGNERS:
            ts = T0 if base.timed else None
            now = T0 + 10 if base.timed else None
            fx.case(
                f"salt/{cls}/none/loaded-by-explicit-signer-salt",
                Config(cls, salt="itsdangerous.Signer"),
                tok,
                basic_checks(base, ts),
                ts,
                base=f"salt/{cls}/none",
            )
            fx.case(f"salt/{cls}/none/loaded-by-default", base, tok, basic_checks(base, ts), ts, base=f"salt/{cls}/none")
            # dumps(obj, salt) overrides; loads needs the same salt kwarg; bytes == str.
            tok = fx.good_case(
                f"salt/{cls}/dumps-override",
                base,
                value,
                salt="per-call",
                extra_checks=[
                    Check("loads", now, salt="per-call"),
                    Check("loads", now, salt=b"per-call"),
                    Check("loads", now, salt="other"),
                    Check("loads_unsafe", now, salt="per-call"),
                    Check("loads_unsafe", now, salt="other"),
                ],
            )
            # The serializer constructed with that salt loads it without a salt kwarg.
            fx.case(f"salt/{cls}/dumps-override/loaded-by-ctor-salt", Config(cls, salt="per-call"), tok, basic_checks(base, ts), ts)
            # dumps(obj, salt=None) means "use the serializer's salt".
            fx.good_case(f"salt/{cls}/dumps-override-none", base, value, salt=None)
            fx.good_case(f"salt/{cls}/dumps-override-empty", base, value, salt="", extra_checks=[Check("loads", now, salt="")])
            # Wrong salt at load time.
            fx.case(
                f"salt/{cls}/default/loads-wrong-salt",
                base,
                produce(base, value, ts),
                [Check("loads", now, salt="wrong"), Check("loads_unsafe", now, salt="wrong"), Check("loads", now, salt="itsdangerous")],
                ts,
            )
        else:
            # Signers: the salt is a constructor argument only; the wrong one fails.
            ts = T0 if base.timed else None
            fx.case(f"salt/{cls}/str/loaded-by-default-salt", base, produce(Config(cls, salt="my-salt"), value, ts), basic_checks(base, ts), ts)
            fx.case(f"salt/{cls}/none/loaded-by-default", base, tok, basic_checks(base, ts), ts, base=f"salt/{cls}/none")


# --------------------------------------------------------------------------------------------
# 4. Separators.
# --------------------------------------------------------------------------------------------


def gen_seps(fx):
    seps = [("pipe", "|"), ("double-colon", "::"), ("tilde-bytes", b"~"), ("e-acute", "é"), ("space", " "), ("slash", "/"), ("plus", "+")]
    for slug, sep in seps:
        for cls in ("Signer", "TimestampSigner"):
            cfg = Config(cls, sep=sep)
            fx.good_case(f"sep/{cls}/{slug}", cfg, "a.b|c")
            if slug == "pipe":
                ts = T0 if cfg.timed else None
                fx.case(f"sep/{cls}/{slug}/loaded-with-dot", Config(cls), produce(cfg, "a.b|c", ts), basic_checks(cfg, ts), ts)
        for cls in ("URLSafeTimedSerializer", "Serializer"):
            cfg = Config(cls, signerKwargs={"sep": sep})
            fx.good_case(f"sep/{cls}/{slug}", cfg, {"a": "x|y::z~é"})
    # Loading with the wrong separator: rsplit finds no / the wrong separator.
    tok = produce(Config("URLSafeTimedSerializer", signerKwargs={"sep": "|"}), SAMPLE, T0)
    fx.case("sep/URLSafeTimedSerializer/pipe/loaded-with-dot", Config("URLSafeTimedSerializer"), tok, basic_checks(Config("URLSafeTimedSerializer"), T0), T0)
    tok = produce(Config("URLSafeTimedSerializer"), SAMPLE, T0)
    fx.case("sep/URLSafeTimedSerializer/dot/loaded-with-pipe", Config("URLSafeTimedSerializer", signerKwargs={"sep": "|"}), tok, basic_checks(Config("URLSafeTimedSerializer"), T0), T0)
    tok = produce(Config("Signer", sep="::"), "value")
    fx.case("sep/Signer/double-colon/loaded-with-colon", Config("Signer", sep=":"), tok, [Check("unsign"), Check("validate")])
    # A separator that may appear in base64 output is refused by the constructor.
    for slug, sep in [("letter", "a"), ("digit", "1"), ("dash", "-"), ("underscore", "_"), ("equals", "="), ("empty", "")]:
        fx.construct_error(f"sep/construct-error/{slug}", Config("Signer", sep=sep))
    fx.construct_error("sep/construct-error/bytes-letter", Config("Signer", sep=b"x"))
    # The check is `sep in alphabet`, a SUBSTRING test on the alphabet bytes: "ab" is refused
    # (it occurs in "abcd..."), but "ba" and "a." made of/with alphabet chars are accepted.
    fx.construct_error("sep/construct-error/multi-char-substring-ab", Config("Signer", sep="ab"))
    fx.construct_error("sep/construct-error/multi-char-substring-XYZ", Config("Signer", sep="XYZ"))
    fx.good_case("sep/Signer/multi-char-letters-ba", Config("Signer", sep="ba"), "value")
    fx.construct_error("sep/construct-error/multi-char-substring-zA", Config("Signer", sep="zA"))  # "...xyzABC..."
    fx.good_case("sep/Signer/multi-char-letters-Za", Config("Signer", sep="Za"), "value")
    fx.good_case("sep/Signer/multi-char-a-dot", Config("Signer", sep="a."), "value")


# --------------------------------------------------------------------------------------------
# 5. Values: the JSON dialects of the two serializer families.
# --------------------------------------------------------------------------------------------

VALUES = [
    ("dict", {"a": 1, "b": "two"}),
    ("nested", {"user": {"id": 42, "roles": ["admin", "dev"], "prefs": {"theme": "dark", "n": None}}, "ok": True}),
    ("empty-dict", {}),
    ("empty-list", []),
    ("empty-str", ""),
    ("true", True),
    ("false", False),
    ("null", None),
    ("int-0", 0),
    ("int-neg", -1),
    ("int-2p53-1", 2**53 - 1),
    ("int-2p53", 2**53),
    ("int-2p53+1", 2**53 + 1),
    ("int-2p63", 2**63),
    ("int-1e30", 10**30),
    ("int-neg-1e30", -(10**30)),
    ("float-1.0", 1.0),
    ("float-1.5", 1.5),
    ("float-1e-05", 1e-05),
    ("float-1e-07", 1e-07),
    ("float-1e16", 1e16),
    ("float-1e21", 1e21),
    ("float-1.5e300", 1.5e300),
    ("float-5e-324", 5e-324),
    ("float-neg-zero", -0.0),
    ("float-0.1+0.2", 0.1 + 0.2),
    ("float-2p53", 2.0**53),
    ("float-123456789.123", 123456789.123),
    ("float-nan", float("nan")),
    ("float-inf", float("inf")),
    ("float-neg-inf", float("-inf")),
    ("floats-in-list", [1.0, -0.0, 1e16, float("nan"), float("inf")]),
    ("str-non-ascii", "héllo wörld ñ ü"),
    ("str-cjk", "日本語テキスト"),
    ("str-astral", "smile 😀 and 𝄞"),
    ("str-control", "a\x00b\x01c\x1f\n\t\r\b\f"),
    ("str-del", "a\x7fb"),
    ("str-c1-and-separators", "\x80\x9f\u2028\u2029\u200b"),
    ("str-quotes-backslash", 'He said "hi" \\ / \' </script>'),
    ("str-bom-and-noncharacters", "\ufeff\ufffe\uffff\U0010ffff"),
    ("str-lone-high-surrogate", "a\ud800b"),
    ("str-lone-low-surrogate", "\udc00"),
    ("str-reversed-surrogates", "\ude00\ud83d"),
    ("str-long-repetitive", "abc" * 200),
    ("keys-integer-like", {"10": "a", "2": "b", "b": "c", "1": "d", "0": "e"}),
    ("keys-integer-like-edge", {"-1": 1, "01": 2, "4294967295": 3, "4294967294": 4, "1.5": 5, "9007199254740993": 6}),
    ("keys-proto", {"__proto__": {"polluted": True}, "constructor": 1, "toString": 2}),
    ("keys-non-ascii-order", {"😀": 1, "\ue000": 2, "é": 3, "a": 4, "Z": 5}),
    ("keys-empty", {"": ""}),
    ("tuple", ("a", 1, [2, 3], ("nested",))),
    ("list-mixed", [1, "two", 3.0, None, True, False, {"k": []}, []]),
    ("deep-nesting-50", [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]),
]

# Values dumps refuses: lone surrogates in UTF-8 output, >4300-digit ints (Python 3.11 limit).
DUMPS_ERROR_VALUES = [
    ("int-4301-digits", 10**4300),
]


def gen_values(fx):
    dumps_classes = ["Serializer", "URLSafeSerializer", "URLSafeTimedSerializer", "TimedSerializer"]
    for cls in dumps_classes:
        cfg = Config(cls)
        values = VALUES if cls != "TimedSerializer" else VALUES[::3]
        for slug, value in values:
            # Lone surrogates: Serializer escapes them (ensure_ascii=True); URLSafe* write raw UTF-8
            # and fail in str.encode -> recorded as dumps errors.
            fx.good_case(f"values/{cls}/{slug}", cfg, value, extra_checks=short_checks(cfg, T0 if cfg.timed else None))
    for slug, value in DUMPS_ERROR_VALUES:
        fx.good_case(f"values/Serializer/{slug}", Config("Serializer"), value)
    fx.good_case("values/Serializer/int-4300-digits", Config("Serializer"), int("9" * 4300))
    fx.good_case("values/URLSafeSerializer/int-4300-digits", Config("URLSafeSerializer"), int("9" * 4300))

    # serializerKwargs: the TS port must honour the Python json.dumps options.
    ser_kwargs = [
        ("sort-keys", {"sort_keys": True}),
        ("ensure-ascii-true", {"ensure_ascii": True}),
        ("ensure-ascii-false", {"ensure_ascii": False}),
        ("stdlib-separators", {"separators": [", ", ": "]}),
        ("compact-separators", {"separators": [",", ":"]}),
        ("indent-2", {"indent": 2}),
        ("indent-0", {"indent": 0}),
        ("indent-str", {"indent": "\t"}),
        ("allow-nan-false", {"allow_nan": False}),
        ("sort-keys-indent", {"sort_keys": True, "indent": 1, "ensure_ascii": False}),
    ]
    kw_values = [
        ("mixed", {"b": [1, 2.5, None], "a": {"é": "😀", "\ue000": "x"}, "A": ""}),
        ("unicode-keys", {"😀": 1, "\ue000": 2, "\uffff": 3, "\U00010000": 4, "é": 5, "a": 6, "Z": 7, "": 8}),
        ("lone-surrogate", {"s": "\ud800"}),
        ("nan", [float("nan"), float("-inf")]),
        ("integer-keys", {"10": 1, "2": 2, "b": 3, "1": 4}),
    ]
    for cls in ("Serializer", "URLSafeSerializer"):
        for kslug, kw in ser_kwargs:
            cfg = Config(cls, serializerKwargs=kw)
            for vslug, value in kw_values:
                fx.good_case(f"serializer-kwargs/{cls}/{kslug}/{vslug}", cfg, value, extra_checks=short_checks(cfg))
    fx.good_case(
        "serializer-kwargs/URLSafeTimedSerializer/sort-keys/unicode-keys",
        Config("URLSafeTimedSerializer", serializerKwargs={"sort_keys": True}),
        kw_values[1][1],
    )

    # Signers sign str or bytes; non-UTF-8 results are recorded as {"bytes": hex}.
    signer_values = [
        ("str", "hello"),
        ("empty-str", ""),
        ("empty-bytes", b""),
        ("non-ascii", "héllo 😀"),
        ("binary", b"\xff\x00\xfe binary"),
        ("contains-sep", "a.b.c"),
        ("newline", "line1\nline2"),
        ("lone-surrogate", "a\ud800"),  # str.encode("utf-8") raises: dumps error
        ("long", "x" * 1000),
    ]
    for cls in ("Signer", "TimestampSigner"):
        cfg = Config(cls)
        for slug, value in signer_values:
            fx.good_case(f"values/{cls}/{slug}", cfg, value, extra_checks=short_checks(cfg, T0 if cfg.timed else None))


# --------------------------------------------------------------------------------------------
# 6. Compression (URL-safe serializers): compressed only when strictly shorter by 2+ bytes.
# --------------------------------------------------------------------------------------------


def gzip_bytes(data):
    """A gzip member of `data` with a fixed header (no name, mtime 0, XFL 0, OS 255 = unknown).
    gzip.compress writes different XFL/OS bytes in different CPython versions."""
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = deflater.compress(data) + deflater.flush()
    trailer = (zlib.crc32(data) & 0xFFFFFFFF).to_bytes(4, "little") + (len(data) & 0xFFFFFFFF).to_bytes(4, "little")
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + raw + trailer


def compact_json(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def find_threshold_values():
    """Deterministically find strings whose compact JSON compresses to len-0, -1, -2, -3 bytes.

    The rule is `len(compressed) < len(json) - 1`: saving 2+ bytes compresses, 0 or 1 does not.
    """
    wanted = {0: None, 1: None, 2: None, 3: None}
    for n in range(1, 200):
        for k in range(1, 40):
            s = "ab" * k + "".join(chr(97 + (i * 7) % 26) for i in range(n))
            j = compact_json(s)
            d = len(j) - len(zlib.compress(j))
            if d in wanted and wanted[d] is None:
                wanted[d] = s
        if all(v is not None for v in wanted.values()):
            break
    # The same search over a non-ASCII alphabet (the rule counts UTF-8 bytes).
    wanted_u = {1: None, 2: None}
    rng = random.Random(20240601)
    for _ in range(20000):
        s = "é" * rng.randrange(1, 30) + "".join(rng.choice("éàüß€😀ab") for _ in range(rng.randrange(0, 40)))
        j = compact_json(s)
        d = len(j) - len(zlib.compress(j))
        if d in wanted_u and wanted_u[d] is None:
            wanted_u[d] = s
        if all(v is not None for v in wanted_u.values()):
            break
    return wanted, wanted_u


def gen_compression(fx):
    wanted, wanted_u = find_threshold_values()
    for cls in ("URLSafeSerializer", "URLSafeTimedSerializer"):
        cfg = Config(cls)
        for saved, value in wanted.items():
            assert value is not None, saved
            fx.good_case(f"compress/{cls}/threshold-saves-{saved}", cfg, value)
        for saved, value in wanted_u.items():
            assert value is not None, saved
            fx.good_case(f"compress/{cls}/threshold-utf8-saves-{saved}", cfg, value)
        fx.good_case(f"compress/{cls}/repetitive-dict", cfg, {"items": [{"name": "item", "qty": 1}] * 30})
        fx.good_case(f"compress/{cls}/long-string", cfg, "x" * 5000)
        fx.good_case(f"compress/{cls}/random-incompressible", cfg, "".join(random.Random(7).choice(B64URL) for _ in range(200)))
        fx.good_case(f"compress/{cls}/short", cfg, {"a": 1})
        fx.good_case(f"compress/{cls}/non-ascii-repetitive", cfg, "日本語" * 100)
    # Compression is independent of the signer: a Flask-like token with a big session.
    fx.good_case("compress/flask-like/big-session", flask_like(), {"cart": list(range(100)), "user": "x" * 50})


# --------------------------------------------------------------------------------------------
# 7. Key rotation and fallback signers.
# --------------------------------------------------------------------------------------------


def gen_rotation(fx):
    for cls in CLASSES:
        cfg_old = Config(cls, secret=["old-key"])
        cfg_rot = Config(cls, secret=["old-key", "new-key"])
        cfg_other = Config(cls, secret="unrelated-key")
        ts = T0 if cfg_rot.timed else None
        value = "rotate" if cls in SIGNERS else {"r": 1}
        checks = basic_checks(cfg_rot, ts)
        # The newest key signs: equal to a single-key config with "new-key".
        fx.good_case(f"rotation/{cls}/signs-with-newest", cfg_rot, value)
        fx.good_case(f"rotation/{cls}/single-new-key", Config(cls, secret="new-key"), value)
        tok_old = produce(cfg_old, value, ts)
        fx.case(f"rotation/{cls}/old-token-rotated-list", cfg_rot, tok_old, checks, ts)
        tok_new = produce(cfg_rot, value, ts)
        fx.case(f"rotation/{cls}/new-token-old-list", cfg_old, tok_new, checks, ts)
        fx.case(f"rotation/{cls}/unknown-key", cfg_rot, produce(cfg_other, value, ts), checks, ts)
        # Mixed str/bytes list, three keys, middle one signed.
        mixed = Config(cls, secret=[b"k1", "k2", b"k3"])
        fx.case(f"rotation/{cls}/mixed-list-middle-key", mixed, produce(Config(cls, secret="k2"), value, ts), checks, ts)
    # An empty key list: signing indexes secret_keys[-1] (IndexError); verifying tries no key.
    for cls in ("Signer", "URLSafeSerializer", "URLSafeTimedSerializer"):
        cfg = Config(cls, secret=[])
        ts = T0 if cfg.timed else None
        fx.good_case(f"rotation/{cls}/empty-key-list/sign", cfg, "v" if cls in SIGNERS else {"v": 1})
        tok = produce(Config(cls), "v" if cls in SIGNERS else {"v": 1}, ts)
        fx.case(f"rotation/{cls}/empty-key-list/load", cfg, tok, basic_checks(cfg, ts), ts)

    # fallbackSigners.
    sha256 = {"signerKwargs": {"digestMethod": "sha256"}}
    for cls in ("URLSafeSerializer", "URLSafeTimedSerializer", "Serializer"):
        ts = T0 if cls in TIMED else None
        made_256 = Config(cls, signerKwargs={"digestMethod": "sha256"})
        tok = produce(made_256, SAMPLE, ts)
        checks = basic_checks(made_256, ts)
        fx.case(f"fallback/{cls}/sha256-token/no-fallback", Config(cls), tok, checks, ts)
        fx.case(f"fallback/{cls}/sha256-token/dict-fallback", Config(cls, fallbackSigners=[sha256]), tok, checks, ts)
        fx.case(
            f"fallback/{cls}/sha256-token/tuple-fallback",
            Config(cls, fallbackSigners=[{"signer": "TimestampSigner" if cls in TIMED else "Signer", "signerKwargs": {"digestMethod": "sha256"}}]),
            tok,
            checks,
            ts,
        )
        # A sha512 fallback before the sha256 one: tried in order, the last error is reported.
        fx.case(
            f"fallback/{cls}/sha256-token/second-fallback",
            Config(cls, fallbackSigners=[{"signerKwargs": {"digestMethod": "sha512"}}, sha256]),
            tok,
            checks,
            ts,
        )
        fx.case(
            f"fallback/{cls}/sha1-token/fallbacks-do-not-match",
            Config(cls, fallbackSigners=[sha256, {"signerKwargs": {"digestMethod": "sha512"}}]),
            produce(Config(cls), SAMPLE, ts),
            checks,
            ts,
        )
        fx.case(
            f"fallback/{cls}/unknown-token/fallbacks-exhausted",
            Config(cls, fallbackSigners=[sha256, {"signerKwargs": {"digestMethod": "sha512"}}]),
            produce(Config(cls, secret="other"), SAMPLE, ts),
            checks,
            ts,
        )
        # Dict-form fallback kwargs REPLACE signer_kwargs: the hmac key derivation is not inherited.
        made_hmac256 = Config(cls, signerKwargs={"keyDerivation": "hmac", "digestMethod": "sha256"})
        fx.case(
            f"fallback/{cls}/dict-kwargs-replace-not-merge",
            Config(cls, signerKwargs={"keyDerivation": "hmac"}, fallbackSigners=[sha256]),
            produce(made_hmac256, SAMPLE, ts),
            checks,
            ts,
        )
        # Fallbacks use each secret key individually; the rotated list works through fallbacks too.
        fx.case(
            f"fallback/{cls}/sha256-old-key/rotated-list",
            Config(cls, secret=["old-key", "new-key"], fallbackSigners=[sha256]),
            produce(Config(cls, secret="old-key", signerKwargs={"digestMethod": "sha256"}), SAMPLE, ts),
            checks,
            ts,
        )
        # Fallbacks use the serializer's salt (or the per-call one).
        tok_salted = produce(made_256, SAMPLE, ts, salt="per-call")
        now = T0 + 10 if ts else None
        fx.case(
            f"fallback/{cls}/sha256-token/salt-kwarg",
            Config(cls, fallbackSigners=[sha256]),
            tok_salted,
            [Check("loads", now, salt="per-call"), Check("loads", now), Check("loads_unsafe", now, salt="per-call")],
            ts,
        )
    # Class-form fallback: the serializer's signer_kwargs with another Signer class.
    # A URLSafeSerializer with a TimestampSigner fallback loads URLSafeTimedSerializer tokens.
    timed_tok = produce(Config("URLSafeTimedSerializer"), SAMPLE, T0)
    fx.case("fallback/URLSafeSerializer/class-TimestampSigner/timed-token", Config("URLSafeSerializer", fallbackSigners=[{"signer": "TimestampSigner"}]), timed_tok, basic_checks(Config("URLSafeSerializer")), T0)
    fx.case("fallback/URLSafeSerializer/no-fallback/timed-token", Config("URLSafeSerializer"), timed_tok, basic_checks(Config("URLSafeSerializer")), T0)
    fx.case(
        "fallback/URLSafeSerializer/class-TimestampSigner-with-signer-kwargs/timed-token",
        Config("URLSafeSerializer", signerKwargs={"digestMethod": "sha256"}, fallbackSigners=[{"signer": "TimestampSigner"}]),
        produce(Config("URLSafeTimedSerializer", signerKwargs={"digestMethod": "sha256"}), SAMPLE, T0),
        basic_checks(Config("URLSafeSerializer")),
        T0,
    )
    # A timed serializer with a plain Signer fallback: TimedSerializer.loads calls
    # signer.unsign(s, max_age=..., return_timestamp=True), which Signer.unsign does not accept.
    plain_tok = produce(Config("URLSafeSerializer"), SAMPLE)
    for fb in ({"signer": "Signer"}, {"signer": "Signer", "signerKwargs": {}}):
        slug = "class-Signer" if "signerKwargs" not in fb else "tuple-Signer"
        cfg = Config("URLSafeTimedSerializer", fallbackSigners=[fb])
        fx.case(f"fallback/URLSafeTimedSerializer/{slug}/untimed-token", cfg, plain_tok, basic_checks(cfg, T0), T0)
        fx.case(f"fallback/URLSafeTimedSerializer/{slug}/timed-token", cfg, timed_tok, basic_checks(cfg, T0), T0)
    # Expired tokens are not retried with fallbacks (SignatureExpired is re-raised at once).
    cfg = Config("URLSafeTimedSerializer", fallbackSigners=[sha256])
    fx.case("fallback/URLSafeTimedSerializer/expired-not-retried", cfg, timed_tok, timed_grid(cfg, T0), T0)


# --------------------------------------------------------------------------------------------
# 8. Timestamps: edge values of int_to_bytes and datetime, and forged timestamp fields.
# --------------------------------------------------------------------------------------------

EDGE_TIMESTAMPS = [
    0,  # int_to_bytes(0) == b"": the timestamp field is EMPTY
    1,
    255,
    256,
    65535,
    65536,
    2**31 - 1,
    2**32 - 1,
    2**32,
    2**40,  # year 36812: datetime cannot represent it
    253402300799,  # 9999-12-31T23:59:59Z, the last second datetime can hold
    253402300800,  # year 10000
    2**63 - 1,
    2**63,
    2**64 - 1,  # 8 bytes of 0xff
    2**64,  # does not fit in ">Q": sign raises struct.error
    -1,  # negative: sign raises struct.error
]


# The first time after T0 whose base64 timestamp field contains "-" (T0's is "ZVPxAA"): lets the
# forged "std-alphabet" timestamp actually differ from the URL-safe one.
TS_DASH = next(t for t in range(T0, T0 + 10**7) if "-" in base64_encode(int_to_bytes(t)).decode())


def edge_checks(cfg, ts):
    main = "unsign" if cfg.is_signer else "loads"
    lenient = "validate" if cfg.is_signer else "loads_unsafe"
    return [
        Check(main, ts, None),
        Check(main, ts, 3600),
        Check(main, ts + 10, None, rt=True),
        Check(main, ts + 3601, 3600),
        Check(main, T0, 3600),
        Check(main, T0, None),
        Check(lenient, ts, 3600),
        Check(lenient, T0, 3600),
    ]


def gen_timestamps(fx):
    for cls in ("TimestampSigner", "URLSafeTimedSerializer", "TimedSerializer"):
        cfg = Config(cls)
        value = "v" if cls in SIGNERS else {"v": 1}
        for ts in EDGE_TIMESTAMPS:
            fx.good_case(f"timestamp/{cls}/{ts}", cfg, value, ts=ts, checks=edge_checks(cfg, ts))
    # The full max_age grid on a few timed configurations.
    for slug, cfg in [
        ("TimestampSigner-hmac-sha256", Config("TimestampSigner", keyDerivation="hmac", digestMethod="sha256")),
        ("TimedSerializer-salt", Config("TimedSerializer", salt="timed")),
        ("URLSafeTimedSerializer-sha512", Config("URLSafeTimedSerializer", signerKwargs={"digestMethod": "sha512"})),
    ]:
        value = "v" if cfg.is_signer else {"v": 1}
        fx.good_case(f"timed-grid/{slug}", cfg, value, checks=timed_grid(cfg, T0))

    # Forged timestamp fields with VALID signatures (signed with the plain Signer.sign of the very
    # signer the config builds, so the derived key is the same).
    forged_ts = [
        ("empty", ""),  # same as timestamp 0
        ("zero-byte", base64_encode(b"\x00").decode()),  # "AA": non-canonical 0
        ("leading-zeros", base64_encode(b"\x00\x00" + int_to_bytes(T0)).decode()),  # non-canonical T0
        ("8-bytes", base64_encode((T0).to_bytes(8, "big")).decode()),  # zero-padded to 8 bytes
        ("9-bytes", base64_encode(b"\x01" + (T0).to_bytes(8, "big")).decode()),  # struct.error -> malformed
        ("9-bytes-leading-zero", base64_encode(b"\x00" + (T0).to_bytes(8, "big")).decode()),
        ("16-bytes", base64_encode(b"\x00" * 16).decode()),
        ("padded", base64_encode(int_to_bytes(T0)).decode() + "=="),
        ("std-alphabet", base64_encode(int_to_bytes(TS_DASH)).decode().replace("-", "+").replace("_", "/")),
        ("url-alphabet-dash", base64_encode(int_to_bytes(TS_DASH)).decode()),
        ("bad-b64-1-char", "A"),
        ("bad-b64-5-chars", "AAAAA"),
        ("non-b64-chars", "!!!!"),
        ("junk-then-ts", "!" + base64_encode(int_to_bytes(T0)).decode()),
        ("space", " "),
        ("non-ascii", "é"),
        ("max-8-bytes", base64_encode(b"\xff" * 8).decode()),
        ("year-10000", base64_encode(int_to_bytes(253402300800)).decode()),
    ]
    payloads = {
        "TimestampSigner": b"value",
        "URLSafeTimedSerializer": base64_encode(compact_json({"v": 1})),
        "TimedSerializer": b'{"v": 1}',
    }
    for cls, payload in payloads.items():
        cfg = Config(cls)
        for slug, ts_field in forged_ts:
            checks = [Check("unsign" if cfg.is_signer else "loads", T0 + 10, None),
                      Check("unsign" if cfg.is_signer else "loads", T0 + 10, 3600),
                      Check("unsign" if cfg.is_signer else "loads", T0 + 10, None, rt=True),
                      Check("validate" if cfg.is_signer else "loads_unsafe", T0 + 10, 3600)]
            fx.forged_case(f"forged-timestamp/{cls}/{slug}", cfg, payload + b"." + ts_field.encode(), plain=True, checks=checks)
        # No timestamp at all, but validly signed: "timestamp missing".
        fx.forged_case(f"forged-timestamp/{cls}/missing", cfg, payload, plain=True, checks=basic_checks(cfg, T0))
        # An extra field: rsplit takes the last one as the timestamp, the rest is the payload.
        fx.forged_case(f"forged-timestamp/{cls}/extra-field", cfg, payload + b".AAAA." + base64_encode(int_to_bytes(T0)), plain=True, checks=basic_checks(cfg, T0))
    # Flask-like config too, since that is what the port meets in cookies.
    cfg = flask_like()
    payload = base64_encode(compact_json({"user_id": 7}))
    for slug, ts_field in forged_ts[:6] + [("bad-b64-1-char", "A")]:
        fx.forged_case(f"forged-timestamp/flask-like/{slug}", cfg, payload + b"." + ts_field.encode(), plain=True, checks=basic_checks(cfg, T0))


# --------------------------------------------------------------------------------------------
# 9. Bad tokens.
# --------------------------------------------------------------------------------------------

# Characters inserted into tokens, with the ASCII names used in case ids.
ODD_CHAR_NAMES = {
    "!": "bang",
    "*": "star",
    " ": "space",
    "=": "equals",
    "é": "e-acute",
    "+": "plus",
    "/": "slash",
    "~": "tilde",
    "'": "quote",
    '"': "dquote",
    "\\": "backslash",
    "\n": "newline",
    "\x00": "nul",
    "\x7f": "del",
    "😀": "emoji",
}
ODD_CHARS = list(ODD_CHAR_NAMES)


def _positions(part):
    """Start, middle and end of a token part (deduplicated, in order)."""
    out = []
    for p in (0, len(part) // 2, len(part)):
        if p not in out:
            out.append(p)
    return out


def bad_variants(cfg, tok, odd_chars=ODD_CHARS):
    """(slug, bad token) pairs derived from a good str token."""
    sep = cfg.sep
    payload, ts, sig = split_token(cfg, tok)
    out = []

    def sub(s, i):
        return s[:i] + next_b64(s[i]) + s[i + 1 :] if s else s

    out.append(("tamper-payload-first", join_token(cfg, sub(payload, 0), ts, sig)))
    if len(payload) > 1:
        out.append(("tamper-payload-last", join_token(cfg, sub(payload, len(payload) - 1), ts, sig)))
    if ts:
        out.append(("tamper-timestamp-first", join_token(cfg, payload, sub(ts, 0), sig)))
        out.append(("tamper-timestamp-last", join_token(cfg, payload, sub(ts, len(ts) - 1), sig)))
    if sig:
        out.append(("tamper-signature-first", join_token(cfg, payload, ts, sub(sig, 0))))
        out.append(("tamper-signature-middle", join_token(cfg, payload, ts, sub(sig, len(sig) // 2))))
        # The last base64 char carries unused low bits: changing only those still decodes to the
        # same digest, so the "tampered" token is VALID.
        out.append(("tamper-signature-last", join_token(cfg, payload, ts, sub(sig, len(sig) - 1))))
        last = sig[-1]
        flip = B64URL[B64URL.index(last) ^ 0x20] if last in B64URL else last
        out.append(("tamper-signature-last-high-bit", join_token(cfg, payload, ts, sig[:-1] + flip)))
        out.append(("signature-pad-1", tok + "="))
        out.append(("signature-pad-2", tok + "=="))
        out.append(("signature-pad-3", tok + "==="))
        out.append(("signature-uppercase", join_token(cfg, payload, ts, sig.upper())))
        out.append(("signature-lowercase", join_token(cfg, payload, ts, sig.lower())))
        if "-" in sig or "_" in sig:
            out.append(("signature-std-alphabet", join_token(cfg, payload, ts, sig.replace("-", "+").replace("_", "/"))))
        out.append(("signature-truncated-1", join_token(cfg, payload, ts, sig[:-1])))
        out.append(("signature-truncated-4", join_token(cfg, payload, ts, sig[:-4])))
        out.append(("signature-empty", join_token(cfg, payload, ts, "")))
        out.append(("signature-doubled", join_token(cfg, payload, ts, sig + sig)))
        out.append(("signature-1-char", join_token(cfg, payload, ts, "A")))
    out.append(("payload-uppercase", join_token(cfg, payload.upper(), ts, sig)))
    out.append(("payload-lowercase", join_token(cfg, payload.lower(), ts, sig)))
    out.append(("swapcase", tok.swapcase()))
    out.append(("payload-empty", join_token(cfg, "", ts, sig)))
    out.append(("no-separator", tok.replace(sep, "")))
    if ts is not None:
        out.append(("only-one-separator", sep.join([payload, sig])))
        out.append(("timestamp-empty", join_token(cfg, payload, "", sig)))
    out.append(("empty-string", ""))
    out.append(("just-separator", sep))
    out.append(("just-separators", sep * 3))
    out.append(("leading-separator", sep + tok))
    out.append(("trailing-separator", tok + sep))
    out.append(("whitespace-around", " " + tok + " "))
    out.append(("trailing-newline", tok + "\n"))
    for n in sorted({1, len(tok) // 4, len(tok) // 2, (3 * len(tok)) // 4, len(tok) - 1}):
        out.append((f"truncated-{n}", tok[:n]))
    out.append(("lone-surrogate-in-signature", join_token(cfg, payload, ts, sig + "\ud800")))
    # Odd characters inserted into each part: Python's base64 decoder drops non-alphabet chars
    # (and non-ASCII bytes), "+" and "/" are accepted as the standard alphabet, "=" may pad.
    for ch in odd_chars:
        name = ODD_CHAR_NAMES[ch]
        for p in _positions(sig):
            out.append((f"insert-{name}-signature-{p}", join_token(cfg, payload, ts, sig[:p] + ch + sig[p:])))
        if ts:
            p = len(ts) // 2
            out.append((f"insert-{name}-timestamp-{p}", join_token(cfg, payload, ts[:p] + ch + ts[p:], sig)))
        p = len(payload) // 2
        out.append((f"insert-{name}-payload-{p}", join_token(cfg, payload[:p] + ch + payload[p:], ts, sig)))
    # Quotes in a wrong signature: Python's bytes repr in the message switches quoting
    # (b"it's" / b'say "x"' / b'it\'s "x"').
    out.append(("signature-single-quote", join_token(cfg, payload, ts, "it's")))
    out.append(("signature-double-quote", join_token(cfg, payload, ts, 'say "x"')))
    out.append(("signature-both-quotes", join_token(cfg, payload, ts, "it's \"x\"")))
    out.append(("signature-escapes", join_token(cfg, payload, ts, "\\\t\r\x01\x7f\x80é")))
    seen = set()
    uniq = []
    for slug, bad in out:
        if bad == tok:  # the variant did not change anything for this token (e.g. no "-" to swap)
            continue
        if slug not in seen:
            seen.add(slug)
            uniq.append((slug, bad))
    return uniq


def gen_bad_tokens(fx):
    bases = [
        ("flask-like", flask_like(), {"user_id": 7, "csrf": "abc"}, ODD_CHARS),
        ("URLSafeTimedSerializer", Config("URLSafeTimedSerializer"), SAMPLE, ODD_CHARS),
        ("URLSafeSerializer", Config("URLSafeSerializer"), SAMPLE, ODD_CHARS[:8]),
        ("URLSafeTimedSerializer-compressed", Config("URLSafeTimedSerializer"), {"items": ["x"] * 40}, ODD_CHARS[:4]),
        ("Serializer", Config("Serializer"), SAMPLE, ODD_CHARS[:8]),
        ("TimedSerializer", Config("TimedSerializer"), SAMPLE, ODD_CHARS[:4]),
        ("Signer", Config("Signer"), "hello world", ODD_CHARS),
        ("TimestampSigner", Config("TimestampSigner"), "hello world", ODD_CHARS[:8]),
        ("Signer-sha256-hmac", Config("Signer", keyDerivation="hmac", digestMethod="sha256"), "hello", ODD_CHARS[:4]),
    ]
    for slug, cfg, value, odd in bases:
        base_id = f"bad/{slug}/original"
        raw = fx.good_case(base_id, cfg, value, checks=timed_grid(cfg, T0) if cfg.timed else None)
        tok = token_json(raw)
        ts = T0 if cfg.timed else None
        checks = basic_checks(cfg, ts)
        for vslug, bad in bad_variants(cfg, tok, odd):
            fx.case(f"bad/{slug}/{vslug}", cfg, bad, checks, ts, base=base_id)
        # Wrong key, wrong salt, another digest, another key derivation.
        for wslug, wrong in [
            ("wrong-key", cfg.but(secret="wrong-key")),
            ("wrong-salt", cfg.but(salt="wrong-salt")),
            ("wrong-digest", cfg.but(digestMethod="sha256") if cfg.is_signer else cfg.but(signerKwargs={**cfg.options.get("signerKwargs", {}), "digestMethod": "sha256"})),
            ("wrong-key-derivation", cfg.but(keyDerivation="concat") if cfg.is_signer else cfg.but(signerKwargs={**cfg.options.get("signerKwargs", {}), "keyDerivation": "concat"})),
        ]:
            fx.case(f"bad/{slug}/{wslug}", wrong, tok, checks, ts, base=base_id)
        # A token that is not UTF-8 (passed as bytes): a trailing 0xff byte on the signature.
        # (Dropped by the lenient base64 decoder, but it shifts the padding arithmetic.)
        fx.case(f"bad/{slug}/trailing-ff-byte", cfg, tok.encode("utf-8") + b"\xff", checks, ts, base=base_id)


# Payloads that are validly signed but do not load (or load surprisingly).
BAD_JSON = [
    ("bad-json-brace", b"{"),
    ("bad-json-empty", b""),
    ("bad-json-whitespace-only", b"   "),
    ("bad-json-single-quotes", b"{'a': 1}"),
    ("bad-json-trailing-comma", b"[1,]"),
    ("bad-json-extra-data", b"[1] x"),
    ("bad-json-leading-zero", b"01"),
    ("bad-json-plus-sign", b"+1"),
    ("bad-json-hex", b"0x10"),
    ("bad-json-dot-5", b".5"),
    ("bad-json-1-dot", b"1."),
    ("bad-json-nul", b"\x00"),
    ("bad-json-raw-control-char", b'"a\x01b"'),
    ("bad-json-raw-newline-in-string", b'"a\nb"'),
    ("bad-json-bad-escape", b'"\\x41"'),
    ("bad-json-short-unicode-escape", b'"\\u12"'),
    ("bad-utf8-ff", b"\xff"),
    ("bad-utf8-in-string", b'"\xff"'),
    ("bad-utf8-surrogate-encoded", b'"\xed\xa0\x80"'),
    ("bad-utf8-overlong", b'"\xc0\xaf"'),
    ("bad-utf8-truncated", b'"\xe6\x97"'),
    ("utf8-bom", b"\xef\xbb\xbf{}"),
    ("json-nan", b"NaN"),
    ("json-infinity", b"Infinity"),
    ("json-neg-infinity", b"-Infinity"),
    ("json-nan-inf-in-list", b"[NaN,Infinity,-Infinity]"),
    ("json-nan-lowercase", b"nan"),
    ("json-1e400", b"1e400"),
    ("json-neg-1e400", b"-1e400"),
    ("json-1e-400", b"1e-400"),
    ("json-neg-zero-int", b"-0"),
    ("json-neg-zero-float", b"-0.0"),
    ("json-1E5", b"1E5"),
    ("json-1.0", b"1.0"),
    ("json-big-int", b"123456789012345678901234567890"),
    ("json-int-4300-digits", b"9" * 4300),
    ("json-int-4301-digits", b"1" + b"0" * 4300),
    ("json-neg-int-4301-digits", b"-1" + b"0" * 4300),
    ("json-float-4301-digits", b"1" + b"0" * 4300 + b".5"),
    ("json-duplicate-keys", b'{"a":1,"a":2}'),
    ("json-whitespace-around", b' \t\r\n{"a" : 1 } \n'),
    ("json-escaped-lone-surrogate", b'"\\ud800"'),
    ("json-escaped-surrogate-pair", b'"\\ud83d\\ude00"'),
    ("json-escaped-reversed-surrogates", b'"\\ude00\\ud83d"'),
    ("json-raw-del", b'"\x7f"'),
    ("json-raw-u2028", '"\u2028"'.encode()),
    ("json-uppercase-escape", b'"\\u00E9"'),
    ("json-escaped-slash", b'"\\/"'),
    ("json-top-level-string", b'"str"'),
    ("json-top-level-null", b"null"),
    ("json-top-level-true", b"true"),
    ("json-TRUE", b"TRUE"),
    # Deep nesting: Python accepts moderate depths (and 450, recorded once only, see
    # gen_bad_payloads) and fails with RecursionError far beyond its recursion limit. The accepted
    # depths are kept small because their indented typed values grow quadratically in the file.
    ("json-deep-64", b"[" * 64 + b"]" * 64),
    ("json-deep-object-32", b'{"a":' * 32 + b"1" + b"}" * 32),
    ("json-deep-100000", b"[" * 100000 + b"]" * 100000),
    ("json-deep-object-100000", b'{"a":' * 100000 + b"1" + b"}" * 100000),
    ("json-proto-key", b'{"__proto__":{"x":1}}'),
]


def first_value_with_dash_and_underscore(cfg):
    """Deterministic search: a {"user_id": n} whose token signature has both "-" and "_"."""
    for n in range(10000):
        value = {"user_id": n}
        sig = token_json(produce(cfg, value, T0)).rsplit(cfg.sep, 1)[1]
        if "-" in sig and "_" in sig:
            return value
    raise AssertionError("no such value")


def gen_std_alphabet(fx):
    """Python's urlsafe_b64decode maps "-_" to "+/" first, so "+" and "/" decode too: a signature
    written in the standard base64 alphabet is accepted. (The payload and timestamp are signed as
    text, so changing their alphabet breaks the signature instead.)"""
    for slug, cfg in [("flask-like", flask_like()), ("Signer", Config("Signer")), ("URLSafeSerializer", Config("URLSafeSerializer"))]:
        if cfg.is_signer:
            n = next(n for n in range(10000) if ("-" in (s := produce(cfg, f"v{n}").decode().rsplit(".", 1)[1])) and "_" in s)
            value = f"v{n}"
        else:
            value = first_value_with_dash_and_underscore(cfg)
        base_id = f"std-alphabet/{slug}/original"
        tok = token_json(fx.good_case(base_id, cfg, value))
        ts = T0 if cfg.timed else None
        payload, tsf, sig = split_token(cfg, tok)
        variants = [
            ("signature-plus-slash", join_token(cfg, payload, tsf, sig.replace("-", "+").replace("_", "/"))),
            ("signature-plus-only", join_token(cfg, payload, tsf, sig.replace("-", "+"))),
            ("signature-std-padded", join_token(cfg, payload, tsf, sig.replace("-", "+").replace("_", "/") + "=")),
            ("signature-dash-to-underscore", join_token(cfg, payload, tsf, sig.replace("-", "_"))),
        ]
        for vslug, bad in variants:
            fx.case(f"std-alphabet/{slug}/{vslug}", cfg, bad, basic_checks(cfg, ts), ts, base=base_id)
    # A payload in the standard alphabet, validly signed as such: decodes to the same JSON.
    cfg = Config("URLSafeSerializer")
    raw_json = compact_json({"k": "~~~???>>>"})
    fx.forged_case("std-alphabet/URLSafeSerializer/payload-std-alphabet-signed", cfg, base64.b64encode(raw_json).rstrip(b"="))
    # ... and the normal token with its payload rewritten to the standard alphabet: bad signature.
    tok = token_json(produce(cfg, {"k": "~~~???>>>"}))
    payload, _, sig = split_token(cfg, tok)
    assert "-" in payload or "_" in payload
    fx.case("std-alphabet/URLSafeSerializer/payload-std-alphabet-unsigned", cfg, join_token(cfg, payload.replace("-", "+").replace("_", "/"), None, sig), basic_checks(cfg))


def gen_bad_payloads(fx):
    # URL-safe: JSON -> base64 (compressed when large, so the fixture stays small) -> signed.
    for slug, cfg in [("URLSafeSerializer", Config("URLSafeSerializer")), ("flask-like", flask_like())]:
        for jslug, raw_json in BAD_JSON:
            if len(raw_json) > 2000:
                payload = b"." + base64_encode(zlib.compress(raw_json, 9))
            else:
                payload = base64_encode(raw_json)
            fx.forged_case(f"bad-payload/{slug}/{jslug}", cfg, payload)
    # Deep but accepted. Its typed value nests twice as deep ({"list": [...]} per level), and the
    # fixture file must stay readable by Python's own json.load at the default recursion limit
    # (~1000 levels), hence 450 rather than 500. Recorded once: the indented value is ~1 MB.
    deep = b"[" * 450 + b"]" * 450
    fx.forged_case("bad-payload/URLSafeSerializer/json-deep-450", Config("URLSafeSerializer"), base64_encode(deep), checks=[Check("loads")])
    # Serializer: the raw JSON is the payload (only the small ones; no compression there).
    for slug, cfg in [("Serializer", Config("Serializer")), ("TimedSerializer", Config("TimedSerializer"))]:
        for jslug, raw_json in BAD_JSON:
            if len(raw_json) <= 5000:
                fx.forged_case(f"bad-payload/{slug}/{jslug}", cfg, raw_json)

    # base64/zlib layer of the URL-safe serializers.
    js = compact_json({"a": 1})
    b64 = base64_encode(js)
    zl = zlib.compress(js)
    layer = [
        ("b64-1-char", b"A"),
        ("b64-5-chars", b"AAAAA"),
        ("b64-padded", base64.urlsafe_b64encode(js)),
        ("b64-std-alphabet", base64.b64encode(compact_json({"k": "~~~???>>>"})).rstrip(b"=")),
        ("b64-junk-inside", b64[:4] + b"!*" + b64[4:]),
        ("b64-pad-in-middle", b64[:4] + b"==" + b64[4:]),
        ("b64-non-ascii-inside", b64[:4] + "é".encode() + b64[4:]),
        ("b64-noncanonical-last-char", b64[:-1] + next_b64(b64[-1:].decode()).encode()),
        ("zlib-not-zlib", b"." + base64_encode(b"not zlib data")),
        ("zlib-empty", b"."),
        ("zlib-truncated", b"." + base64_encode(zl[:-2])),
        ("zlib-trailing-garbage", b"." + base64_encode(zl + b"garbage")),
        ("zlib-level-9", b"." + base64_encode(zlib.compress(js, 9))),
        ("zlib-level-0", b"." + base64_encode(zlib.compress(js, 0))),
        ("zlib-small-value-compressed", b"." + base64_encode(zl)),  # Python would not compress it
        ("zlib-raw-deflate", b"." + base64_encode(zlib.compressobj(6, zlib.DEFLATED, -15).compress(js) + zlib.compressobj(6, zlib.DEFLATED, -15).flush())),
        ("zlib-gzip", b"." + base64_encode(gzip_bytes(js))),
        ("zlib-bad-adler", b"." + base64_encode(zl[:-1] + bytes([zl[-1] ^ 1]))),
        ("zlib-double-dot", b".." + base64_encode(zl)),
        ("zlib-of-bad-json", b"." + base64_encode(zlib.compress(b"{nope"))),
        ("zlib-of-bad-utf8", b"." + base64_encode(zlib.compress(b'"\xff"'))),
        # 1 MB of JSON whitespace around a 1: Python inflates without any size limit.
        ("zlib-bomb-1mb", b"." + base64_encode(zlib.compress(b" " * 1_000_000 + b"1", 9))),
    ]
    for slug, cfg in [("URLSafeSerializer", Config("URLSafeSerializer")), ("URLSafeTimedSerializer", Config("URLSafeTimedSerializer")), ("flask-like", flask_like())]:
        for lslug, payload in layer:
            if lslug == "zlib-bomb-1mb" and slug != "URLSafeSerializer":
                continue
            fx.forged_case(f"bad-payload/{slug}/{lslug}", cfg, payload)
    # A compressed payload that is bad zlib and *also* wrongly signed: loads_unsafe gets (False, None).
    tok = forge(Config("URLSafeSerializer"), b"." + base64_encode(b"not zlib data"))
    fx.case("bad-payload/URLSafeSerializer/zlib-not-zlib-bad-signature", Config("URLSafeSerializer", secret="other"), tok, basic_checks(Config("URLSafeSerializer")))
    # Message formatting: a non-UTF-8 token through the text Serializer.
    fx.case("bad-payload/Serializer/non-utf8-token-bad-signature", Config("Serializer"), b'{"a": "\xff"}.sig', basic_checks(Config("Serializer")))
    # A str token containing a lone surrogate cannot even be encoded to bytes.
    fx.case("bad-token/URLSafeSerializer/lone-surrogate-token", Config("URLSafeSerializer"), "eyJhIjoxfQ\ud800.sig", basic_checks(Config("URLSafeSerializer")))
    fx.case("bad-token/Signer/lone-surrogate-token", Config("Signer"), "value\ud800.sig", [Check("unsign"), Check("validate")])


# --------------------------------------------------------------------------------------------
# 10. Systematic mutations (separate file).
# --------------------------------------------------------------------------------------------


def mutation_bases():
    return [
        ("Signer", Config("Signer"), "hello world"),
        ("TimestampSigner", Config("TimestampSigner"), "hello world"),
        ("Serializer", Config("Serializer"), {"a": 1}),
        ("TimedSerializer", Config("TimedSerializer"), {"a": 1}),
        ("URLSafeSerializer", Config("URLSafeSerializer"), {"user": "alice", "n": 1}),
        ("URLSafeTimedSerializer", Config("URLSafeTimedSerializer"), {"user": "alice", "n": 1}),
        ("flask-like", flask_like(), {"_permanent": True, "user_id": 7}),
        ("URLSafeTimedSerializer-compressed", Config("URLSafeTimedSerializer"), {"items": ["x"] * 40}),
        ("URLSafeSerializer-sha256", Config("URLSafeSerializer", signerKwargs={"digestMethod": "sha256"}), [1, 2, 3]),
        ("TimestampSigner-pipe-hmac-sha512", Config("TimestampSigner", sep="|", keyDerivation="hmac", digestMethod="sha512"), "v"),
        ("URLSafeSerializer-none-algorithm", Config("URLSafeSerializer", signerKwargs={"algorithm": "none"}), {"a": 1}),
    ]


def gen_mutations(fx):
    for slug, cfg, value in mutation_bases():
        base_id = f"mut/{slug}/original"
        raw = fx.good_case(base_id, cfg, value)
        tok = token_json(raw)
        ts = T0 if cfg.timed else None
        checks = basic_checks(cfg, ts)[-2:] if cfg.timed else basic_checks(cfg, ts)
        for i, c in enumerate(tok):
            r = next_b64(c)
            fx.case(f"mut/{slug}/sub-{i}", cfg, tok[:i] + r + tok[i + 1 :], checks, ts, base=base_id, mutation={"op": "substitute", "pos": i, "char": r})
        for i in range(len(tok)):
            fx.case(f"mut/{slug}/del-{i}", cfg, tok[:i] + tok[i + 1 :], checks, ts, base=base_id, mutation={"op": "delete", "pos": i})
        positions = {0, 1, len(tok) // 2, len(tok) - 1, len(tok)}
        positions |= {i for i, c in enumerate(tok) if c == cfg.sep[0]} | {i + 1 for i, c in enumerate(tok) if c == cfg.sep[0]}
        for i in sorted(positions):
            fx.case(f"mut/{slug}/ins-dot-{i}", cfg, tok[:i] + "." + tok[i:], checks, ts, base=base_id, mutation={"op": "insert", "pos": i, "char": "."})


# --------------------------------------------------------------------------------------------
# Output.
# --------------------------------------------------------------------------------------------


def write(path, cases):
    return write_fixture(str(path), {"generator": GENERATOR, "cases": cases})


def summarize(name, cases):
    from collections import Counter

    by_class = Counter(c["class"] for c in cases)
    by_result = Counter(ch["result"] for c in cases for ch in c["checks"])
    dumps_errors = Counter(c["dumps"]["error"]["result"] for c in cases if "dumps" in c and "error" in c["dumps"])
    print(f"{name}: {len(cases)} cases, {sum(len(c['checks']) for c in cases)} checks", file=sys.stderr)
    print(f"  by class:  {dict(sorted(by_class.items()))}", file=sys.stderr)
    print(f"  by result: {dict(sorted(by_result.items()))}", file=sys.stderr)
    if dumps_errors:
        print(f"  dumps/sign errors: {dict(sorted(dumps_errors.items()))}", file=sys.stderr)


def main():
    sys.setrecursionlimit(OWN_RECURSION_LIMIT)  # see library_call
    sys.set_int_max_str_digits(0)
    main_fx = Fixture()
    for gen in (gen_defaults, gen_key_derivation, gen_salts, gen_seps, gen_values, gen_compression, gen_rotation, gen_timestamps, gen_bad_tokens, gen_std_alphabet, gen_bad_payloads):
        gen(main_fx)
    mut_fx = Fixture()
    gen_mutations(mut_fx)
    out = Path(out_dir())  # here, not at import: scripts/fuzz_oracle.py imports this module
    for name, fx in (("itsdangerous.json", main_fx), ("itsdangerous-mutations.json", mut_fx)):
        size = write(out / name, fx.cases)
        summarize(f"{out / name} ({size} bytes)", fx.cases)
    if "-v" in sys.argv:
        print("non-itsdangerous exceptions:", file=sys.stderr)
        for row in NON_ITSDANGEROUS:
            print("  ", row, file=sys.stderr)
    else:
        print(f"non-itsdangerous exceptions: {len(NON_ITSDANGEROUS)} (run with -v to list)", file=sys.stderr)


if __name__ == "__main__":
    main()
