"""Typed values for Flask-Session's records: every Python type a server-side session may hold,
as plain JSON, so the TypeScript tests can check type for type (twin: test/helpers/session-typed.ts).

    str, bool, None  -> themselves          int   -> {"int": "123"}       float -> {"float": repr}
    list -> {"list": []}   tuple -> {"tuple": []}   set -> {"set": []}   frozenset -> {"frozenset": []}
    dict with str keys -> {"dict": [[k, v]]}        other dicts -> {"map": [[typed k, typed v]]}
    bytes, bytearray -> {"bytes": hex}              UUID -> {"uuid": hex}   Decimal -> {"decimal": str}
    aware datetime -> {"datetime_us": "microseconds since the epoch"}
    naive datetime -> {"naive": isoformat}          date -> {"date": isoformat}
    msgspec.msgpack.Ext -> {"ext": [code, hex]}
"""

import math
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def to_typed(value):
    if value is None or isinstance(value, (bool, str)):
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
    if isinstance(value, frozenset):
        return {"frozenset": [to_typed(v) for v in value]}
    if isinstance(value, set):
        return {"set": [to_typed(v) for v in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {"dict": [[k, to_typed(v)] for k, v in value.items()]}
        return {"map": [[to_typed(k), to_typed(v)] for k, v in value.items()]}
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": bytes(value).hex()}
    if isinstance(value, uuid.UUID):
        return {"uuid": value.hex}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return {"naive": value.isoformat()}
        delta = value - EPOCH
        return {"datetime_us": str((delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    try:
        import msgspec

        if isinstance(value, msgspec.msgpack.Ext):
            return {"ext": [value.code, bytes(value.data).hex()]}
    except ImportError:
        pass
    raise TypeError(f"no typed form for {type(value).__name__}")


def from_typed(value):
    if value is None or isinstance(value, (bool, str)):
        return value
    kind, body = next(iter(value.items()))
    if kind == "int":
        return int(body)
    if kind == "float":
        return float(body)
    if kind == "list":
        return [from_typed(v) for v in body]
    if kind == "tuple":
        return tuple(from_typed(v) for v in body)
    if kind == "set":
        return {from_typed(v) for v in body}
    if kind == "frozenset":
        return frozenset(from_typed(v) for v in body)
    if kind == "dict":
        return {k: from_typed(v) for k, v in body}
    if kind == "map":
        return {from_typed(k): from_typed(v) for k, v in body}
    if kind == "bytes":
        return bytes.fromhex(body)
    if kind == "uuid":
        return uuid.UUID(hex=body)
    if kind == "decimal":
        return Decimal(body)
    if kind == "datetime_us":
        from datetime import timedelta

        return EPOCH + timedelta(microseconds=int(body))
    if kind == "naive":
        return datetime.fromisoformat(body)
    if kind == "date":
        return date.fromisoformat(body)
    if kind == "ext":
        import msgspec

        return msgspec.msgpack.Ext(body[0], bytes.fromhex(body[1]))
    raise TypeError(f"not a typed value: {value!r}")
