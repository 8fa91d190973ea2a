"""Typed values: Python values written as plain JSON without losing their Python type.

The fixtures (and the differential fuzzer) describe Python values in this form so that the
TypeScript tests can rebuild exactly the value Python had, and check ours against it type for type.

    str, bool, None      -> JSON string, true/false, null (as themselves)
    int                  -> {"int": "123"}            decimal text, any size
    float                -> {"float": "1.5"}          repr(); "nan", "inf", "-inf", "-0.0"
    list / tuple         -> {"list": [...]} / {"tuple": [...]}
    dict                 -> {"dict": [[key, value], ...]}   insertion order kept, keys are str
    bytes                -> {"bytes": "hex"}
    Markup               -> {"markup": "text"}
    UUID                 -> {"uuid": "32 hex digits"}
    datetime             -> {"datetime": seconds since the epoch (int), "iso": "..."}   aware or naive (UTC)

The TypeScript twin is test/helpers/typed.ts.
"""

import math
import uuid
from datetime import datetime, timezone

from markupsafe import Markup


def to_typed(value):
    """Describe a Python value as a typed JSON value."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Markup):  # before str: Markup is a str subclass
        return {"markup": str(value)}
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        if math.isnan(value):
            return {"float": "nan"}
        if math.isinf(value):
            return {"float": "inf" if value > 0 else "-inf"}
        return {"float": repr(value)}
    if isinstance(value, tuple):
        return {"tuple": [to_typed(v) for v in value]}
    if isinstance(value, list):
        return {"list": [to_typed(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[k, to_typed(v)] for k, v in value.items()]}
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": bytes(value).hex()}
    if isinstance(value, uuid.UUID):
        return {"uuid": value.hex}
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        delta = aware - datetime(1970, 1, 1, tzinfo=timezone.utc)
        return {"datetime": delta.days * 86400 + delta.seconds, "iso": aware.isoformat()}
    raise TypeError(f"no typed form for {type(value).__name__}")


def from_typed(value):
    """Rebuild the Python value that a typed JSON value describes."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, dict) and len(value) >= 1:
        kind = next(iter(value))
        body = value[kind]
        if kind == "int":
            return int(body)
        if kind == "float":
            return float(body)
        if kind == "list":
            return [from_typed(v) for v in body]
        if kind == "tuple":
            return tuple(from_typed(v) for v in body)
        if kind == "dict":
            return {k: from_typed(v) for k, v in body}
        if kind == "bytes":
            return bytes.fromhex(body)
        if kind == "markup":
            return Markup(body)
        if kind == "uuid":
            return uuid.UUID(hex=body)
        if kind == "datetime":
            return datetime.fromtimestamp(0, tz=timezone.utc) + __import__("datetime").timedelta(seconds=body)
    raise TypeError(f"not a typed value: {value!r}")


def secret_to_typed(secret):
    """Secrets and salts: str stays str, bytes become {"bytes": hex}, lists map over their items."""
    if secret is None or isinstance(secret, str):
        return secret
    if isinstance(secret, (bytes, bytearray)):
        return {"bytes": bytes(secret).hex()}
    return [secret_to_typed(s) for s in secret]


def secret_from_typed(secret):
    if secret is None or isinstance(secret, str):
        return secret
    if isinstance(secret, dict):
        return bytes.fromhex(secret["bytes"])
    return [secret_from_typed(s) for s in secret]
