"""A real Flask app with Flask-Login and Flask-WTF, for the live tests (test/live/login-interop.test.ts).

The same JSON routes as the Node apps of test/helpers/login-apps.ts, so that one browser cookie jar
can go back and forth between them:

    POST /login    {"user_id": "42", "remember": bool?, "duration": seconds?, "fresh": bool?}
                   -> {"ok": login_user(...)}                           (CSRF-exempt)
    POST /logout   -> {"ok": logout_user()}                             (CSRF-exempt)
    GET  /me       -> {"user": id or null, "authenticated": bool, "fresh": login_fresh(),
                       "remembered": login_remembered(), "session": typed session}
    GET  /required @login_required        -> {"ok": true}   (401 otherwise)
    GET  /fresh    @fresh_login_required  -> {"ok": true}   (401 otherwise)
    GET  /csrf     -> {"token": generate_csrf()}
    POST /submit   CSRFProtect (form field csrf_token or X-CSRFToken) -> {"ok": true}
    POST /clock    {"now": epoch seconds | null}: the fixed clock     (CSRF-exempt)

A CSRF failure is 400 {"reason": <Flask-WTF's message>}. Users: "42" (active), "7" (inactive);
any other id is unknown. Config as scripts/flask_app.py takes it (--config JSON, Flask's names,
plus FIXED_TIME); SESSION_PROTECTION picks Flask-Login's mode.

The fixed clock (FIXED_TIME) drives the session cookie (as in flask_app.py), the CSRF tokens
(itsdangerous' TimestampSigner.get_timestamp) and the remember cookie's Expires (Flask-Login's
datetime.utcnow), so both sides write the same bytes at the same second.

    node scripts/python.mjs scripts/flask_login_app.py --port 0 --config '{"SECRET_KEY": "k"}'
"""

import os
import sys
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import flask_login.login_manager as flask_login_manager  # noqa: E402
from flask import Flask, current_app, has_app_context, jsonify, request, session  # noqa: E402
from flask_login import (  # noqa: E402
    LoginManager,
    UserMixin,
    current_user,
    fresh_login_required,
    login_fresh,
    login_remembered,
    login_required,
    login_user,
    logout_user,
)
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf  # noqa: E402
from itsdangerous import TimestampSigner  # noqa: E402

from flask_app import OracleSessionInterface, _normalise_config, main  # noqa: E402
from pyvalues import to_typed  # noqa: E402

USERS = {"42": True, "7": False}


_REAL_TIMESTAMP = TimestampSigner.get_timestamp


def install_clock(now):
    """Points Flask-Login's datetime.utcnow() (the remember cookie's Expires) and itsdangerous'
    TimestampSigner.get_timestamp() (the CSRF tokens) at now(): epoch seconds, or None for the
    real clock. Used by this app (FIXED_TIME) and by scripts/gen_login_fixtures.py."""

    class FixedDatetime(datetime):
        @classmethod
        def utcnow(cls):
            t = now()
            return datetime.utcnow() if t is None else datetime(1970, 1, 1) + timedelta(seconds=t)

    def get_timestamp(self):
        t = now()
        return _REAL_TIMESTAMP(self) if t is None else int(t)

    flask_login_manager.datetime = FixedDatetime
    TimestampSigner.get_timestamp = get_timestamp


def fixed_time():
    return current_app.config.get("FIXED_TIME") if has_app_context() else None


class User(UserMixin):
    def __init__(self, uid):
        self.id = uid

    @property
    def is_active(self):
        return USERS.get(self.id, True)


def create_login_app(config=None, json_options=None):
    install_clock(fixed_time)
    app = Flask("flask_login_oracle")
    app.session_interface = OracleSessionInterface()
    app.config.update(_normalise_config(config))
    manager = LoginManager(app)
    csrf = CSRFProtect(app)

    @manager.user_loader
    def load(uid):
        return User(uid) if uid in USERS else None

    def body():
        data = request.get_json(force=True, silent=True)
        return data if isinstance(data, dict) else {}

    @app.post("/login")
    @csrf.exempt
    def login():
        data = body()
        duration = data.get("duration")
        ok = login_user(
            User(str(data.get("user_id", "42"))),
            remember=bool(data.get("remember")),
            duration=None if duration is None else timedelta(seconds=duration),
            fresh=data.get("fresh", True),
        )
        return jsonify(ok=ok)

    @app.post("/logout")
    @csrf.exempt
    def logout():
        return jsonify(ok=logout_user())

    @app.get("/me")
    def me():
        user = current_user._get_current_object()
        return jsonify(
            user=user.get_id(),
            authenticated=bool(user.is_authenticated),
            fresh=bool(login_fresh()),
            remembered=login_remembered(),
            session=to_typed(dict(session)),
        )

    @app.get("/required")
    @login_required
    def required():
        return jsonify(ok=True)

    @app.get("/fresh")
    @fresh_login_required
    def fresh():
        return jsonify(ok=True)

    @app.get("/csrf")
    def csrf_token():
        return jsonify(token=generate_csrf())

    @app.post("/submit")
    def submit():
        return jsonify(ok=True)

    @app.post("/clock")
    @csrf.exempt
    def clock():
        now = body().get("now")
        app.config["FIXED_TIME"] = None if now is None else int(now)
        return jsonify(now=app.config["FIXED_TIME"])

    @app.errorhandler(CSRFError)
    def on_csrf(e):
        return jsonify(reason=e.description), 400

    return app


if __name__ == "__main__":
    main(factory=create_login_app)
