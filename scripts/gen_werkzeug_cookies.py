"""Records how one Werkzeug reads Cookie headers and writes Set-Cookie, as tables.

Run under every pinned environment (scripts/fixtures.mjs does it; `npm run fixtures`
runs that) with the output path as argument:

    python scripts/gen_werkzeug_cookies.py fixtures/flask-3.1/werkzeug-cookies.json

Tables (each row holds Python's answer: the result, or the exception's class name):
- "cookies": Cookie headers as a WSGI server hands them over (latin-1 characters standing for
  bytes) and what Flask's `request.cookies` holds, every pair in MultiDict order (so repeats
  show): odd headers written by hand, then seeded random ones from alphabets of the characters
  that matter to each Werkzeug's reader.
- "dump": `dump_cookie` calls (odd keys, values, paths, domains, dates, every attribute) and the
  Set-Cookie value it returns with the warning it gives, or the exception. The clock is frozen at
  NOW for Expires from max_age.
- "idna": Python's `str.encode("idna")` of labels (Werkzeug's Domain encoding), sampled over
  Unicode.
Deterministic: the clock is frozen, randomness comes from random.Random seeds.
"""
import json
import random
import sys
import warnings
from datetime import datetime, timezone
from importlib.metadata import version

import werkzeug.http
from werkzeug.wrappers import Request

NOW = 1700000000.25


class FrozenDatetime(datetime):
    """`datetime` with a fixed `now()`, patched into werkzeug.http for Expires from max_age."""

    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(NOW, tz)


werkzeug.http.datetime = FrozenDatetime

# Cookie headers written by hand: every construct the three readers treat differently.
HEADERS = [
    "", ";", " ; ", ";;;", "=", "==", " = ", "a", "a;", ";a", "a;b", "a; b", "a=", "a=;", "=a", " =a", "=a; b=1",
    "session=abc", "theme=dark; session=abc; other=1", "session=first; session=second",
    "session=first;session=second", "session=first; session =second", " session=first; session=second",
    'session="first"; session=second', "session=; session=second", "session; session=second",
    "  session  =  abc  ; a", "session\t=\tabc", "session = abc", "session= abc", "session =abc",
    "a=1;b=2", "a=1 ;b=2", "a=1; b=2;", "a=1; b=2; ", "a=1;; b=2", "a=1; ; b=2",
    "a=b c", "a=b c; d=1", "a=b  c ; d=1", "a= b c ;d=1", "a=b\tc; d=1", "a=b=c", "a==b", "a=b=; c=1",
    "a=1, b=2", "a=1,b=2", "a=1 , b=2; c=3", "a,b=1", "a=1; b,c=2",
    '$Version=1; a=1; $Path=/', '$Version="1"; session="x"; $Path="/"', "$a=1", "a$=1", "$=1",
    # quoting and escapes
    'a="b"', 'a=""', 'a="', 'a="b', 'a=b"', 'a="b"c', 'a="b" c', 'a= "b" ', 'a="b"; c=1', 'a="b";c="d"',
    'a="b c"', 'a="b;c"', 'a="b;c"; d=1', 'a="b,c"', 'a="b=c"', 'a="\\"', 'a="\\""', 'a="\\"b\\""', 'a="b\\"; c=1',
    'a="\\\\"', 'a="\\\\\\"', 'a="\\b"', 'a="\\;"', 'a="\\073"', 'a="\\054"', 'a="\\000"', 'a="\\377"', 'a="\\400"',
    'a="\\08"', 'a="\\8"', 'a="\\12"', 'a="\\123\\"', 'a="\\303\\251"', 'a="\\303"', 'a="\\351"', 'a="x\\', 'a="\\',
    'session="quoted \\"value\\" with \\073 and \\054"', 'session="a\\";b"; c=1',
    'a="x;session=1\\";session=2"; session=3', 'session="unterminated; a=1', 'session="closed" trailing; a=1',
    'a="x;y" z; b', 'a="b" "c"; d=1', 'a="b"="c"', '"a"=1', 'a"b=1; c=2', '"=1', 'a="b\nc"; d=1', 'a="b\\\nc"; d=1',
    'a="\\\n"; b=2', 'a="b"\xa0; c=1', 'a=\xa0"b"\xa0; c=1', 'a=" b "', 'a=" "', 'a="\t"', 'a={"x":1}', 'a="{\\"x\\":1}"',
    # white space: ASCII and not, newlines and other controls
    "\xa0session=abc", "session=abc\xa0", "session=abc\xa0;x=1", "session\xa0=abc", "\x85session=1", "session=1\x85",
    "\x0bsession=1", "\x0csession=1", "\x1csession=1", "\x1fsession=1", "session=\x1f1\x1f", "\x00session=1",
    "session=a\x00b", "\rsession=1", "session=1\r", "session=1\r\n; x=2", "\tsession=1", "session=1\t", "\t\ta\t=\t1\t;\tb=2",
    "session=a\nb; x=1", "x=1; session=a\nb; y=2", 'x=1; session="a\\\nb"; y', "session=\n; x=1", "\nsession=1; x=2",
    "session=1\n; x=2", "session=1;\nx=2", "session\n=1", "a\nb=1", "a=1\nb=2", "a=1\n;b=2", "a=\n1; b=2", "a=1;\n\nb=2",
    "a=1; b=\n", "a=1; b=2\n", "\n", "\n\n; a=1", "a=1\r\nb=2", "a=\x0b1", "a=1\x0b; b=2",
    # bytes beyond ASCII: UTF-8, broken UTF-8, latin-1, a BOM
    "session=\xc3\xa9", "s\xc3\xa9=1; session=2", "session=\xc3", "\xef\xbb\xbfsession=1", "session=\xef\xbb\xbfabc",
    "session=\xed\xa0\x80", "session=\xf0\x9f\x98\x80", "session=\xe9", "\xe9=1", "a=\xff\xfe", 'a="\xc3\xa9"', 'a="\xe9"',
    'a="\\303\xa9"', "caf\xc3\xa9=cr\xc3\xa8me; a=1", "\xc3\xa9", "a=\x80", "a=\xc2\x85", "\xc2\xa0a=1",
    # characters HTTP cannot carry (a JavaScript caller can): beyond latin-1
    "a=\u20ac", 'a="\u20ac"', "\u20ac=1", "a=\U0001f600", "session\u3000=1", "\u2028session=1", "a=1\u2028; b=2",
    # cookies seen in the wild
    "_ga=GA1.2.1234567890.1700000000; _gid=GA1.2.987654321.1700000000; session=eyJhIjoxfQ.ZW6Z1A.abc-_def",
    "session=.eJyrVkrOz0vOSk1RslIqLU4tUqoFAEQ4Bqs.ZW6Z1A.c2lnbmF0dXJl; remember_token=1|abcdef",
    "csrftoken=abc; sessionid=xyz; messages=\"W1siX19qc29uX21lc3NhZ2UiXQ:1r\"",
    "a=1; session=x; session=y; SESSION=z; Session=w",
]


def random_headers():
    out = []
    rng = random.Random(2026)
    generic = ["a", "s", "session", "=", ";", '"', "\\", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\xa0", "\x85",
               "0", "3", "7", ",", "$", "\xc3", "\xa9", "\xef", "\xbb", "\xbf", "\x80"]
    out += ["".join(rng.choice(generic) for _ in range(rng.randrange(0, 24))) for _ in range(300)]
    # 3.1.9's reader: space and tab, quotes, escapes, separators
    rng = random.Random(319)
    token = ["a", "b", "session", "=", ";", "; ", '"', '\\"', "\\", " ", "\t", "\n", "0", "7", "\\303", ","]
    out += ["".join(rng.choice(token) for _ in range(rng.randrange(1, 16))) for _ in range(200)]
    # pairs, well formed or nearly so, longer headers
    rng = random.Random(23)
    names = ["session", "a", "b", " session", "session ", "$x", "", "s\xc3\xa9", "\xa0s", "a b"]
    values = ["x", "", '"x"', '"x y"', '"x;y"', '"\\"x"', "x y", "x\ny", '"x', 'x"', "=x", "x=y", "\xc3\xa9", '"\\351"', " x ", "x,y"]
    seps = ["; ", ";", " ;", ";\n", ", ", ";;"]
    for _ in range(150):
        parts = []
        for _ in range(rng.randrange(1, 6)):
            name = rng.choice(names)
            parts.append(name if rng.random() < 0.1 else f"{name}{rng.choice(['=', ' = ', '=', '= '])}{rng.choice(values)}")
        header = ""
        for part in parts:
            header += part + rng.choice(seps)
        out.append(header if rng.random() < 0.5 else header.rstrip("; \n,"))
    return out


def error_name(e):
    """The exception's class, with Python's UnicodeError subclasses (3.13 raises
    UnicodeEncodeError where 3.12 raised UnicodeError) as UnicodeError, and a date out of
    Python's range as "date" (OverflowError, OSError or ValueError("year ... is out of range"))."""
    if isinstance(e, UnicodeError):
        return "UnicodeError"
    if isinstance(e, (OverflowError, OSError)) or (isinstance(e, ValueError) and "out of range" in str(e)):
        return "date"
    return type(e).__name__


def read_row(header):
    try:
        cookies = Request({"HTTP_COOKIE": header}).cookies
        return {"header": header, "pairs": [[k, v] for k, v in cookies.items(multi=True)]}
    except Exception as e:  # noqa: BLE001 - recording Python's verdict is the point
        return {"header": header, "error": error_name(e)}


def to_python(args):
    kwargs = dict(args)
    expires = kwargs.get("expires")
    if isinstance(expires, dict):
        if "timestamp" in expires:
            kwargs["expires"] = expires["timestamp"]
        else:
            kwargs["expires"] = FrozenDatetime.fromisoformat(expires["date"])
    return kwargs


def dump_row(args):
    row = {"args": args}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            row["header"] = werkzeug.http.dump_cookie(**to_python(args))
        except Exception as e:  # noqa: BLE001
            row["error"] = error_name(e)
            return row
    messages = [str(w.message) for w in caught if "too large" in str(w.message)]
    row["warning"] = messages[0] if messages else None
    return row


VALUES = ["", "abc", "a b", " a", "a ", "\xe9", "\u20ac", "\U0001f600", '"', "\\", 'a"b', "a,b", "a;b", "a=b", "=", "(a)", "<a>",
          "[a]", "{a}", "?", "@", ":", "/", "a\tb", "a\nb", "\x1b", "\x1f", "\x7f", "\x19", '{"a":1}', "eyJhIjoxfQ.ZW6Z1A.c2ln",
          ".eJyrVkrOz0vOSk1RslIqLU4tUqoFAEQ4Bqs.ZW6Z1A.c2ln", "\ud800", "a\udc00", "\x00", "\xff", "\u0100", "'", "%", "+",
          "a" * 5000, "\xe9" * 2100]
KEYS = ["session", "\xe9", "a b", "a=b", "", 'a"b', "\U0001f600", "Session-ID", "__Host-x", "a\tb", "\ud800"]
PATHS = [None, "", "/", "/a b", "/\xe4", "/%41", "/a%", "/a%zz", "/a?b#c", "/a?", "/a#", "/?", "/#", "/a?b?c", "/a#b#c",
         "//host/x", "//b\xfccher.de/x", "//user:pw@host:80/x", "//user@host/x", "//:pw@host/x", "//@host/x", "//h:abc/x",
         "//h:99999/x", "//h:+80/x", "//h: 80/x", "//h:8_0/x", "//h:\u0668\u0660/x", "//[::1]:8080/x", "//[::1/x",
         "//::1]/x", "//H\xd6ST/x", "//ho st/x", "//a..b/x", "//xn--\xfc/x", "HTTP://X/y", "http:80", "http:", "a:b", "A:b",
         "mailto:x@y", "ab\n:x", "a+b.c-d:x", "1a:x", ":x", "http://", "http:///x", "file:/x", "/~!$&'()*+,=:@", "/[x]",
         "/\\", '/"', "/<>", "/{}", "/|^`", "\t/a", "/\ud800", "/\U0001f600", "/a\x00", "/a\x7f", "//", "///x", "//?x",
         "//#x", "/a//b", "./x", "../x", "?x", "#x", "x", "/+x", "/a b?c d#e f", "/\xe4?\xe4#\xe4", "/a;b", "/a\r\nb"]
DOMAINS = ["example.com", ".example.com", "example.com:8080", ".example.com:80", "127.0.0.1", "127.0.0.1:5000", "[::1]",
           "[::1]:80", "::1", "EXAMPLE.COM", "B\xfccher.DE", "b\xfccher.de", ".b\xfccher.de", "xn--bcher-kva.de", "\xdf.de",
           "\uff25\uff38\uff21\uff2d\uff30\uff2c\uff25.com", "\u4f8b\u3048.\u30c6\u30b9\u30c8", "a\u3002b.com",
           "a\uff0eb.com", "a\uff61b", "m\xfcnchen.de:8080", "localhost", "localhost:5000", "", ".", "..", ".:80",
           "a..b", "a.b.", "a.b..", ".a.b", "..a.b", "a" * 63 + ".com", "a" * 64 + ".com", "\xfc" * 30 + ".de",
           "\xfc" * 64 + ".de", "b\xfccher." + "a" * 64, "xn--\xfc.de", "XN--\xfc.de", "\u0645\u062b\u0627\u0644.\u0625\u062e\u062a\u0628\u0627\u0631",
           "a\u0627.com", "\u0627a\u0628.com", "\u0627\u0661.com", "\u0661\u0627.com", "a b.com", "a\x00b.com", "a,b.com",
           'a"b.com', "\xad.com", "a\xadb.com", "\u200b.com", "\ufb01.com", "\u2121.com", "\u216b.com", "\u0130.com",
           "\ud800.com", "\U0001f600.com", "\u0340.com", "a\u3000b.com", "\U000e0001.com", "\u2f868.com", "\U0002f868.com",
           "\u0370.com", "\ufffd.com", "\u00e9.\u00e9", "\u00e9.", "\u00e9..", ".\u00e9", "\u00e9:80", "[\u00e9]:80", "a.\u00e9:b:c",
           "x.\u00e9\u0301.com", "x.e\u0301.com", "x.\u212b.com", "x.\u1e9e.com", "x.\u03a3.com", "x.\u0345.com",
           "x.\u00ad\u00ad.com", "xn--.com", "xn--a.com", "\xe9" * 10 + ".com"]
EXPIRES = [0, -1, 1.5, 1.9999999, 1.0000004, 1.0000005, 1.0000015, -1.5, -0.0000004, 1700000000, 253402300799,
           253402300799.9999999, 253402300800, -62135596800, -62135596801, "Wed, 21 Oct 2015 07:28:00 GMT", "", "garbage",
           {"date": "2015-10-21T07:28:00.500000+00:00"}, {"date": "0001-01-01T00:00:00+00:00"},
           {"date": "9999-12-31T23:59:59.999000+00:00"}, {"date": "2015-10-21T09:28:00+02:00"}]
# Integers as Python ints, fractions as floats: a JavaScript number cannot tell 3600 from 3600.0.
MAX_AGES = [0, -1, 3600, 1.5, 0.5, -0.5, 10 ** 10, 2 ** 53, 10 ** 20, 1234.5678, 0.1 + 0.2, 1e-7, 1e300]
SAMESITES = ["Strict", "strict", "STRICT", "Lax", "lax", "LAX", "lAx", "None", "none", "NONE", "", "lax ", " lax", "Lax;",
             "bogus", "\u017ftrict", "\ufb05rict", "\ufb06rict", "\u017ftr\u0131ct", "\uff2cax", "\u212aax", "l\u0430x"]


def dump_cases():
    cases = [{"key": "session", "value": v} for v in VALUES]
    cases += [{"key": "k", "value": chr(c)} for c in range(256)]
    cases += [{"key": k, "value": "v"} for k in KEYS]
    cases += [{"key": "k", "value": "v", "path": p} for p in PATHS]
    cases += [{"key": "k", "value": "v", "domain": d} for d in DOMAINS]
    cases += [{"key": "k", "value": "v", "expires": e} for e in EXPIRES]
    cases += [{"key": "k", "value": "v", "max_age": m} for m in MAX_AGES]
    cases += [{"key": "k", "value": "v", "max_age": m, "sync_expires": False} for m in MAX_AGES[:4]]
    cases += [{"key": "k", "value": "v", "max_age": 60, "expires": 0}]
    cases += [{"key": "k", "value": "v", "samesite": s} for s in SAMESITES]
    for secure in (False, True):
        for httponly in (False, True):
            for partitioned in (None, False, True):
                case = {"key": "k", "value": "v", "secure": secure, "httponly": httponly}
                if partitioned is not None:
                    case["partitioned"] = partitioned
                cases.append(case)
    everything = {"key": "session", "value": 'a "b"', "max_age": 3600, "expires": 1700003600, "path": "/shop",
                  "domain": ".shop.test", "secure": True, "httponly": True, "samesite": "lax"}
    cases += [everything, {**everything, "partitioned": True}, {**everything, "path": None}]
    # Flask's delete_cookie: expires=0, max_age=0
    cases += [{"key": "session", "value": "", "expires": 0, "max_age": 0, "path": "/", "domain": d} for d in [None, ".a.test"]]
    # the size warning
    cases += [{"key": "session", "value": "a" * n} for n in (4080, 4086, 4087, 4088, 9000)]
    cases += [{"key": "session", "value": "a" * 100, "max_size": m} for m in (0, 10, 105, 106, -1)]
    cases += [{"key": k, "value": v, "max_size": 10} for k, v in [("\xe9", "\xe9" * 20), ("it's", "x" * 20), ('a"b', "x" * 20),
                                                                   ("k", 'a"b' * 10), ("k", "a b" * 10)]]
    # random mixtures
    rng = random.Random(2027)
    odd = "aZ09 \t\"\\,;=:/?#[]@!$&'()*+%~\xe9\u20ac\x00\x1b\x7f"
    for _ in range(150):
        case = {"key": "k", "value": "".join(rng.choice(odd) for _ in range(rng.randrange(0, 8)))}
        if rng.random() < 0.5:
            case["path"] = "/" + "".join(rng.choice(odd) for _ in range(rng.randrange(0, 8)))
        if rng.random() < 0.4:
            case["domain"] = rng.choice(DOMAINS)
        if rng.random() < 0.3:
            case["samesite"] = rng.choice(SAMESITES)
        if rng.random() < 0.3:
            case["max_age"] = rng.choice(MAX_AGES)
        case["secure"] = rng.random() < 0.3
        case["httponly"] = rng.random() < 0.3
        cases.append(case)
    return cases


def idna_rows():
    import stringprep
    labels = ["b\xfccher", "\xdf", "M\xfcnchen", "\u4f8b\u3048", "\u0645\u062b\u0627\u0644", "a\u0627", "\u0627a\u0628",
              "\u0627\u0661", "\xad", "\ufb01x", "\u2121", "xn--\xfc", "\xfc" * 60, "\xfc" * 59, "a" * 63, "a" * 64, "", "a\u0301",
              "\u1100\u1161", "\uac00\u11a8", "\u0041\u030a\u0327", "\u212b", "\u1e9b\u0323", "\u0f73", "\u0344", "\u0958"]
    rng = random.Random(3490)
    exceptions = [cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000 and not stringprep.in_table_b1(chr(cp))
                  and stringprep.map_table_b2(chr(cp)) != chr(cp).lower()]
    # every B.2 mapping that str.lower() does not give, and a sample of everything else below U+30000
    points = exceptions + [rng.randrange(0x80, 0x30000) for _ in range(700)]
    labels += ["x" + chr(cp) for cp in points if not 0xD800 <= cp < 0xE000]
    rows = []
    for label in labels:
        try:
            rows.append({"input": label, "ok": label.encode("idna").decode("ascii")})
        except Exception as e:  # noqa: BLE001
            rows.append({"input": label, "error": error_name(e)})
    return rows


def main():
    out = sys.argv[1]
    table = {
        "generatedBy": {
            "generator": "scripts/gen_werkzeug_cookies.py",
            "python": sys.version.split()[0],
            "flask": version("flask"),
            "werkzeug": version("werkzeug"),
            "itsdangerous": version("itsdangerous"),
            "now": NOW,
        },
        "cookies": [read_row(h) for h in HEADERS + random_headers()],
        "dump": [dump_row(args) for args in dump_cases()],
        "idna": idna_rows(),
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(table, f, ensure_ascii=True, indent=0)
        f.write("\n")
    print(f"wrote {out}: {len(table['cookies'])} headers, {len(table['dump'])} dump_cookie calls, {len(table['idna'])} labels")


if __name__ == "__main__":
    main()
