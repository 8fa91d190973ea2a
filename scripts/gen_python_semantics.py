"""Records the small pieces of Python behaviour the port depends on, as tables.

Writes fixtures/<env>/python-semantics.json: for each helper (json.dumps in every dialect, json.loads,
itsdangerous' base64_decode, base64.b64decode, werkzeug's http_date / parse_date, uuid.UUID,
markupsafe.Markup of non-strings, zlib.compress, werkzeug's parse_cookie), inputs and what Python
returns or raises.
test/python-semantics.test.ts checks ours against every row.

`npm run fixtures` runs it in every pinned environment (scripts/fixtures.mjs); by hand:
FSC_PYTHON_ENV=flask-3.1 node scripts/python.mjs scripts/gen_python_semantics.py [--out DIR]
Deterministic: no clock, and the only randomness is a seeded generator (random.Random(2026)).
Some rows change with the Python version (Unicode data, repr) and some with Flask's or Werkzeug's
(which session operations count as an access, how a Cookie header is read).
"""

import base64
import copy
import json
import math
import random
import os
import sys
import uuid
import zlib
from datetime import datetime, timezone

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from markupsafe import Markup  # noqa: E402
from itsdangerous.encoding import base64_decode  # noqa: E402
from werkzeug.http import http_date, parse_date  # noqa: E402
from werkzeug.wrappers import Request  # noqa: E402

from fixture_file import out_dir, write_fixture  # noqa: E402
from pyvalues import to_typed  # noqa: E402


def outcome(fn, *args, **kwargs):
    """{"ok": typed result} or {"error": exception class name}."""
    try:
        return {"ok": to_typed(fn(*args, **kwargs))}
    except Exception as e:  # noqa: BLE001 - recording Python's verdict is the point
        return {"error": type(e).__name__}


# Values that exercise every rule of json.dumps: floats (repr), big ints, escapes, key order.
JSON_VALUES = [
    None, True, False, 0, -1, 2**53 - 1, 2**53, -(2**63), 10**30,
    0.0, -0.0, 0.1, 0.5, 1.5, -2.5, 1e-05, 0.0001, 1e-07, 123456789.125, 1e15 + 0.5, 1e16, 1.5e16,
    1e21, 1e22, 1.7976931348623157e308, 5e-324, 2.5e-310, 0.1 + 0.2, 1 / 3, 100.25, 1e100,
    float("nan"), float("inf"), float("-inf"),
    "", "plain", 'quote " backslash \\ slash /', "\n\r\t\b\f", "\x00\x01\x1f\x7f\x80\x9f",
    "café ñ ü", "日本語", "😀 astral", "\u2028\u2029", "\ufeff bom", "\ud800 lone high", "\udfff lone low",
    [], {}, [1, [2, [3, []]]], {"a": {"b": {"c": {}}}},
    {"b": 1, "a": 2, "10": 3, "2": 4, "": 5, "_": 6, "A": 7},
    {"\ue000": 1, "\U0001f600": 2, "z": 3, "é": 4, "\uffff": 5},
    ["mixed", 1, 1.25, None, True, {"k": [False]}],
]

JSON_OPTIONS = [
    {},
    {"separators": [",", ":"]},
    {"ensure_ascii": False},
    {"ensure_ascii": False, "separators": [",", ":"]},
    {"sort_keys": True},
    {"sort_keys": True, "separators": [",", ":"]},
    {"indent": 2},
    {"indent": 0},
    {"indent": "\t", "sort_keys": True},
    {"allow_nan": False},
]

JSON_TEXTS = [
    "0", "-0", "-0.0", "1", "-1", "1.0", "1e5", "1E5", "1e+5", "1e-5", "1.5e300", "1e400", "-1e400",
    "9007199254740991", "9007199254740992", "-9007199254740993", "123456789012345678901234567890",
    "1234567890123456789", "0.1234567890123456789", "12345678901234567.0",
    "NaN", "Infinity", "-Infinity", "nan", "inf", "-NaN", "+1", "01", "1.", ".5", "1e", "1e+",
    '""', '"\\u0041"', '"\\ud83d\\ude00"', '"\\ud800"', '"\\udc00\\ud800"', '"\\x41"', '"\\u12"',
    '"\t"', '"a\\/b"', '"\\\\"',
    "[]", "[1,2,3]", "[1,]", "[,1]", "{}", '{"a":1}', '{"a":1,}', '{"a" : 1 , "b" : [ ] }',
    '{"a":1,"a":2}', '{"b":1,"a":2,"b":3}', '{"__proto__":{"x":1}}', '{"constructor":1,"toString":2}',
    '{"10":1,"2":2,"a":3,"1":4}', '{"a":1}x', '{"a":1} ', ' \n\t\r{"a":1}\r\n', "\u00a0{}", "\ufeff{}",
    "true", "false", "null", "True", "None", "[true,false,null]", "tru", "", " ", "{", "]", '"unterminated',
    '{"a":[1,{"b":[2,{"c":3}]}]}', "1" * 4300, "1" * 4301, "-" + "1" * 4300, "1." + "1" * 5000,
]

BASE64_INPUTS = [
    "", "A", "AA", "AAA", "AAAA", "Zg", "Zg=", "Zg==", "Zg===", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy",
    "Zm9v!", "Zm9v!!", "Zm9v!!!", "!Zm9v", "Zm!9v", "Zm 9v", "Z m 9 v", "Zm9vYg!", "Zg!!", "Zg!!!",
    "Zm9v====", "Zm==9v", "=Zm9v", "Z=m9v", "Zm9=v", "++//", "--__", "-_+/", "Zm9vé", "Zé", "éZg",
    "😀Zm9v", "Zm9v😀", "Zm9v\n", "Zm9v\x00", "YWJj", "YWJjZA", "YWJjZA=", "YWJjZA==", "YWJjZGU",
    "....", "Zm9v.YmFy", "AB==CD", "ABC=D", "A=BCD", "AB=CD==",
]

B64DECODE_INPUTS = [
    "", "QQ==", "QQ", "QQ=", "QUJD", "QUJDRA==", "QU JD", "QU\nJD", "-_-_", "+/+/", "QU!JD", "!!", "====",
    "QQ==QQ==", "QUJ=D", "AQI=", "éQQ==",
]

DATE_INPUTS = [
    "Wed, 21 Oct 2015 07:28:00 GMT", "Wed, 21 Oct 2015 07:28:00", "21 Oct 2015 07:28:00 GMT",
    "Wednesday, 21-Oct-15 07:28:00 GMT", "Wed Oct 21 07:28:00 2015", "Wed, 21 Oct 2015 07:28 GMT",
    "Wed, 21 Oct 2015 07.28.00 GMT", "Wed, 21 Oct 2015 07:28:00 +0130", "Wed, 21 Oct 2015 07:28:00 -0800",
    "Wed, 21 Oct 2015 07:28:00 -0000", "Wed, 21 Oct 2015 07:28:00 EST", "Wed, 21 Oct 2015 07:28:00 PDT",
    "Wed, 21 Oct 2015 07:28:00 XYZ", "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
    "Mon, 01 Jan 1900 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Wed, 31 Dec 1969 23:59:59 GMT",
    "Mon, 29 Feb 2016 00:00:00 GMT", "Tue, 29 Feb 2015 00:00:00 GMT", "Wed, 21 Oct 2015 24:00:00 GMT",
    "Wed, 21 Oct 2015 07:60:00 GMT", "Wed, 21 Oct 2015 07:28:60 GMT", "Wed, 32 Oct 2015 07:28:00 GMT",
    "Wed, 21 Foo 2015 07:28:00 GMT", "21 October 2015 07:28:00 GMT", "Oct 21 2015 07:28:00 GMT",
    "Wed, 21 Oct 15 07:28:00 GMT", "Wed, 21 Oct 69 07:28:00 GMT", "Wed, 21 Oct 68 07:28:00 GMT",
    "Wed, 21 Oct 2015 07:28:00 +9999", "Wed, 21 Oct 2015 07:28:00 +2359", "Wed, 21 Oct 2015 07:28:00 +2400",
    "Wed,21 Oct 2015 07:28:00 GMT", "  Wed, 21 Oct 2015 07:28:00 GMT  ", "Wed, 21 Oct 2015", "garbage",
    "", " ", "2015-10-21T07:28:00Z", "Wed, 21 Oct 2015 07:28:00 GMT extra", "Wed, 21 Oct 1_5 07:28:00 GMT",
    "Wed, +21 Oct 2015 07:28:00 GMT", "Wed, 21 Oct -5 07:28:00 GMT", "Wed, 21 oct 2015 07:28:00 gmt",
    "Wed, 21 Oct 2015 7:8:0 GMT", "Wed, 21 Oct 2015 07:28:00,", "Wed, 21, Oct, 2015, 07:28:00, GMT",
]

UUID_INPUTS = [
    "12345678123456781234567812345678", "12345678-1234-5678-1234-567812345678",
    "{12345678-1234-5678-1234-567812345678}", "urn:uuid:12345678-1234-5678-1234-567812345678",
    "12345678-1234-5678-1234-56781234567A", "1234567812345678123456781234567", "123456781234567812345678123456789",
    "1234567812345678123456781234567g", "{{12345678123456781234567812345678}}", "-12345678123456781234567812345678-",
    "0x345678123456781234567812345678", " 2345678123456781234567812345678", "+2345678123456781234567812345678",
    "1_345678123456781234567812345678", "uuid:urn:12345678123456781234567812345678", "",
]

MARKUP_VALUES = [
    "text", "<b>&</b>", 5, -1.5, 1e16, 2**70, None, True, False, [1, "a", None], (1,), (1, "b"), (),
    {"k": "v", "n": [1.0]}, b"bytes \xff'", "it's", 'say "x"', "it's \"x\"", "tab\tnl\n\\",
    uuid.UUID("12345678123456781234567812345678"),
    datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc), datetime(2015, 10, 21, 7, 28, 5, tzinfo=timezone.utc),
    [Markup("<i>")], float("nan"), float("inf"), 0.1, "é\x7f\u200b😀",
]

HTTP_DATE_TIMES = [0, 1, -1, 1445412480, 253402300799, -62135596800, 951782400, -2208988800, 1700000000]


# Operation sequences on Flask's session, made through the `session` proxy inside a request as a
# view makes them: what each returns and how it sets `modified` and `accessed` (which decide
# Set-Cookie and Vary: Cookie). Flask 3.1.3 marks the session accessed on any use of the proxy.
SESSION_SEQUENCES = [
    ({}, [["set", "a", 1], ["get", "a"], ["contains", "a"]]),
    ({"a": 1}, [["contains", "a"], ["len"], ["keys"]]),
    ({"a": 1}, [["get", "a"]]),
    ({"a": 1}, [["get", "missing"]]),
    ({"a": 1}, [["getitem", "a"]]),
    ({"a": 1}, [["del", "a"]]),
    ({"a": 1}, [["pop", "a", None]]),
    ({"a": 1}, [["pop", "missing", "dflt"]]),
    ({"a": 1}, [["setdefault", "a", 2]]),
    ({"a": 1}, [["setdefault", "b", 2]]),
    ({}, [["clear"]]),
    ({"a": 1}, [["clear"]]),
    ({"a": 1}, [["update", {"b": 2, "a": 3}]]),
    ({"a": 1}, [["permanent_get"]]),
    ({"a": 1}, [["permanent_set", True], ["permanent_get"]]),
    ({"_permanent": True}, [["permanent_set", False]]),
    ({"a": [1]}, [["get", "a"], ["mutate_append", "a", 2]]),
    ({"a": 1}, [["set", "a", 1]]),
]

FLASH_SEQUENCES = [
    ({}, [["flash", "Hello", "message"], ["get", False, []], ["get", False, []]]),
    ({}, [["flash", "A", "info"], ["flash", "B", "error"], ["get", True, []]]),
    ({}, [["flash", "A", "info"], ["flash", "B", "error"], ["get", False, ["error"]], ["get", True, ["info"]]]),
    ({"_flashes": [("success", "stored")]}, [["get", True, []], ["flash", "later", "message"], ["get", True, []]]),
    ({"_flashes": [("success", "stored")]}, [["flash", "new", "warning"], ["get", False, []]]),
    ({}, [["get", True, []]]),
]


def session_steps(initial, ops):
    """Runs `ops` on the request's session (through the proxy); the flags after each one."""
    import flask
    from flask_app import raw_session

    raw = raw_session()  # the session object itself: using it does not count as an access
    raw.update(copy.deepcopy(initial))
    raw.modified = raw.accessed = False
    session = flask.session
    steps = []
    for op in ops:
        name, args = op[0], op[1:]
        if name == "set":
            session[args[0]] = args[1]; result = None
        elif name == "get":
            result = session.get(args[0])
        elif name == "getitem":
            result = session[args[0]]
        elif name == "contains":
            result = args[0] in session
        elif name == "len":
            result = len(session)
        elif name == "keys":
            result = list(session.keys())
        elif name == "del":
            del session[args[0]]; result = None
        elif name == "pop":
            result = session.pop(args[0], args[1])
        elif name == "setdefault":
            result = session.setdefault(args[0], args[1])
        elif name == "clear":
            session.clear(); result = None
        elif name == "update":
            session.update(args[0]); result = None
        elif name == "permanent_get":
            result = session.permanent
        elif name == "permanent_set":
            session.permanent = args[0]; result = None
        elif name == "mutate_append":
            dict.__getitem__(raw, args[0]).append(args[1]); result = None
        steps.append({"op": op, "result": to_typed(result), "modified": raw.modified,
                      "accessed": raw.accessed, "data": to_typed(dict.copy(raw))})
    return steps


def session_rows():
    import flask

    app = flask.Flask("semantics")
    app.secret_key = "k"
    rows = []
    for initial, ops in SESSION_SEQUENCES:
        with app.test_request_context():
            rows.append({"initial": to_typed(initial), "steps": session_steps(initial, ops)})
    return rows


def flash_rows():
    import flask

    app = flask.Flask("semantics")
    app.secret_key = "k"
    rows = []
    for initial, ops in FLASH_SEQUENCES:
        typed_initial = to_typed(initial)  # before flash() appends to the list in place
        with app.test_request_context():
            flask.session.update(copy.deepcopy(initial))
            flask.session.modified = False
            steps = []
            for op in ops:
                if op[0] == "flash":
                    flask.flash(op[1], op[2]); result = None
                else:
                    result = flask.get_flashed_messages(with_categories=op[1], category_filter=op[2])
                steps.append({"op": op, "result": to_typed(result), "flashes": to_typed(flask.session.get("_flashes"))})
            rows.append({"initial": typed_initial, "steps": steps})
    return rows


IP_INPUTS = [
    "127.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3.04", "1.2.3", "1.2.3.4.5",
    " 1.2.3.4", "1.2.3.4 ", "1.2.3.4:80", "\u0661.\u0662.\u0663.\u0664", "::1", "::", "::ffff:1.2.3.4",
    "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:8", "1::2::3", "g::1", "fe80::1%eth0", "[::1]", "example.com", "",
]

SERVER_NAMES = [
    "example.com:5000", "example.com", ".example.com", "sub.example.com:8443", "localhost", "localhost:5000",
    "127.0.0.1:5000", "10.0.0.1", "[::1]:5000", "::1", "bücher.example", "a.b:c:80", "..example.com", "",
]


def is_ip_rows():
    """flask.helpers.is_ip (Flask 2.2; it went with the SERVER_NAME domain) or the same test on
    socket.inet_pton where it is gone."""
    import socket

    import flask.helpers

    def inet_pton_is_ip(value):
        for family in (socket.AF_INET, socket.AF_INET6):
            try:
                socket.inet_pton(family, value)
            except OSError:
                pass
            else:
                return True
        return False

    is_ip = getattr(flask.helpers, "is_ip", inet_pton_is_ip)
    return [{"input": v, **outcome(is_ip, v)} for v in IP_INPUTS]


def server_name_rows():
    """What the session interface's get_cookie_domain gives for SERVER_NAME (without
    SESSION_COOKIE_DOMAIN), with the warnings it gives: Flask 2.2 derives the domain, 2.3+ never."""
    import warnings

    import flask

    rows = []
    for root in ("/", "/app"):
        for name in SERVER_NAMES:
            app = flask.Flask("semantics")
            app.config.update(SERVER_NAME=name or None, APPLICATION_ROOT=root)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                domain = outcome(app.session_interface.get_cookie_domain, app)
            rows.append({"serverName": name, "applicationRoot": root, **domain,
                         "warnings": [str(w.message) for w in caught]})
    return rows


def custom_tag_rows():
    """Flask's documented example: a tag for OrderedDict, registered first in the order."""
    from collections import OrderedDict
    from flask.json.tag import JSONTag, TaggedJSONSerializer

    class TagOrderedDict(JSONTag):
        __slots__ = ("serializer",)
        key = " od"

        def check(self, value):
            return isinstance(value, OrderedDict)

        def to_json(self, value):
            return [[k, self.serializer.tag(v)] for k, v in value.items()]

        def to_python(self, value):
            return OrderedDict(value)

    serializer = TaggedJSONSerializer()
    serializer.register(TagOrderedDict, index=0)
    value = {"plain": {"z": 1, "a": 2}, "ordered": OrderedDict([("z", 1), ("a", (1, b"\x00")), ("m", [])])}
    text = serializer.dumps(value)  # outside an app context: keys not sorted, ASCII escaped
    loaded = serializer.loads(text)
    duplicate = outcome(serializer.register, TagOrderedDict)
    forced = outcome(serializer.register, TagOrderedDict, force=True)
    return {"dumps": text, "loads": to_typed({k: dict(v) if isinstance(v, OrderedDict) else v for k, v in loaded.items()}),
            "loadedTypes": {k: type(v).__name__ for k, v in loaded.items()},
            "registerDuplicate": duplicate, "registerForced": forced, "order": [t.key for t in serializer.order]}


def json_dumps_rows():
    rows = []
    for options in JSON_OPTIONS:
        kwargs = dict(options)
        if "separators" in kwargs:
            kwargs["separators"] = tuple(kwargs["separators"])
        for value in JSON_VALUES:
            rows.append({"value": to_typed(value), "options": options, **outcome(json.dumps, value, **kwargs)})
    return rows


# Cookie headers as a WSGI server hands them to Flask (latin-1 characters standing for bytes):
# white space ASCII and not, quotes and escapes, newlines (which stop Werkzeug's parse), UTF-8
# and broken UTF-8, a BOM, repeated names.
COOKIE_HEADERS = [
    "session=abc", "theme=dark; session=abc; other=1", "session=first; session=second",
    "  session  =  abc  ; a", "\xa0session=abc", "session=abc\xa0", "session=abc\xa0;x=1",
    "session\xa0=abc", "\x85session=1", "\x0bsession=1", "\x0csession=1", "\x1csession=1",
    "session=a\nb; x=1", "x=1; session=a\nb; y=2", "x=1; session=\"a\\\nb\"; y", "session=\n; x=1",
    "\nsession=1; x=2", "session=1\n; x=2", "session=1;\nx=2", "session\n=1",
    'session="quoted \\"value\\" with \\073 and \\054"', 'session="a\\";b"; c=1',
    'a="x;session=1\\";session=2"; session=3', 'session="unterminated; a=1',
    'session="closed" trailing; a=1', 'session="ab"\xa0; x', 'session="a\\', 'session="\\303\\251"',
    'session="\\400"', "session; a=1", "session=; a", "a=1;;; ;session=x;", "session=a=b=c",
    "session=\xc3\xa9", "s\xc3\xa9=1; session=2", "session=\xc3", "\xef\xbb\xbfsession=1",
    "session=\xef\xbb\xbfabc", "session=\xed\xa0\x80", "session=\xf0\x9f\x98\x80", "", ";", " ; ",
]


def cookie_headers():
    rng = random.Random(2026)
    alphabet = ["a", "s", "session", "=", ";", '"', "\\", " ", "\t", "\n", "\r", "\x0b", "\x0c",
                "\xa0", "\x85", "0", "3", "7", ",", "\xc3", "\xa9", "\xef", "\xbb", "\xbf", "\x80"]
    generated = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 24))) for _ in range(400)]
    return COOKIE_HEADERS + generated


def cookie_rows():
    """What request.cookies holds for each header (a WSGI environ's HTTP_COOKIE), first value of
    each name. (Werkzeug 2.3+'s werkzeug.http.parse_cookie(environ) would refuse a header that is
    not UTF-8; a request's cookies never do: they come from its headers, decoded leniently.)"""
    rows = []
    for header in cookie_headers():
        cookies = Request({"HTTP_COOKIE": header}).cookies
        rows.append({"header": header, "cookies": [[key, cookies.get(key)] for key in cookies.keys()]})
    return rows


def main():
    table = {
        "generator": "scripts/gen_python_semantics.py",
        "json_dumps": json_dumps_rows(),
        "json_loads": [{"text": t, **outcome(json.loads, t)} for t in JSON_TEXTS],
        "base64_decode": [{"input": s, **outcome(base64_decode, s)} for s in BASE64_INPUTS],
        "b64decode": [{"input": s, **outcome(base64.b64decode, s)} for s in B64DECODE_INPUTS],
        "parse_date": [{"input": s, **outcome(parse_date, s)} for s in DATE_INPUTS],
        "http_date": [{"timestamp": t, **outcome(lambda t: http_date(datetime.fromtimestamp(t, tz=timezone.utc)), t)}
                      for t in HTTP_DATE_TIMES],
        "uuid": [{"input": s, **outcome(lambda s: uuid.UUID(s).hex, s)} for s in UUID_INPUTS],
        "markup": [{"value": to_typed(v), **outcome(lambda v: str(Markup(v)), v)} for v in MARKUP_VALUES],
        "customTag": custom_tag_rows(),
        "session": session_rows(),
        "flash": flash_rows(),
        "parse_cookie": cookie_rows(),
        "is_ip": is_ip_rows(),
        "server_name_domain": server_name_rows(),
        "zlib": [{"data": d.hex(), "compressed": zlib.compress(d).hex()} for d in [
            b"", b"a", b"a" * 100, bytes(range(256)) * 4, json.dumps({"k": "v" * 500, "l": list(range(200))}).encode(),
            "héllo wörld ".encode() * 50,
        ]],
    }
    path = os.path.join(out_dir(), "python-semantics.json")
    write_fixture(path, table)
    print(f"wrote {path}: " + ", ".join(f"{k} {len(v)}" for k, v in table.items() if isinstance(v, list)))


if __name__ == "__main__":
    main()
