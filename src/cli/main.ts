#!/usr/bin/env node
/**
 * `flask-session-cookie`: inspect, verify and issue Flask session cookies and itsdangerous
 * tokens from the command line. This file only dispatches to a subcommand and turns errors
 * into exit statuses: 0 valid / done, 1 invalid, 2 usage error, 3 internal error (a bug; see
 * `EXIT_STATUSES` in help.ts).
 * @module
 */
import { readFileSync } from "node:fs";
import { DEFAULT_FLASK_VERSION, VERIFIED_FLASK_VERSIONS } from "../flask/versions.js";
import { UsageError, wantsHelp } from "./args.js";
import { decodeHelp, runDecode } from "./decode.js";
import { type CommandHelp, exitStatusSection, formatHelp, PROGRAM } from "./help.js";
import { type CliIO, processIO } from "./io.js";
import { SECRET_ENV } from "./secrets.js";
import { runSign, signHelp } from "./sign.js";
import { oneLine, Style } from "./style.js";
import { runVerify, verifyHelp } from "./verify.js";

interface Command {
  readonly help: CommandHelp;
  run(argv: readonly string[], io: CliIO): number;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  decode: { help: decodeHelp, run: runDecode },
  verify: { help: verifyHelp, run: runVerify },
  sign: { help: signHelp, run: runSign },
};

/** Exit statuses. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

const MAIN_HELP = `${PROGRAM}: inspect, verify and issue Flask session cookies and itsdangerous tokens

Usage:
  ${PROGRAM} decode <cookie>      what it holds, UNVERIFIED (no key needed)
  ${PROGRAM} verify <cookie>      Flask's verdict, with the app's key: valid, expired, ...
  ${PROGRAM} sign [<json>]        a cookie the app accepts, from JSON
  ${PROGRAM} <command> --help     the options and examples of a command
  ${PROGRAM} --version

<cookie> is a bare cookie value, a session=... pair, or a whole 'Cookie:' or 'Set-Cookie:' header
line; '-' or nothing reads it from stdin. Flask's settings are the default; --itsdangerous reads
plain itsdangerous tokens (URLSafeTimedSerializer), and --salt, --key-derivation, --digest,
--legacy-timestamp and --max-age fit apps configured differently.

Flask 2.2 to 3.1: verified against ${VERIFIED_FLASK_VERSIONS.join(", ")}. --flask-version says which the app
runs (default ${DEFAULT_FLASK_VERSION}, the newest); it decides how tags are read (3.0.1+) and, with fallback keys,
which key signs (3.1.0 signs with the last fallback).

Keys come from --secret-file, --secret or the ${SECRET_ENV} environment variable, older ones from
--fallback-secret[-file]. No key, no part of one and nothing derived from one is ever printed.

--json prints one JSON document for scripts. Colours only on a terminal, never with NO_COLOR.

${exitStatusSection({ 0: "valid, decoded or signed", 1: "invalid (verify) or malformed (decode)" })}

Examples:
  ${PROGRAM} decode 'session=eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.ej69Upl3TXU0599FxiUBFdmK56g'
  ${PROGRAM} verify --secret-file ./secret_key "$COOKIE"
  ${PROGRAM} sign --secret-file ./secret_key '{"_user_id": "42"}'
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return String(pkg.version);
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit status.
 * Errors are reported on stderr in one line; a usage error is status 2.
 *
 * @example
 * ```ts
 * process.exitCode = main(process.argv.slice(2), processIO());
 * ```
 */
export function main(argv: readonly string[], io: CliIO): number {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  const style = new Style(io.stderr.color && !argv.includes("--no-color"));
  const fail = (prefix: string, message: string, status: number): number => {
    io.stderr.write(`${prefix}: ${style.paint("error:", "red", "bold")} ${oneLine(message)}\n`);
    return status;
  };
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" && rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    if (name === undefined) {
      io.stderr.write(MAIN_HELP);
      return EXIT.usage;
    }
    io.stdout.write(topic ? formatHelp(topic.help) : MAIN_HELP);
    return EXIT.ok;
  }
  if (name === "--version" || name === "-V") {
    io.stdout.write(`${version()}\nverified against Flask ${VERIFIED_FLASK_VERSIONS.join(", ")}\n`);
    return EXIT.ok;
  }
  if (command === undefined) {
    // The name is not repeated: it may be a pasted cookie, or worse.
    return fail(PROGRAM, `unknown command: use decode, verify or sign (see ${PROGRAM} --help)`, EXIT.usage);
  }
  if (wantsHelp(rest)) {
    io.stdout.write(formatHelp(command.help));
    return EXIT.ok;
  }
  try {
    return command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${PROGRAM} ${name}`, `${error.message} (see --help)`, EXIT.usage);
    // A bug: say what kind, never the message's details (they might hold input).
    return fail(
      `${PROGRAM} ${name}`,
      `internal error (${error instanceof Error ? error.name : typeof error}); please report it`,
      EXIT.internal,
    );
  }
}

process.exitCode = main(process.argv.slice(2), processIO());
