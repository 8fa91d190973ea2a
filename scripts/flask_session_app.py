"""scripts/flask_app.py's oracle app with Flask-Session 0.8 as its session interface, on a real
store: the same routes and typed values, for the live tests of server-side sessions.

    python scripts/flask_session_app.py --port 0 --config '{"SESSION_TYPE": "redis", "REDIS_URL": "redis://127.0.0.1:6379"}'

Extra config keys: REDIS_URL (SESSION_TYPE "redis"), MEMCACHED_SERVER "host:port" ("memcached",
through pymemcache), SQLALCHEMY_DATABASE_URI ("sqlalchemy", through Flask-SQLAlchemy). Every other
key is Flask's or Flask-Session's own. Run as flask_app.py is (prints "LISTENING <port>").
"""

import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flask_app  # noqa: E402

warnings.simplefilter("ignore", DeprecationWarning)
_create_oracle_app = flask_app.create_app


def create_app(config=None, json_options=None):
    config = dict(config or {})
    store_config = {k: config.pop(k) for k in ("REDIS_URL", "MEMCACHED_SERVER") if k in config}
    app = _create_oracle_app(config, json_options)
    kind = app.config.get("SESSION_TYPE")
    if kind == "redis":
        import redis

        app.config["SESSION_REDIS"] = redis.Redis.from_url(store_config["REDIS_URL"])
    elif kind == "memcached":
        from pymemcache.client.base import Client

        host, port = store_config["MEMCACHED_SERVER"].rsplit(":", 1)
        # pymemcache's default is noreply=True: set() returns before Memcached has stored the
        # record, so Flask answers the request first and a Node reader on another connection can
        # miss a session Flask just wrote (the live test did, once in a while). Waiting for the
        # reply is what a deployment shared with another process needs.
        app.config["SESSION_MEMCACHED"] = Client((host, int(port)), default_noreply=False)
    elif kind == "sqlalchemy":
        from flask_sqlalchemy import SQLAlchemy

        app.config["SESSION_SQLALCHEMY"] = SQLAlchemy(app)
    from flask_session import Session

    Session(app)
    return app


flask_app.create_app = create_app

if __name__ == "__main__":
    sys.exit(flask_app.main())
