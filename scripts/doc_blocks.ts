/**
 * The fenced command blocks of a guide page and the `doc-test` markers that say how a test runs
 * them (docs/development.md, "Commands in the docs are tested"). Pure: text in, blocks out.
 *
 * A command block is a ```sh (bash, shell) block, a ```console block, or any block with a line
 * that starts with `$ ` (a transcript: commands and the output they print). Each needs a marker,
 * the last thing before its fence:
 *
 *     <!-- doc-test: tiny -->                     run, each command shrunk by TINY_FLAGS
 *     <!-- doc-test: run; exit 2 -->              run as written, expect exit code 2
 *     <!-- doc-test: skip: needs root (sudo) -->  not run, and why
 *
 * @module
 */

/** How a marked block is treated. */
export type DocBlockMode = "run" | "tiny" | "skip";

/** A command of a block, as the test runs it, and where the docs wrote it. */
export interface DocCommand {
  /** The command, continuations joined, comment dropped, replacements and tiny flags applied. */
  command: string;
  /** The command as the page shows it (continuations joined, comment dropped). */
  written: string;
  /** 1-based line of the page where it starts. */
  line: number;
  /** For a transcript: the output lines the page shows after the command. */
  expectedOutput: string[];
  /** Whether the command is a server the test stops itself (see TINY_FLAGS' `serves`). */
  serves: boolean;
}

/** A fenced block of a page that holds commands. */
export interface DocBlock {
  /** The page, as given to {@linkcode findDocBlocks}. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's language (`sh`, `console`, or "" for none). */
  lang: string;
  /** `script`: lines are commands; `transcript`: `$ ` lines are commands, the rest output. */
  kind: "script" | "transcript";
  /** The marker's mode. */
  mode: DocBlockMode;
  /** Why a skipped block is not run. */
  skipReason?: string;
  /** The exit code every command must end with. @default 0 */
  exitCode: number;
  /** Commands run before the block, in the same folder, each must exit 0 (`given:`). */
  given: DocCommand[];
  /** The block's commands, in order. */
  commands: DocCommand[];
  /** Commands of the block not run (`skip-command: PREFIX => REASON`), and why. */
  skippedCommands: Array<{ written: string; line: number; reason: string }>;
  /** In a transcript, whether any number in the shown output matches any number (`numbers: any`). */
  anyNumbers: boolean;
}

/** A page's blocks, and every problem found in its markers. */
export interface DocBlocksResult {
  blocks: DocBlock[];
  /** One line each: `docs/x.md:12: <what is wrong and how to fix it>`. */
  problems: string[];
}

/** What tiny flags a command gets, and whether the test treats it as a server. */
export interface TinyRule {
  /** The words a command starts with (after `VAR=value` words), e.g. `deno task bench`. */
  prefix: string;
  /** Flags appended to the command, so they win over the page's own (a later flag wins). */
  flags: string;
  /**
   * A server that runs until stopped: the test waits for the `http://127.0.0.1:PORT` URL it
   * prints, fetches it, expects 200, then sends SIGTERM and expects exit 0.
   */
  serves?: boolean;
}

/**
 * The default tiny flags per command, for blocks marked `tiny`. The longest matching prefix wins;
 * a marker's `tiny: PREFIX => FLAGS` replaces an entry for its block.
 */
export const TINY_FLAGS: readonly TinyRule[] = [
  {
    prefix: "deno task bench",
    flags: "--hosts 3 --msgs 5 --iterations 1 --warmups 0 --warmups-per-variant 0",
  },
  { prefix: "deno task sim", flags: "--duration 4s --metrics-port 0" },
  { prefix: "deno task dbg", flags: "--port 0 --no-open", serves: true },
  {
    prefix: "deno task nb notebooks/bench.ipynb",
    flags: "-p hosts '[3]' -p msgs '[5]' -p iterations 1 -p warmups 0",
  },
  {
    prefix: "deno task nb notebooks/tuning.ipynb",
    flags: "-p hosts '[3]' -p msgs '[5]' -p iterations 1 -p warmups 0",
  },
  { prefix: "deno task nb notebooks/sim.ipynb", flags: "-p duration 5s" },
  {
    prefix:
      "deno run --allow-read --allow-write --allow-env --allow-run scripts/profile_variants.ts",
    flags: "--hosts 3 --msgs 5",
  },
];

const SCRIPT_LANGS = new Set(["sh", "bash", "shell", "zsh"]);
const TRANSCRIPT_LANGS = new Set(["console", "shell-session", "sh-session"]);
const MARKER = /^<!--\s*doc-test:([\s\S]*?)-->$/;
const PLACEHOLDER = /<[a-z][\w-]*>/i;

/** One fenced block as read from the page. */
interface _Fence {
  line: number;
  lang: string;
  body: string[];
  /** The marker's text (after `doc-test:`) and its line, when one comes before the fence. */
  marker?: { text: string; line: number };
  /** An HTML comment before the fence that looks like a misspelt marker. */
  strayComment?: { text: string; line: number };
}

/**
 * Finds the command blocks of one Markdown page and reads their markers.
 *
 * @param file the page's name, used in every block and problem
 * @param text the page
 * @param options `tiny`: the rules of tiny mode (default {@linkcode TINY_FLAGS})
 *
 * @example
 * ```ts
 * import { findDocBlocks } from "./doc_blocks.ts";
 *
 * const page = "<!-- doc-test: tiny -->\n```sh\ndeno task bench --jobs 2\n```\n";
 * const { blocks } = findDocBlocks("docs/x.md", page);
 * console.assert(blocks[0].commands[0].command.startsWith("deno task bench --jobs 2 --hosts 3"));
 * ```
 */
export function findDocBlocks(
  file: string,
  text: string,
  options: { tiny?: readonly TinyRule[] } = {},
): DocBlocksResult {
  const blocks: DocBlock[] = [];
  const problems: string[] = [];
  for (const fence of _readFences(text)) {
    const at = `${file}:${fence.line}`;
    const kind = _kindOf(fence);
    if (kind === undefined) {
      if (fence.marker !== undefined) {
        problems.push(`${file}:${fence.marker.line}: doc-test marker on a block with no command`);
      }
      continue;
    }
    if (fence.marker === undefined) {
      const hint = fence.strayComment === undefined
        ? ""
        : ` (the comment at line ${fence.strayComment.line} is not one: it must start "<!-- doc-test:")`;
      problems.push(
        `${at}: a ${fence.lang || "transcript"} block needs a marker before it${hint}: ` +
          `<!-- doc-test: tiny -->, <!-- doc-test: run --> or <!-- doc-test: skip: <reason> -->`,
      );
      continue;
    }
    const block = _readBlock(file, fence, kind, options.tiny ?? TINY_FLAGS, problems);
    if (block !== undefined) blocks.push(block);
  }
  return { blocks, problems };
}

/** The fences of a page, with the HTML comment (if any) that is the last thing before each. */
function _readFences(text: string): _Fence[] {
  const lines = text.split("\n");
  const fences: _Fence[] = [];
  let comment: { text: string; line: number } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const trimmed = lines[index].trim();
    if (trimmed.startsWith("<!--")) {
      const start = index;
      const parts = [trimmed];
      while (!parts[parts.length - 1].endsWith("-->") && index + 1 < lines.length) {
        parts.push(lines[++index].trim());
      }
      comment = { text: parts.join("\n"), line: start + 1 };
      continue;
    }
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[index]);
    if (open === null) {
      if (trimmed !== "") comment = undefined;
      continue;
    }
    const [, indent, fenceChars, lang] = open;
    const body: string[] = [];
    const line = index + 1;
    for (index++; index < lines.length; index++) {
      const close = lines[index].trim();
      if (close.startsWith(fenceChars) && /^(`{3,}|~{3,})$/.test(close)) break;
      body.push(lines[index].startsWith(indent) ? lines[index].slice(indent.length) : lines[index]);
    }
    const marker = comment === undefined ? null : MARKER.exec(comment.text);
    fences.push({
      line,
      lang: lang.toLowerCase(),
      body,
      marker: marker === null ? undefined : { text: marker[1].trim(), line: comment!.line },
      strayComment: marker === null ? comment : undefined,
    });
    comment = undefined;
  }
  return fences;
}

/** Whether a fence holds commands, and how. */
function _kindOf(fence: _Fence): DocBlock["kind"] | undefined {
  const hasPrompt = fence.body.some((line) => line.startsWith("$ "));
  if (TRANSCRIPT_LANGS.has(fence.lang) || hasPrompt) return "transcript";
  if (SCRIPT_LANGS.has(fence.lang)) return "script";
  return undefined;
}

/** Reads a marked block; pushes its problems and returns undefined when it cannot be run. */
function _readBlock(
  file: string,
  fence: _Fence,
  kind: DocBlock["kind"],
  tinyRules: readonly TinyRule[],
  problems: string[],
): DocBlock | undefined {
  const markerAt = `${file}:${fence.marker!.line}`;
  const count = problems.length;
  const options = _splitOptions(fence.marker!.text);
  const modeWord = options.shift() ?? "";
  const block: DocBlock = {
    file,
    line: fence.line,
    lang: fence.lang,
    kind,
    mode: "run",
    exitCode: 0,
    given: [],
    commands: [],
    skippedCommands: [],
    anyNumbers: false,
  };
  const skip = /^skip\s*:\s*(.*)$/s.exec(modeWord);
  if (skip !== null) {
    if (skip[1].trim().length < 10) {
      problems.push(`${markerAt}: "skip:" needs a reason of a few words, got "${skip[1].trim()}"`);
      return undefined;
    }
    block.mode = "skip";
    block.skipReason = skip[1].trim().replace(/\s+/g, " ");
    return block;
  }
  if (modeWord !== "run" && modeWord !== "tiny") {
    problems.push(
      `${markerAt}: doc-test marker must start with run, tiny or skip: <reason>, got "${modeWord}"`,
    );
    return undefined;
  }
  block.mode = modeWord;
  const replacements: Array<[string, string]> = [];
  const givenWritten: string[] = [];
  const skippedCommands: Array<{ prefix: string; reason: string }> = [];
  let rules = tinyRules;
  for (const option of options) {
    const [, key, value] = /^([a-z-]+)\s*:?\s*(.*)$/s.exec(option) ?? [, option, ""];
    if (key === "exit" && /^\d{1,3}$/.test(value)) block.exitCode = Number(value);
    else if (key === "given" && value !== "") givenWritten.push(value);
    else if (key === "numbers" && value === "any") block.anyNumbers = true;
    else if (key === "replace" && value.includes(" => ")) {
      const [from, to] = value.split(" => ", 2);
      replacements.push([from.trim(), to.trim()]);
    } else if (key === "skip-command" && /^\S.* => .{10,}$/.test(value)) {
      const [prefix, reason] = value.split(" => ", 2).map((part) => part.trim());
      skippedCommands.push({ prefix, reason });
    } else if (key === "tiny" && value.includes(" => ") && block.mode === "tiny") {
      const [prefix, flags] = value.split(" => ", 2).map((part) => part.trim());
      const old = tinyRules.find((rule) => rule.prefix === prefix);
      rules = [
        ...rules.filter((rule) => rule.prefix !== prefix),
        { prefix, flags, serves: old?.serves },
      ];
    } else {
      problems.push(
        `${markerAt}: unknown doc-test option "${option}"; known: exit N, given: CMD, ` +
          `replace: FROM => TO, numbers: any, tiny: PREFIX => FLAGS (in tiny mode), ` +
          `skip-command: PREFIX => REASON`,
      );
    }
  }
  const resolve = (written: string, line: number, expectedOutput: string[]): DocCommand => {
    let command = written;
    for (const [from, to] of replacements) command = command.split(from).join(to);
    const rule = block.mode === "tiny" ? _ruleFor(command, rules) : undefined;
    if (rule !== undefined) command = _appendFlags(command, rule.flags);
    const placeholder = PLACEHOLDER.exec(command);
    if (placeholder !== null) {
      problems.push(
        `${file}:${line}: placeholder ${placeholder[0]} in a command that runs; ` +
          `give it a value with "replace: ${placeholder[0]} => ..." in the marker`,
      );
    }
    return {
      command,
      written,
      line,
      expectedOutput,
      serves: _ruleFor(command, tinyRules)?.serves === true && block.mode === "tiny",
    };
  };
  block.given = givenWritten.map((written) => resolve(written, fence.marker!.line, []));
  const commands = kind === "script"
    ? _scriptCommands(fence.body, fence.line)
    : _transcriptCommands(fence.body, fence.line);
  for (const command of commands) {
    if (command.text === "...") {
      problems.push(`${file}:${command.line}: "..." stands for elided commands: skip the block`);
    } else if (/^(cd|export)\s/.test(command.text)) {
      problems.push(
        `${file}:${command.line}: "${command.text.split(" ")[0]}" has no effect: each command ` +
          `runs in its own shell from the repository root; skip the block or drop it`,
      );
    } else {
      const skipped = skippedCommands.find((skip) => _startsWithWords(command.text, skip.prefix));
      if (skipped === undefined) {
        block.commands.push(resolve(command.text, command.line, command.output));
      } else {block.skippedCommands.push({
          written: command.text,
          line: command.line,
          reason: skipped.reason,
        });}
    }
  }
  for (const skip of skippedCommands) {
    if (!block.skippedCommands.some((command) => _startsWithWords(command.written, skip.prefix))) {
      problems.push(`${markerAt}: "skip-command: ${skip.prefix}" matches no command of the block`);
    }
  }
  if (block.commands.length === 0 && problems.length === count) {
    problems.push(`${file}:${fence.line}: marked ${block.mode} but holds no command`);
  }
  return problems.length === count ? block : undefined;
}

/** The option words a marker knows; `;` starts a new option only before one of them. */
const OPTION_KEYS = ["exit", "given", "replace", "numbers", "tiny", "skip-command"];

/**
 * Splits a marker's text into its mode and options, at each `;` followed by an option's key, so
 * a `;` inside a command or a reason stays. A `skip:` reason runs to the end of the marker.
 */
function _splitOptions(text: string): string[] {
  const flat = text.replace(/\s*\n\s*/g, " ").trim();
  if (/^skip\s*:/.test(flat)) return [flat];
  const split = new RegExp(`;\\s*(?=(?:${OPTION_KEYS.join("|")})\\b)`);
  return flat.split(split).map((option) => option.trim()).filter((option) => option !== "");
}

/** A script block's commands: `\` continuations joined, comments and blank lines dropped. */
function _scriptCommands(
  body: string[],
  fenceLine: number,
): Array<{ text: string; line: number; output: string[] }> {
  const commands: Array<{ text: string; line: number; output: string[] }> = [];
  let current: { text: string; line: number } | undefined;
  body.forEach((raw, index) => {
    const text = _dropComment(raw).trim();
    if (current === undefined) {
      if (text === "") return;
      current = { text: "", line: fenceLine + 1 + index };
    }
    const continues = text.endsWith("\\");
    current.text += (current.text === "" ? "" : " ") +
      (continues ? text.slice(0, -1).trim() : text);
    if (!continues) {
      commands.push({ ...current, output: [] });
      current = undefined;
    }
  });
  if (current !== undefined) commands.push({ ...current, output: [] });
  return commands;
}

/** A transcript's `$ ` commands, each with the output lines shown after it. */
function _transcriptCommands(
  body: string[],
  fenceLine: number,
): Array<{ text: string; line: number; output: string[] }> {
  const commands: Array<{ text: string; line: number; output: string[] }> = [];
  body.forEach((raw, index) => {
    if (raw.startsWith("$ ")) {
      commands.push({
        text: _dropComment(raw.slice(2)).trim(),
        line: fenceLine + 1 + index,
        output: [],
      });
    } else if (commands.length > 0 && raw.trim() !== "") {
      commands[commands.length - 1].output.push(raw.trimEnd());
    }
  });
  return commands;
}

/** A line without its trailing `# comment` (a `#` after a blank, outside quotes). */
function _dropComment(line: string): string {
  let quote = "";
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote === "" && (char === "'" || char === '"')) quote = char;
    else if (char === quote) quote = "";
    else if (quote === "" && char === "#" && (index === 0 || /\s/.test(line[index - 1]))) {
      return line.slice(0, index);
    }
  }
  return line;
}

/** Whether `command` is `prefix` or starts with it and a blank. */
function _startsWithWords(command: string, prefix: string): boolean {
  return command === prefix || command.startsWith(`${prefix} `);
}

/** The tiny rule of the longest prefix `command` starts with, after its `VAR=value` words. */
function _ruleFor(command: string, rules: readonly TinyRule[]): TinyRule | undefined {
  const words = command.replace(/^(\s*[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, "");
  return rules
    .filter((rule) => _startsWithWords(words, rule.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

/**
 * `flags` inserted at the end of the command's first simple command: before the first `&&`, `||`,
 * `;`, `|` or redirection outside quotes, so they reach the command and not what follows it.
 */
function _appendFlags(command: string, flags: string): string {
  let quote = "";
  for (let index = 0; index < command.length; index++) {
    const char = command[index];
    if (quote === "" && (char === "'" || char === '"')) quote = char;
    else if (char === quote) quote = "";
    else if (quote === "" && /[;&|<>]/.test(char)) {
      // `2>file` and `2>&1` start at the descriptor's digit.
      const start = /[<>]/.test(char) && /\d/.test(command[index - 1] ?? "") ? index - 1 : index;
      if (!/\s/.test(command[start - 1] ?? " ")) continue;
      return `${command.slice(0, start).trimEnd()} ${flags} ${command.slice(start)}`;
    }
  }
  return `${command.trimEnd()} ${flags}`;
}
