"""Records written by real Flask-Session, for the TypeScript tests to read.

    node scripts/python.mjs scripts/gen_flask_session_fixtures.py            # Flask-Session 0.8 (default env)
    FSC_PYTHON_ENV=flask-session-0.6 node scripts/python.mjs scripts/gen_flask_session_fixtures.py

Runs a Flask app with Flask-Session on a real Redis (redis-server on a free loopback port, started
and stopped here) and, for cachelib, on a FileSystemCache and a cachelib RedisCache; sets session
values through requests, then reads the raw record from the store and what Flask-Session itself
reads back in a second request (the oracle for the types). Writes
fixtures/<env>/flask-session.json with a "generatedBy" block.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from importlib.metadata import version

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from flask_session_values import to_typed  # noqa: E402

warnings.simplefilter("ignore")

import flask  # noqa: E402
import redis  # noqa: E402
from flask import Flask, session  # noqa: E402

FS_VERSION = version("flask-session")
MODERN = tuple(int(p) for p in FS_VERSION.split(".")[:2]) >= (0, 7)
SECRET = "flask-session-fixtures-key"
LIFETIME = 3600

UTC = timezone.utc
EST = timezone(timedelta(hours=-5), "EST")

# Values of the Python types a session holds. Sets hold ints only: a set of str is ordered by
# PYTHONHASHSEED, so its bytes are not deterministic.
VALUES = {
    "text": "h\u00e9llo \u2603 \U0001d11e",
    "small": 42,
    "negative": -129,
    "int64": 2**63 - 1,
    "uint64": 2**64 - 1,
    "snowflake": 1234567890123456789,
    "float": 1.5,
    "integral_float": 3.0,
    "tiny": 1e-05,
    "neg_zero": -0.0,
    "yes": True,
    "none": None,
    "bytes": b"\x00\xff\x10",
    "tuple": ("a", 1, ()),
    "list": [1, "two", [3.5]],
    "nested": {"__proto__": "data", "10": "ten", "2": "two", "a": {"b": [None]}},
    "int_keys": {1: "one", 2: "two"},
    "set": {3, 1, 2},
    "frozenset": frozenset([7]),
    "aware": datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC),
    "aware_est": datetime(2024, 1, 2, 3, 4, 5, tzinfo=EST),
    "old": datetime(1960, 1, 2, 3, 4, 5, tzinfo=UTC),
    "far": datetime(2500, 1, 2, 3, 4, 5, tzinfo=UTC),
    "naive": datetime(2024, 1, 2, 3, 4, 5, 120000),
    "day": date(2024, 1, 2),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "decimal": Decimal("19.90"),
    "flashes": [("success", "You are logged in.")],
}
# Flask-Session's JSON cannot hold int keys (they become strings) or exts; msgspec writes NaN as null.
if not MODERN:
    VALUES["big"] = 123456789012345678901234567890
    VALUES["nan"] = float("nan")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __enter__(self):
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.client = redis.Redis(host="127.0.0.1", port=self.port)
        for _ in range(100):
            try:
                self.client.ping()
                return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(5)


def make_app(config, values):
    from flask_session import Session

    app = Flask("flask_session_fixtures")
    app.config.update(SECRET_KEY=SECRET, PERMANENT_SESSION_LIFETIME=LIFETIME, **config)
    Session(app)

    @app.post("/set")
    def set_values():
        for key, value in values.items():
            session[key] = value
        return "ok"

    @app.get("/read")
    def read():
        return json.dumps({"session": to_typed(dict(session)), "sid": getattr(session, "sid", None)})

    return app


def run_case(name, config, store_key_of, read_record, values=VALUES):
    app = make_app(config, values)
    client = app.test_client()
    response = client.post("/set")
    assert response.status_code == 200, response.data
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session")) if hasattr(client, "get_cookie") else None
    cookie_value = cookie.value if cookie is not None else _cookie_from_header(response)
    read_back = json.loads(client.get("/read").data)
    key = store_key_of(read_back["sid"])
    record = read_record(key)
    return {
        "name": name,
        "config": {k: v for k, v in config.items() if isinstance(v, (str, int, bool))},
        "cookie": cookie_value,
        "sid": read_back["sid"],
        "storeKey": key,
        "record": record.hex(),
        "written": to_typed(dict(values)),
        "readBack": read_back["session"],
    }


def _cookie_from_header(response):
    header = response.headers.get("Set-Cookie")
    return header.split(";", 1)[0].split("=", 1)[1]


def main():
    env = os.environ.get("FSC_PYTHON_ENV", "flask-2.2")
    cases = []
    with RedisServer() as server:
        client = server.client
        formats = ["msgpack", "json"] if MODERN else [None]
        for fmt in formats:
            for signer in (False, True):
                config = {"SESSION_TYPE": "redis", "SESSION_REDIS": client, "SESSION_USE_SIGNER": signer}
                if fmt:
                    config["SESSION_SERIALIZATION_FORMAT"] = fmt
                name = f"redis-{fmt or 'pickle'}{'-signed' if signer else ''}"
                values = dict(VALUES)
                if fmt == "json":
                    values.pop("int_keys")
                cases.append(run_case(name, config, lambda sid: f"session:{sid}", client.get, values))
        # cachelib's RedisCache ("!" + pickle), through SESSION_TYPE="cachelib" (0.7+).
        if MODERN:
            from cachelib.redis import RedisCache

            cache = RedisCache(host="127.0.0.1", port=server.port, key_prefix="cache:")
            config = {"SESSION_TYPE": "cachelib", "SESSION_CACHELIB": cache}
            cases.append(run_case("cachelib-redis", config, lambda sid: f"cache:session:{sid}", client.get))
    # cachelib's FileSystemCache (4-byte expiry + pickle), SESSION_TYPE="filesystem" in every version.
    directory = tempfile.mkdtemp(prefix="fsc-cachelib-")
    try:
        from cachelib.file import FileSystemCache

        config = {"SESSION_TYPE": "filesystem", "SESSION_FILE_DIR": directory}
        probe = FileSystemCache(directory)

        def read_file(key):
            with open(probe._get_filename(key), "rb") as f:
                return f.read()

        case = run_case("cachelib-filesystem", config, lambda sid: f"session:{sid}", read_file)
        case["hashMethod"] = probe._hash_method.__name__.replace("openssl_", "")
        cases.append(case)
    finally:
        shutil.rmtree(directory, ignore_errors=True)

    out = {
        "generatedBy": {
            "script": "scripts/gen_flask_session_fixtures.py",
            "env": env,
            "python": sys.version.split()[0],
            "flask": version("flask"),
            "werkzeug": version("werkzeug"),
            "itsdangerous": version("itsdangerous"),
            "flask-session": FS_VERSION,
            "cachelib": version("cachelib"),
            "msgspec": version("msgspec") if MODERN else None,
            "redis": version("redis"),
            "redis-server": subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split()[2],
        },
        "secretKey": SECRET,
        "lifetime": LIFETIME,
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", env, "flask-session.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(path)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
