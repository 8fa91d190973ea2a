"""Writing a per-version fixture: fixtures/<env>/<name>.json with its "generatedBy" record.

Every generator that depends on Flask, Werkzeug or itsdangerous runs once per pinned environment
(scripts/pyenv/envs.json), driven by scripts/fixtures.mjs, and writes its tables with
write_fixture(). The file is the table as json.dumps(indent=1, ensure_ascii=True) writes it, with
provenance lines first, each on one line:

    {
     "generatedBy": {"env": "flask-3.1", "python": "3.13.0", "flask": "3.1.3", ...},
     "tableSha256": "<sha256 of the file without its provenance lines>",
     "generator": ...,            <- the table itself from here on
     ...
    }

scripts/fixtures.mjs compares the tableSha256 of every environment: when several produced the same
table byte for byte, it is stored once (under the newest of them) and the others are recorded in a
"sameTableFrom" line with their own generatedBy and tableSha256. test/fixtures-matrix.test.ts
checks the hashes. PROVENANCE_KEYS lists the lines that are not part of the table.

    out_dir(default)              the folder given as --out DIR (default: fixtures/<env>)
    generated_by(*packages)       {"env", "python", "zlib", "flask", "werkzeug", "itsdangerous", "markupsafe", *packages}
    write_fixture(path, table, packages=())
"""

import hashlib
import json
import os
import platform
import sys
import zlib
from importlib.metadata import PackageNotFoundError, version

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: The top-level keys that record where a table came from, not what it says.
PROVENANCE_KEYS = ("generatedBy", "sameTableFrom", "tableSha256")

#: The packages every record names (the ones the session cookie depends on).
BASE_PACKAGES = ("flask", "werkzeug", "itsdangerous", "markupsafe")


def env_name():
    """The pinned environment this interpreter belongs to ($FSC_PYTHON_ENV, set by scripts/python.mjs)."""
    name = os.environ.get("FSC_PYTHON_ENV")
    if not name:
        raise SystemExit("FSC_PYTHON_ENV is not set: run generators with `node scripts/python.mjs` or `npm run fixtures`.")
    return name


def out_dir(argv=None):
    """The output folder: `--out DIR`, else fixtures/<env>."""
    argv = sys.argv[1:] if argv is None else argv
    if "--out" in argv:
        return os.path.abspath(argv[argv.index("--out") + 1])
    return os.path.join(ROOT, "fixtures", env_name())


def generated_by(*packages):
    """The versions that make this environment's tables."""
    record = {"env": env_name(), "python": platform.python_version(), "zlib": zlib.ZLIB_RUNTIME_VERSION}
    for name in (*BASE_PACKAGES, *packages):
        try:
            record[name] = version(name)
        except PackageNotFoundError:
            record[name] = None
    return record


def table_text(table):
    """The table as it is stored and hashed."""
    for key in PROVENANCE_KEYS:
        assert key not in table, key
    return json.dumps(table, indent=1, ensure_ascii=True, allow_nan=False) + "\n"


def write_fixture(path, table, packages=()):
    """Writes `table` (a dict) to `path` with its generatedBy and tableSha256 lines; returns its size."""
    body = table_text(table)
    digest = hashlib.sha256(body.encode("ascii")).hexdigest()
    head = f'{{\n "generatedBy": {json.dumps(generated_by(*packages), ensure_ascii=True)},\n "tableSha256": "{digest}",\n'
    text = head + body[2:]  # body starts with "{\n"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    return len(text)
