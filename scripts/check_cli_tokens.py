"""Python's side of the command-line tool's interop test (test/cli/python.test.ts).

One call checks a whole batch. Reads a JSON object on stdin and writes one on stdout:

    {"load": [{"id", "token", "format", "secret", "now"}, ...],
     "dump": [{"id", "value", "format", "secret", "timestamp"}, ...],
     "repr": [{"id", "payloadJson"}, ...]}
    ->
    {"load": {id: {"value": TV, "timestamp": int} | {"error": name, "message": str}},
     "dump": {id: token},
     "repr": {id: repr(Flask's session serializer .loads(payloadJson))}}

"format" is the tool's: {"mode": "flask" | "itsdangerous", "salt", "keyDerivation", "digest",
"legacy"}. Flask mode uses Flask's own session serializer inside an app context (sorted keys, as
in a request); itsdangerous mode is URLSafeTimedSerializer's plain JSON. "legacy" counts
timestamps from 2011-01-01 as itsdangerous < 1.0 did. Secrets are pyvalues typed secrets; values
are typed values (TV, see scripts/pyvalues.py).

    /usr/bin/python3 scripts/check_cli_tokens.py < batch.json
"""

import hashlib
import json
import os
import sys
from datetime import datetime, timezone

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadData, TimestampSigner, URLSafeTimedSerializer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyvalues import from_typed, secret_from_typed, to_typed  # noqa: E402

#: itsdangerous < 1.0 counted seconds from here (its EPOCH).
LEGACY_EPOCH = 1293840000


def signer_class(now, legacy):
    offset = LEGACY_EPOCH if legacy else 0

    class Signer(TimestampSigner):
        def get_timestamp(self):
            return int(now) - offset

        def timestamp_to_datetime(self, ts):
            return super().timestamp_to_datetime(ts + offset)

    return Signer


def serializer(fmt, secret, now):
    kwargs = dict(
        salt=fmt["salt"],
        signer=signer_class(now, fmt["legacy"]),
        signer_kwargs=dict(key_derivation=fmt["keyDerivation"], digest_method=getattr(hashlib, fmt["digest"])),
    )
    if fmt["mode"] == "flask":
        kwargs["serializer"] = SecureCookieSessionInterface.serializer
    return URLSafeTimedSerializer(secret_from_typed(secret), **kwargs)


def epoch(dt):
    return int((dt - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds())


def main():
    batch = json.load(sys.stdin)
    out = {"load": {}, "dump": {}, "repr": {}}
    app = Flask("flask_session_cookie_cli_check")
    with app.app_context():
        for case in batch.get("load", []):
            s = serializer(case["format"], case["secret"], case["now"])
            try:
                value, signed = s.loads(case["token"], return_timestamp=True)
                out["load"][case["id"]] = {"value": to_typed(value), "timestamp": epoch(signed)}
            except BadData as error:
                out["load"][case["id"]] = {"error": type(error).__name__, "message": str(error)}
        for case in batch.get("dump", []):
            s = serializer(case["format"], case["secret"], case["timestamp"])
            out["dump"][case["id"]] = s.dumps(from_typed(case["value"]))
        for case in batch.get("repr", []):
            out["repr"][case["id"]] = repr(SecureCookieSessionInterface.serializer.loads(case["payloadJson"]))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
