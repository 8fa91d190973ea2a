/**
 * The command line, read with Node's own `util.parseArgs` (strict: unknown options and missing
 * values are errors), plus the value types the options share: durations, times and choices.
 *
 * Every error here is a {@link UsageError} (exit status 2) whose message names the option but
 * never repeats a value from the command line: a mistyped option may hold a secret.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * A mistake on the command line or in the input (exit status 2). Never holds a secret.
 *
 * @example
 * ```ts
 * throw new UsageError("--max-age takes seconds");
 * ```
 */
export class UsageError extends Error {
  /** @param message - What is wrong, without repeating the user's values. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** An option of a subcommand: how `parseArgs` reads it and how `--help` describes it. */
export interface OptionSpec {
  /** A flag, or an option with a value. */
  readonly type: "string" | "boolean";
  /** Whether it may be given several times. */
  readonly multiple?: boolean;
  /** A one-letter alias. */
  readonly short?: string;
  /** The placeholder of the value in `--help`, e.g. `SECONDS`. */
  readonly value?: string;
  /** The description in `--help`. */
  readonly help: string;
}

/** A subcommand's options by long name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Options every subcommand has. */
export const outputOptions = {
  json: { type: "boolean", help: "print one JSON document on stdout, for scripts" },
  "no-color": { type: "boolean", help: "no colours, even on a terminal (also: the NO_COLOR variable)" },
  help: { type: "boolean", short: "h", help: "show this help" },
} as const satisfies OptionSpecs;

/** A parsed command line. */
export interface ParsedArgs {
  /** The arguments that are not options, in order. */
  readonly positionals: readonly string[];
  /** The value of a string option (the last one when repeated), if given. */
  string(name: string): string | undefined;
  /** Whether a flag was given. */
  flag(name: string): boolean;
  /** Every value of the named options, in command-line order, with the option each came from. */
  ordered(names: readonly string[]): { option: string; value: string }[];
}

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/**
 * Reads `args` strictly against `specs`.
 *
 * @throws UsageError for an unknown option, a missing value, or a value given to a flag.
 * @example
 * ```ts
 * const parsed = parseCommand(["--json", "cookie"], { ...outputOptions });
 * parsed.flag("json");   // true
 * parsed.positionals;    // ["cookie"]
 * ```
 */
export function parseCommand(args: readonly string[], specs: OptionSpecs): ParsedArgs {
  const options: OptionsConfig = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = {
      type: spec.type,
      ...(spec.multiple ? { multiple: true } : {}),
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs<{ options: OptionsConfig; tokens: true; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw usageErrorFrom(error);
  }
  const values = parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>;
  return {
    positionals: parsed.positionals,
    string(name) {
      const value = values[name];
      if (Array.isArray(value)) return value.length ? String(value[value.length - 1]) : undefined;
      return typeof value === "string" ? value : undefined;
    },
    flag(name) {
      return values[name] === true;
    },
    ordered(names) {
      const out: { option: string; value: string }[] = [];
      for (const token of parsed.tokens) {
        if (token.kind === "option" && names.includes(token.name) && typeof token.value === "string") {
          out.push({ option: token.name, value: token.value });
        }
      }
      return out;
    },
  };
}

/**
 * Whether `-h` / `--help` appears before any `--`.
 *
 * @example
 * ```ts
 * wantsHelp(["verify", "-h"]); // true
 * ```
 */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === "--") return false;
    if (arg === "--help" || arg === "-h") return true;
  }
  return false;
}

/** `parseArgs`' errors, reworded so that only the option's name is repeated, never a value. */
function usageErrorFrom(error: unknown): UsageError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : "";
  // Only characters an option name has: whatever follows (a value) is never captured.
  const option = /'(-{1,2}[A-Za-z0-9][A-Za-z0-9-]*)/.exec(message)?.[1] ?? "an option";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return new UsageError(`unknown option ${option}`);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (message.includes("ambiguous")) {
      return new UsageError(`${option} needs a value (for a value that starts with "-", write ${option}=-...)`);
    }
    if (message.includes("does not take")) return new UsageError(`${option} does not take a value`);
    return new UsageError(`${option} needs a value`);
  }
  return new UsageError("the command line could not be read");
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * A duration in seconds: `3600`, `90m`, `12h`, `31d`.
 *
 * @throws UsageError naming `option` when `text` is not one.
 * @example
 * ```ts
 * parseDuration("31d", "--max-age"); // 2678400
 * ```
 */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d{1,12})([smhd]?)$/.exec(text.trim());
  if (!match) throw new UsageError(`${option} takes seconds, or a number with s, m, h or d (3600, 90m, 12h, 31d)`);
  return Number(match[1]) * UNITS[match[2] || "s"]!;
}

/** The last second Python's `datetime` can hold (9999-12-31T23:59:59Z). */
export const MAX_TIMESTAMP = 253402300799;

/**
 * A point in time in whole seconds since 1970: the seconds themselves, or an ISO 8601 date
 * (`2024-05-01`, `2024-05-01T12:00:00Z`, `2024-05-01 12:00+02:00`; no zone means UTC).
 *
 * @throws UsageError naming `option` when `text` is not one, or is outside 1970-9999.
 * @example
 * ```ts
 * parseTime("2023-11-14T22:13:20Z", "--now"); // 1700000000
 * ```
 */
export function parseTime(text: string, option: string): number {
  const t = text.trim();
  let seconds = NaN;
  if (/^\d{1,15}$/.test(t)) {
    seconds = Number(t);
  } else {
    const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(t);
    if (match && isCalendarDate(match[1]!)) {
      const zone = (match[3] ?? "Z").toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
      const ms = Date.parse(`${match[1]}T${match[2] ?? "00:00"}${zone}`);
      if (Number.isFinite(ms)) seconds = Math.floor(ms / 1000);
    }
  }
  if (!Number.isFinite(seconds)) {
    throw new UsageError(`${option} takes seconds since 1970 or a date like 2024-05-01T12:00:00Z`);
  }
  if (seconds < 0 || seconds > MAX_TIMESTAMP) throw new UsageError(`${option} must be between 1970 and the year 9999`);
  return seconds;
}

/** Whether `yyyy-mm-dd` is a day that exists (`Date.parse` would roll 2023-02-30 over to March). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * One of `choices`.
 *
 * @throws UsageError listing the choices.
 * @example
 * ```ts
 * parseChoice("sha256", ["sha1", "sha256"], "--digest"); // "sha256"
 * ```
 */
export function parseChoice<T extends string>(text: string, choices: readonly T[], option: string): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${option} must be one of: ${choices.join(", ")}`);
}
