"""Flask-Login and Flask-WTF verdicts for many inputs at once (the property tests' oracle).

    node scripts/python.mjs scripts/login_oracle.py < questions.json > answers.json

reads one JSON object and writes one, with the real packages answering each list:

    {"key": SECRET_KEY, "now": epoch seconds,
     "decode":     [cookie, ...]                       -> flask_login.utils.decode_cookie(cookie)
     "identifier": [[remote_addr, user_agent, x_forwarded_for], ...]  (null = absent)
                                                       -> flask_login.utils._create_identifier()
     "sameOrigin": [[current, compare], ...]           -> flask_wtf.csrf.same_origin(...)
     "validate":   [[data, session_token], ...]        -> flask_wtf.csrf.validate_csrf(data), the
                                                          session holding session_token (null = none)}

Each answer is the result, or {"error": exception type} where Python raised (Flask answers 500);
validate answers "ok" or {"reason": Flask-WTF's message}.
"""

import json
import sys

from flask import Flask, session
from flask_login.utils import _create_identifier, decode_cookie
from flask_wtf.csrf import same_origin, validate_csrf
from itsdangerous import TimestampSigner
from werkzeug.test import EnvironBuilder
from wtforms import ValidationError


def guarded(fn):
    try:
        return fn()
    except ValidationError as exc:
        return {"reason": exc.args[0]}
    except Exception as exc:  # noqa: BLE001
        return {"error": type(exc).__name__}


def main():
    q = json.load(sys.stdin)
    now = int(q["now"])
    TimestampSigner.get_timestamp = lambda self: now
    app = Flask("login_oracle")
    app.config["SECRET_KEY"] = q["key"]
    out = {}
    with app.app_context():
        out["decode"] = [guarded(lambda c=c: decode_cookie(c)) for c in q.get("decode", [])]
    identifiers = []
    for addr, agent, forwarded in q.get("identifier", []):
        headers = {}
        if agent is not None:
            headers["User-Agent"] = agent
        if forwarded is not None:
            headers["X-Forwarded-For"] = forwarded
        environ = EnvironBuilder(path="/", headers=headers).get_environ()
        environ.pop("REMOTE_ADDR", None)
        if addr is not None:
            environ["REMOTE_ADDR"] = addr
        with app.request_context(environ):
            identifiers.append(guarded(_create_identifier))
    out["identifier"] = identifiers
    out["sameOrigin"] = [guarded(lambda a=a, b=b: bool(same_origin(a, b))) for a, b in q.get("sameOrigin", [])]
    verdicts = []
    for data, token in q.get("validate", []):
        with app.test_request_context():
            if token is not None:
                session["csrf_token"] = token

            def check(data=data):
                validate_csrf(data)
                return "ok"

            verdicts.append(guarded(check))
    out["validate"] = verdicts
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
