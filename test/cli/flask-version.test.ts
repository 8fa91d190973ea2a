/**
 * `--flask-version`, where the Flask release changes what the command line says, checked against
 * what real Flask releases wrote (fixtures/<env>/): the cookie `sign` issues with fallback keys
 * (Flask 3.1.0 signs with the last fallback, 3.1.1+ with SECRET_KEY), and the verdict `verify`
 * gives a cookie whose duplicate key hides a bad tag (Flask up to 3.0.0 fails on it, 3.0.1+ does
 * not see it).
 */
import { beforeAll, describe, expect, test } from "vitest";
import { json as pyjson } from "../../src/index.js";
import { cliNamed, expectUsageError, type Run } from "../helpers/cli.js";
import { fixtureCases } from "../helpers/fixtures.js";

interface SessionCase {
  id: string;
  config: { SECRET_KEY: string; SECRET_KEY_FALLBACKS?: string[] };
  timestamp: number;
  cookie: string;
  payloadJson: string;
}
interface BadCookieCase {
  id: string;
  now: number;
  cookie: string;
  config: { SECRET_KEY: string };
  status: number;
}

const rotation = (env: string) =>
  fixtureCases<SessionCase>("flask-sessions.json", env).find((c) => c.id === "rotation-current-key")!;
const duplicate = (env: string) =>
  fixtureCases<BadCookieCase>("flask-bad-cookies.json", env).find((c) => c.id === "tag-in-dropped-duplicate")!;

function signArgs(c: SessionCase, flaskVersion: string): string[] {
  const fallbacks = (c.config.SECRET_KEY_FALLBACKS ?? []).flatMap((key) => ["--fallback-secret", key]);
  return [
    "sign",
    "--flask-version",
    flaskVersion,
    "--secret",
    c.config.SECRET_KEY,
    ...fallbacks,
    "--timestamp",
    String(c.timestamp),
    c.payloadJson,
  ];
}

function verifyArgs(c: BadCookieCase, flaskVersion: string): string[] {
  return ["verify", "--json", "--flask-version", flaskVersion, "--secret", c.config.SECRET_KEY, "--now", String(c.now), c.cookie];
}

const doc = (run: Run) => pyjson.loads(run.stdout) as Record<string, unknown>;

describe("--flask-version", () => {
  let r: Record<"sign310" | "sign313" | "signLine" | "verify300" | "verify303" | "verifyFallback" | "bad", Run>;
  const old = rotation("flask-3.1.0");
  const current = rotation("flask-3.1");

  beforeAll(async () => {
    r = await cliNamed({
      sign310: [signArgs(old, "3.1.0")],
      sign313: [signArgs(current, "3.1.3")],
      signLine: [signArgs(current, "3.1")],
      verify300: [verifyArgs(duplicate("flask-2.3"), "3.0.0")],
      verify303: [verifyArgs(duplicate("flask-3.0"), "3.0.3")],
      verifyFallback: [
        [
          "verify",
          "--json",
          "--flask-version",
          "3.1.0",
          "--secret",
          old.config.SECRET_KEY,
          ...(old.config.SECRET_KEY_FALLBACKS ?? []).flatMap((k) => ["--fallback-secret", k]),
          "--now",
          String(old.timestamp),
          old.cookie,
        ],
      ],
      bad: [["verify", "--flask-version", "1.1", "--secret", "k", "x.y.z"]],
    });
  });

  test("sign: Flask 3.1.0's cookie with SECRET_KEY_FALLBACKS is signed with the last fallback, byte for byte, and says so", () => {
    expect(old.cookie).not.toBe(current.cookie); // real Flask 3.1.0 and 3.1.3 disagree
    expect(r.sign310.code).toBe(0);
    expect(r.sign310.stdout).toBe(`${old.cookie}\n`);
    expect(r.sign310.stderr).toMatch(
      /^note: Flask 3\.1\.0 signs with the last of SECRET_KEY_FALLBACKS.*GHSA-4grg-w6v8-c28g.*fallback key #2/,
    );
  });

  test("sign: Flask 3.1.3's (and the release line's) is signed with SECRET_KEY", () => {
    expect(r.sign313.stdout).toBe(`${current.cookie}\n`);
    expect(r.signLine.stdout).toBe(`${current.cookie}\n`);
    expect([r.sign313.stderr, r.signLine.stderr]).toEqual(["", ""]);
  });

  test("verify: a duplicate key's dropped bad tag fails up to Flask 3.0.0 (500 there) and is not seen from 3.0.1", () => {
    expect(duplicate("flask-2.3").status).toBe(500);
    expect(duplicate("flask-3.0").status).toBe(200);
    expect(r.verify300.code).toBe(1);
    expect(doc(r.verify300)).toMatchObject({ verdict: "bad-payload", flaskVersion: "3.0.0" });
    expect(r.verify303.code).toBe(0);
    expect(doc(r.verify303)).toMatchObject({ verdict: "valid", flaskVersion: "3.0.3", payload: { a: 1 } });
  });

  test("verify: a cookie of Flask 3.1.0 signed with its last fallback is valid, with a hint why", () => {
    expect(doc(r.verifyFallback)).toMatchObject({ verdict: "valid", key: "fallback-2" });
    expect((doc(r.verifyFallback).hints as string[]).join(" ")).toMatch(
      /Flask 3\.1\.0 signs with the last of SECRET_KEY_FALLBACKS/,
    );
  });

  test("an unknown Flask version is a usage error that does not repeat the value", () => {
    expectUsageError(r.bad, /--flask-version takes a Flask release line \(2\.2, 2\.3, 3\.0, 3\.1\)/);
    expect(r.bad.stderr).not.toContain("1.1");
  });
});
