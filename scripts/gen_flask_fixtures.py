"""Generates the Flask oracle fixtures for flask-session-cookie from a REAL Flask app.

`npm run fixtures` runs it in every pinned environment (scripts/fixtures.mjs); by hand:

    FSC_PYTHON_ENV=flask-3.1 node scripts/python.mjs scripts/gen_flask_fixtures.py [--out DIR]

writes (pretty-printed, indent=1, ensure_ascii=True, trailing newline; byte-for-byte reproducible;
provenance lines as scripts/fixture_file.py describes) into fixtures/<env>/:

    flask-sessions.json     session content -> cookie Flask wrote -> what Flask loads back
    flask-set-cookie.json   what Flask sends (Set-Cookie, Vary) for a request/route/config
    flask-bad-cookies.json  what Flask does with forged, expired, malformed ... cookies

The same cases run on every Flask version, so what changed between versions shows as a changed
record (the SERVER_NAME domain of 2.2, Vary on `in`/`len` in 3.1.3, Partitioned in 3.1, the key
3.1.0 signs with, the tags of a dropped duplicate key in 3.0.1+, ...).

Every cookie comes out of Flask's own save_session: most through app.test_client() requests to a
route that sets the session, some through the real Werkzeug server of scripts/flask_app.py on
127.0.0.1 (with the raw Set-Cookie header as urllib received it). The clock is fixed with the app's
FIXED_TIME config key (see flask_app.py), so nothing depends on when this runs.

Values are described with the typed values of scripts/pyvalues.py. A case's "config" lists only
the Flask config keys that differ from Flask's defaults (FIXED_TIME is given as "timestamp"/"now").
"""

import base64
import hashlib
import json
import os
import random
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
import warnings
import zlib
from datetime import datetime, timedelta, timezone

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)

from flask import Flask, get_flashed_messages, session  # noqa: E402
from itsdangerous import BadData, Signer, URLSafeTimedSerializer  # noqa: E402
from itsdangerous.encoding import base64_encode  # noqa: E402
from markupsafe import Markup  # noqa: E402

from fixture_file import out_dir, write_fixture  # noqa: E402
from flask_app import FixedClockTimestampSigner, create_app, csrf_token_for, raw_session  # noqa: E402
from pyvalues import to_typed  # noqa: E402

GENERATOR = "scripts/gen_flask_fixtures.py"
T0 = 1700000000  # 2023-11-14T22:13:20Z
KEY = "fixture-secret-key"
BASE = {"SECRET_KEY": KEY}
LIFETIME = 31 * 24 * 3600  # Flask's default PERMANENT_SESSION_LIFETIME


def cookie_value(set_cookie, name="session"):
    """The value of a Set-Cookie header (itsdangerous output is never quoted)."""
    pair = set_cookie.split(";", 1)[0]
    key, _, value = pair.partition("=")
    assert key == name, (key, name)
    assert not value.startswith('"'), value
    return value


def payload_json(cookie):
    """The JSON text inside a session cookie (decompressed), for debugging the TS side."""
    payload = cookie.rsplit(".", 2)[0]
    compressed = payload.startswith(".")
    raw = base64.urlsafe_b64decode((payload[1:] if compressed else payload) + "=" * (-len(payload.lstrip(".")) % 4))
    if compressed:
        raw = zlib.decompress(raw)
    return raw.decode("utf-8")


# --------------------------------------------------------------------------------------------
# Driving the real app through the test client
# --------------------------------------------------------------------------------------------


class Result:
    def __init__(self, resp, saved, caught, name="session"):
        self.name = name
        self.status = resp.status_code
        self.set_cookie = resp.headers.getlist("Set-Cookie")
        self.vary = resp.headers.get("Vary")
        self.json = resp.get_json(silent=True)
        self.saved = saved
        self.warnings = [str(w.message) for w in caught]

    @property
    def cookie(self):
        assert len(self.set_cookie) == 1, self.set_cookie
        return cookie_value(self.set_cookie[0], self.name)


class Oracle:
    """One Flask app (scripts/flask_app.py) with a fixed clock and a generator-only route
    POST /_gen/run that runs a Python callable on the session (for values typed JSON cannot
    carry: naive / non-UTC / sub-second datetimes, lone surrogates, ...)."""

    def __init__(self, config=None, json_options=None, now=T0):
        self.config = dict(BASE if config is None else config)
        self.json_options = json_options
        self.app = create_app({**self.config, "FIXED_TIME": now}, json_options)
        self.app.logger.disabled = True  # 500s are expected and recorded, not logged
        self.action = None
        self.saved = None

        @self.app.after_request
        def capture(response):  # runs just before save_session: the session as Flask saves it
            obj = raw_session()  # not through the proxy, which marks it accessed in Flask 3.1.3+
            accessed = obj.accessed  # dict(...) goes through __getitem__, which marks it in older Flask
            self.saved = to_typed(dict(obj))
            obj.accessed = accessed
            return response

        def run():
            self.action(session)
            return "ok"

        self.app.add_url_rule("/_gen/run", "gen_run", run, methods=["POST"])
        self.client = self.app.test_client(use_cookies=False)

    @property
    def cookie_name(self):
        return self.app.config["SESSION_COOKIE_NAME"]

    def set_now(self, now):
        self.app.config["FIXED_TIME"] = now

    def json_settings(self):
        """The JSON settings the session serializer writes with: app.json's, except that Flask 2.2's
        deprecated JSON_SORT_KEYS / JSON_AS_ASCII config keys win when set (2.3 removed them)."""
        config = self.app.config
        legacy = "JSON_SORT_KEYS" in Flask.default_config
        sort_keys, ensure_ascii = config.get("JSON_SORT_KEYS"), config.get("JSON_AS_ASCII")
        return {
            "sort_keys": sort_keys if legacy and sort_keys is not None else self.app.json.sort_keys,
            "ensure_ascii": ensure_ascii if legacy and ensure_ascii is not None else self.app.json.ensure_ascii,
        }

    def request(self, method, path, cookie=None, body=None, headers=None):
        headers = dict(headers or {})
        if cookie is not None:
            # As a real client sends it: UTF-8 bytes, which WSGI (PEP 3333) carries as latin-1 text.
            headers["Cookie"] = f"{self.cookie_name}={cookie}".encode("utf-8").decode("latin-1")
        self.saved = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            resp = self.client.open(path, method=method, json=body, headers=headers)
        return Result(resp, self.saved, caught, self.cookie_name)

    def run(self, action, cookie=None, headers=None):
        self.action = action
        return self.request("POST", "/_gen/run", cookie=cookie, headers=headers)

    def serializer(self):
        with self.app.test_request_context():
            return self.app.session_interface.get_signing_serializer(self.app)

    def max_age(self):
        return int(self.app.permanent_session_lifetime.total_seconds())

    def loads(self, cookie):
        """What Flask's open_session calls: s.loads(cookie, max_age=PERMANENT_SESSION_LIFETIME)."""
        with self.app.test_request_context():
            s = self.app.session_interface.get_signing_serializer(self.app)
            return s.loads(cookie, max_age=self.max_age())

    def open(self, cookie):
        """What the app really opens for a request carrying this cookie (GET /session)."""
        r = self.request("GET", "/session", cookie=cookie)
        return r

    def sign_raw(self, payload, now=None):
        """Sign an already encoded payload (bytes) with the app's own signer at time `now`."""
        old = self.app.config["FIXED_TIME"]
        if now is not None:
            self.set_now(now)
        try:
            return self.serializer().make_signer().sign(payload).decode("ascii")
        finally:
            self.set_now(old)


def setter(data, permanent=None):
    def action(s):
        for key, value in data.items():
            s[key] = value
        if permanent is not None:
            s.permanent = permanent

    return action


# --------------------------------------------------------------------------------------------
# Driving the real server (scripts/flask_app.py) over HTTP
# --------------------------------------------------------------------------------------------


class Server:
    def __init__(self, config, json_options=None):
        args = [sys.executable, os.path.join(SCRIPTS, "flask_app.py"), "--host", "127.0.0.1", "--port", "0"]
        args += ["--config", json.dumps(config), "--quiet"]
        if json_options:
            args += ["--json", json.dumps(json_options)]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode("ascii").strip()
        assert line.startswith("LISTENING "), line
        self.port = int(line.split()[1])

    def request(self, method, path, body=None, cookie=None):
        headers = {"Content-Type": "application/json"}
        if cookie is not None:
            headers["Cookie"] = f"session={cookie}"
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method, headers=headers)
        try:
            resp = urllib.request.urlopen(req, timeout=30)
        except urllib.error.HTTPError as e:
            resp = e
        with resp:
            text = resp.read().decode("utf-8")
            is_json = (resp.headers.get("Content-Type") or "").startswith("application/json")
            return {
                "status": resp.status,
                "setCookie": resp.headers.get_all("Set-Cookie") or [],
                "vary": resp.headers.get("Vary"),
                "json": json.loads(text) if is_json else text,
            }

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            self.proc.wait(10)
        # Closed here, not by the garbage collector in the middle of a later request, where its
        # ResourceWarning would be recorded as one of Flask's warnings.
        self.proc.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --------------------------------------------------------------------------------------------
# 1. flask-sessions.json
# --------------------------------------------------------------------------------------------


def session_record(case_id, description, oracle, result, timestamp, via, extra=None):
    cookie = result.cookie
    decoded = oracle.loads(cookie)
    reopened = oracle.open(cookie)
    # Sanity: the app itself opens the cookie to exactly what its serializer loads.
    assert reopened.status == 200 and reopened.json["session"] == to_typed(decoded), (case_id, reopened.json)
    # Flask 2.2 warns that JSON_SORT_KEYS / JSON_AS_ASCII are deprecated; nothing else may warn.
    assert not [w for w in result.warnings if "is deprecated" not in w], (case_id, result.warnings)
    rec = {
        "id": case_id,
        "description": description,
        "via": via,
        "config": oracle.config,
        "json": oracle.json_settings(),
        "timestamp": timestamp,
        "session": result.saved,
        "cookie": cookie,
        "compressed": cookie.startswith("."),
        "payloadJson": payload_json(cookie),
        "setCookie": result.set_cookie[0],
        "decoded": to_typed(decoded),
    }
    rec.update(extra or {})
    return rec


def session_case(case_id, description, data, config=None, json_options=None, timestamp=T0, permanent=None):
    o = Oracle(config, json_options, now=timestamp)
    r = o.run(setter(data, permanent))
    assert r.status == 200, (case_id, r.json)
    return session_record(case_id, description, o, r, timestamp, "test_client")


def route_flow_case(case_id, description, steps, config=None, json_options=None, timestamp=T0):
    """Real JSON routes of flask_app.py, the cookie carried from one response to the next request."""
    o = Oracle(config, json_options, now=timestamp)
    cookie = None
    for method, path, body in steps:
        r = o.request(method, path, cookie=cookie, body=body)
        assert r.status == 200, (case_id, path, r.json)
        if r.set_cookie:
            cookie = r.cookie
    rec = session_record(case_id, description, o, r, timestamp, "test_client")
    rec["requests"] = [f"{m} {p}" for m, p, _ in steps]
    return rec


def server_flow_case(case_id, description, steps, config=None, json_options=None, timestamp=T0):
    config = dict(BASE if config is None else config)
    o = Oracle(config, json_options, now=timestamp)  # only to load / cross-check
    with Server({**config, "FIXED_TIME": timestamp}, json_options) as srv:
        cookie = None
        for method, path, body in steps:
            r = srv.request(method, path, body=body, cookie=cookie)
            assert r["status"] == 200, (case_id, path, r)
            if r["setCookie"]:
                assert len(r["setCookie"]) == 1
                cookie = cookie_value(r["setCookie"][0])
                set_cookie = r["setCookie"][0]
                saved = r["json"]["session"]
        reopened = srv.request("GET", "/session", cookie=cookie)
    decoded = o.loads(cookie)
    assert reopened["json"]["session"] == to_typed(decoded), (case_id, reopened)
    # The same request flow through the test client gives the very same cookie.
    tc = route_flow_case(case_id, description, steps, config, json_options, timestamp)
    assert tc["cookie"] == cookie and tc["setCookie"] == set_cookie, (case_id, tc["setCookie"], set_cookie)
    return {
        "id": case_id,
        "description": description,
        "via": "server",
        "config": config,
        "json": o.json_settings(),
        "timestamp": timestamp,
        "session": saved,
        "cookie": cookie,
        "compressed": cookie.startswith("."),
        "payloadJson": payload_json(cookie),
        "setCookie": set_cookie,
        "decoded": to_typed(decoded),
        "requests": [f"{m} {p}" for m, p, _ in steps],
    }


def nested(depth):
    """depth levels of containers: dict, list, tuple in turn, innermost a string."""
    value = "bottom"
    for level in reversed(range(depth)):
        kind = level % 3
        if kind == 0:
            value = {f"d{level}": value}
        elif kind == 1:
            value = [level, value]
        else:
            value = (value, level)
    return value


def compression_boundary(oracle, want_delta):
    """A session {"v": "..."} whose JSON compresses to exactly len(json) - want_delta bytes."""
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    with oracle.app.app_context():
        for n in range(8, 400):
            for attempt in range(40):
                text = "".join(rng.choice(alphabet[: 2 + attempt % 20]) for _ in range(n))
                raw = oracle.app.session_interface.serializer.dumps({"v": text}).encode("utf-8")
                if len(zlib.compress(raw)) == len(raw) - want_delta:
                    return {"v": text}
    raise AssertionError("no boundary found")


def gen_sessions():
    cases = []
    add = cases.append
    login_steps = [("POST", "/login", {"user_id": "42"})]
    rotated = {"SECRET_KEY": "key-2025", "SECRET_KEY_FALLBACKS": ["key-2023", "key-2024"]}

    # --- login-style sessions through the real routes ------------------------------------------
    add(route_flow_case(
        "login-flash-consumed",
        "Flask-Login-like session (csrf_token, _user_id, _fresh, _id) after the login flash was shown: "
        "POST /login then GET /flashes (which pops _flashes and rewrites the cookie).",
        login_steps + [("GET", "/flashes", None)]))
    add(route_flow_case(
        "login-one-flash",
        "POST /login: the login keys plus the flash ('success', 'You are logged in.') as a list of tuples.",
        login_steps))
    add(route_flow_case(
        "login-two-flashes",
        "POST /login then POST /flash: login keys plus two flash messages (tuples inside a list).",
        login_steps + [("POST", "/flash", {"message": "Welcome back, Ada!", "category": "info"})]))
    add(route_flow_case(
        "login-remember",
        "POST /login with remember: also _remember='set', as Flask-Login's login_user(remember=True).",
        [("POST", "/login", {"user_id": "1001", "remember": True}), ("GET", "/flashes", None)]))
    add(route_flow_case(
        "flashes-with-categories",
        "Three flashes with categories (default 'message', 'error', non-ASCII 'warning') via POST /flash.",
        [("POST", "/flash", {"message": "Saved.", "category": "message"}),
         ("POST", "/flash", {"message": "Invalid <input> & \"quotes\"", "category": "error"}),
         ("POST", "/flash", {"message": "Größe überschritten ⚠", "category": "warning"})]))
    add(session_case(
        "login-keys-no-id",
        "Login-like keys without the 128-hex _id: small enough that zlib does not pay, not compressed.",
        {"_user_id": "42", "_fresh": True, "csrf_token": csrf_token_for("42")}))

    # --- through the real server ------------------------------------------------------------------
    add(server_flow_case(
        "server-login-two-flashes",
        "Real Werkzeug server on 127.0.0.1: POST /login, POST /flash; raw Set-Cookie as urllib received it.",
        login_steps + [("POST", "/flash", {"message": "Welcome back, Ada!", "category": "info"})]))
    add(server_flow_case(
        "server-login-flash-consumed",
        "Real server: POST /login, GET /flashes (login keys only).",
        login_steps + [("GET", "/flashes", None)]))
    server_values = {
        "tuple": {"tuple": [{"int": "1"}, "two", {"tuple": []}]},
        "bytes": {"bytes": "00ff7f80"},
        "markup": {"markup": "<b>bold</b> &amp; safe"},
        "uuid": {"uuid": "12345678123456781234567812345678"},
        "when": {"datetime": 1700000000, "iso": "2023-11-14T22:13:20+00:00"},
        "big": {"int": str(2 ** 63 - 1)},
        "floats": {"list": [{"float": "nan"}, {"float": "-inf"}, {"float": "-0.0"}, {"float": "1e+16"}]},
        "none": None,
    }
    add(server_flow_case(
        "server-typed-values",
        "Real server: POST /session with typed values of every tag.",
        [("POST", "/session", {"set": {"dict": [[k, v] for k, v in server_values.items()]}})]))
    add(server_flow_case(
        "server-permanent",
        "Real server: POST /session with permanent=true: _permanent key and an Expires attribute.",
        [("POST", "/session", {"set": {"dict": [["user", "alice"]]}, "permanent": True})]))
    add(server_flow_case(
        "server-rotated-keys",
        "Real server with SECRET_KEY_FALLBACKS: signed with SECRET_KEY (the last key).",
        [("POST", "/login", {"user_id": "7"})], config=rotated))
    add(server_flow_case(
        "server-json-unsorted-unicode",
        "Real server with app.json.sort_keys=False and ensure_ascii=False.",
        [("POST", "/session", {"set": {"dict": [["zeta", "ζ"], ["alpha", "α😀"], ["mid", {"int": "1"}]]}})],
        json_options={"sort_keys": False, "ensure_ascii": False}))

    # --- tuples ---------------------------------------------------------------------------------------
    add(session_case("tuple-simple", "A flat tuple: tag ' t'.", {"t": (1, "a", None, True)}))
    add(session_case("tuple-nested", "Nested tuples, including empty and 1-tuples.",
                     {"t": ((1, 2), ((3,),), (), ("x", ("y", ("z",))))}))
    add(session_case("tuple-in-list-in-dict", "Tuple inside a list inside a dict inside the session.",
                     {"outer": {"inner": [(1, 2), ("x",), [(), ()]], "n": 0}}))

    # --- dicts whose only key is a tag name (the ' di' tag) ----------------------------------------
    add(session_case(
        "dict-tag-name-keys",
        "Dicts whose ONLY key is a tag name (' t', ' di', ' b', ' m', ' u', ' d'): Flask wraps them "
        "in the ' di' tag with the key suffixed by '__'.",
        {"t": {" t": [1, 2]}, "di": {" di": {"a__": 1}}, "b": {" b": "QUJD"}, "m": {" m": "<i>x</i>"},
         "u": {" u": "12345678123456781234567812345678"}, "d": {" d": "Mon, 01 Jan 2024 00:00:00 GMT"}}))
    add(session_case(
        "dict-tag-name-key-nested",
        "A ' di' dict inside a ' di' dict, and a tag-name key whose value is itself tagged.",
        {"x": {" di": {" di": {" t": (1,)}}}, "y": {" t": (b"\x00", Markup("<a>"))}}))
    add(session_case(
        "session-only-key-is-tag",
        "The session itself has a single key ' t': the top-level object is ' di'-tagged too.",
        {" t": [1, 2, 3]}))
    add(session_case(
        "dict-tag-name-with-other-keys",
        "A tag-name key beside another key is NOT ' di'-tagged (only 1-item dicts are).",
        {"x": {" t": [1], "other": 2}, "y": {" b": "", " m": ""}}))
    add(session_case(
        "dict-key-dunder",
        "Dicts with a single key ending in '__' (including ' t__'): not a tag, left alone both ways.",
        {"a": {"a__": 1}, "b": {" t__": [1]}, "c": {"__": None}, "d": {" di__": {" b__": "x"}}}))
    add(session_case(
        "dict-unknown-tag-like-key",
        "Single keys that look like tags but are not registered (' x', 't', ' T'): plain dicts.",
        {"a": {" x": 1}, "b": {"t": 2}, "c": {" T": 3}, "d": {"  t": 4}}))

    # --- bytes, Markup, UUID -------------------------------------------------------------------------
    add(session_case("bytes-empty", "Empty bytes: {' b': ''}.", {"b": b""}))
    add(session_case(
        "bytes-non-utf8",
        "Non-UTF-8 bytes; standard base64 with padding and '+' '/' (not URL-safe) inside the JSON.",
        {"raw": b"\x00\xff\xfe\x80\x7f", "plus_slash": b"\xfb\xff\xbf\xfb\xef", "one": b"A", "two": b"AB",
         "three": b"ABC"}))
    add(session_case(
        "markup-html",
        "Markup with HTML characters (kept verbatim) and an escaped Markup: tag ' m'.",
        {"m": Markup("<b>bold</b> & <i>it's</i> \"q\""), "e": Markup.escape("<script>alert(1)</script>"),
         "plain": "<b>not markup</b>"}))
    add(session_case(
        "uuid",
        "UUIDs: tag ' u' with 32 lowercase hex digits (no dashes).",
        {"u": uuid.UUID("12345678-1234-5678-1234-567812345678"), "nil": uuid.UUID(int=0),
         "max": uuid.UUID(int=2 ** 128 - 1), "v5": uuid.uuid5(uuid.NAMESPACE_DNS, "example.com")}))

    # --- datetimes ---------------------------------------------------------------------------------------
    utc = timezone.utc
    add(session_case(
        "datetime-basic",
        "Aware UTC, naive (treated as UTC) and sub-second datetimes: tag ' d' with an HTTP date; "
        "microseconds are dropped; loads gives aware UTC datetimes.",
        {"aware": datetime(2024, 2, 29, 12, 34, 56, tzinfo=utc), "naive": datetime(2024, 2, 29, 12, 34, 56),
         "micro": datetime(2024, 2, 29, 12, 34, 56, 789123, tzinfo=utc), "epoch": datetime(1970, 1, 1, tzinfo=utc)}))
    add(session_case(
        "datetime-non-utc",
        "Aware non-UTC datetimes are converted to UTC (GMT) in the HTTP date; the offset is lost.",
        {"ist": datetime(2024, 1, 1, 0, 0, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
         "pst": datetime(2023, 12, 31, 20, 0, 0, tzinfo=timezone(timedelta(hours=-8))),
         "odd": datetime(2024, 6, 1, 12, 0, 0, tzinfo=timezone(timedelta(hours=14)))}))
    add(session_case(
        "datetime-pre-epoch",
        "Datetimes before 1970 (negative epoch seconds) and 1900-01-01.",
        {"moon": datetime(1969, 7, 20, 20, 17, 40, tzinfo=utc), "y1900": datetime(1900, 1, 1, tzinfo=utc),
         "just_before": datetime(1969, 12, 31, 23, 59, 59, tzinfo=utc)}))
    add(session_case(
        "datetime-year-1",
        "Year 1 is written as 'Mon, 01 Jan 0001 00:00:00 GMT', but email.utils' parser maps 2-digit-looking "
        "years (< 100) to 19xx/20xx: it loads back as 2001-01-01! Same for years 50 and 99.",
        {"y1": datetime(1, 1, 1, tzinfo=utc), "y50": datetime(50, 6, 15, tzinfo=utc),
         "y99": datetime(99, 12, 31, 23, 59, 59, tzinfo=utc), "y100": datetime(100, 1, 1, tzinfo=utc),
         "y999": datetime(999, 3, 4, 5, 6, 7, tzinfo=utc)}))
    add(session_case(
        "datetime-max",
        "The last second representable: 9999-12-31 23:59:59 (with microseconds, dropped).",
        {"max": datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=utc)}))

    # --- strings and keys ----------------------------------------------------------------------------------
    add(session_case(
        "unicode-values",
        "Non-ASCII and astral-plane values, escaped as \\uXXXX (surrogate pairs) with ensure_ascii.",
        {"fr": "héllo wörld", "ja": "日本語", "emoji": "😀👍🏽", "mix": "a\u00e9\u4e2d\U0001F600z"}))
    add(session_case(
        "unicode-keys-sort-order",
        "Keys sorted by Python (code points): '\\ue000' < '\\U0001F600', while a UTF-16 sort puts the "
        "astral key first. Also upper/lower case, '_' and accented keys.",
        {"\U0001F600": "astral", "\ue000": "private-use", "b": 1, "B": 2, "a": 3, "_": 4, "é": 5, "Z": 6,
         "\u00ff": 7, "\u0100": 8}))
    add(session_case(
        "control-characters",
        "Control characters, quotes, backslash, '/', DEL and U+2028/U+2029 in a value and a key.",
        {"ctl": "\x00\x01\x08\t\n\x0c\r\x1f\x7f\"\\/\u2028\u2029", "key\twith\nctl": "v"}))
    add(session_case(
        "string-lone-surrogate",
        "A lone surrogate (valid in Python and JS strings): ensure_ascii writes it as \\ud800, loads "
        "gives it back. (With ensure_ascii=False Flask fails with UnicodeEncodeError.)",
        {"s": "a\ud800b", "t": "\udfff"}))
    add(session_case(
        "special-keys",
        "Keys that are special in JavaScript objects: __proto__, constructor, toString, hasOwnProperty, "
        "valueOf; and 'permanent' (not Flask's '_permanent').",
        {"__proto__": {"polluted": True}, "constructor": "c", "toString": "t", "hasOwnProperty": "h",
         "valueOf": 0, "permanent": True, "prototype": None}))
    add(session_case(
        "integer-like-keys",
        "Integer-like keys: Python sorts them as strings ('10' < '2'); JS objects would put them first "
        "in numeric order. Also '', ' ', '-1', '01', '1.5'.",
        {"b": 0, "10": 10, "2": 2, "a": 1, "": "empty", " ": "space", "-1": -1, "01": 1, "1.5": 1.5,
         "4294967295": 0, "9007199254740993": 0}))

    # --- numbers, booleans, None, empties -------------------------------------------------------------------
    add(session_case(
        "big-ints",
        "Integers beyond 2**53 (JSON numbers with all their digits).",
        {"two53": 2 ** 53, "two53p1": 2 ** 53 + 1, "i64max": 2 ** 63 - 1, "u64max": 2 ** 64 - 1,
         "big": 1234567890123456789, "neg70": -2 ** 70, "zero": 0, "neg": -1, "huge": 10 ** 30}))
    add(session_case(
        "floats",
        "Floats as Python's repr writes them: 1e-05, 1e+16, 3.0, -0.0, and NaN/Infinity/-Infinity literals.",
        {"half": 0.5, "small": 1e-05, "e16": 1e16, "three": 3.0, "negzero": -0.0, "nan": float("nan"),
         "inf": float("inf"), "ninf": float("-inf"), "tenth": 0.1, "e21": 1e21, "e_7": 1e-07,
         "max": 1.7976931348623157e308, "denorm": 5e-324, "e15": 123456789012345.6, "third": 1 / 3}))
    add(session_case(
        "booleans-none",
        "true / false / null.",
        {"t": True, "f": False, "n": None, "list": [True, False, None]}))
    add(session_case(
        "empties",
        "Empty list, dict, tuple, string and bytes.",
        {"list": [], "dict": {}, "tuple": (), "str": "", "bytes": b"", "nested": [[], {}, ()]}))
    add(session_case(
        "mixed-list",
        "A list mixing every type.",
        {"x": [1, "two", 3.0, None, True, {"k": (b"\x00",)}, Markup("<m>"),
               uuid.UUID(int=1), datetime(2000, 1, 1, tzinfo=utc), [()]]}))
    add(session_case("nesting-depth-50", "50 levels of dict / list / tuple containers.", {"deep": nested(50)}))

    # --- size and compression -------------------------------------------------------------------------------
    rng = random.Random(20240229)
    add(session_case(
        "large-random-2kb",
        "About 2 KB of cookie: random bytes (base64 in the JSON) still compress a little, so compressed.",
        {"blob": bytes(rng.getrandbits(8) for _ in range(1400)), "user": "alice"}))
    add(session_case(
        "large-compressible",
        "A large, repetitive session (~9 KB of JSON) that zlib shrinks to a small cookie.",
        {"items": [{"id": i, "name": f"item {i}", "tags": ("a", "b"), "price": i * 0.25} for i in range(150)]}))
    o = Oracle()
    add(session_case(
        "compression-boundary-not-compressed",
        "zlib output exactly 1 byte shorter than the JSON: NOT compressed (needs len(z) < len(json) - 1).",
        compression_boundary(o, 1)))
    add(session_case(
        "compression-boundary-compressed",
        "zlib output exactly 2 bytes shorter than the JSON: compressed.",
        compression_boundary(o, 2)))
    add(session_case("tiny", "The smallest useful session.", {"a": 1}))

    # --- permanent ----------------------------------------------------------------------------------------------
    add(session_case(
        "permanent-default-lifetime",
        "session.permanent = True: '_permanent': true is stored and Expires = now + 31 days.",
        {"user": "alice"}, permanent=True))
    add(session_case(
        "permanent-custom-lifetime",
        "Permanent session with PERMANENT_SESSION_LIFETIME = 3600 seconds.",
        {"user": "bob"}, config={**BASE, "PERMANENT_SESSION_LIFETIME": 3600}, permanent=True))
    add(session_case(
        "permanent-false-explicit",
        "session.permanent = False stores '_permanent': false (no Expires).",
        {"user": "carol"}, permanent=False))

    # --- keys -------------------------------------------------------------------------------------------------------
    add(session_case(
        "rotation-current-key",
        "SECRET_KEY_FALLBACKS set (Flask 3.1 semantics): the cookie is signed with SECRET_KEY.",
        {"user": "alice"}, config=rotated))
    fb = Oracle({"SECRET_KEY": "key-2024"})
    r = fb.run(setter({"user": "alice"}))
    ro = Oracle(rotated)
    add(session_record(
        "rotation-signed-by-fallback",
        "Cookie written by the app when its SECRET_KEY was 'key-2024' (see signedBy), read by the rotated app "
        "where 'key-2024' is now a fallback: still valid.",
        ro, r, T0, "test_client", {"signedBy": {"SECRET_KEY": "key-2024"}}))
    add(session_case(
        "secret-key-bytes",
        "A bytes SECRET_KEY (non-UTF-8), given as {'bytes': hex}.",
        {"user": "alice"}, config={"SECRET_KEY": {"bytes": "00ff10e9c3284a"}}))
    add(session_case(
        "secret-key-non-ascii",
        "A str SECRET_KEY with non-ASCII and astral characters (UTF-8 encoded for HMAC).",
        {"user": "alice"}, config={"SECRET_KEY": "clé-secrète-🔑"}))
    add(session_case(
        "secret-key-long",
        "A SECRET_KEY longer than the SHA-1 block (64 bytes): HMAC hashes it first.",
        {"user": "alice"}, config={"SECRET_KEY": "k" * 100}))

    # --- JSON settings -----------------------------------------------------------------------------------------------
    unsorted = {"zeta": 1, "alpha": {"z": 1, "a": 2}, "Mid": [{"b": 1, "a": 2}], "é": "ü", "😀": "\ue000"}
    add(session_case(
        "json-sort-keys-false",
        "app.json.sort_keys = False: insertion order kept (nested too).",
        unsorted, json_options={"sort_keys": False}))
    add(session_case(
        "json-ensure-ascii-false",
        "app.json.ensure_ascii = False: non-ASCII as raw UTF-8 inside the payload; U+2028 raw too.",
        {**unsorted, "ctl": "\x00\u2028\x7f"}, json_options={"ensure_ascii": False}))
    add(session_case(
        "json-both-false",
        "sort_keys = False and ensure_ascii = False together, with tagged values.",
        {**unsorted, "t": ("é",), "m": Markup("<ü>")}, json_options={"sort_keys": False, "ensure_ascii": False}))
    add(session_case(
        "json-sort-keys-config",
        "JSON_SORT_KEYS = False in the config: Flask 2.2 (deprecated) writes insertion order; 2.3 removed the key "
        "and sorts (see 'json').",
        unsorted, config={**BASE, "JSON_SORT_KEYS": False}))
    add(session_case(
        "json-as-ascii-config",
        "JSON_AS_ASCII = False in the config: Flask 2.2 (deprecated) writes raw UTF-8; 2.3+ ignores it.",
        {"é": "ü", "a": "😀"}, config={**BASE, "JSON_AS_ASCII": False}))

    # --- signing time --------------------------------------------------------------------------------------------------
    for ts, note in [
        (0, "timestamp 0: int_to_bytes gives b'' so the timestamp part is EMPTY ('payload..signature')"),
        (1, "one byte"),
        (255, "largest one-byte timestamp"),
        (256, "smallest two-byte timestamp"),
        (65536, "three bytes"),
        (2 ** 31 - 1, "2**31 - 1"),
        (2 ** 31, "2**31 (past a signed 32-bit int)"),
        (2 ** 32 - 1, "2**32 - 1"),
        (2 ** 32, "2**32 (five bytes)"),
        (253402300799, "9999-12-31T23:59:59Z, the largest timestamp itsdangerous can turn into a datetime"),
    ]:
        add(session_case(f"signing-time-{ts}", f"Signed (and checked) at {ts}: {note}.", {"user": "alice"},
                         timestamp=ts))

    return cases


# --------------------------------------------------------------------------------------------
# 2. flask-set-cookie.json
# --------------------------------------------------------------------------------------------


def set_cookie_case(case_id, description, action_name, action, config=None, now=T0, request_session=None,
                    request_permanent=None, request_time=None, headers=None, note=None):
    config = dict(BASE if config is None else config)
    request_cookie = None
    request_typed = None
    if request_session is not None:
        # The request's cookie comes from the same kind of app, earlier (or at `request_time`).
        maker = Oracle(config, now=now - 60 if request_time is None else request_time)
        made = maker.run(setter(request_session, request_permanent))
        request_cookie = made.cookie
        request_typed = made.saved
    o = Oracle(config, now=now)
    r = o.run(action, cookie=request_cookie, headers=headers)
    rec = {
        "id": case_id,
        "description": description,
        "via": "test_client",
        "config": config,
        "now": now,
        "requestCookie": request_cookie,
        "requestSession": request_typed,
        "action": action_name,
        "session": r.saved,
        "status": r.status,
        "setCookie": r.set_cookie,
        "vary": r.vary,
        "warnings": r.warnings,
    }
    if r.status != 200:
        # Some configurations fail in some versions only (Werkzeug 2.2 refuses a Domain without a
        # dot): the exception Flask's error handler reported, and no cookie.
        assert r.status == 500 and r.json and "error" in r.json, (case_id, r.status, r.json)
        rec["error"] = r.json["error"]
    if note:
        rec["note"] = note
    return rec


def gen_set_cookie():
    cases = []
    add = cases.append
    user = {"user": "alice"}

    def do_set(s):
        s["user"] = "alice"

    def do_modify(s):
        s["cart"] = [1, 2]

    def do_clear(s):
        s.clear()

    def do_read(s):
        s.get("user")

    def do_nothing(s):
        pass

    def do_permanent(s):
        s["user"] = "alice"
        s.permanent = True

    def do_pop_last(s):
        s.pop("user")

    # --- basic actions ---------------------------------------------------------------------------
    add(set_cookie_case("set-default", "Set a key on a fresh request: default attributes (HttpOnly; Path=/).",
                        "set", do_set))
    add(set_cookie_case("modify-existing", "Request with a session cookie; the route adds a key.",
                        "modify", do_modify, request_session=user))
    add(set_cookie_case("set-same-value", "Assigning the same value still marks the session modified: re-sent.",
                        "set (same value)", do_set, request_session=user))
    add(set_cookie_case("clear-existing", "session.clear() on a non-empty session: a deletion cookie "
                        "(empty value, Expires=epoch, Max-Age=0) with the same Path/Domain/flags.",
                        "clear", do_clear, request_session=user))
    add(set_cookie_case("pop-last-key", "Popping the last key (session becomes empty and modified): deletion cookie.",
                        "pop last key", do_pop_last, request_session=user))
    add(set_cookie_case("clear-without-cookie", "session.clear() with no cookie at all: Flask STILL sends a "
                        "deletion cookie (clear() always marks the session modified).", "clear", do_clear))
    add(set_cookie_case("read-only", "Reading the session (session.get) with a cookie: no Set-Cookie, Vary: Cookie.",
                        "read-only", do_read, request_session=user))
    add(set_cookie_case("read-only-no-cookie", "Reading an empty session: no Set-Cookie, but Vary: Cookie.",
                        "read-only", do_read))
    add(set_cookie_case("nothing", "The route does not touch the session (cookie present): no Set-Cookie, no Vary.",
                        "nothing", do_nothing, request_session=user))
    add(set_cookie_case("nothing-no-cookie", "No cookie, session untouched: nothing at all.", "nothing", do_nothing))

    def do_mutate_nested(s):
        s["cart"].append(3)

    def do_mutate_nested_flagged(s):
        s["cart"].append(3)
        s.modified = True

    add(set_cookie_case("mutate-nested-unflagged", "Mutating a list inside the session without session.modified: "
                        "Flask does not notice, no Set-Cookie (but Vary: Cookie, it was read).",
                        "mutate nested value", do_mutate_nested, request_session={"cart": [1, 2]}))
    add(set_cookie_case("mutate-nested-flagged", "Same with session.modified = True: re-sent.",
                        "mutate nested value + modified", do_mutate_nested_flagged, request_session={"cart": [1, 2]}))

    def do_vary_own(s):
        from flask import after_this_request

        s.get("user")

        @after_this_request
        def vary(resp):
            resp.vary.add("Accept-Encoding")
            return resp

    add(set_cookie_case("vary-merged", "The route's own Vary: Accept-Encoding plus Flask's Cookie.",
                        "read-only (+ Vary: Accept-Encoding)", do_vary_own, request_session=user))

    # --- permanent / expiry / refresh ----------------------------------------------------------
    add(set_cookie_case("make-permanent", "session.permanent = True: Expires = now + 31 days (no Max-Age).",
                        "make permanent", do_permanent))
    add(set_cookie_case("permanent-custom-lifetime", "Permanent with PERMANENT_SESSION_LIFETIME = 3600.",
                        "make permanent", do_permanent, config={**BASE, "PERMANENT_SESSION_LIFETIME": 3600}))
    add(set_cookie_case("permanent-lifetime-zero", "PERMANENT_SESSION_LIFETIME = 0: Expires = now.",
                        "make permanent", do_permanent, config={**BASE, "PERMANENT_SESSION_LIFETIME": 0}))
    add(set_cookie_case("permanent-refresh-unmodified", "SESSION_REFRESH_EACH_REQUEST (default True): a permanent "
                        "session is re-sent on every request, although unmodified, with a new Expires and timestamp.",
                        "nothing", do_nothing, request_session=user, request_permanent=True,
                        now=T0 + 3600, request_time=T0))
    add(set_cookie_case("permanent-refresh-read", "Same with a read: re-sent.", "read-only", do_read,
                        request_session=user, request_permanent=True, now=T0 + 3600, request_time=T0))
    add(set_cookie_case("permanent-refresh-disabled", "SESSION_REFRESH_EACH_REQUEST = False: an unmodified permanent "
                        "session is not re-sent.", "nothing", do_nothing,
                        config={**BASE, "SESSION_REFRESH_EACH_REQUEST": False}, request_session=user,
                        request_permanent=True, now=T0 + 3600, request_time=T0))
    add(set_cookie_case("permanent-refresh-disabled-modified", "Refresh disabled but modified: sent.", "modify",
                        do_modify, config={**BASE, "SESSION_REFRESH_EACH_REQUEST": False}, request_session=user,
                        request_permanent=True, now=T0 + 3600, request_time=T0))
    add(set_cookie_case("non-permanent-no-refresh", "A non-permanent session is never refreshed (no Expires either).",
                        "nothing", do_nothing, request_session=user, now=T0 + 3600, request_time=T0))

    def do_unpermanent(s):
        s.permanent = False

    add(set_cookie_case("make-non-permanent", "permanent = False on a permanent session: '_permanent': false, "
                        "no Expires.", "make non-permanent", do_unpermanent, request_session=user,
                        request_permanent=True))

    # --- attributes ------------------------------------------------------------------------------------
    add(set_cookie_case("httponly-false", "SESSION_COOKIE_HTTPONLY = False.", "set", do_set,
                        config={**BASE, "SESSION_COOKIE_HTTPONLY": False}))
    add(set_cookie_case("secure", "SESSION_COOKIE_SECURE = True.", "set", do_set,
                        config={**BASE, "SESSION_COOKIE_SECURE": True}))
    for samesite in ("Lax", "Strict", "None", "lax"):
        add(set_cookie_case(f"samesite-{samesite}", f"SESSION_COOKIE_SAMESITE = {samesite!r} (Werkzeug title-cases it).",
                            "set", do_set, config={**BASE, "SESSION_COOKIE_SAMESITE": samesite,
                                                   "SESSION_COOKIE_SECURE": samesite == "None"}))
    all_attrs = {**BASE, "SESSION_COOKIE_NAME": "__Host-sid", "SESSION_COOKIE_SECURE": True,
                 "SESSION_COOKIE_SAMESITE": "Strict", "SESSION_COOKIE_PATH": "/"}
    add(set_cookie_case("all-attributes-permanent", "Every attribute at once, permanent (attribute order: Domain, "
                        "Expires, Max-Age, Secure, HttpOnly, Path, SameSite).", "make permanent", do_permanent,
                        config={**all_attrs, "SESSION_COOKIE_NAME": "sid", "SESSION_COOKIE_DOMAIN": "example.com"}))
    add(set_cookie_case("all-attributes-delete", "Deletion cookie with every attribute.", "clear", do_clear,
                        config={**all_attrs, "SESSION_COOKIE_NAME": "sid", "SESSION_COOKIE_DOMAIN": "example.com",
                                "SESSION_COOKIE_PATH": "/app"}, request_session=user))
    add(set_cookie_case("cookie-name-custom", "SESSION_COOKIE_NAME = 'my_session'.", "set", do_set,
                        config={**BASE, "SESSION_COOKIE_NAME": "my_session"}))
    add(set_cookie_case("cookie-name-host-prefix", "SESSION_COOKIE_NAME = '__Host-session', Secure.", "set", do_set,
                        config=all_attrs))

    # --- domain / path ----------------------------------------------------------------------------------
    for cid, domain, desc in [
        ("domain-plain", "example.com", "SESSION_COOKIE_DOMAIN = 'example.com': written as is."),
        ("domain-leading-dot", ".example.com", "A leading dot is kept."),
        ("domain-with-port", "sub.example.com:8080", "A port is stripped by Werkzeug."),
        ("domain-idna", "bücher.example", "A non-ASCII domain is IDNA-encoded (punycode)."),
        ("domain-uppercase", "Example.COM", "Case is kept."),
    ]:
        add(set_cookie_case(cid, desc, "set", do_set, config={**BASE, "SESSION_COOKIE_DOMAIN": domain}))
    add(set_cookie_case("domain-false", "SESSION_COOKIE_DOMAIN = False: no Domain even with SERVER_NAME.", "set",
                        do_set, config={**BASE, "SESSION_COOKIE_DOMAIN": False, "SERVER_NAME": "example.com"}))
    add(set_cookie_case("server-name-domain", "No SESSION_COOKIE_DOMAIN, SERVER_NAME 'example.com:5000': Flask 2.2 "
                        "derives Domain=.example.com (port dropped, dot added). (Flask >= 2.3 no longer does this.)",
                        "set", do_set, config={**BASE, "SERVER_NAME": "example.com:5000"}))
    add(set_cookie_case("server-name-localhost", "SERVER_NAME 'localhost:5000': no Domain, and Flask warns.", "set",
                        do_set, config={**BASE, "SERVER_NAME": "localhost:5000"}))
    add(set_cookie_case("server-name-ip", "SERVER_NAME '127.0.0.1:5000': Domain=127.0.0.1 (no dot), and a warning.",
                        "set", do_set, config={**BASE, "SERVER_NAME": "127.0.0.1:5000"}))
    add(set_cookie_case("server-name-app-root", "SERVER_NAME plus APPLICATION_ROOT '/app': Domain without the dot, "
                        "Path=/app.", "set", do_set,
                        config={**BASE, "SERVER_NAME": "example.com", "APPLICATION_ROOT": "/app"}))
    add(set_cookie_case("path-from-application-root", "APPLICATION_ROOT '/myapp' gives Path=/myapp.", "set", do_set,
                        config={**BASE, "APPLICATION_ROOT": "/myapp"}))
    add(set_cookie_case("path-explicit", "SESSION_COOKIE_PATH wins over APPLICATION_ROOT.", "set", do_set,
                        config={**BASE, "APPLICATION_ROOT": "/myapp", "SESSION_COOKIE_PATH": "/custom/"}))
    add(set_cookie_case("path-non-ascii", "A non-ASCII path is percent-encoded (iri_to_uri).", "set", do_set,
                        config={**BASE, "SESSION_COOKIE_PATH": "/über uns"}))
    add(set_cookie_case("delete-with-domain-path", "Deletion cookie keeps Domain and Path.", "clear", do_clear,
                        config={**BASE, "SESSION_COOKIE_DOMAIN": ".example.com", "APPLICATION_ROOT": "/app"},
                        request_session=user))

    # --- what changed between Flask versions ----------------------------------------------------------------
    # Flask 3.1.3 marks the session accessed on any use through the `session` proxy; before, only
    # reading a value (get, [], setdefault) or changing the data did.
    def do_contains(s):
        "user" in s  # noqa: B015

    def do_len(s):
        len(s)

    def do_keys(s):
        list(s)

    def do_flag_modified(s):
        s.modified = True

    def do_no_flashes(s):
        get_flashed_messages()  # '_flashes' in session is False: nothing popped

    add(set_cookie_case("contains-only", "'user' in session, nothing else: Flask 3.1.3 counts it as an access "
                        "(Vary: Cookie); older Flask does not.", "contains", do_contains, request_session=user))
    add(set_cookie_case("contains-only-no-cookie", "'user' in session without a cookie: Vary: Cookie in 3.1.3 only.",
                        "contains", do_contains))
    add(set_cookie_case("len-only", "len(session) alone: an access in 3.1.3 only.", "len", do_len,
                        request_session=user))
    add(set_cookie_case("keys-only", "list(session) (its keys) alone: an access in 3.1.3 only.", "keys", do_keys,
                        request_session=user))
    add(set_cookie_case("flag-modified-only", "session.modified = True, nothing read: the cookie is re-sent (and "
                        "Vary: Cookie with it); 3.1.3 also counts the assignment as an access.", "flag modified",
                        do_flag_modified, request_session=user))
    add(set_cookie_case("flag-modified-empty", "session.modified = True on an empty session without a cookie: a "
                        "deletion cookie.", "flag modified", do_flag_modified))
    add(set_cookie_case("no-flashes", "get_flashed_messages() when there are none: it only asks "
                        "'_flashes' in session, an access in 3.1.3 only.", "get flashes", do_no_flashes,
                        request_session=user))
    add(set_cookie_case("domain-empty-string", "SESSION_COOKIE_DOMAIN = '': no Domain in Flask 2.x; Flask 3.0+ "
                        "passes the empty string on and Werkzeug writes 'Domain='.", "set", do_set,
                        config={**BASE, "SESSION_COOKIE_DOMAIN": ""}))
    add(set_cookie_case("domain-localhost", "SESSION_COOKIE_DOMAIN = 'localhost' (no dot): Werkzeug 2.2 refuses it "
                        "(ValueError, so HTTP 500 on every change); Werkzeug 2.3+ writes it.", "set", do_set,
                        config={**BASE, "SESSION_COOKIE_DOMAIN": "localhost"}))
    partitioned = {**BASE, "SESSION_COOKIE_PARTITIONED": True}
    add(set_cookie_case("partitioned", "SESSION_COOKIE_PARTITIONED = True: Flask 3.1 writes Partitioned, and "
                        "Werkzeug adds Secure with it; older Flask has no such setting (nothing changes).", "set",
                        do_set, config=partitioned))
    add(set_cookie_case("partitioned-delete", "The deletion cookie of a partitioned session (3.1: Partitioned and "
                        "Secure too).", "clear", do_clear, config=partitioned, request_session=user))
    add(set_cookie_case("partitioned-samesite-none", "Partitioned with SameSite=None, as CHIPS wants it.", "set",
                        do_set, config={**partitioned, "SESSION_COOKIE_SAMESITE": "None"}))
    rotated = {**BASE, "SECRET_KEY": "key-2025", "SECRET_KEY_FALLBACKS": ["key-2023", "key-2024"]}
    add(set_cookie_case("rotated-keys-set", "SECRET_KEY_FALLBACKS: Flask 3.1.0 signs with the last fallback "
                        "('key-2024', GHSA-4grg-w6v8-c28g), 3.1.1+ with SECRET_KEY (older Flask: the oracle app's "
                        "own fallbacks, as 3.1.1).", "set", do_set, config=rotated))

    # --- size ----------------------------------------------------------------------------------------------
    rng = random.Random(4093)
    big = {"blob": bytes(rng.getrandbits(8) for _ in range(3000))}
    add(set_cookie_case("too-large", "A Set-Cookie over 4093 bytes: Werkzeug warns but still sends it.", "set large",
                        setter(big)))
    rng = random.Random(99)
    add(set_cookie_case("large-under-limit", "About 3.5 KB: no warning.", "set large",
                        setter({"blob": bytes(rng.getrandbits(8) for _ in range(2500))})))

    # --- through the real server -----------------------------------------------------------------------------
    cfg = {**BASE, "SESSION_COOKIE_SAMESITE": "Lax"}
    with Server({**cfg, "FIXED_TIME": T0 - 60}) as srv:
        login = srv.request("POST", "/login", {"user_id": "42"})
        cookie = cookie_value(login["setCookie"][0])
        srv.request("POST", "/clock", {"now": T0})
        out = srv.request("POST", "/logout", {}, cookie=cookie)
    add({"id": "server-logout", "description": "Real server: POST /logout (session.clear()) after POST /login: the "
         "deletion cookie as urllib received it.", "via": "server", "config": cfg, "now": T0,
         "requestCookie": cookie, "requestSession": login["json"]["session"], "action": "clear",
         "session": out["json"]["session"], "setCookie": out["setCookie"], "vary": out["vary"], "warnings": []})
    with Server({**cfg, "FIXED_TIME": T0}) as srv:
        made = srv.request("POST", "/session", {"set": {"dict": [["user", "alice"]]}, "permanent": True})
        cookie = cookie_value(made["setCookie"][0])
        srv.request("POST", "/clock", {"now": T0 + 3600})
        out = srv.request("GET", "/ping", cookie=cookie)
    add({"id": "server-permanent-refresh", "description": "Real server: GET /ping (session untouched) with a "
         "permanent cookie an hour old: refreshed.", "via": "server", "config": cfg, "now": T0 + 3600,
         "requestCookie": cookie, "requestSession": made["json"]["session"], "action": "nothing",
         "session": made["json"]["session"], "setCookie": out["setCookie"], "vary": out["vary"], "warnings": []})
    return cases


# --------------------------------------------------------------------------------------------
# 3. flask-bad-cookies.json
# --------------------------------------------------------------------------------------------


def describe_error(e):
    """The exception's type, and its message when it is one of itsdangerous' (BadData): the text of
    Python's own exceptions changes between CPython versions and is not part of the verdict."""
    out = {"error": type(e).__name__, "message": str(e) if isinstance(e, BadData) else None}
    cause = getattr(e, "original_error", None)
    if cause is not None:
        kind = type(cause)
        name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        out["cause"] = {"error": name}
    return out


def bad_case(case_id, description, cookie, config=None, now=T0, note=None):
    o = Oracle(config, now=now)
    rec = {"id": case_id, "description": description, "config": o.config, "now": now, "cookie": cookie}
    try:
        loaded = o.loads(cookie)
        rec.update({"error": None, "message": None, "loaded": to_typed(loaded)})
    except Exception as e:  # noqa: BLE001 -- every exception type is the point here
        rec.update(describe_error(e))
    r = o.open(cookie)
    rec["status"] = r.status
    if r.status == 200:
        rec["flaskError"] = None
        rec["session"] = r.json["session"]
    else:
        rec["flaskError"] = r.json["error"]
        if r.json["error"] in ("BadPayload", "BadData", "BadSignature", "BadTimeSignature", "SignatureExpired"):
            rec["flaskMessage"] = r.json["message"]
        rec["session"] = None
    if note:
        rec["note"] = note
    return rec


def encode_payload(data, compress=False):
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    if compress:
        return b"." + base64_encode(zlib.compress(raw))
    return base64_encode(raw)


def gen_bad_cookies():
    cases = []
    add = cases.append
    o = Oracle()

    def signed(payload_text, now=T0, compress=False, oracle=o):
        return oracle.sign_raw(encode_payload(payload_text, compress), now=now)

    def made(data, now=T0, config=None, permanent=None):
        return Oracle(config, now=now).run(setter(data, permanent)).cookie

    good = made({"user": "alice"})
    payload, ts, sig = good.split(".")

    ERR500 = "Not a BadSignature: Flask's open_session does not catch it, so the request fails with 500."
    ODD = "Flask accepts this odd value."

    # --- controls and signatures ----------------------------------------------------------------------
    add(bad_case("valid", "Control: a cookie Flask wrote a moment ago.", good))
    add(bad_case("tampered-payload", "One payload character changed: BadTimeSignature.",
                 ("f" if payload[0] != "f" else "g") + payload[1:] + "." + ts + "." + sig))
    add(bad_case("tampered-signature", "Signature changed in the middle.",
                 f"{payload}.{ts}.{sig[:10]}{'A' if sig[10] != 'A' else 'B'}{sig[11:]}"))
    add(bad_case("tampered-timestamp", "Timestamp part changed (it is covered by the signature).",
                 f"{payload}.{ts[:2]}{'A' if ts[2] != 'A' else 'B'}{ts[3:]}.{sig}"))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    alias_sig = sig[:-1] + alphabet[alphabet.index(sig[-1]) ^ 1]  # 27 chars = 162 bits for 160
    assert base64.urlsafe_b64decode(alias_sig + "=") == base64.urlsafe_b64decode(sig + "=")
    add(bad_case("signature-last-char-alias", "The last signature character differs only in the 2 unused low "
                 "bits: base64 decoding ignores them, so Flask ACCEPTS it.", f"{payload}.{ts}.{alias_sig}", note=ODD))
    # A cookie whose signature contains '-' and '_'.
    for i in range(1000):
        dash = made({"n": i})
        dsig = dash.rsplit(".", 1)[1]
        if "-" in dsig and "_" in dsig:
            break
    dpay = dash.rsplit(".", 1)[0]
    add(bad_case("signature-std-base64-alphabet", "Signature with '-'/'_' written as '+'/'/': accepted (itsdangerous "
                 "decodes with urlsafe_b64decode, which also takes the standard alphabet).",
                 f"{dpay}.{dsig.replace('-', '+').replace('_', '/')}", note=ODD))
    add(bad_case("signature-padded", "Signature followed by '==': accepted (excess padding ignored).", good + "==",
                 note=ODD))
    add(bad_case("signature-junk-char", "A '!' inside the signature: the length is then a multiple of 4, no padding "
                 "is added, and decoding fails: rejected.", f"{payload}.{ts}.{sig[:5]}!{sig[5:]}"))
    add(bad_case("signature-non-ascii-suffix", "A non-ASCII character after the signature: its UTF-8 bytes are "
                 "dropped by the base64 decoder (and make the padding work): accepted.", good + "é", note=ODD))
    add(bad_case("signature-extra-chars", "Four extra base64 characters: a 23-byte signature, rejected.",
                 good + "AAAA"))
    add(bad_case("signature-truncated", "Signature missing its last 2 characters.", good[:-2]))
    add(bad_case("signature-empty", "Empty signature part.", f"{payload}.{ts}."))
    add(bad_case("forged", "Payload and timestamp with a made-up signature.", f"{payload}.{ts}.{'A' * 27}"))
    add(bad_case("no-signature", "Payload and timestamp only: the timestamp is taken as the signature; BadSignature "
                 "(not BadTimeSignature).", f"{payload}.{ts}"))
    add(bad_case("no-timestamp", "Payload and a valid-looking signature, no timestamp.", f"{payload}.{sig}"))
    add(bad_case("payload-only", "No '.' at all.", payload))
    add(bad_case("garbage", "Not a cookie at all.", "not a session cookie"))
    add(bad_case("empty", "Empty value: s.loads raises, but Flask never calls it (empty cookie = new session).", ""))
    add(bad_case("only-dots", "Just separators.", ".."))
    add(bad_case("single-dot", "One dot.", "."))
    add(bad_case("truncated-half", "The first half of a valid cookie.", good[: len(good) // 2]))
    add(bad_case("quoted", "The valid cookie in double quotes: s.loads rejects it, but Werkzeug unquotes the Cookie "
                 "header first, so Flask opens the session.", f'"{good}"', note=ODD))
    add(bad_case("jwt-like", "A JWT-shaped value (3 parts, HS256 header).",
                 "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"))

    # --- keys, salt, digest ---------------------------------------------------------------------------
    rotated = {"SECRET_KEY": "key-2025", "SECRET_KEY_FALLBACKS": ["key-2023", "key-2024"]}
    add(bad_case("wrong-key", "Signed with another SECRET_KEY.", made(
        {"user": "alice"}, config={"SECRET_KEY": "another-key"})))
    add(bad_case("fallback-key-accepted", "Signed with a key that is in SECRET_KEY_FALLBACKS: accepted.",
                 made({"user": "alice"}, config={"SECRET_KEY": "key-2023"}), config=rotated))
    add(bad_case("fallback-key-newest-accepted", "Signed with the last fallback: accepted.",
                 made({"user": "alice"}, config={"SECRET_KEY": "key-2024"}), config=rotated))
    add(bad_case("current-key-with-fallbacks", "Signed with SECRET_KEY, fallbacks configured: accepted.",
                 made({"user": "alice"}, config=rotated), config=rotated))
    add(bad_case("fallback-key-not-configured", "Signed with 'key-2024' but the app has no fallbacks: rejected.",
                 made({"user": "alice"}, config={"SECRET_KEY": "key-2024"}), config={"SECRET_KEY": "key-2025"}))
    add(bad_case("retired-key", "Signed with a key no longer listed: rejected.",
                 made({"user": "alice"}, config={"SECRET_KEY": "key-2022"}), config=rotated))
    add(bad_case("fallback-signed-as-current", "An app whose SECRET_KEY is an old key and whose fallbacks include "
                 "the new one accepts cookies from the new key (keys are symmetric for verifying).",
                 made({"user": "alice"}, config=rotated),
                 config={"SECRET_KEY": "key-2024", "SECRET_KEY_FALLBACKS": ["key-2025"]}))
    other_salt = URLSafeTimedSerializer(KEY, salt="other-salt", serializer=o.app.session_interface.serializer,
                                        signer=FixedClockTimestampSigner,
                                        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1,
                                                       "now": T0})
    with o.app.app_context():
        add(bad_case("wrong-salt", "Same key, salt 'other-salt' instead of 'cookie-session'.",
                     other_salt.dumps({"user": "alice"})))
        sha256 = URLSafeTimedSerializer(KEY, salt="cookie-session", serializer=o.app.session_interface.serializer,
                                        signer=FixedClockTimestampSigner,
                                        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha256,
                                                       "now": T0})
        add(bad_case("wrong-digest", "HMAC-SHA256 instead of SHA-1.", sha256.dumps({"user": "alice"})))
        django = URLSafeTimedSerializer(KEY, salt="cookie-session", serializer=o.app.session_interface.serializer,
                                        signer=FixedClockTimestampSigner,
                                        signer_kwargs={"key_derivation": "django-concat",
                                                       "digest_method": hashlib.sha1, "now": T0})
        add(bad_case("wrong-key-derivation", "key_derivation 'django-concat' instead of 'hmac'.",
                     django.dumps({"user": "alice"})))

    # --- time ---------------------------------------------------------------------------------------------
    add(bad_case("expired", "Signed 31 days + 1 second before now: SignatureExpired.",
                 made({"user": "alice"}, now=T0 - LIFETIME - 1)))
    add(bad_case("expires-exactly-now", "Signed exactly 31 days before now (age == max_age): still valid.",
                 made({"user": "alice"}, now=T0 - LIFETIME)))
    add(bad_case("expired-custom-lifetime", "PERMANENT_SESSION_LIFETIME = 3600 applies to non-permanent sessions "
                 "too: signed 3601 seconds ago.", made({"user": "alice"}, now=T0 - 3601),
                 config={**BASE, "PERMANENT_SESSION_LIFETIME": 3600}))
    add(bad_case("expired-permanent", "A permanent session past its lifetime.",
                 made({"user": "alice"}, now=T0 - LIFETIME - 10, permanent=True)))
    add(bad_case("future-1s", "Signed 1 second in the future: SignatureExpired 'age -1 < 0'. Flask rejects any "
                 "clock skew between servers.", made({"user": "alice"}, now=T0 + 1)))
    add(bad_case("future-1h", "Signed an hour in the future.", made({"user": "alice"}, now=T0 + 3600)))
    add(bad_case("lifetime-zero", "PERMANENT_SESSION_LIFETIME = 0: valid only within the same second.",
                 made({"user": "alice"}), config={**BASE, "PERMANENT_SESSION_LIFETIME": 0}))
    add(bad_case("lifetime-zero-1s-old", "PERMANENT_SESSION_LIFETIME = 0, signed 1 second ago.",
                 made({"user": "alice"}, now=T0 - 1), config={**BASE, "PERMANENT_SESSION_LIFETIME": 0}))
    add(bad_case("timestamp-zero-now", "Signed at 0 (empty timestamp part) and read at 0: valid.",
                 made({"user": "alice"}, now=0), now=0))
    add(bad_case("timestamp-zero", "Signed at 0 (empty timestamp part), read at 1700000000: expired.",
                 made({"user": "alice"}, now=0)))
    add(bad_case("timestamp-year-9999", "Signed and read at 253402300799 (9999-12-31T23:59:59Z): valid.",
                 made({"user": "alice"}, now=253402300799), now=253402300799))
    add(bad_case("timestamp-year-10000", "Validly signed at 253402300800 (year 10000) and read then: itsdangerous "
                 "cannot make a datetime of it and raises ValueError. " + ERR500,
                 signed('{"user":"alice"}', now=253402300800), now=253402300800, note=ERR500))
    add(bad_case("timestamp-huge-future", "Validly signed at 2**40, read at 1700000000: the age is negative, and "
                 "building the SignatureExpired's date_signed raises ValueError. " + ERR500,
                 signed('{"user":"alice"}', now=2 ** 40), note=ERR500))
    add(bad_case("timestamp-u64-max", "Validly signed at 2**64 - 1 (8 bytes of 0xff), read at 1700000000: "
                 "ValueError as above. " + ERR500, signed('{"user":"alice"}', now=2 ** 64 - 1), note=ERR500))
    p = encode_payload('{"user":"alice"}')
    nine = p + b"." + base64_encode(b"\x01" * 9)
    add(bad_case("timestamp-nine-bytes", "A validly signed 9-byte timestamp: 'Malformed timestamp'.",
                 Signer.sign(o.serializer().make_signer(), nine).decode()))
    garbage_ts = p + b".!!!!"
    add(bad_case("timestamp-not-base64", "A validly signed timestamp '!!!!': the base64 decoder drops the junk, "
                 "giving 0, so the cookie is just expired.",
                 Signer.sign(o.serializer().make_signer(), garbage_ts).decode()))

    # --- payload encoding -------------------------------------------------------------------------------------
    add(bad_case("bad-base64-payload", "Validly signed payload that is not base64 (length 1 mod 4). " + ERR500,
                 o.sign_raw(b"abcde"), note=ERR500))
    add(bad_case("bad-zlib", "Validly signed '.'-payload that is not zlib data. " + ERR500,
                 o.sign_raw(b"." + base64_encode(b"not zlib at all")), note=ERR500))
    add(bad_case("zlib-truncated", "Validly signed truncated zlib stream. " + ERR500,
                 o.sign_raw(b"." + base64_encode(zlib.compress(b'{"user":"alice"}' * 10)[:-6])), note=ERR500))
    add(bad_case("compressed-empty", "A '.' payload with nothing after it. " + ERR500, o.sign_raw(b"."), note=ERR500))
    add(bad_case("compressed-small", "A valid zlib payload Flask itself would not compress: accepted.",
                 signed('{"user":"alice"}', compress=True), note=ODD))
    add(bad_case("payload-padded", "Base64 payload with '=' padding (Flask strips it): the payload is signed as "
                 "text, so still valid, and padding is accepted.",
                 o.sign_raw(base64.urlsafe_b64encode(b'{"user":"alice"}')), note=ODD))
    add(bad_case("payload-std-base64", "Payload in the standard base64 alphabet ('+', '/'): decodes the same.",
                 o.sign_raw(base64.b64encode('{"u":"\u00ff\u00ff\u00ff?>"}'.encode())), note=ODD))
    add(bad_case("bad-json", "Validly signed payload that is not JSON. " + ERR500, signed("{not json"), note=ERR500))
    add(bad_case("bad-utf8", "Validly signed JSON with invalid UTF-8. " + ERR500, signed(b'{"a":"\xff"}'),
                 note=ERR500))
    add(bad_case("json-bom", "JSON starting with a UTF-8 BOM. " + ERR500, signed("\ufeff{}"), note=ERR500))
    add(bad_case("json-whitespace", "Non-compact JSON with whitespace: accepted.", signed(' { "a" : [ 1 , 2 ] } '),
                 note=ODD))
    add(bad_case("json-duplicate-keys", "Duplicate keys: the last one wins.", signed('{"a":1,"a":2}'), note=ODD))
    add(bad_case("json-nan-literals", "NaN / Infinity literals are accepted.", signed('{"a":NaN,"b":-Infinity}'),
                 note=ODD))
    add(bad_case("json-huge-int", "An integer with 5000 digits: Python 3.11's int-from-string limit (4300 digits) "
                 "raises ValueError. " + ERR500, signed('{"a":' + "7" * 5000 + "}", compress=True), note=ERR500))
    add(bad_case("json-4300-digits", "An integer with exactly 4300 digits: still allowed.",
                 signed('{"a":' + "7" * 4300 + "}", compress=True)))
    add(bad_case("json-huge-exponent", "1e400 loads as float infinity.", signed('{"a":1e400,"b":-1e400}'), note=ODD))
    add(bad_case("json-deep-nesting", "10000 nested arrays: RecursionError in Python's JSON decoder. " + ERR500,
                 signed("[" * 10000 + "]" * 10000, compress=True), note=ERR500))
    add(bad_case("json-lone-surrogate-escape", "'\\ud800' escape: a lone surrogate string, accepted.",
                 signed('{"a":"\\ud800"}'), note=ODD))

    # --- top-level payload shapes --------------------------------------------------------------------------------
    add(bad_case("top-level-list", "A JSON list: s.loads succeeds, then dict([1, 2]) fails (TypeError). " + ERR500,
                 signed("[1,2]"), note=ERR500))
    add(bad_case("top-level-string", "A JSON string: dict('x') raises ValueError. " + ERR500, signed('"x"'),
                 note=ERR500))
    add(bad_case("top-level-number", "A JSON number: dict(5) raises TypeError. " + ERR500, signed("5"), note=ERR500))
    add(bad_case("top-level-null", "JSON null: an EMPTY session (CallbackDict(None)).", signed("null"), note=ODD))
    for cid, text, what in [("top-level-zero", "0", "0"), ("top-level-false", "false", "False"),
                            ("top-level-zero-float", "0.0", "0.0")]:
        add(bad_case(cid, f"JSON {text}: Werkzeug up to 3.0 builds the session from `initial or ()`, so {what} opens an "
                     "EMPTY session; Werkzeug 3.1's CallbackDict takes only None as nothing, and dict(" + what + ") "
                     "raises TypeError (HTTP 500).", signed(text)))
    add(bad_case("top-level-empty-string", "JSON \"\": an empty iterable, so an empty session with every Werkzeug.",
                 signed('""'), note=ODD))
    add(bad_case("top-level-empty-list", "JSON []: an empty session with every Werkzeug.", signed("[]"), note=ODD))
    add(bad_case("top-level-pairs", "A list of [key, value] pairs becomes a session.", signed('[["a",1],["b",2]]'),
                 note=ODD))
    add(bad_case("top-level-tuple-tag", "A ' t' tagged list of pairs at the top level becomes a session.",
                 signed('{" t":[["a",1]]}'), note=ODD))
    add(bad_case("top-level-bytes-tag", "Top-level {' b': ...}: dict(b'AB') raises TypeError. " + ERR500,
                 signed('{" b":"QUI="}'), note=ERR500))

    # --- bad / odd tags (all validly signed) -------------------------------------------------------------------------
    for cid, text, desc, note in [
        ("tag-b-junk", '{"x":{" b":"!!"}}', "' b' with '!!': non-alphabet characters are discarded: b''.", ODD),
        ("tag-b-urlsafe", '{"x":{" b":"-_-_"}}', "' b' with URL-safe characters: discarded too: b''.", ODD),
        ("tag-b-unpadded", '{"x":{" b":"QQ"}}', "' b' without padding: binascii 'Incorrect padding'. " + ERR500,
         ERR500),
        ("tag-b-number", '{"x":{" b":5}}', "' b' with a number: TypeError. " + ERR500, ERR500),
        ("tag-b-whitespace", '{"x":{" b":"QU JD\\n"}}', "' b' with whitespace inside: ignored, b'ABC'.", ODD),
        ("tag-u-garbage", '{"x":{" u":"xyz"}}', "' u' that is not a UUID: ValueError. " + ERR500, ERR500),
        ("tag-u-dashed-upper", '{"x":{" u":"12345678-1234-5678-1234-56781234567A"}}',
         "' u' with dashes and upper case: accepted.", ODD),
        ("tag-u-urn", '{"x":{" u":"urn:uuid:12345678-1234-5678-1234-567812345678"}}', "' u' as a URN: accepted.",
         ODD),
        ("tag-u-braces", '{"x":{" u":"{12345678123456781234567812345678}"}}', "' u' in braces: accepted.", ODD),
        ("tag-u-number", '{"x":{" u":5}}', "' u' with a number: AttributeError. " + ERR500, ERR500),
        ("tag-d-garbage", '{"x":{" d":"garbage"}}', "' d' that is not a date: parse_date returns None, the value "
         "is None.", ODD),
        ("tag-d-offset", '{"x":{" d":"Mon, 01 Jan 2024 00:00:00 +0530"}}', "' d' with a +0530 offset: an aware "
         "datetime with that offset.", ODD),
        ("tag-d-no-zone", '{"x":{" d":"1 Jan 2024 10:00:00"}}', "' d' without weekday or zone: taken as UTC.", ODD),
        ("tag-d-two-digit-year", '{"x":{" d":"Mon, 01 Jan 24 00:00:00 GMT"}}', "' d' with a 2-digit year: 2024.",
         ODD),
        ("tag-d-wrong-weekday", '{"x":{" d":"Fri, 01 Jan 2024 00:00:00 GMT"}}', "' d' with the wrong weekday: "
         "ignored.", ODD),
        ("tag-d-number", '{"x":{" d":5}}', "' d' with a number: AttributeError (not caught by parse_date). " + ERR500,
         ERR500),
        ("tag-d-null", '{"x":{" d":null}}', "' d' with null: None.", ODD),
        ("tag-t-number", '{"x":{" t":5}}', "' t' with a number: TypeError. " + ERR500, ERR500),
        ("tag-t-string", '{"x":{" t":"ab"}}', "' t' with a string: a tuple of its characters.", ODD),
        ("tag-t-object", '{"x":{" t":{"k":1,"l":2}}}', "' t' with an object: a tuple of its keys.", ODD),
        ("tag-t-null", '{"x":{" t":null}}', "' t' with null: TypeError. " + ERR500, ERR500),
        ("tag-m-number", '{"x":{" m":5}}', "' m' with a number: Markup('5').", ODD),
        ("tag-m-null", '{"x":{" m":null}}', "' m' with null: Markup('None').", ODD),
        ("tag-m-list", '{"x":{" m":[1,"a"]}}', "' m' with a list: Markup(\"[1, 'a']\").", ODD),
        ("tag-di-number", '{"x":{" di":5}}', "' di' with a number: TypeError. " + ERR500, ERR500),
        ("tag-di-empty", '{"x":{" di":{}}}', "' di' with an empty object: next(iter({})) raises StopIteration inside "
         "the JSON scanner, which takes it for its own 'no value' signal and then crashes building the "
         "JSONDecodeError (TypeError). " + ERR500, ERR500),
        ("tag-di-no-suffix", '{"x":{" di":{"abc":1}}}', "' di' whose key lacks '__': the last 2 characters are cut "
         "anyway ('a').", ODD),
        ("tag-di-two-keys", '{"x":{" di":{"a__":1,"b__":2}}}', "' di' with two keys: only the first is kept.", ODD),
        ("tag-di-string", '{"x":{" di":"str"}}', "' di' with a string: TypeError. " + ERR500, ERR500),
        ("tag-di-list", '{"x":{" di":[["k","v"]]}}', "' di' with a list: TypeError. " + ERR500, ERR500),
        ("tag-unknown", '{"x":{" x":1}}', "An unregistered tag: left as a plain dict.", None),
        ("tag-two-keys", '{"x":{" t":[1],"y":2}}', "A tag key beside another key: a plain dict.", None),
        ("tag-nested-inner-first", '{"x":{" t":[{" t":[1]},{" b":"AA=="}]}}', "Tags inside tags (decoded inside "
         "out).", None),
        ("tag-in-dropped-duplicate", '{"a":{" t":0},"a":1}', "A duplicate key whose first, dropped value has a tag "
         "that fails: Flask up to 3.0.0 untags every object while parsing (json's object_hook), so the tag fails "
         "(TypeError, HTTP 500); 3.0.1+ untags the parsed result and never sees it (a = 1).", None),
        ("tag-in-dropped-duplicate-ok", '{"a":{" t":[1]},"a":{" b":"AA=="}}', "A duplicate key whose values are both "
         "good tags: the last one wins in every version.", None),
    ]:
        add(bad_case(cid, desc, signed(text), note=note))
    return cases


def write(name, cases):
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    path = os.path.join(out_dir(), name)
    write_fixture(path, {"generator": GENERATOR, "cases": cases})
    print(f"wrote {path}: {len(cases)} cases", file=sys.stderr)


def main():
    write("flask-sessions.json", gen_sessions())
    write("flask-set-cookie.json", gen_set_cookie())
    write("flask-bad-cookies.json", gen_bad_cookies())


if __name__ == "__main__":
    main()
