"""A small, real Flask app used as the oracle for flask-session-cookie.

Reused by the fixture generator (scripts/gen_flask_fixtures.py), the live interop tests and the
demo. Everything goes in and out as JSON using the typed values of scripts/pyvalues.py, so any
session content can be set and read back without losing its Python type.

    create_app(config, json_options=None) -> Flask

Works with every Flask of scripts/pyenv/envs.json (2.2 to 3.1). Config keys beyond Flask's own:

    SECRET_KEY_FALLBACKS  list of old keys. Flask 3.1+ has its own (used as it is: 3.1.0 signs with
                          the last fallback, 3.1.1+ with SECRET_KEY); for older Flask this app
                          adds them as Flask 3.1.1 does (they verify, SECRET_KEY signs), which is
                          what the library's secretKeyFallbacks does for every flaskVersion.
    FIXED_TIME            epoch seconds. The clock used for signing, for max_age checks and for the
                          Expires of permanent sessions. null / absent = the real clock.

SECRET_KEY and the SECRET_KEY_FALLBACKS entries may be given as {"bytes": "hex"} (see
pyvalues.secret_from_typed). PERMANENT_SESSION_LIFETIME may be an int number of seconds (Flask
converts it). json_options sets app.json attributes: {"sort_keys": bool, "ensure_ascii": bool}.

Routes (JSON in, JSON out; TV = typed value):

    GET  /ping      -> "ok"  (does not touch the session)
    GET  /session   -> {"session": TV dict, "permanent": bool}   reads (marks accessed), never modifies
    GET  /peek      -> {"has": "_user_id" in session, "size": len(session)}   keys only, no value read
                       (Flask 3.1.3+ counts that as an access: Vary: Cookie; older Flask does not)
    POST /session   body {"clear": bool?, "delete": [keys]?, "set": TV dict?, "permanent": bool?,
                          "modified": bool?}  applied in that order -> {"session", "permanent"}
    POST /login     body {"user_id": "42", "remember": bool?} -> Flask-Login-like keys + a flash
    POST /flash     body {"message": str, "category": str?}   -> flask.flash(...)
    GET  /flashes   -> {"flashes": TV of get_flashed_messages(with_categories=True), "session", "permanent"}
    POST /logout    -> session.clear()
    POST /clock     body {"now": epoch seconds | null} -> sets FIXED_TIME (live tests of expiry)

An exception while handling a request (for example a validly signed cookie whose payload Flask
cannot load) gives status 500 with {"error": exception type name, "message": str(exception)}.

Run as a server:

    /usr/bin/python3 scripts/flask_app.py --host 127.0.0.1 --port 0 --config '{"SECRET_KEY": "k"}'

prints exactly one line "LISTENING <port>" on stdout once ready, serves with Werkzeug's server,
and stops cleanly on SIGTERM / SIGINT, or when stdin reaches EOF (only watched when stdin is a
pipe, socket or terminal, so `< /dev/null` does not stop it at once; --no-stdin disables it).
"""

import argparse
import hashlib
import json
import os
import signal
import stat
import sys
import threading
from datetime import datetime, timezone

from flask import Flask, flash, get_flashed_messages, jsonify, request, session
from flask.globals import _cv_request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyvalues import from_typed, secret_from_typed, to_typed  # noqa: E402

#: What the /login route hashes into "_id" instead of the real request's address and user agent,
#: so that the value is the same for every client (test client, urllib, browsers, the TS tests).
FIXED_REMOTE_ADDR = "127.0.0.1"
FIXED_USER_AGENT = "flask-session-cookie-oracle/1.0"


def login_identifier(remote_addr=FIXED_REMOTE_ADDR, user_agent=FIXED_USER_AGENT):
    """Flask-Login's _create_identifier(): sha512 of f"{addr_bytes}|{ua_bytes}" (the bytes reprs!)."""
    addr = remote_addr.encode("utf-8").split(b",")[0].strip() if remote_addr is not None else None
    agent = user_agent.encode("utf-8") if user_agent is not None else None
    base = f"{addr}|{agent}"
    return hashlib.sha512(base.encode("utf8")).hexdigest()


def csrf_token_for(user_id):
    """Deterministic stand-in for Flask-WTF's raw CSRF token (40 hex digits)."""
    return hashlib.sha1(f"csrf-token:{user_id}".encode("utf-8")).hexdigest()


class FixedClockTimestampSigner(TimestampSigner):
    """A TimestampSigner whose clock is a fixed epoch second (used for signing and for max_age)."""

    def __init__(self, *args, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = int(now)

    def get_timestamp(self):
        return self.now


#: Whether this Flask has SECRET_KEY_FALLBACKS of its own (3.1+).
FLASK_HAS_FALLBACKS = "SECRET_KEY_FALLBACKS" in Flask.default_config


class OracleSessionInterface(SecureCookieSessionInterface):
    """Flask's cookie session, with FIXED_TIME, and SECRET_KEY_FALLBACKS where Flask has none."""

    def get_signing_serializer(self, app):
        if FLASK_HAS_FALLBACKS:
            # Flask's own key list, in Flask's own order (3.1.0's included); only the clock changes.
            flask_serializer = super().get_signing_serializer(app)
            if flask_serializer is None:
                return None
            keys = flask_serializer.secret_keys
        elif not app.secret_key:
            return None
        else:
            # What Flask >= 3.1.1 builds: fallbacks first, the current key last. itsdangerous
            # signs with the last key and verifies against all of them (newest first).
            keys = [*(app.config.get("SECRET_KEY_FALLBACKS") or ()), app.secret_key]
        signer_kwargs = dict(key_derivation=self.key_derivation, digest_method=self.digest_method)
        extra = {}
        now = app.config.get("FIXED_TIME")
        if now is not None:
            extra["signer"] = FixedClockTimestampSigner
            signer_kwargs["now"] = now
        return URLSafeTimedSerializer(
            keys,
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs=signer_kwargs,
            **extra,
        )

    def get_expiration_time(self, app, session):
        now = app.config.get("FIXED_TIME")
        if now is None:
            return super().get_expiration_time(app, session)
        if session.permanent:
            return datetime.fromtimestamp(int(now), tz=timezone.utc) + app.permanent_session_lifetime
        return None


def _normalise_config(config):
    config = dict(config or {})
    if "SECRET_KEY" in config:
        config["SECRET_KEY"] = secret_from_typed(config["SECRET_KEY"])
    if config.get("SECRET_KEY_FALLBACKS") is not None:
        config["SECRET_KEY_FALLBACKS"] = [secret_from_typed(k) for k in config["SECRET_KEY_FALLBACKS"]]
    return config


def typed_session():
    return {"session": to_typed(dict(session)), "permanent": session.permanent}


def raw_session():
    """The request's session object without going through the `session` proxy, which in Flask
    3.1.3+ marks the session accessed (and so adds Vary: Cookie) on every use."""
    ctx = _cv_request.get()
    return ctx.__dict__["_session"] if "_session" in ctx.__dict__ else ctx.__dict__["session"]


def create_app(config=None, json_options=None):
    """A Flask app with the oracle session interface and the JSON routes described above."""
    app = Flask("flask_session_cookie_oracle")
    app.session_interface = OracleSessionInterface()
    app.config.update(_normalise_config(config))
    for name, value in (json_options or {}).items():
        if name not in ("sort_keys", "ensure_ascii", "compact"):
            raise ValueError(f"unknown json option {name!r}")
        setattr(app.json, name, value)

    def body():
        data = request.get_json(force=True, silent=True)
        return data if isinstance(data, dict) else {}

    @app.get("/ping")
    def ping():
        return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}

    @app.get("/session")
    def get_session():
        return jsonify(typed_session())

    @app.get("/peek")
    def peek():
        return jsonify({"has": "_user_id" in session, "size": len(session)})

    @app.post("/session")
    def post_session():
        data = body()
        if data.get("clear"):
            session.clear()
        for key in data.get("delete") or ():
            session.pop(key, None)
        if data.get("set") is not None:
            for key, value in from_typed(data["set"]).items():
                session[key] = value
        if data.get("permanent") is not None:
            session.permanent = bool(data["permanent"])
        if data.get("modified"):
            session.modified = True
        return jsonify(typed_session())

    @app.post("/login")
    def login():
        # What a typical Flask-WTF + Flask-Login login does to the session: the CSRF token was put
        # there when the form was rendered, login_user() adds _user_id/_fresh/_id(/_remember), and
        # the view flashes a message before redirecting.
        data = body()
        user_id = str(data.get("user_id", "42"))
        session["csrf_token"] = csrf_token_for(user_id)
        session["_user_id"] = user_id
        session["_fresh"] = True
        session["_id"] = login_identifier()
        if data.get("remember"):
            session["_remember"] = "set"
        flash("You are logged in.", "success")
        return jsonify(typed_session())

    @app.post("/flash")
    def post_flash():
        data = body()
        flash(data.get("message", ""), data.get("category", "message"))
        return jsonify(typed_session())

    @app.get("/flashes")
    def get_flashes():
        flashes = get_flashed_messages(with_categories=True)
        return jsonify({"flashes": to_typed(flashes), **typed_session()})

    @app.post("/logout")
    def logout():
        session.clear()
        return jsonify(typed_session())

    @app.post("/clock")
    def clock():
        now = body().get("now")
        app.config["FIXED_TIME"] = None if now is None else int(now)
        return jsonify({"now": app.config["FIXED_TIME"]})

    @app.errorhandler(500)
    def internal_error(e):
        original = getattr(e, "original_exception", None) or e
        return jsonify({"error": type(original).__name__, "message": str(original)}), 500

    return app


def _stdin_is_watchable():
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or sys.stdin.isatty()


def main(argv=None, factory=None):
    """Serves the app `factory(config, json_options)` builds (default: this module's create_app)."""
    from werkzeug.serving import make_server

    parser = argparse.ArgumentParser(description="Serve the flask-session-cookie oracle app.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--config", default="{}", help="Flask config as a JSON object")
    parser.add_argument("--json", default="{}", help='app.json options, e.g. {"sort_keys": false}')
    parser.add_argument("--no-stdin", action="store_true", help="do not stop at stdin EOF")
    parser.add_argument("--quiet", action="store_true", help="no request log on stderr")
    args = parser.parse_args(argv)

    app = (factory or create_app)(json.loads(args.config), json.loads(args.json))
    if args.quiet:
        import logging

        logging.getLogger("werkzeug").setLevel(logging.ERROR)

    server = make_server(args.host, args.port, app, threaded=True)
    stop = threading.Event()

    def request_stop(*_):
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    if not args.no_stdin and _stdin_is_watchable():

        fd = sys.stdin.fileno()

        def watch_stdin():
            # os.read on the raw descriptor: a daemon thread blocked inside sys.stdin's buffered
            # reader would hold its lock and abort the interpreter at shutdown.
            try:
                while os.read(fd, 65536):
                    pass
            except (OSError, ValueError):
                pass
            stop.set()

        threading.Thread(target=watch_stdin, name="stdin-eof", daemon=True).start()

    thread = threading.Thread(target=server.serve_forever, name="werkzeug", daemon=True)
    thread.start()
    sys.stdout.write(f"LISTENING {server.server_port}\n")
    sys.stdout.flush()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
