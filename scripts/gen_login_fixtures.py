"""Generates the Flask-Login and Flask-WTF fixtures from the REAL packages of one environment.

    node scripts/each-env.mjs scripts/gen_login_fixtures.py      (every pinned environment)
    FSC_PYTHON_ENV=flask-3.1 node scripts/python.mjs scripts/gen_login_fixtures.py --env flask-3.1

writes (indent=1, ensure_ascii=True, trailing newline; byte-for-byte reproducible):

    fixtures/<env>/flask-login.json   Flask-Login 0.6.3: remember cookies (encode_cookie /
                                      decode_cookie), session identifiers (_create_identifier),
                                      login_url, and request sequences through a real Flask app
                                      with a real LoginManager (session before and after, the
                                      Set-Cookie headers, the user Flask-Login loaded, guards).
    fixtures/<env>/flask-wtf.json     Flask-WTF CSRF: generate_csrf / validate_csrf verdicts,
                                      CSRFProtect verdicts on real requests, same_origin and
                                      request.host.

Every expected value comes from the installed Flask-Login / Flask-WTF / Flask / Werkzeug, called
the way Flask calls them, except one table, labelled so: the session identifier of Flask-Login 0.7
(unreleased, not on PyPI) is computed from its documented formula
sha512(f"{request.remote_addr}|{request.user_agent.string}".encode()), with the real Werkzeug
request supplying remote_addr and user_agent.

The clocks are fixed, so nothing depends on when this runs: Flask-Login's datetime.utcnow (the
remember cookie's Expires) and itsdangerous' TimestampSigner.get_timestamp (the CSRF tokens), both
through flask_login_app.install_clock, and the oracle session interface's FIXED_TIME (the session
cookie) all read CLOCK["now"]. Flask-WTF's raw
token comes from os.urandom, which flask_wtf.csrf here gets from a counter (SeededOs); where a case
needs a known raw token, the session holds it beforehand.
"""

import argparse
import hashlib
import io
import json
import os
import sys
import warnings
from datetime import timedelta
from importlib.metadata import version

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)

from flask import Flask, jsonify, request, session  # noqa: E402
from flask_login import (  # noqa: E402
    LoginManager,
    confirm_login,
    current_user,
    fresh_login_required,
    login_fresh,
    login_remembered,
    login_required,
    login_user,
    logout_user,
)
from flask_login.utils import _create_identifier, decode_cookie, encode_cookie, login_url  # noqa: E402
import flask_wtf.csrf as wtf_csrf  # noqa: E402
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf, same_origin, validate_csrf  # noqa: E402
from itsdangerous import URLSafeTimedSerializer  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402
from werkzeug.wrappers import Response  # noqa: E402
from wtforms import ValidationError  # noqa: E402

from flask_app import OracleSessionInterface  # noqa: E402
from flask_login_app import USERS, User, install_clock  # noqa: E402
from pyvalues import from_typed, secret_from_typed, secret_to_typed, to_typed  # noqa: E402

GENERATOR = "scripts/gen_login_fixtures.py"
T0 = 1700000000  # 2023-11-14T22:13:20Z
KEY = "login-fixture-key"
AGENT = "fixture-agent/1.0"
ADDR = "127.0.0.1"

# ------------------------------------------------------------------------------------------------
# Fixed clocks
# ------------------------------------------------------------------------------------------------

CLOCK = {"now": T0}


install_clock(lambda: CLOCK["now"])


class SeededOs:
    """What flask_wtf.csrf sees as `os`: urandom() from a counter, so a regenerated raw token is
    the same on every run (its value is not compared, only that it was replaced)."""

    counter = 0

    @classmethod
    def urandom(cls, n):
        cls.counter += 1
        return hashlib.shake_256(f"urandom-{cls.counter}".encode()).digest(n)


wtf_csrf.os = SeededOs


def versions(env):
    return {
        "env": env,
        "generator": GENERATOR,
        "python": sys.version.split()[0],
        "flask": version("flask"),
        "werkzeug": version("werkzeug"),
        "itsdangerous": version("itsdangerous"),
        "flask-login": version("flask-login"),
        "flask-wtf": version("flask-wtf"),
        "wtforms": version("wtforms"),
    }


def error_of(exc):
    return {"error": type(exc).__name__, "message": str(exc)}


class CapturingSessionInterface(OracleSessionInterface):
    """The oracle session interface (fixed clock), recording the session as Flask saves it."""

    captured = None

    def save_session(self, app, sess, response):
        accessed = sess.accessed
        CapturingSessionInterface.captured = {"session": to_typed(dict(sess)), "modified": sess.modified}
        sess.accessed = accessed
        return super().save_session(app, sess, response)


# ------------------------------------------------------------------------------------------------
# Flask-Login
# ------------------------------------------------------------------------------------------------

#: User ids that must survive every step: Werkzeug quotes some of them in Set-Cookie (Werkzeug 2.2
#: and 2.3+ differently), the remember cookie splits on the last "|", HMAC runs over UTF-8.
ODD_IDS = [
    "42",
    "",
    "user@example.com",
    "a b",
    "a|b",
    "|",
    "||x||",
    'quo"te',
    "semi;colon",
    "comma,",
    "back\\slash",
    "(paren)[b]{c}<d>?",
    "tab\there",
    "ctrl\x01\x1a\x1f\x7f",
    "caf\u00e9",
    "\u2603 snow",
    "\U0001d11e clef",
    "=eq=",
    "'single'",
    "x" * 2000,
]

#: Active users by id: the live app's ("42" active, "7" inactive), and every odd id, active.
USERS.update({uid: True for uid in ODD_IDS})


def remember_key_cases():
    return [KEY, b"\x00\xffbytes-key", "cl\u00e9 latin-1", "a"]


def remember_encode_table():
    app = Flask("remember_fixture")
    out = []
    for secret in remember_key_cases():
        app.config["SECRET_KEY"] = secret
        with app.app_context():
            for uid in ODD_IDS:
                out.append({"secretKey": secret_to_typed(secret), "userId": uid, "cookie": encode_cookie(uid)})
    # A key Flask-Login cannot encode as latin-1.
    app.config["SECRET_KEY"] = "snow \u2603 key"
    with app.app_context():
        try:
            encode_cookie("42")
            refused = None
        except Exception as exc:  # noqa: BLE001
            refused = error_of(exc)
    return out, {"secretKey": "snow \u2603 key", "userId": "42", "result": refused}


def remember_decode_table():
    app = Flask("remember_fixture")
    app.config["SECRET_KEY"] = KEY
    with app.app_context():
        good = encode_cookie("42")
        digest = good.split("|", 1)[1]
        app.config["SECRET_KEY"] = "other-key"
        other = encode_cookie("42")
        app.config["SECRET_KEY"] = KEY
        pipe = encode_cookie("a|b")
        cookies = [
            good,
            "42",
            "",
            "|",
            "42|",
            "|" + digest,
            good + "|",
            good.upper(),
            "42|" + digest.upper(),
            "42|" + digest[:-1],
            "42|" + digest + "0",
            "43|" + digest,
            " 42|" + digest,
            "42 |" + digest,
            "42|" + digest + " ",
            other,
            pipe,
            "a|b|" + pipe.rsplit("|", 1)[1],
            "b|" + pipe.rsplit("|", 1)[1],
            "42|" + digest[:64] + "\u00e9" + digest[65:],
            "42|\u00e9",
            "\u00e9|" + digest,
            "42|" + "0" * 128,
            "42|" + digest + "|" + digest,
            encode_cookie("caf\u00e9"),
            encode_cookie("x" * 2000),
        ]
        out = []
        for cookie in cookies:
            try:
                result = decode_cookie(cookie)
            except Exception as exc:  # noqa: BLE001
                result = error_of(exc)
            out.append({"secretKey": KEY, "cookie": cookie, "result": result})
    return out


#: (REMOTE_ADDR or None, headers): what _create_identifier reads.
IDENT_CASES = [
    (ADDR, {"User-Agent": AGENT}),
    (ADDR, {}),
    (None, {"User-Agent": AGENT}),
    (None, {}),
    ("::1", {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/119.0"}),
    (ADDR, {"User-Agent": AGENT, "X-Forwarded-For": "203.0.113.9"}),
    (ADDR, {"User-Agent": AGENT, "X-Forwarded-For": " 203.0.113.9 , 10.0.0.1, 10.0.0.2"}),
    (ADDR, {"User-Agent": AGENT, "X-Forwarded-For": ""}),
    (ADDR, {"User-Agent": AGENT, "X-Forwarded-For": ",10.0.0.1"}),
    (ADDR, {"User-Agent": AGENT, "X-Forwarded-For": "\t198.51.100.7\x0b"}),
    (ADDR, {"User-Agent": ""}),
    (ADDR, {"User-Agent": "it's"}),
    (ADDR, {"User-Agent": "both ' and \""}),
    (ADDR, {"User-Agent": 'only "double"'}),
    (ADDR, {"User-Agent": "back\\slash\ttab"}),
    (ADDR, {"User-Agent": "caf\u00e9 \u00ff\u0080"}),
    (ADDR, {"User-Agent": "ctrl\x01\x7f"}),
    (ADDR, {"User-Agent": AGENT, "X-Forwarded-For": "caf\u00e9"}),
]


def identifier_table():
    app = Flask("identifier_fixture")
    out = []
    for remote_addr, headers in IDENT_CASES:
        environ = EnvironBuilder(path="/", headers=headers).get_environ()
        environ.pop("REMOTE_ADDR", None)
        if remote_addr is not None:
            environ["REMOTE_ADDR"] = remote_addr
        with app.request_context(environ):
            real = _create_identifier()
            # Flask-Login 0.7 (unreleased, not installable from PyPI): its documented formula, with
            # the real request's remote_addr and user_agent.string. Not the package itself.
            formula07 = hashlib.sha512(f"{request.remote_addr}|{request.user_agent.string}".encode()).hexdigest()
        out.append(
            {
                "remoteAddr": remote_addr,
                "headers": [[k, v] for k, v in headers.items()],
                "0.6": real,
                "0.7": formula07,
                "0.7Source": "formula",
            }
        )
    return out


LOGIN_URL_CASES = [
    ("/login", None),
    ("/login", "http://localhost/orders"),
    ("/login", "http://localhost/orders?page=2&sort=a b"),
    ("/login", "http://localhost/"),
    ("/login?lang=fr", "http://localhost/p?q=1"),
    ("/login?next=/old&x=1&x=2", "http://localhost/p"),
    ("/login?flag&empty=", "http://localhost/p"),
    ("http://localhost/login", "http://localhost/p?a=%C3%A9"),
    ("https://auth.example/login", "http://localhost/p"),
    ("http://localhost:8000/login", "http://localhost/p"),
    ("/login", "http://localhost/caf\u00e9?x=\u2603"),
    ("/login", "http://localhost//double"),
    ("/login#frag", "http://localhost/p#h"),
]


def login_url_table():
    app = Flask("login_url_fixture")
    out = []
    with app.test_request_context():
        for view, next_url in LOGIN_URL_CASES:
            out.append({"loginView": view, "nextUrl": next_url, "url": login_url(view, next_url)})
        app.config["FORCE_HOST_FOR_REDIRECTS"] = "forced.example"
        out.append(
            {"loginView": "/login", "nextUrl": "http://localhost/p", "forceHost": "forced.example", "url": login_url("/login", "http://localhost/p")}
        )
    return out


def make_login_app(config, manager_attrs):
    app = Flask("login_scenario")
    app.session_interface = CapturingSessionInterface()
    app.config.update({"SECRET_KEY": KEY, "FIXED_TIME": T0})
    app.config.update({k: secret_from_typed(v) if k == "SECRET_KEY" else v for k, v in config.items()})
    if "REMEMBER_COOKIE_DURATION" in config and isinstance(config["REMEMBER_COOKIE_DURATION"], float):
        app.config["REMEMBER_COOKIE_DURATION"] = timedelta(seconds=config["REMEMBER_COOKIE_DURATION"])
    app.logger.disabled = True
    manager = LoginManager(app)
    for name, value in manager_attrs.items():
        setattr(manager, name, value)

    @manager.user_loader
    def load(uid):
        return User(uid) if uid in USERS else None

    def who():
        user = current_user._get_current_object()
        return {"id": user.get_id(), "authenticated": bool(user.is_authenticated)}

    @app.post("/do")
    def do():
        action = request.get_json(force=True)
        kind = action["action"]
        if kind == "login":
            duration = action.get("duration")
            result = login_user(
                User(action["user_id"]),
                remember=action.get("remember", False),
                duration=None if duration is None else timedelta(seconds=duration),
                force=action.get("force", False),
                fresh=action.get("fresh", True),
            )
        elif kind == "logout":
            result = logout_user()
        elif kind == "current":
            result = who()
        elif kind == "confirm":
            confirm_login()
            result = None
        elif kind == "fresh":
            result = login_fresh()
        elif kind == "remembered":
            result = login_remembered()
        elif kind == "logout_then_current":
            logout_user()
            result = who()
        elif kind == "noop":
            result = None
        else:
            raise ValueError(kind)
        return jsonify(result=result)

    @app.route("/required", methods=["GET", "POST", "OPTIONS"])
    @login_required
    def required():
        return jsonify(result=who())

    @app.route("/fresh-required", methods=["GET", "POST", "OPTIONS"])
    @fresh_login_required
    def fresh_required():
        return jsonify(result=who())

    @app.errorhandler(500)
    def internal_error(e):
        original = getattr(e, "original_exception", None) or e
        return jsonify(error_of(original)), 500

    return app


class Jar:
    """The cookies a browser would keep for the app (one site, path /), by name."""

    def __init__(self):
        self.cookies = {}

    def header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items()) or None

    def store(self, set_cookie):
        pair = set_cookie.split(";", 1)[0]
        name, _, value = pair.partition("=")
        if "Max-Age=0" in set_cookie or "Expires=Thu, 01 Jan 1970" in set_cookie:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


def run_scenario(scenario):
    app = make_login_app(scenario.get("config", {}), scenario.get("manager", {}))
    client = app.test_client(use_cookies=False)
    jar = Jar()
    steps = []
    for step in scenario["steps"]:
        for name in step.get("drop", ()):
            jar.cookies.pop(name, None)
        for name, value in step.get("plant", {}).items():
            jar.cookies[name] = value
        now = step.get("now", T0)
        CLOCK["now"] = now
        app.config["FIXED_TIME"] = now
        method = step.get("method", "POST")
        path = step.get("path", "/do")
        headers = [["User-Agent", step.get("agent", AGENT)]]
        if step.get("forwardedFor") is not None:
            headers.append(["X-Forwarded-For", step["forwardedFor"]])
        cookie = jar.header()
        if cookie is not None:
            headers.append(["Cookie", cookie])
        addr = step.get("remoteAddr", ADDR)
        action = step.get("action")
        CapturingSessionInterface.captured = None
        kwargs = {"headers": headers, "environ_base": {"REMOTE_ADDR": addr}}
        if action is not None:
            kwargs["json"] = action
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            resp = client.open(path, method=method, **kwargs)
        set_cookie = resp.headers.getlist("Set-Cookie")
        for header in set_cookie:
            jar.store(header)
        body = resp.get_json(silent=True)
        steps.append(
            {
                "request": {
                    "method": method,
                    "path": path,
                    "url": "http://localhost" + path,
                    "remoteAddr": addr,
                    "headers": headers,
                    "now": now,
                },
                "action": action,
                "status": resp.status_code,
                "location": resp.headers.get("Location"),
                "result": None if body is None else body.get("result", body),
                "setCookie": set_cookie,
                "saved": CapturingSessionInterface.captured,
            }
        )
    return {
        "name": scenario["name"],
        "config": scenario.get("config", {}),
        "manager": scenario.get("manager", {}),
        "steps": steps,
    }


def login(uid="42", **kw):
    return {"action": {"action": "login", "user_id": uid, **kw}}


CURRENT = {"action": {"action": "current"}}
LOGOUT = {"action": {"action": "logout"}}
FRESH = {"action": {"action": "fresh"}}
REMEMBERED = {"action": {"action": "remembered"}}
NOOP = {"action": {"action": "noop"}}
CONFIRM = {"action": {"action": "confirm"}}


def scenarios():
    s = []
    s.append({"name": "login, current, logout", "steps": [login(), CURRENT, FRESH, LOGOUT, CURRENT]})
    s.append({"name": "login not fresh", "steps": [login(fresh=False), FRESH, CURRENT]})
    s.append({"name": "inactive user refused, then forced", "steps": [login("7"), CURRENT, login("7", force=True), CURRENT]})
    s.append({"name": "unknown session user", "steps": [login("nobody", force=True), CURRENT]})
    s.append(
        {
            "name": "remember me: the session cookie dropped, the remember cookie restores the user",
            "steps": [
                login(remember=True),
                {"drop": ["session"], **CURRENT},
                FRESH,
                REMEMBERED,
                {"path": "/fresh-required", "method": "GET"},
                CONFIRM,
                {"path": "/fresh-required", "method": "GET"},
                CURRENT,
            ],
        }
    )
    s.append(
        {
            "name": "remember me with a duration",
            "steps": [login(remember=True, duration=60), {"drop": ["session"], **CURRENT}, {"now": T0 + 30, **login(remember=True, duration=1.5)}],
        }
    )
    s.append(
        {
            "name": "logout clears the remember cookie",
            "steps": [login(remember=True, duration=90), LOGOUT, CURRENT, {"drop": ["session"], **CURRENT}],
        }
    )
    s.append({"name": "logout without any login", "steps": [LOGOUT, {"plant": {"remember_token": "junk"}, **LOGOUT}]})
    s.append(
        {
            "name": "logout in the request that restores from the remember cookie",
            "steps": [login(remember=True), {"drop": ["session"], "action": {"action": "logout_then_current"}}, CURRENT],
        }
    )
    s.append(
        {
            "name": "forged and foreign remember cookies",
            "steps": [
                {"plant": {"remember_token": "42|" + "0" * 128}, **CURRENT},
                {"plant": {"remember_token": "42"}, **CURRENT},
                {"plant": {"remember_token": ""}, **CURRENT},
                {"plant": {"remember_token": '"42|00"'}, **CURRENT},
                {"plant": {"remember_token": encode_with("other-key", "42")}, **CURRENT},
                {"plant": {"remember_token": encode_with(KEY, "nobody")}, **CURRENT},
                {"plant": {"remember_token": encode_with(KEY, "7")}, **CURRENT},
                {"path": "/required", "method": "GET"},
            ],
        }
    )
    s.append(
        {
            "name": "basic protection: another user agent makes the login stale",
            "steps": [login(), {"agent": "other-agent/2.0", **CURRENT}, FRESH, {"agent": "other-agent/2.0", **CURRENT}],
        }
    )
    s.append(
        {
            "name": "basic protection: X-Forwarded-For is part of the 0.6.3 identifier",
            "steps": [
                {"forwardedFor": "203.0.113.9, 10.0.0.1", **login()},
                {"forwardedFor": "203.0.113.9", **CURRENT},
                {"forwardedFor": "198.51.100.1", **CURRENT},
            ],
        }
    )
    s.append(
        {
            "name": "strong protection: another user agent logs out and clears the remember cookie",
            "manager": {"session_protection": "strong"},
            "steps": [login(remember=True), {"agent": "other-agent/2.0", **CURRENT}, CURRENT],
        }
    )
    s.append(
        {
            "name": "strong protection: a remember login lasts one request (0.6.3 sets no _id)",
            "manager": {"session_protection": "strong"},
            "steps": [login(remember=True), {"drop": ["session"], **CURRENT}, CURRENT, CURRENT],
        }
    )
    s.append(
        {
            "name": "strong protection through SESSION_PROTECTION",
            "config": {"SESSION_PROTECTION": "strong"},
            "steps": [login(), {"agent": "other-agent/2.0", **CURRENT}],
        }
    )
    s.append(
        {
            "name": "strong protection: a session with only a CSRF token and a remember cookie",
            "manager": {"session_protection": "strong"},
            "steps": [login(remember=True), {"drop": ["session"], **NOOP}, {"plant": {"session": signed_session({"csrf_token": "f" * 40})}, **CURRENT}],
        }
    )
    s.append(
        {
            "name": "strong protection on a permanent session acts as basic",
            "manager": {"session_protection": "strong"},
            "steps": [
                login(),
                {"plant": {"session": signed_session({"_user_id": "42", "_fresh": True, "_id": "x", "_permanent": True})}, **CURRENT},
                CURRENT,
            ],
        }
    )
    s.append(
        {
            "name": "no session protection",
            "manager": {"session_protection": None},
            "steps": [login(), {"agent": "other-agent/2.0", **CURRENT}, FRESH],
        }
    )
    s.append(
        {
            "name": "a session scheduled to clear ignores the remember cookie",
            "steps": [
                login(remember=True),
                {"plant": {"session": signed_session({"_remember": "clear"})}, **CURRENT},
            ],
        }
    )
    s.append(
        {
            "name": "REMEMBER_COOKIE_REFRESH_EACH_REQUEST",
            "config": {"REMEMBER_COOKIE_REFRESH_EACH_REQUEST": True},
            "steps": [NOOP, login(), {"now": T0 + 100, **NOOP}, {"drop": ["session"], "now": T0 + 200, **CURRENT}, LOGOUT, NOOP],
        }
    )
    s.append(
        {
            "name": "every remember cookie setting changed",
            "config": {
                "REMEMBER_COOKIE_NAME": "keep_me",
                "REMEMBER_COOKIE_DURATION": 3600,
                "REMEMBER_COOKIE_DOMAIN": ".shop.test",
                "REMEMBER_COOKIE_PATH": "/app",
                "REMEMBER_COOKIE_SECURE": True,
                "REMEMBER_COOKIE_HTTPONLY": False,
                "REMEMBER_COOKIE_SAMESITE": "Lax",
            },
            "steps": [login(remember=True), {"drop": ["session"], **CURRENT}, LOGOUT],
        }
    )
    s.append(
        {
            "name": "REMEMBER_COOKIE_DURATION as a timedelta",
            "config": {"REMEMBER_COOKIE_DURATION": 86400.0},
            "steps": [login(remember=True)],
        }
    )
    s.append(
        {
            "name": "key rotation: Flask-Login ignores SECRET_KEY_FALLBACKS",
            "config": {"SECRET_KEY": "new-key", "SECRET_KEY_FALLBACKS": [KEY]},
            "steps": [
                {"plant": {"remember_token": encode_with(KEY, "42")}, **CURRENT},
                {"plant": {"remember_token": encode_with("new-key", "42")}, **CURRENT},
                login(remember=True),
            ],
        }
    )
    s.append(
        {
            "name": "bytes SECRET_KEY",
            "config": {"SECRET_KEY": {"bytes": "00ff62797465732d6b6579"}},
            "steps": [login(remember=True), {"drop": ["session"], **CURRENT}],
        }
    )
    s.append(
        {
            "name": "latin-1 SECRET_KEY",
            "config": {"SECRET_KEY": "cl\u00e9 latin-1"},
            "steps": [login(remember=True), {"drop": ["session"], **CURRENT}],
        }
    )
    s.append(
        {
            "name": "login_required and fresh_login_required: 401 without views",
            "steps": [
                {"path": "/required", "method": "GET"},
                {"path": "/required", "method": "OPTIONS"},
                login(fresh=False),
                {"path": "/required", "method": "GET"},
                {"path": "/fresh-required", "method": "POST"},
                {"path": "/fresh-required", "method": "OPTIONS"},
            ],
        }
    )
    s.append(
        {
            "name": "login_required: redirects to the login and refresh views, with flashes",
            "manager": {"login_view": "/login", "refresh_view": "/reauth", "needs_refresh_message": "Again, please."},
            "steps": [
                {"path": "/required", "method": "GET"},
                login(fresh=False),
                {"path": "/fresh-required", "method": "GET"},
            ],
        }
    )
    s.append(
        {
            "name": "USE_SESSION_FOR_NEXT",
            "config": {"USE_SESSION_FOR_NEXT": True},
            "manager": {"login_view": "/login", "login_message": None, "refresh_view": "/reauth"},
            "steps": [{"path": "/required", "method": "GET"}, login(fresh=False), {"path": "/fresh-required", "method": "GET"}],
        }
    )
    s.append({"name": "LOGIN_DISABLED", "config": {"LOGIN_DISABLED": True}, "steps": [{"path": "/required", "method": "GET"}]})
    s.append(
        {
            "name": "odd user ids: remember cookies written and read back by Flask",
            "steps": [step for uid in ODD_IDS for step in (login(uid, remember=True), {"drop": ["session"], **CURRENT})],
        }
    )
    return s


def encode_with(secret, uid):
    app = Flask("encode")
    app.config["SECRET_KEY"] = secret
    with app.app_context():
        return encode_cookie(uid)


def signed_session(data, secret=KEY):
    app = Flask("sign")
    app.config.update({"SECRET_KEY": secret, "FIXED_TIME": T0})
    return OracleSessionInterface().get_signing_serializer(app).dumps(data)


def login_fixture(env):
    encode, refused = remember_encode_table()
    return {
        "generatedBy": versions(env),
        "now": T0,
        "secretKey": KEY,
        "users": {uid: active for uid, active in USERS.items()},
        "rememberEncode": encode,
        "rememberKeyRefused": refused,
        "rememberDecode": remember_decode_table(),
        "identifiers": identifier_table(),
        "loginUrl": login_url_table(),
        "scenarios": [run_scenario(s) for s in scenarios()],
    }


# ------------------------------------------------------------------------------------------------
# Flask-WTF
# ------------------------------------------------------------------------------------------------

RAW = "0123456789abcdef0123456789abcdef01234567"
OTHER_RAW = "fedcba9876543210fedcba9876543210fedcba98"
MISSING = "<missing>"


def csrf_app(config):
    app = Flask("csrf_fixture")
    app.config.update({"SECRET_KEY": KEY})
    app.config.update({k: secret_from_typed(v) if k in ("SECRET_KEY", "WTF_CSRF_SECRET_KEY") else v for k, v in config.items()})
    return app


def signed_token(secret, value, now=T0, salt="wtf-csrf-token"):
    CLOCK["now"] = now
    return URLSafeTimedSerializer(secret_from_typed(secret), salt=salt).dumps(value)


def generate_table():
    out = []
    cases = [
        ({}, RAW, T0),
        ({}, RAW, T0 + 12345),
        ({"WTF_CSRF_SECRET_KEY": "csrf-only-key"}, RAW, T0),
        ({"SECRET_KEY": {"bytes": "00ff62797465732d6b6579"}}, RAW, T0),
        ({"WTF_CSRF_FIELD_NAME": "token"}, RAW, T0),
        ({}, "caf\u00e9 \u2603", T0),
        ({}, {"int": "5"}, T0),
        ({}, {"list": ["a", {"int": "1"}]}, T0),
        ({}, {"bytes": "00ff"}, T0),
        ({}, MISSING, T0),
    ]
    for config, raw, now in cases:
        app = csrf_app(config)
        field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        with app.test_request_context():
            if raw is not MISSING:
                session[field] = from_typed(raw)
            CLOCK["now"] = now
            token = generate_csrf()
            stored = session.get(field)
            again = generate_csrf()
        out.append(
            {
                "config": config,
                "sessionToken": raw,
                "now": now,
                "token": token,
                "sessionAfter": to_typed(stored),
                "regenerated": raw is MISSING or to_typed(stored) != raw,
                "sameTokenInRequest": again == token,
            }
        )
    return out


def validate_table():
    app_key = KEY
    good = signed_token(app_key, RAW)
    sig = good.rsplit(".", 1)[1]
    payload = good.split(".", 1)[0]
    cases = []

    def case(name, data, session_token=RAW, now=T0, config=None):
        cases.append({"name": name, "data": data, "sessionToken": session_token, "now": now, "config": config or {}})

    case("valid", good)
    case("valid at the time limit", good, now=T0 + 3600)
    case("expired one second after", good, now=T0 + 3601)
    case("signed in the future", good, now=T0 - 1)
    case("no time limit", good, now=T0 + 10**8, config={"WTF_CSRF_TIME_LIMIT": None})
    case("time limit 0, same second", good, config={"WTF_CSRF_TIME_LIMIT": 0})
    case("time limit 0, a second later", good, now=T0 + 1, config={"WTF_CSRF_TIME_LIMIT": 0})
    case("time limit 60", good, now=T0 + 61, config={"WTF_CSRF_TIME_LIMIT": 60})
    case("negative time limit", good, config={"WTF_CSRF_TIME_LIMIT": -1})
    case("missing (None)", None)
    case("missing (empty)", "")
    case("missing, session token missing too", None, session_token=MISSING)
    case("session token missing", good, session_token=MISSING)
    case("session token None", good, session_token=None)
    case("session token an int", good, session_token={"int": "5"})
    case("session token bytes", good, session_token={"bytes": "00"})
    case("tokens do not match", good, session_token=OTHER_RAW)
    case("tampered signature", good[:-1] + ("A" if good[-1] != "A" else "B"))
    case("signature removed", good.rsplit(".", 1)[0])
    case("tampered payload", "X" + good[1:])
    case("wrong key", signed_token("another-key", RAW))
    case("another salt (a session-like token)", signed_token(app_key, RAW, salt="cookie-session"))
    case("garbage", "not-a-token")
    case("dots", "...")
    case("spaces", "   ")
    case("long garbage", "a." * 3000 + sig)
    case("payload and signature only", f"{payload}.{sig}")
    case("an int, validly signed", signed_token(app_key, 5))
    case("a list, validly signed", signed_token(app_key, [RAW]))
    case("non-ASCII, validly signed", signed_token(app_key, "caf\u00e9"), session_token="caf\u00e9")
    case("upper-case copy of the raw token", signed_token(app_key, RAW.upper()))
    case("WTF_CSRF_SECRET_KEY signs", signed_token("csrf-only-key", RAW), config={"WTF_CSRF_SECRET_KEY": "csrf-only-key"})
    case("SECRET_KEY token when WTF_CSRF_SECRET_KEY is set", good, config={"WTF_CSRF_SECRET_KEY": "csrf-only-key"})
    case("key rotation: Flask-WTF ignores SECRET_KEY_FALLBACKS", good, config={"SECRET_KEY": "new-key", "SECRET_KEY_FALLBACKS": [KEY]})
    case("bytes SECRET_KEY", signed_token({"bytes": "00ff62797465732d6b6579"}, RAW), config={"SECRET_KEY": {"bytes": "00ff62797465732d6b6579"}})
    case("custom field name", good, config={"WTF_CSRF_FIELD_NAME": "token"})
    out = []
    for c in cases:
        app = csrf_app(c["config"])
        field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        with app.test_request_context():
            if c["sessionToken"] is not MISSING:
                session[field] = from_typed(c["sessionToken"])
            CLOCK["now"] = c["now"]
            try:
                validate_csrf(c["data"])
                verdict = "ok"
            except ValidationError as exc:
                verdict = {"reason": exc.args[0]}
            except Exception as exc:  # noqa: BLE001
                verdict = error_of(exc)
        out.append({**c, "verdict": verdict})
    return out


def protect_app(config):
    app = csrf_app(config)
    app.session_interface = CapturingSessionInterface()
    app.config["FIXED_TIME"] = T0
    app.logger.disabled = True
    csrf = CSRFProtect(app)
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    @app.route("/form", methods=methods)
    def form():
        return jsonify(ok=True, host=request.host)

    @app.route("/exempt", methods=methods)
    @csrf.exempt
    def exempt():
        return jsonify(ok=True, host=request.host)

    @app.errorhandler(CSRFError)
    def on_csrf(e):
        return jsonify(reason=e.description, host=request.host), 400

    @app.errorhandler(500)
    def internal_error(e):
        original = getattr(e, "original_exception", None) or e
        return jsonify(error_of(original)), 500

    return app


def protect_table():
    good = signed_token(KEY, RAW)
    cases = []

    def case(name, method="POST", path="/form", form=None, headers=None, json_body=None, secure=False, host="localhost", config=None, session_token=RAW, files=None):
        cases.append(
            {
                "name": name,
                "method": method,
                "path": path,
                "form": form,
                "files": files,
                "json": json_body,
                "headers": headers or [],
                "secure": secure,
                "host": host,
                "config": config or {},
                "sessionToken": session_token,
            }
        )

    ref = [["Referer", "https://example.com/page"]]
    case("form field", form=[["csrf_token", good]])
    case("GET is not checked", method="GET")
    case("OPTIONS is not checked", method="OPTIONS")
    for m in ["POST", "PUT", "PATCH", "DELETE"]:
        case(f"{m} without a token", method=m)
    case("X-CSRFToken header", headers=[["X-CSRFToken", good]])
    case("X-CSRF-Token header", headers=[["X-CSRF-Token", good]])
    case("header names in any case", headers=[["x-csrftoken", good]])
    case("an empty header, then the other", headers=[["X-CSRFToken", ""], ["X-CSRF-Token", good]])
    case("the form wins over the header", form=[["csrf_token", "bad"]], headers=[["X-CSRFToken", good]])
    case("an empty form field, then the header", form=[["csrf_token", ""]], headers=[["X-CSRFToken", good]])
    case("a prefixed form field", form=[["login-csrf_token", good]])
    case("the first of repeated fields", form=[["csrf_token", good], ["csrf_token", "bad"]])
    case("a repeated field whose first value is empty", form=[["csrf_token", ""], ["csrf_token", good]])
    case("the first prefixed field that is not empty", form=[["a-csrf_token", ""], ["b-csrf_token", good], ["c-csrf_token", "bad"]])
    case("a field that only contains the name", form=[["csrf_token_x", good]])
    case("a file named csrf_token is not a form field", files=[["csrf_token", good]])
    case("a token in a JSON body is not a form field", json_body={"csrf_token": good})
    case("expired token", form=[["csrf_token", signed_token(KEY, RAW, now=T0 - 3601)]])
    case("tampered token", form=[["csrf_token", good[:-2] + "xx"]])
    case("mismatched token", form=[["csrf_token", good]], session_token=OTHER_RAW)
    case("no session token", form=[["csrf_token", good]], session_token=MISSING)
    case("exempt view", path="/exempt")
    case("WTF_CSRF_ENABLED off", config={"WTF_CSRF_ENABLED": False})
    case("WTF_CSRF_CHECK_DEFAULT off", config={"WTF_CSRF_CHECK_DEFAULT": False})
    case("WTF_CSRF_METHODS without PUT", method="PUT", config={"WTF_CSRF_METHODS": ["POST"]})
    case("WTF_CSRF_METHODS with GET", method="GET", config={"WTF_CSRF_METHODS": ["GET"]})
    case("WTF_CSRF_HEADERS", headers=[["X-Token", good]], config={"WTF_CSRF_HEADERS": ["X-Token"]})
    case("WTF_CSRF_HEADERS without the defaults", headers=[["X-CSRFToken", good]], config={"WTF_CSRF_HEADERS": ["X-Token"]})
    case("WTF_CSRF_FIELD_NAME", form=[["token", good]], config={"WTF_CSRF_FIELD_NAME": "token"}, session_token=RAW)
    # HTTPS: the Referer rule.
    case("https, same-origin Referer", form=[["csrf_token", good]], headers=ref, secure=True, host="example.com")
    case("https, no Referer", form=[["csrf_token", good]], secure=True, host="example.com")
    case("https, empty Referer", form=[["csrf_token", good]], headers=[["Referer", ""]], secure=True, host="example.com")
    case("https, bad token and no Referer", form=[["csrf_token", "bad"]], secure=True, host="example.com")
    case("https, another host", form=[["csrf_token", good]], headers=[["Referer", "https://evil.example/"]], secure=True, host="example.com")
    case("https, an http Referer", form=[["csrf_token", good]], headers=[["Referer", "http://example.com/"]], secure=True, host="example.com")
    case("https, another port", form=[["csrf_token", good]], headers=[["Referer", "https://example.com:8443/"]], secure=True, host="example.com")
    case("https, Host with its port", form=[["csrf_token", good]], headers=[["Referer", "https://example.com:8443/x"]], secure=True, host="example.com:8443")
    case("https, Host with :443", form=[["csrf_token", good]], headers=ref, secure=True, host="example.com:443")
    case("https, Referer with :443", form=[["csrf_token", good]], headers=[["Referer", "https://example.com:443/"]], secure=True, host="example.com")
    case("https, upper-case Referer", form=[["csrf_token", good]], headers=[["Referer", "HTTPS://EXAMPLE.COM/"]], secure=True, host="example.com")
    case("https, upper-case Host", form=[["csrf_token", good]], headers=ref, secure=True, host="EXAMPLE.com")
    case("https, user info in the Referer", form=[["csrf_token", good]], headers=[["Referer", "https://evil@example.com/"]], secure=True, host="example.com")
    case("https, Referer naming the host as user", form=[["csrf_token", good]], headers=[["Referer", "https://example.com@evil.example/"]], secure=True, host="example.com")
    case("https, relative Referer", form=[["csrf_token", good]], headers=[["Referer", "/page"]], secure=True, host="example.com")
    case("https, Referer with a bad port", form=[["csrf_token", good]], headers=[["Referer", "https://example.com:99999/"]], secure=True, host="example.com")
    case("https, Referer with a bad port on another host", form=[["csrf_token", good]], headers=[["Referer", "https://evil.example:99999/"]], secure=True, host="example.com")
    case("https, IPv6 host", form=[["csrf_token", good]], headers=[["Referer", "https://[::1]:8443/"]], secure=True, host="[::1]:8443")
    case("https, Referer with unbalanced brackets", form=[["csrf_token", good]], headers=[["Referer", "https://[::1/"]], secure=True, host="example.com")
    case("https, invalid Host", form=[["csrf_token", good]], headers=[["Referer", "https:///"]], secure=True, host="exa mple.com")
    case("https, Host with a bad port", form=[["csrf_token", good]], headers=[["Referer", "https://example.com/"]], secure=True, host="example.com:99999")
    case("https, WTF_CSRF_SSL_STRICT off", form=[["csrf_token", good]], secure=True, host="example.com", config={"WTF_CSRF_SSL_STRICT": False})
    case("http ignores the Referer", form=[["csrf_token", good]], headers=[["Referer", "https://evil.example/"]])
    out = []
    for c in cases:
        app = protect_app(c["config"])
        field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        data = {} if c["sessionToken"] is MISSING else {field: c["sessionToken"]}
        cookie = f"session={signed_session(data)}"
        headers = [["Cookie", cookie], *c["headers"]]
        kwargs = {"method": c["method"], "headers": headers, "base_url": ("https" if c["secure"] else "http") + "://localhost"}
        if c["json"] is not None:
            kwargs["json"] = c["json"]
        elif c["form"] is not None or c["files"] is not None:
            from werkzeug.datastructures import MultiDict

            md = MultiDict()
            for k, v in c["form"] or []:
                md.add(k, v)
            for k, v in c["files"] or []:
                md.add(k, (io.BytesIO(v.encode()), "token.txt"))
            kwargs["data"] = md
        CLOCK["now"] = T0
        # Straight into the WSGI app: the test client computes the request URL itself, and some
        # versions of it fail on a Host header the app must still see (a bad port).
        environ = EnvironBuilder(c["path"], **kwargs).get_environ()
        environ["HTTP_HOST"] = c["host"]
        resp = Response.from_app(app, environ)
        body = resp.get_json(silent=True) or {}
        out.append(
            {
                **c,
                "verdict": {"status": resp.status_code, "reason": body.get("reason"), "error": body.get("error"), "host": body.get("host")},
            }
        )
    return out


SAME_ORIGIN_CASES = [
    "https://example.com/",
    "https://example.com",
    "https://example.com/deep/page?q=1#f",
    "HTTPS://EXAMPLE.COM/",
    "https://example.com:443/",
    "https://example.com:0443/",
    "https://example.com:/",
    "https://example.com:8443/",
    "https://example.com:+443/",
    "https://example.com: 443/",
    "https://example.com:99999/",
    "https://example.com:443:80/",
    "https://example.com:\u0664\u0664\u0663/",
    "http://example.com/",
    "//example.com/",
    "https:example.com",
    "https://u:p@example.com/",
    "https://example.com@evil.example/",
    "https://example.com\\@evil.example/",
    "https://example.com#@evil.example",
    "https://example.com?@evil.example",
    "https://evil.example/",
    "https://example.com./",
    " https://example.com/",
    "\x01https://example.com/",
    "ht\ttps://exa\nmple.com/",
    "2https://example.com/",
    "https://[::1]:8443/",
    "https://[::1]/",
    "https://[::1/",
    "https://::1]/",
    "https://[v1.x]/",
    "https://[1.2.3.4]/",
    "https://[zz]/",
    "https://[fe80::1%25eth0]/",
    "https://[::1]x:5/",
    "https://ex%41mple.com/",
    "https://\u00e9xample.com/",
    "https://\uff45xample.com/",
    "https://exa\u2100mple.com/",
    "",
    "example.com",
]
SAME_ORIGIN_TARGETS = ["https://example.com/", "https://example.com:8443/", "https://[::1]:8443/", "https:///"]


def same_origin_table():
    out = []
    for target in SAME_ORIGIN_TARGETS:
        for current in SAME_ORIGIN_CASES:
            try:
                result = bool(same_origin(current, target))
            except ValueError:
                result = "error"
            out.append({"current": current, "compare": target, "result": result})
    return out


HOSTS = ["example.com", "example.com:443", "example.com:80", "Example.COM", "example.com:8443", "[::1]:8443", "[::1]", "exa mple.com",
         "example.com:99999", "example.com:0", "example.com:080", "ex_ample.com", "\u00e9xample.com", "", "a:b:c"]


def host_table():
    app = Flask("host_fixture")
    out = []
    for scheme in ["https", "http"]:
        for host in HOSTS:
            environ = EnvironBuilder(path="/", base_url=f"{scheme}://placeholder").get_environ()
            environ["HTTP_HOST"] = host
            with app.request_context(environ):
                try:
                    result = request.host
                except Exception as exc:  # noqa: BLE001
                    result = error_of(exc)
            out.append({"scheme": scheme, "host": host, "result": result})
    return out


def wtf_fixture(env):
    return {
        "generatedBy": versions(env),
        "now": T0,
        "secretKey": KEY,
        "raw": RAW,
        "generate": generate_table(),
        "validate": validate_table(),
        "protect": protect_table(),
        "sameOrigin": same_origin_table(),
        "requestHost": host_table(),
    }


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default=os.environ.get("FSC_PYTHON_ENV"), help="the environment's name (fixtures/<env>/)")
    args = parser.parse_args(argv)
    if not args.env:
        parser.error("name the environment with --env (or FSC_PYTHON_ENV)")
    out = os.path.join(ROOT, "fixtures", args.env)
    write(os.path.join(out, "flask-login.json"), login_fixture(args.env))
    write(os.path.join(out, "flask-wtf.json"), wtf_fixture(args.env))


if __name__ == "__main__":
    main()
