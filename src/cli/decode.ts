/**
 * `flask-session-cookie decode <cookie>`: what a cookie holds, read without a key, so marked
 * UNVERIFIED: its payload with the Python types visible, when it was signed and how long ago,
 * and whether it was compressed.
 * @module
 */
import { type OptionSpecs, outputOptions, parseCommand, parseTime } from "./args.js";
import { timeHints } from "./diagnose.js";
import type { CommandHelp } from "./help.js";
import { cookieOptions, extractCookie, readArgumentOrStdin } from "./input.js";
import { inspectToken } from "./inspect.js";
import type { CliIO } from "./io.js";
import { fieldLines, jsonDocument } from "./output.js";
import { inspectionJSON, inspectionRows } from "./report.js";
import { oneLine, Style } from "./style.js";
import { formatOptions, tokenFormat } from "./token-format.js";

/** The clock option of `decode` and `verify`. */
export const nowOptions = {
  now: { type: "string", value: "TIME", help: "the time to measure ages against (seconds or ISO 8601; default: now)" },
} as const satisfies OptionSpecs;

const options = { ...formatOptions, ...cookieOptions, ...nowOptions, ...outputOptions } as const satisfies OptionSpecs;

/** `decode --help`. */
export const decodeHelp: CommandHelp = {
  usage: ["decode [options] <cookie>", "decode [options] < file-with-cookie"],
  summary: "show what a cookie or token holds WITHOUT checking it (no secret needed)",
  details: [
    "<cookie> is a bare cookie value, a session=... pair, or a whole 'Cookie:' or 'Set-Cookie:' header\n" +
      "line; '-' or nothing reads it from stdin. The output is UNVERIFIED: anyone can write a cookie\n" +
      "that says this. Use 'verify' with the app's secret key to know whether Flask would accept it.",
  ],
  options,
  exitStatuses: { 0: "decoded", 1: "the token is malformed (what could be read is still shown)" },
  examples: [
    "# a cookie copied from the browser's developer tools",
    "flask-session-cookie decode '.eJyrVkrNS8ksUbJSSkksSVSqBQAphAU2.ZVPxAA.V2Yo...'",
    "# a response header, as curl prints it",
    "curl -sI https://app.example/login | flask-session-cookie decode",
    "# for a script: the payload exactly as in the cookie, in Flask's tagged JSON",
    'flask-session-cookie decode --json "$COOKIE" | jq .payload',
  ],
};

/**
 * Runs `decode`.
 *
 * @returns The exit status: 0 decoded, 1 malformed.
 * @throws UsageError for a bad command line or input.
 * @example
 * ```ts
 * process.exitCode = runDecode(["--json", cookie], processIO());
 * ```
 */
export function runDecode(argv: readonly string[], io: CliIO): number {
  const args = parseCommand(argv, options);
  const format = tokenFormat(args);
  const nowText = args.string("now");
  const now = nowText === undefined ? io.now() : parseTime(nowText, "--now");
  const cookie = extractCookie(readArgumentOrStdin(args.positionals, io, "a cookie"), args.string("cookie-name"));
  const inspection = inspectToken(cookie.value, format);
  const ok = inspection.structureError === null && inspection.timestampError === null && inspection.payloadError === null;
  const hints = timeHints(inspection, format, now);

  if (args.flag("json")) {
    io.stdout.write(
      jsonDocument({
        verified: false,
        mode: format.mode,
        flaskVersion: format.mode === "flask" ? format.flask.flask : null,
        cookieName: cookie.name,
        error: inspection.structureError,
        ...inspectionJSON(inspection, now),
        hints,
      }),
    );
    return ok ? 0 : 1;
  }
  const style = new Style(io.stdout.color && !args.flag("no-color"));
  if (inspection.structureError !== null) {
    io.stdout.write(`${style.paint("MALFORMED", "red", "bold")}  ${oneLine(inspection.structureError)}\n`);
    return 1;
  }
  io.stdout.write(
    `${style.paint("UNVERIFIED", "yellow", "bold")}  decoded without a key: anyone can write this; 'verify' checks it\n`,
  );
  const rows = inspectionRows(inspection, format, now, style, { verified: false, showSignature: true });
  for (const hint of hints) rows.push(["hint", hint]);
  io.stdout.write(fieldLines(style, rows));
  return ok ? 0 : 1;
}
