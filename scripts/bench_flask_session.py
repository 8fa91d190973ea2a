"""Flask-Session 0.8's side of bench/flask-session.ts: open (GET + decode) and save (encode +
SET with the TTL) of one session through Redis, with RedisSessionInterface's own methods, and the
msgspec encode/decode alone. argv: redis port, iterations, session JSON (typed values). Prints JSON."""

import json
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from flask_session_values import from_typed  # noqa: E402

warnings.simplefilter("ignore")
from datetime import timedelta  # noqa: E402

import redis  # noqa: E402
from flask import Flask  # noqa: E402
from flask_session.redis import RedisSessionInterface  # noqa: E402

port, n = int(sys.argv[1]), int(sys.argv[2])
data = from_typed(json.loads(sys.argv[3]))
app = Flask("bench")
interface = RedisSessionInterface(app, client=redis.Redis(port=port))
session = interface.session_class(data, sid="bench-python")
lifetime = timedelta(seconds=3600)
key = "session:bench-python"
interface._upsert_session(lifetime, session, key)


def per_call(fn, calls):
    for _ in range(min(calls, 200)):
        fn()
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


record = interface.serializer.encode(session)
print(json.dumps({
    "open": per_call(lambda: interface._retrieve_session_data(key), n),
    "save": per_call(lambda: interface._upsert_session(lifetime, session, key), n),
    "decode": per_call(lambda: interface.serializer.decode(record), n * 20),
    "encode": per_call(lambda: interface.serializer.encode(session), n * 20),
    "recordBytes": len(record),
}))
