/**
 * The real command-line tool, run as a subprocess (`node dist/cli/main.js ...`): every
 * subcommand and option, exit statuses, the input forms, cookies a real Flask app wrote (from
 * fixtures/), JSON and plain output, colours, and one-line errors. The last test searches every
 * stdout and stderr of this file for every secret used.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { json as pyjson } from "../../src/index.js";
import {
  ANSI,
  cliAll,
  cliNamed,
  expectNoSecretInOutputs,
  expectUsageError,
  fixtureCases,
  root,
  type Run,
} from "../helpers/cli.js";
import { flaskEnvs } from "../../scripts/venvs.mjs";

interface SessionCase {
  id: string;
  config: { SECRET_KEY: string | { bytes: string }; SECRET_KEY_FALLBACKS?: string[] };
  timestamp: number;
  cookie: string;
  setCookie: string;
  compressed: boolean;
  payloadJson: string;
  signedBy?: { SECRET_KEY: string };
}
interface BadCookieCase {
  id: string;
  cookie: string;
}
interface ItsdangerousCase {
  id: string;
  secret: string;
  token: string;
}

const sessions = new Map(fixtureCases<SessionCase>("flask-sessions.json").map((c) => [c.id, c]));
const bad = new Map(fixtureCases<BadCookieCase>("flask-bad-cookies.json").map((c) => [c.id, c]));
const tokens = new Map(fixtureCases<ItsdangerousCase>("itsdangerous.json").map((c) => [c.id, c]));
function session(id: string): SessionCase {
  return sessions.get(id)!;
}

const FIXTURE_KEY = "fixture-secret-key";
/** Secrets this file makes up; none may ever be printed. */
const SECRETS = {
  cli: "cli-test-secret-\u03c0-7f3a91",
  usage: ["usage-secret-1a", "usage-secret-2b", "usage-secret-3c", "usage-secret-4d", "usage-secret-5e", "usage-secret-6f"],
};
const BYTES_KEY_HEX = "00ff10e9c3284a";
const BYTES_KEY_BASE64 = Buffer.from(BYTES_KEY_HEX, "hex").toString("base64");

const login = session("login-two-flashes");
const T = login.timestamp;
const DAY = 86400;
let dir: string;
let keyFile: string;
let key2024File: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "fsc-cli-"));
  keyFile = join(dir, "secret_key");
  writeFileSync(keyFile, `${FIXTURE_KEY}\n`); // as `echo "$KEY" > file` writes it
  key2024File = join(dir, "old_key");
  writeFileSync(key2024File, "key-2024");
  writeFileSync(join(dir, "session.json"), '{"user": "alice", "cart": {" t": ["tea", 2]}}');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The `--json` document of a run (read with Python's JSON rules: big ints stay exact). */
function doc(run: Run): Record<string, unknown> {
  return pyjson.loads(run.stdout) as Record<string, unknown>;
}

describe("help, version and usage errors", () => {
  const OPTIONS: Record<string, string[]> = {
    decode: [
      "--itsdangerous",
      "--legacy-timestamp",
      "--flask-version",
      "--cookie-name",
      "--now",
      "--json",
      "--no-color",
      "--help",
    ],
    verify: [
      "--secret",
      "--secret-file",
      "--secret-encoding",
      "--fallback-secret",
      "--fallback-secret-file",
      "--max-age",
      "--itsdangerous",
      "--legacy-timestamp",
      "--flask-version",
      "--salt",
      "--key-derivation",
      "--digest",
      "--cookie-name",
      "--now",
      "--json",
      "--no-color",
      "--help",
    ],
    sign: [
      "--secret",
      "--secret-file",
      "--secret-encoding",
      "--fallback-secret",
      "--fallback-secret-file",
      "--file",
      "--timestamp",
      "--itsdangerous",
      "--legacy-timestamp",
      "--flask-version",
      "--salt",
      "--key-derivation",
      "--digest",
      "--json",
      "--no-color",
      "--help",
    ],
  };
  let r: Record<"main" | "helpVerify" | "none" | "version" | "decode" | "verify" | "sign", Run>;
  beforeAll(async () => {
    r = await cliNamed({
      main: [["--help"]],
      helpVerify: [["help", "verify"]],
      none: [[]],
      version: [["--version"]],
      decode: [["decode", "-h"]],
      verify: [["verify", "--help"]],
      sign: [["sign", "--help"]],
    });
  });

  test("--help lists the subcommands, where keys come from, and the exit statuses", () => {
    const main = r.main;
    expect(main.code).toBe(0);
    for (const text of [
      "decode <cookie>",
      "verify <cookie>",
      "sign [<json>]",
      "FLASK_SECRET_KEY",
      "--secret-file",
      "Exit status",
      "Examples:",
    ]) {
      expect(main.stdout).toContain(text);
    }
    expect(main.stderr).toBe("");
  });

  test.each(Object.keys(OPTIONS))("%s --help documents every option it takes, with examples", (name) => {
    const run = r[name as "decode" | "verify" | "sign"];
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^flask-session-cookie: .+\\n\\nUsage:\\n  flask-session-cookie ${name} `));
    for (const option of OPTIONS[name]!) expect(run.stdout).toMatch(new RegExp(`\\n  (-h, )?${option}\\b`));
    expect(run.stdout).toMatch(/\nExamples:\n(  .+\n)+$/);
    expect(run.stdout).not.toMatch(ANSI);
  });

  test.each(["main", "decode", "verify", "sign"] as const)("%s --help lists every exit status, 2 and 3 included", (name) => {
    const section = /\nExit status:\n((?: {2}\d {2}.+\n)+)/.exec(r[name].stdout)?.[1] ?? "";
    const statuses = section
      .split("\n")
      .filter(Boolean)
      .map((line) => Number(line.trim()[0]));
    expect(statuses).toEqual(name === "sign" ? [0, 2, 3] : [0, 1, 2, 3]);
    expect(section).toContain("  2  usage error");
    expect(section).toContain("  3  internal error: a bug");
  });

  test("`help verify` is `verify --help`", () => {
    expect(r.helpVerify.code).toBe(0);
    expect(r.helpVerify.stdout).toBe(r.verify.stdout);
  });

  test("no command: the help on stderr, status 2", () => {
    expect(r.none.code).toBe(2);
    expect(r.none.stdout).toBe("");
    expect(r.none.stderr).toContain("Usage:");
  });

  test("--version is the package's, then the Flask releases it was verified against", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    const flasks = flaskEnvs().map((e) => e.flask);
    expect(r.version.stdout).toBe(`${pkg.version}\nverified against Flask ${flasks.join(", ")}\n`);
    expect(r.main.stdout).toContain(`verified against ${flasks.join(", ")}`);
  });

  const [s1, s2, s3, s4, s5, s6] = SECRETS.usage;
  const c = `session=${login.cookie}`;
  const cases: [string, string[], RegExp, string?][] = [
    [
      "unknown option (with a secret as its value)",
      ["verify", "--secret", s1!, `--secrte=${s2}`, c],
      /unknown option --secrte \(see --help\)/,
    ],
    ["an extra argument", ["verify", "--secret", s1!, c, s2!], /expected one argument \(a cookie\), got 2/],
    [
      "a secret given as the --secret-file path",
      ["verify", "--secret-file", s3!, c],
      /cannot read the file given to --secret-file \(ENOENT\)/,
    ],
    [
      "--secret without a value",
      ["verify", "--secret", "--json", c],
      /--secret needs a value \(for a value that starts with "-", write --secret=-\.\.\.\)/,
    ],
    [
      "--secret and --secret-file",
      ["verify", "--secret", s4!, "--secret-file", "x", c],
      /give --secret or --secret-file, not both/,
    ],
    [
      "a bad --max-age",
      ["verify", "--secret", s1!, "--max-age", s5!, c],
      /--max-age takes seconds, or a number with s, m, h or d/,
    ],
    [
      "a bad --digest",
      ["verify", "--secret", s1!, "--digest", "md5", c],
      /--digest must be one of: sha1, sha224, sha256, sha384, sha512/,
    ],
    [
      "a bad --key-derivation",
      ["sign", "--secret", s1!, "--key-derivation", s6!, "{}"],
      /--key-derivation must be one of: hmac, django-concat, concat, none/,
    ],
    ["a bad --now", ["decode", "--now", "yesterday", c], /--now takes seconds since 1970 or a date/],
    ["a value for a flag", ["verify", `--json=${s6}`, c], /--json does not take a value/],
    ["a secret as the command", [s6!], /unknown command: use decode, verify or sign/],
    ["a key that is not hex", ["verify", "--secret-encoding", "hex", "--secret", s2!, c], /the key from --secret is not hex/],
    [
      "a key that is not base64",
      ["verify", "--secret-encoding", "base64", "--secret", "a!b", c],
      /the key from --secret is not base64/,
    ],
    [
      "an unknown --secret-encoding",
      ["verify", "--secret-encoding", "latin1", "--secret", s1!, c],
      /--secret-encoding must be one of: utf8, hex, base64/,
    ],
    ["no key", ["verify", c], /no secret key: give --secret-file, --secret, or set FLASK_SECRET_KEY/],
    ["an empty key", ["verify", "--secret=", c], /the key from --secret is empty/],
    ["no cookie", ["decode"], /the input is empty/],
    [
      "a deletion Set-Cookie",
      ["decode", "Set-Cookie: session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"],
      /deletes the cookie/,
    ],
    [
      "no session cookie in a header",
      ["decode", "Cookie: theme=dark; csrftoken=abc"],
      /no cookie named 'session' in the input \(it has 'theme', 'csrftoken'\); pick one with --cookie-name/,
    ],
    ["invalid JSON", ["sign", "--secret", s1!, '{"user": alice}'], /the value is not valid JSON: Expecting value: char 9/],
    ["a session that is not an object", ["sign", "--secret", s1!, "[1, 2]"], /a Flask session is a JSON object/],
    [
      "a session that is a tagged tuple",
      ["sign", "--secret", s1!, '{" t": [1, 2]}'],
      /a Flask session is a JSON object: this one is a tagged value/,
    ],
    [
      "a bad date tag",
      ["sign", "--secret", s1!, '{"seen": {" d": "yesterday"}}'],
      /at \$\.seen\[" d"\]: a " d" \(datetime\) tag holds an HTTP date/,
    ],
    [
      "a bad bytes tag, deep",
      ["sign", "--secret", s1!, '{"a": [{"b": {" b": "AAE"}}]}'],
      /at \$\.a\[0\]\.b\[" b"\]: a " b" \(bytes\) tag holds standard base64/,
    ],
    ["a bad UUID tag", ["sign", "--secret", s1!, '{"id": {" u": "xyz"}}'], /a " u" \(UUID\) tag holds 32 hex digits/],
    [
      "a missing --file",
      ["sign", "--secret", s1!, "--file", join("/nonexistent", s2!)],
      /cannot read the file given to --file \(ENOENT\)/,
    ],
    ["JSON twice", ["sign", "--secret", s1!, "--file", "x.json", "{}"], /give the JSON as an argument or with --file, not both/],
    [
      "a legacy time before 2011",
      ["sign", "--secret", s1!, "--legacy-timestamp", "--timestamp", "2010-12-31", "{}"],
      /--legacy-timestamp cannot sign before 2011-01-01/,
    ],
  ];
  let usageRuns: Run[];
  beforeAll(async () => {
    usageRuns = await cliAll(cases.map(([, args]) => [args] as const));
  });
  test.each(cases.map((row, i) => [row[0], i] as const))("%s: status 2 and one clear line", (_name, i) => {
    expectUsageError(usageRuns[i]!, cases[i]![2]);
  });
});

describe("decode", () => {
  const now = T + 60;
  const curl = `> GET /cart HTTP/1.1\n> Host: app.example\n>\n< HTTP/1.1 200 OK\n< Vary: Cookie\n< Set-Cookie: ${login.setCookie}\n<\n`;
  const forms: [string, string[], string?][] = [
    ["a bare value", [login.cookie]],
    ["a session=... pair", [`session=${login.cookie}`]],
    ["a Cookie: header", [`Cookie: theme=dark; session=${login.cookie}; csrftoken=abc`]],
    ["a Set-Cookie: header as Flask sent it", [login.setCookie.replace(/^/, "Set-Cookie: ")]],
    ["stdin", [], login.cookie + "\n"],
    ["- for stdin", ["-"], `session=${login.cookie}`],
    ["curl -v output on stdin", [], curl],
    ["another cookie name", ["--cookie-name", "sid", `Cookie: session=x.y.z; sid=${login.cookie}`]],
  ];
  let formRuns: Run[];
  let r: Record<"human" | "typed" | "malformed" | "badZlib" | "colored" | "noColorEnv" | "noColorFlag", Run>;
  beforeAll(async () => {
    formRuns = await cliAll(
      forms.map(([, args, input]) => [["decode", "--json", "--now", String(now), ...args], { input }] as const),
    );
    r = await cliNamed({
      human: [["decode", "--now", String(now), login.cookie]],
      typed: [["decode", "--now", String(T), session("server-typed-values").cookie]],
      malformed: [["decode", bad.get("payload-only")!.cookie]],
      badZlib: [["decode", "--now", String(T), bad.get("bad-zlib")!.cookie]],
      colored: [["decode", "--now", String(now), login.cookie], { env: { FORCE_COLOR: "1" } }],
      noColorEnv: [["decode", "--now", String(now), login.cookie], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }],
      noColorFlag: [["decode", "--now", String(now), "--no-color", login.cookie], { env: { FORCE_COLOR: "1" } }],
    });
  });

  test.each(forms.map(([name], i) => [name, i] as const))("reads %s", (_name, i) => {
    const run = formRuns[i]!;
    expect(run.code, run.stderr).toBe(0);
    const out = doc(run);
    expect(out.verified).toBe(false);
    expect(out.mode).toBe("flask");
    expect(out.timestamp).toBe(T);
    expect(out.signedAt).toBe(new Date(T * 1000).toISOString().replace(".000", ""));
    expect(out.age).toBe(60);
    expect(out.compressed).toBe(true);
    // The payload is the cookie's JSON exactly: Flask's tags, key order and numbers as written.
    expect(pyjson.dumps(out.payload, { separators: [",", ":"] })).toBe(login.payloadJson);
    expect(out.python).toMatch(/^\{'_flashes': \[\('success', 'You are logged in\.'\), \('info', /);
    expect(out.payloadError).toBeNull();
  });

  test("says UNVERIFIED, when it was signed, how long ago, and that it was compressed", () => {
    expect(r.human.code).toBe(0);
    const lines = r.human.stdout.split("\n");
    expect(lines[0]).toBe("UNVERIFIED  decoded without a key: anyone can write this; 'verify' checks it");
    expect(r.human.stdout).toContain(
      `signed at   ${new Date(T * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC (${T}), 1 minute ago\n`,
    );
    expect(r.human.stdout).toMatch(/\npayload     zlib-compressed, \d+ bytes of JSON\n/);
    expect(r.human.stdout).toMatch(/\nsignature   [\w-]{27} \(20 bytes, the size of SHA-1\)\n/);
    expect(r.human.stdout).toMatch(/\nsession     UNVERIFIED \{/);
    expect(r.human.stdout).not.toMatch(ANSI);
  });

  test("shows the Python types: tuple, bytes, Markup, UUID, datetime, big int, float", () => {
    expect(r.typed.code).toBe(0);
    const out = r.typed.stdout;
    for (const shape of [
      /\(1, 'two', \(\)\)/,
      /b'\\x00\\xff\\x7f\\x80'/,
      /Markup\('/,
      /UUID\('[0-9a-f-]{36}'\)/,
      /datetime\.datetime\(\d+, /,
      /: 9223372036854775807,/,
      /-0\.0/,
      /1e\+16/,
    ]) {
      expect(out).toMatch(shape);
    }
    // Long sessions are laid out one key per line, under the label.
    expect(out).toMatch(/\nsession     UNVERIFIED \{\n              'big': /);
  });

  test("a token without a '.' is malformed: status 1", () => {
    expect(r.malformed.code).toBe(1);
    expect(r.malformed.stdout).toBe("MALFORMED  it has no '.', so it is not a signed token\n");
  });

  test("a payload that does not decode: status 1, and what could be read is still shown", () => {
    expect(r.badZlib.code).toBe(1);
    expect(r.badZlib.stdout).toContain("signed at   ");
    expect(r.badZlib.stdout).toContain("payload     Could not zlib decompress the payload before decoding the payload: ");
  });

  test("colours on request (FORCE_COLOR), never with NO_COLOR or --no-color, and not when piped", () => {
    expect(r.colored.stdout).toMatch(/^\x1b\[33m\x1b\[1mUNVERIFIED\x1b\[22m\x1b\[39m/);
    expect(r.noColorEnv.stdout).not.toMatch(ANSI);
    expect(r.noColorFlag.stdout).not.toMatch(ANSI);
    expect(r.noColorEnv.stdout).toBe(r.human.stdout);
    expect(r.noColorFlag.stdout).toBe(r.human.stdout);
  });
});

describe("verify", () => {
  const ts = session("secret-key-bytes").timestamp;
  const rotated = session("rotation-signed-by-fallback");
  const plain = tokens.get("defaults/URLSafeTimedSerializer")!;
  const salted = tokens.get("salt/URLSafeTimedSerializer/str")!;
  const c = login.cookie;
  const at = (seconds: number) => ["--now", String(seconds)];
  const table: [string, string[], { env?: Record<string, string>; input?: string }?][] = [
    ["valid --secret", ["--secret", FIXTURE_KEY, ...at(T + 60), c]],
    ["valid --secret-file", ["--secret-file", "@keyFile", ...at(T + 60), c]],
    ["valid FLASK_SECRET_KEY", [...at(T + 60), c], { env: { FLASK_SECRET_KEY: FIXTURE_KEY } }],
    ["an option wins over the variable", ["--secret", FIXTURE_KEY, ...at(T + 60), c], { env: { FLASK_SECRET_KEY: SECRETS.cli } }],
    ["bytes key, hex", ["--secret-encoding", "hex", "--secret", BYTES_KEY_HEX, ...at(ts), session("secret-key-bytes").cookie]],
    [
      "bytes key, base64",
      ["--secret-encoding", "base64", "--secret", BYTES_KEY_BASE64, ...at(ts), session("secret-key-bytes").cookie],
    ],
    ["bytes key given as text", ["--secret", BYTES_KEY_HEX, ...at(ts), session("secret-key-bytes").cookie]],
    ["expired by a second", ["--secret", FIXTURE_KEY, ...at(T + 31 * DAY + 1), c]],
    ["valid at the limit", ["--secret", FIXTURE_KEY, ...at(T + 31 * DAY), c]],
    ["--max-age 1h, 1 s too old", ["--secret", FIXTURE_KEY, "--max-age", "1h", ...at(T + 3601), c]],
    ["--max-age 1h, just in time", ["--secret", FIXTURE_KEY, "--max-age", "1h", ...at(T + 3600), c]],
    ["signed in the future", ["--secret", FIXTURE_KEY, ...at(T - 10), c]],
    ["wrong key", ["--secret", SECRETS.cli, ...at(T), c]],
    ["bad payload", ["--secret", FIXTURE_KEY, ...at(T), bad.get("tag-u-garbage")!.cookie]],
    ["not a dict", ["--secret", FIXTURE_KEY, ...at(T), bad.get("top-level-number")!.cookie]],
    [
      "rotation",
      [
        "--secret",
        "key-2025",
        "--fallback-secret",
        "key-2023",
        "--fallback-secret-file",
        "@key2024File",
        ...at(T),
        rotated.cookie,
      ],
    ],
    ["rotation, old key dropped", ["--secret", "key-2025", "--fallback-secret", "key-2023", ...at(T), rotated.cookie]],
    ["itsdangerous", ["--itsdangerous", "--secret", plain.secret, "--max-age", "3600", ...at(1700000100), plain.token]],
    ["itsdangerous, expired", ["--itsdangerous", "--secret", plain.secret, "--max-age", "3600", ...at(1700003601), plain.token]],
    ["itsdangerous, no max age", ["--itsdangerous", "--secret", plain.secret, plain.token]],
    ["itsdangerous with a salt", ["--itsdangerous", "--salt", "my-salt", "--secret", salted.secret, salted.token]],
    ["itsdangerous token as a Flask cookie", ["--secret", plain.secret, ...at(1700000100), plain.token]],
    ["Flask cookie as an itsdangerous token", ["--itsdangerous", "--secret", FIXTURE_KEY, ...at(T), c]],
    ["valid, JSON", ["--json", "--secret", FIXTURE_KEY, ...at(T + 60), c]],
    ["expired, JSON", ["--json", "--secret", FIXTURE_KEY, ...at(T + 40 * DAY), c]],
    ["wrong key, JSON", ["--json", "--secret", SECRETS.cli, ...at(T), c]],
    [
      "rotation, JSON",
      [
        "--json",
        "--secret",
        "key-2025",
        "--fallback-secret",
        "key-2023",
        "--fallback-secret",
        "key-2024",
        ...at(T),
        rotated.cookie,
      ],
    ],
    ["bad payload, JSON", ["--json", "--secret", FIXTURE_KEY, ...at(T), bad.get("tag-u-garbage")!.cookie]],
    ["stdin, colours", ["--secret", FIXTURE_KEY, ...at(T + 60)], { input: `Cookie: session=${c}`, env: { FORCE_COLOR: "1" } }],
  ];
  const r: Record<string, Run> = {};
  beforeAll(async () => {
    const files: Record<string, string> = { "@keyFile": keyFile, "@key2024File": key2024File };
    const results = await cliAll(
      table.map(([, args, options]) => [["verify", ...args.map((a) => files[a] ?? a)], options] as const),
    );
    table.forEach(([name], i) => (r[name] = results[i]!));
  });

  test.each([
    ["valid --secret", "the current key (--secret)"],
    ["valid --secret-file", "the current key (--secret-file)"],
    ["valid FLASK_SECRET_KEY", "the current key (FLASK_SECRET_KEY)"],
    ["an option wins over the variable", "the current key (--secret)"],
    ["bytes key, hex", "the current key (--secret)"],
    ["bytes key, base64", "the current key (--secret)"],
  ])("%s: VALID, status 0, and which key", (name, label) => {
    const run = r[name]!;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(`VALID  signed with ${label}`);
    expect(run.stdout).toMatch(/\nsession     \{/);
    expect(run.stdout).not.toContain("UNVERIFIED");
  });

  test("expiry is Flask's: 31 days by default, age > max age, signed in the future", () => {
    expect(r["expired by a second"]!.code).toBe(1);
    expect(r["expired by a second"]!.stdout.split("\n")[0]).toBe(
      "EXPIRED  signed 31 days ago, more than the max age of 31 days (2678401 > 2678400 seconds)",
    );
    expect(r["expired by a second"]!.stdout).toContain("\nkey         the current key (--secret)\n");
    expect(r["valid at the limit"]!.code).toBe(0);
    expect(r["--max-age 1h, 1 s too old"]!.stdout).toMatch(/^EXPIRED .*\(3601 > 3600 seconds\)\n/);
    expect(r["--max-age 1h, 1 s too old"]!.stdout).toContain("\nmax age     1 hour (3600 seconds)\n");
    expect(r["--max-age 1h, just in time"]!.code).toBe(0);
    expect(r["signed in the future"]!.code).toBe(1);
    expect(r["signed in the future"]!.stdout.split("\n")[0]).toBe(
      "SIGNED IN THE FUTURE  signed 10 seconds in the future (age -10 < 0 seconds)",
    );
  });

  test("a bad signature: status 1, the content marked UNVERIFIED, and a hint", () => {
    for (const name of ["wrong key", "bytes key given as text", "rotation, old key dropped"]) {
      const run = r[name]!;
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^BAD SIGNATURE  the signature (does not match the key|matches none of the 2 keys)\n/);
      expect(run.stdout).toMatch(/\nsession     UNVERIFIED \{/);
      expect(run.stdout).toContain("\nhint        no key matches with the usual salts");
    }
  });

  test("the hint finds the right key with other settings", () => {
    expect(r["itsdangerous token as a Flask cookie"]!.stdout).toContain(
      "\nhint        the current key (--secret) matches as a plain itsdangerous token: add --itsdangerous\n",
    );
    expect(r["Flask cookie as an itsdangerous token"]!.stdout).toContain(
      "\nhint        the current key (--secret) matches as a Flask session cookie: leave out --itsdangerous\n",
    );
  });

  test("a bad payload behind a good signature: status 1", () => {
    expect(r["bad payload"]!.code).toBe(1);
    expect(r["bad payload"]!.stdout).toMatch(
      /^BAD PAYLOAD  Could not load the payload because an exception occurred on unserializing the data: badly formed hexadecimal UUID string\n/,
    );
    expect(r["bad payload"]!.stdout).toContain('\njson        {"x":{" u":"xyz"}}\n');
    expect(r["not a dict"]!.stdout).toMatch(/^BAD PAYLOAD  The session data is not a dict: got number \(Flask answers 500\)\n/);
  });

  test("key rotation: says which fallback key matched", () => {
    expect(r["rotation"]!.code).toBe(0);
    expect(r["rotation"]!.stdout.split("\n")[0]).toBe("VALID  signed with fallback key #2 (--fallback-secret-file)");
    expect(r["rotation, old key dropped"]!.code).toBe(1);
    expect(doc(r["rotation, JSON"]!).key).toBe("fallback-2");
  });

  test("plain itsdangerous tokens: its defaults, no max age unless given", () => {
    expect(r["itsdangerous"]!.code).toBe(0);
    expect(r["itsdangerous"]!.stdout).toMatch(/\nvalue       \{'user': 'alice', 'id': 42, /);
    expect(r["itsdangerous, expired"]!.code).toBe(1);
    expect(r["itsdangerous, no max age"]!.code).toBe(0);
    expect(r["itsdangerous, no max age"]!.stdout).not.toContain("max age");
    expect(r["itsdangerous with a salt"]!.code).toBe(0);
  });

  test("--json: the verdict, the key and the payload for scripts", () => {
    const valid = doc(r["valid, JSON"]!);
    expect(r["valid, JSON"]!.code).toBe(0);
    expect(valid).toMatchObject({
      verdict: "valid",
      valid: true,
      verified: true,
      reason: null,
      key: "current",
      mode: "flask",
      maxAge: 2678400,
      now: T + 60,
      timestamp: T,
      age: 60,
    });
    expect(pyjson.dumps(valid.payload, { separators: [",", ":"] })).toBe(login.payloadJson);
    const expired = doc(r["expired, JSON"]!);
    expect(r["expired, JSON"]!.code).toBe(1);
    expect(expired).toMatchObject({ verdict: "expired", valid: false, verified: true, key: "current", age: 40 * DAY });
    expect(expired.payload).toEqual(valid.payload); // authentic, only too old
    const wrong = doc(r["wrong key, JSON"]!);
    expect(wrong).toMatchObject({ verdict: "bad-signature", valid: false, verified: false, key: null });
    expect(wrong.payload).toEqual(valid.payload); // the same field name whatever the verdict
    expect(wrong).not.toHaveProperty("unverifiedPayload");
    expect((wrong.hints as string[]).length).toBeGreaterThan(0);
    const badPayload = doc(r["bad payload, JSON"]!);
    expect(badPayload).toMatchObject({ verdict: "bad-payload", key: "current", payload: null });
    expect(badPayload.payloadError).toBe("the JSON could not be loaded: badly formed hexadecimal UUID string");
  });

  test("reads stdin, and colours the verdict when asked", () => {
    expect(r["stdin, colours"]!.code).toBe(0);
    expect(r["stdin, colours"]!.stdout).toMatch(/^\x1b\[32m\x1b\[1mVALID\x1b\[22m\x1b\[39m  signed with/);
  });
});

describe("sign", () => {
  const value = '{"user": "alice", "cart": {" t": ["tea", 2]}}';
  const at = ["--timestamp", String(T)];
  // Hard to compress: a chain of SHA-256 digests.
  let blob = "";
  for (let h = "seed"; blob.length < 6000; blob += h) h = createHash("sha256").update(h).digest("hex");
  let r: Record<"fromArg" | "fromFile" | "fromStdin" | "again" | "asJson" | "big" | "legacy" | "plainToken" | "nasty", Run>;
  let checks: Run[];
  beforeAll(async () => {
    r = await cliNamed({
      fromArg: [["sign", "--secret", SECRETS.cli, ...at, value]],
      fromFile: [["sign", "--secret", SECRETS.cli, ...at, "--file", join(dir, "session.json")]],
      fromStdin: [["sign", "--secret", SECRETS.cli, ...at], { input: value }],
      again: [["sign", "--secret", SECRETS.cli, ...at, value]],
      asJson: [["sign", "--json", "--secret", SECRETS.cli, ...at, value]],
      big: [["sign", "--secret", SECRETS.cli, ...at, JSON.stringify({ blob })]],
      legacy: [["sign", "--legacy-timestamp", "--secret", SECRETS.cli, ...at, value]],
      plainToken: [
        ["sign", "--itsdangerous", "--salt", "password-reset", "--secret", SECRETS.cli, ...at, "[42, 2.0, 12345678901234567890]"],
      ],
      nasty: [["sign", "--secret", SECRETS.cli, ...at, '{"note": "\\u001b[31mred\\nfake: line"}']],
    });
    const token = (run: Run) => run.stdout.trim();
    checks = await cliAll([
      [["verify", "--json", "--secret", SECRETS.cli, "--now", String(T), token(r.fromArg)]],
      [["verify", "--json", "--legacy-timestamp", "--secret", SECRETS.cli, "--now", String(T), token(r.legacy)]],
      [["verify", "--legacy-timestamp", "--secret", SECRETS.cli, "--now", String(T), token(r.fromArg)]],
      [["verify", "--secret", SECRETS.cli, "--now", String(T), token(r.legacy)]],
      [["verify", "--json", "--itsdangerous", "--salt", "password-reset", "--secret", SECRETS.cli, token(r.plainToken)]],
      [["decode", "--now", String(T), token(r.nasty)]],
    ]);
  });

  test("from an argument, a file or stdin: the same cookie, the same every time with --timestamp", () => {
    for (const run of [r.fromArg, r.fromFile, r.fromStdin, r.again]) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(/^[\w.-]+\n$/);
    }
    expect(r.fromFile.stdout).toBe(r.fromArg.stdout);
    expect(r.fromStdin.stdout).toBe(r.fromArg.stdout);
    expect(r.again.stdout).toBe(r.fromArg.stdout);
  });

  test("--json", () => {
    expect(doc(r.asJson)).toEqual({
      cookie: r.fromArg.stdout.trim(),
      mode: "flask",
      flaskVersion: "3.1.3",
      key: "current",
      timestamp: T,
      signedAt: new Date(T * 1000).toISOString().replace(".000", ""),
      compressed: r.fromArg.stdout.startsWith("."),
    });
  });

  test("what it signs verifies, with the types it was given", () => {
    const out = doc(checks[0]!);
    expect(out.verdict).toBe("valid");
    expect(out.python).toBe("{'cart': ('tea', 2), 'user': 'alice'}");
  });

  test("legacy timestamps: verified with --legacy-timestamp only", () => {
    expect(r.legacy.stdout).not.toBe(r.fromArg.stdout);
    expect(doc(checks[1]!)).toMatchObject({ verdict: "valid", timestamp: T });
    expect(checks[2]!.code).toBe(1); // a modern token read as legacy: signed far in the future
    expect(checks[2]!.stdout).toContain("leave out --legacy-timestamp");
    expect(checks[3]!.code).toBe(1); // a legacy token read as modern: signed in 1982
    expect(checks[3]!.stdout).toContain("add --legacy-timestamp");
  });

  test("plain itsdangerous tokens keep floats and big ints", () => {
    expect(doc(checks[4]!)).toMatchObject({ verdict: "valid", python: "[42, 2.0, 12345678901234567890]" });
  });

  test("a cookie over 4093 bytes: a warning, still signed", () => {
    expect(r.big.code).toBe(0);
    expect(r.big.stderr).toMatch(/^warning: the cookie is \d+ bytes; browsers drop cookies over 4093 bytes\n$/);
  });

  test("nothing from a cookie can reach the terminal raw", () => {
    const run = checks[5]!;
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/\x1b/);
    expect(run.stdout).toContain("'\\x1b[31mred\\nfake: line'");
    expect(run.stdout.split("\n").filter((line) => line.startsWith("fake"))).toEqual([]);
  });
});

describe("exit statuses, JSON names and wording", () => {
  const c = login.cookie;
  const [payload, stamp] = c.split(".").slice(-3);
  const oneByteSignature = `.${payload}.${stamp}.AA`; // "AA": one byte of base64
  let r: Record<"internal" | "oneSecondLimit" | "oneSecondAgo" | "oneByte" | "oneByteDecode" | "decodeJson" | "verifyJson", Run>;
  beforeAll(async () => {
    // A bug, simulated: the first toISOString() the tool calls throws (with a secret in its message).
    const preload = join(dir, "throw.mjs");
    writeFileSync(preload, `Date.prototype.toISOString = () => { throw new RangeError(${JSON.stringify(SECRETS.cli)}); };\n`);
    r = await cliNamed({
      internal: [
        ["verify", "--secret", FIXTURE_KEY, "--now", String(T + 60), c],
        { env: { NODE_OPTIONS: `--import=${preload}` } },
      ],
      oneSecondLimit: [["verify", "--secret", FIXTURE_KEY, "--max-age", "1", "--now", String(T + 2), c]],
      oneSecondAgo: [["verify", "--secret", FIXTURE_KEY, "--now", String(T + 1), c]],
      oneByte: [["verify", "--secret", FIXTURE_KEY, "--now", String(T), oneByteSignature]],
      oneByteDecode: [["decode", "--now", String(T), oneByteSignature]],
      decodeJson: [["decode", "--json", "--now", String(T), c]],
      verifyJson: [["verify", "--json", "--secret", SECRETS.cli, "--now", String(T), c]],
    });
  });

  test("3: an internal error (a bug) says so in one line, without its details", () => {
    expect(r.internal.code).toBe(3);
    expect(r.internal.stderr).toBe("flask-session-cookie verify: error: internal error (RangeError); please report it\n");
  });

  test("one second, one byte: singular", () => {
    expect(r.oneSecondLimit.stdout.split("\n")[0]).toBe(
      "EXPIRED  signed 2 seconds ago, more than the max age of 1 second (2 > 1 second)",
    );
    expect(r.oneSecondLimit.stdout).toContain("\nmax age     1 second (1 second)\n");
    expect(r.oneSecondAgo.stdout).toMatch(/\nsigned at   .*, 1 second ago\n/);
    expect(r.oneByte.stdout).toContain("\nhint        the signature has 1 byte, sha1 makes 20\n");
    expect(r.oneByteDecode.stdout).toContain("\nsignature   AA (1 byte)\n");
    for (const run of Object.values(r)) expect(run.stdout).not.toMatch(/\b1 (second|byte|minute|hour|day)s\b/);
  });

  test("decode --json and verify --json name the same things alike, payload included", () => {
    const decoded = doc(r.decodeJson);
    const verified = doc(r.verifyJson);
    expect(verified.verdict).toBe("bad-signature");
    const shared = Object.keys(decoded).filter((key) => key !== "error");
    expect(Object.keys(verified)).toEqual(expect.arrayContaining(shared));
    for (const key of ["payload", "python", "timestamp", "signedAt", "compressed", "signature"]) {
      expect(verified[key], key).toEqual(decoded[key]);
    }
    expect(decoded.verified).toBe(false);
    expect(verified.verified).toBe(false);
  });
});

describe("secrets", () => {
  test("no secret appears in any output of this file, usage errors included", () => {
    expectNoSecretInOutputs([
      FIXTURE_KEY,
      "key-2023",
      "key-2024",
      "key-2025",
      "secret-key",
      SECRETS.cli,
      ...SECRETS.usage,
      BYTES_KEY_HEX,
      BYTES_KEY_BASE64,
    ]);
  });
});
