/**
 * Command-line flags for every command: `node:util` parseArgs, with a value that starts with a
 * dash taken as the value it is (`--hosts -5` reaches the rule "must be an integer from 2 to
 * 10000", instead of parseArgs' three lines about an ambiguous argument) and each parse error
 * as one line naming the flag.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError } from "./config_error.ts";

/** The flags a command takes, as parseArgs declares them. */
export type FlagSpecs = NonNullable<ParseArgsConfig["options"]>;

/** Options of {@linkcode parseFlags}. */
export interface ParseFlagsOptions<T extends FlagSpecs> {
  /** The flags. */
  options: T;
  /** Whether words that are not flags are allowed (a file name). @default false */
  allowPositionals?: boolean;
  /**
   * Builds the error for a bad word; the message is one line.
   * @default a {@linkcode ConfigError}
   */
  toError?: (message: string) => Error;
}

/** What {@linkcode parseFlags} returns: parseArgs' values and positionals. */
export type ParsedFlags<T extends FlagSpecs> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>
>;

/**
 * Parses `args` strictly against `options.options`. A string flag followed by a word that is not
 * one of the flags takes that word as its value, even when it starts with a dash, so the
 * value's own check states the rule it breaks.
 *
 * @param command the command's name, starting every message (`bench: unknown flag --bogus`)
 * @throws the error of `options.toError` (a {@linkcode ConfigError} by default): `<command>:
 * unknown flag --x`, `flag --x needs a value`, `flag --x takes no value`, `unexpected argument`,
 * each ending in `(see --help)`
 *
 * @example
 * ```ts
 * import { parseFlags } from "./parse_flags.ts";
 *
 * const { values } = parseFlags(["--hosts", "-5"], "bench", {
 *   options: { hosts: { type: "string" } },
 * });
 * console.assert(values.hosts === "-5");
 * ```
 */
export function parseFlags<T extends FlagSpecs>(
  args: readonly string[],
  command: string,
  options: ParseFlagsOptions<T>,
): ParsedFlags<T> {
  const toError = options.toError ?? ((message: string) => new ConfigError(message));
  const words = _joinDashValues(args, options.options);
  try {
    return parseArgs({
      args: words,
      options: options.options,
      strict: true,
      allowPositionals: options.allowPositionals ?? false,
    }) as ParsedFlags<T>;
  } catch (error) {
    throw toError(`${command}: ${_describe(error, words)} (see --help)`);
  }
}

/** Whether `word` names one of the flags: `--name`, `--name=...`, `-x` or a group like `-hx`. */
function _isFlag(word: string, specs: FlagSpecs): boolean {
  if (word.startsWith("--")) {
    const name = word.slice(2).split("=", 1)[0];
    return Object.hasOwn(specs, name);
  }
  if (!word.startsWith("-") || word.length < 2) return false;
  return Object.values(specs).some((spec) => spec.short === word[1]);
}

/** `--hosts -5` as `--hosts=-5`: parseArgs refuses a value that starts with a dash. */
function _joinDashValues(args: readonly string[], specs: FlagSpecs): string[] {
  const words: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const word = args[index];
    const next = args[index + 1];
    if (word === "--") {
      words.push(...args.slice(index));
      break;
    }
    const name = word.startsWith("--") && !word.includes("=") ? word.slice(2) : undefined;
    if (
      name !== undefined && Object.hasOwn(specs, name) && specs[name].type === "string" &&
      next !== undefined && next.startsWith("-") && !_isFlag(next, specs)
    ) {
      words.push(`${word}=${next}`);
      index++;
    } else {
      words.push(word);
    }
  }
  return words;
}

/** One line for a parseArgs error: which flag or word, and what is wrong with it. */
function _describe(error: unknown, words: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? "";
  // parseArgs names a flag as '--name', '-n, --name' or '--name <value>'.
  const flag = quoted.split(/[ ,]+/).find((part) => part.startsWith("--")) ?? quoted;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown flag ${quoted}`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return `unexpected argument ${JSON.stringify(quoted)}: this command takes flags only`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (message.includes("does not take an argument")) return `flag ${flag} takes no value`;
    if (message.includes("ambiguous")) {
      const next = words[words.indexOf(flag) + 1];
      return `flag ${flag} needs a value${next === undefined ? "" : `, got the flag ${next}`}`;
    }
    return `flag ${flag} needs a value`;
  }
  return message.replace(/\s*\n\s*/g, " ");
}
