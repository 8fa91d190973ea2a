"""Reads records written by Node with real msgspec and Flask-Session 0.8 (used by
test/flask-session/python.test.ts). stdin: a JSON list of {"value": typed, "msgpack": hex, "json": hex};
stdout: for each, whether msgspec writes the same bytes for the Python value, and what
Flask-Session's serializer reads back from Node's bytes (typed)."""

import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from flask_session_values import from_typed, to_typed  # noqa: E402

warnings.simplefilter("ignore")
import msgspec  # noqa: E402
from flask import Flask  # noqa: E402
from flask_session.base import MsgSpecSerializer  # noqa: E402

app = Flask("check")
serializers = {fmt: MsgSpecSerializer(app=app, format=fmt) for fmt in ("msgpack", "json")}
encoders = {"msgpack": msgspec.msgpack.Encoder(), "json": msgspec.json.Encoder()}
out = []
for case in json.load(sys.stdin):
    value = from_typed(case["value"])
    result = {}
    for fmt in ("msgpack", "json"):
        if case.get(fmt) is None:
            continue
        ours = bytes.fromhex(case[fmt])
        try:
            theirs = encoders[fmt].encode(value).hex()
        except Exception as e:  # noqa: BLE001
            theirs = f"{type(e).__name__}: {e}"
        result[fmt] = {"python": theirs, "readBack": to_typed(serializers[fmt].decode(ours))}
    out.append(result)
json.dump(out, sys.stdout)
