/**
 * `--help` text, laid out the same way for every subcommand from its option specs, so the help
 * cannot forget an option the parser accepts.
 * @module
 */
import type { OptionSpecs } from "./args.js";

/** What `--help` says about a subcommand. */
export interface CommandHelp {
  /** The usage lines, without the program name. */
  readonly usage: readonly string[];
  /** What it does, in one sentence. */
  readonly summary: string;
  /** More explanation, as paragraphs (each already wrapped). */
  readonly details?: readonly string[];
  /** Its options. */
  readonly options: OptionSpecs;
  /** Example command lines, each with a `# comment` line above it. */
  readonly examples: readonly string[];
  /**
   * What statuses 0 and 1 mean for this command (1 only if it can give it); 2 and 3, the same
   * for every command, are added from {@link EXIT_STATUSES}.
   */
  readonly exitStatuses: { readonly 0: string; readonly 1?: string };
}

/**
 * What every command's exit statuses 2 and 3 mean, as `--help`, the README and docs/cli.md say.
 * Status 3 is a bug: an exception the tool did not expect, reported in one line without its
 * details (they could hold input or a key).
 */
export const EXIT_STATUSES = {
  2: "usage error: a bad option, argument, input or key (the message says which)",
  3: "internal error: a bug (please report it; the message names only the kind of error)",
} as const;

/**
 * The "Exit status:" section of a help text.
 *
 * @example
 * ```ts
 * exitStatusSection({ 0: "decoded", 1: "the token is malformed" });
 * // "Exit status:\n  0  decoded\n  1  the token is malformed\n  2  usage error: ...\n  3  internal error: ..."
 * ```
 */
export function exitStatusSection(statuses: CommandHelp["exitStatuses"]): string {
  const all: [number, string | undefined][] = [
    [0, statuses[0]],
    [1, statuses[1]],
    [2, EXIT_STATUSES[2]],
    [3, EXIT_STATUSES[3]],
  ];
  return ["Exit status:", ...all.filter(([, text]) => text !== undefined).map(([status, text]) => `  ${status}  ${text}`)].join(
    "\n",
  );
}

/** The program's name, as `--help` and error messages show it. */
export const PROGRAM = "flask-session-cookie";

const COLUMN = 30;
const WIDTH = 100;

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * The help text of a subcommand.
 *
 * @example
 * ```ts
 * io.stdout.write(formatHelp(verifyHelp));
 * ```
 */
export function formatHelp(help: CommandHelp): string {
  const lines = [`${PROGRAM}: ${help.summary}`, "", "Usage:"];
  for (const usage of help.usage) lines.push(`  ${PROGRAM} ${usage}`);
  for (const paragraph of help.details ?? []) lines.push("", paragraph);
  lines.push("", "Options:");
  for (const [name, spec] of Object.entries(help.options)) {
    const left = `  ${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.value ? ` ${spec.value}` : ""}`;
    const text = wrap(spec.multiple ? `${spec.help} (repeatable)` : spec.help, WIDTH - COLUMN);
    const indented = text.join(`\n${" ".repeat(COLUMN)}`);
    lines.push(left.length < COLUMN ? left.padEnd(COLUMN) + indented : `${left}\n${" ".repeat(COLUMN)}${indented}`);
  }
  lines.push("", exitStatusSection(help.exitStatuses));
  lines.push("", "Examples:");
  for (const example of help.examples) lines.push(`  ${example}`);
  return lines.join("\n") + "\n";
}
