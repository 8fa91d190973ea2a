"""Python's side of `npm run bench`: Flask's own session serializer, timed the way bench/ times ours.

Run through scripts/python.mjs, in the pinned environment it picks (FSC_PYTHON_ENV, else the newest
Flask). It is a worker that `bench/run.ts` keeps open for the whole run so that the rounds
interleave with Node's; it reads one JSON request per line on stdin and answers with one JSON line
on stdout:

    {"op": "cases"}
        -> {"versions": {...}, "maxAge": 2678400, "cases": {name: {"cookie": str, "json": str,
            "jsonBytes": int, "compressed": bool}}}
        The reference sessions, each signed now by Flask (the same cookies Node's side then reads,
        and the bytes Node's `dumps` must reproduce).
    {"op": "time", "case": name, "fn": "loads" | "dumps", "seconds": float}
        -> {"us": float, "wallUs": float, "calls": int}   CPU and wall microseconds per call, over
           a loop of about `seconds` of CPU time
    {"op": "quit"} (or EOF) -> exits.

What is timed is what Flask runs per request, inside a request context (so the JSON provider sorts
keys as it does in a real request), with the serializer from
`app.session_interface.get_signing_serializer(app)` built once:

    loads: s.loads(cookie, max_age=int(app.permanent_session_lifetime.total_seconds()))
    dumps: s.dumps(dict(session))

Flask itself builds that serializer again on every open_session / save_session; building it once
here makes Python's figures a little better than what Flask achieves, never worse. The garbage
collector stays on, as in production (Node's side does not stop its GC either).
"""

import hashlib
import json
import os
import sys
import time

import flask
import zlib
from importlib.metadata import version

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from flask_app import csrf_token_for, login_identifier  # noqa: E402

#: The app's SECRET_KEY for every case (Node's side uses the same).
SECRET_KEY = "bench-secret-key-0123456789abcdef"


def reference_sessions(fits_cookie=None):
    """The sessions of the issue, as Flask-Login + Flask-WTF + flash() leave them.

    `fits_cookie(data)` says whether a session's cookie stays under the size the near-4 KB case
    aims at (it needs the app's serializer; without it that case is left out).
    """
    login = {
        "_user_id": "42",
        "_fresh": True,
        "_id": login_identifier(),  # sha512 hex, 128 digits, as Flask-Login stores it
        "csrf_token": csrf_token_for("42"),  # 40 hex digits, as Flask-WTF stores it
        "_flashes": [
            ("success", "You are logged in."),
            ("message", "Your profile changes have been saved."),
        ],
    }
    # The same without flashes, with a short _id, and without the CSRF token: with a 40-digit hex
    # token every such session compresses (the '_id":"' inside '_user_id":"' alone gains enough),
    # and the issue asks for one that Flask leaves uncompressed.
    short = {
        "_user_id": "42",
        "_fresh": True,
        "_id": hashlib.sha1(b"short-id").hexdigest()[:16],
    }
    # A small cart (about 2 KB of JSON) that compresses well: the reference run's first cart.
    small_cart = {
        "_user_id": "42",
        "_fresh": True,
        "csrf_token": csrf_token_for("42"),
        "cart": [
            {"sku": f"SKU-{1000 + i}", "name": f"Loose leaf tea no. {i}", "qty": 1 + i % 3,
             "price": 4.5 + i, "gift": i % 4 == 0}
            for i in range(20)
        ],
        "recently_viewed": [f"/products/{2000 + i}" for i in range(12)],
    }
    # The large cart: 40 items of strings, ints, floats and short lists, about 5 KB of
    # JSON and 1.5 KB compressed (a hash-derived id per item keeps it from compressing too well).
    # No price is integral: Python would write 9.0 where JavaScript, reading a number, writes 9.
    words = ["green", "black", "oolong", "white", "herbal", "smoked", "jasmine", "mint"]
    cart = {
        "_user_id": "42",
        "_fresh": True,
        "_id": login_identifier(),
        "csrf_token": csrf_token_for("42"),
        "cart": [
            {"sku": f"SKU-{1000 + 7 * i}", "id": hashlib.sha1(b"item%d" % i).hexdigest()[:6],
             "name": f"{words[i % 8].title()} tea no. {i}", "qty": 1 + i % 3,
             "price": round(3.49 + i * 1.1, 2), "weight": 50 * (1 + i % 4),
             "tags": [words[i % 8], words[(i * 3 + 1) % 8]], "gift": i % 5 == 0}
            for i in range(40)
        ],
        "currency": "EUR",
        "_flashes": [("success", "Added to cart.")],
    }
    sessions = {"login": login, "short": short, "cart": cart, "small-cart": small_cart}
    if fits_cookie is not None:
        # Near the 4 KB cookie limit (Werkzeug warns past 4093 bytes): the login session with a
        # history of visited pages, each with a token that does not compress, grown item by item
        # while the cookie stays under 4000 bytes.
        near = {**login, "history": []}
        for i in range(1000):
            visit = {"path": f"/products/{3000 + i}", "ref": hashlib.sha256(b"visit%d" % i).hexdigest()[:24], "at": 1700000000 + 97 * i}
            if not fits_cookie({**near, "history": near["history"] + [visit]}):
                break
            near["history"].append(visit)
        sessions["near-4k"] = near
    return sessions


def make_app():
    app = flask.Flask("flask_session_cookie_bench")
    app.config["SECRET_KEY"] = SECRET_KEY
    return app


def time_loop(fn, seconds):
    """CPU and wall microseconds per call of fn(), over a loop of about `seconds` of CPU time.

    CPU time (time.process_time_ns) as on Node's side: the machine may be shared, and CPU time
    does not count the moments another process had the core.
    """
    budget = seconds * 1e9
    calls = 1
    while True:
        cpu, _ = _loop(fn, calls)
        if cpu >= budget / 10:
            break
        calls *= 4 if cpu < budget / 100 else 2
    calls = max(1, round(calls * budget / cpu))
    cpu, wall = _loop(fn, calls)
    return cpu / 1000 / calls, wall / 1000 / calls, calls


def _loop(fn, calls):
    wall = time.perf_counter_ns()
    cpu = time.process_time_ns()
    for _ in range(calls):
        fn()
    return time.process_time_ns() - cpu, time.perf_counter_ns() - wall


def main():
    app = make_app()
    ctx = app.test_request_context()
    ctx.push()  # kept for the whole run: the JSON provider sorts keys as in a real request
    s = app.session_interface.get_signing_serializer(app)
    max_age = int(app.permanent_session_lifetime.total_seconds())
    sessions = reference_sessions(lambda data: len(s.dumps(data)) < 4000)
    cookies = {}

    for line in sys.stdin:
        request = json.loads(line)
        op = request.get("op")
        if op == "quit":
            break
        if op == "cases":
            cases = {}
            for name, data in sessions.items():
                cookie = s.dumps(dict(data))
                cookies[name] = cookie
                text = s.serializer.dumps(data)
                cases[name] = {
                    "cookie": cookie,
                    "json": text,
                    "jsonBytes": len(text.encode("utf-8")),
                    "compressed": cookie.startswith("."),
                }
            answer = {
                "versions": {
                    "python": sys.version.split()[0],
                    "flask": version("flask"),
                    "itsdangerous": version("itsdangerous"),
                    "zlib": zlib.ZLIB_RUNTIME_VERSION,
                },
                "secretKey": SECRET_KEY,
                "maxAge": max_age,
                "cases": cases,
            }
        elif op == "time":
            name = request["case"]
            if request["fn"] == "loads":
                cookie = cookies[name]
                if s.loads(cookie, max_age=max_age) != sessions[name]:
                    raise AssertionError(f"{name}: loads does not give the session back")
                fn = lambda: s.loads(cookie, max_age=max_age)  # noqa: E731
            else:
                data = sessions[name]
                fn = lambda: s.dumps(dict(data))  # noqa: E731
            us, wall_us, calls = time_loop(fn, float(request.get("seconds", 0.25)))
            answer = {"us": us, "wallUs": wall_us, "calls": calls}
        else:
            raise ValueError(f"unknown op {op!r}")
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    ctx.pop()


if __name__ == "__main__":
    main()
