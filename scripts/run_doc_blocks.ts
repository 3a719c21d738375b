/**
 * Runs the marked command blocks of the guide (docs/*.md), each in a fresh copy of the
 * repository, and checks each command's exit code, a transcript's output, and that nothing the
 * block did changed a tracked file or left a file git would show (docs/development.md).
 *
 *     deno run -A scripts/run_doc_blocks.ts                   # every page of docs/
 *     deno run -A scripts/run_doc_blocks.ts docs/scaling.md   # one page
 *     deno run -A scripts/run_doc_blocks.ts docs/scaling.md:9 --list
 *
 * Exit codes: 0 every block passed (or was skipped, with its reason), 1 a block failed or a page
 * has an unmarked block, 2 bad input.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type DocBlock, type DocCommand, findDocBlocks } from "./doc_blocks.ts";

/** What happened to one block. */
export interface DocBlockOutcome {
  block: DocBlock;
  /** `passed`, `failed`, `skipped` (its marker's reason) or `duplicate` (of an earlier block). */
  status: "passed" | "failed" | "skipped" | "duplicate";
  /** For a failure: one entry per problem, each naming the page line and the command. */
  problems: string[];
  /** For a duplicate: `docs/x.md:12`, the block that ran. */
  duplicateOf?: string;
  /** Wall time of the block, copy included. */
  durationMs: number;
}

/** Options of {@linkcode runDocBlocks}. */
export interface RunDocBlocksOptions {
  /** The repository whose working tree each block gets a copy of. */
  root: string;
  /** Blocks run at once. @default 2 */
  jobs?: number;
  /** Longest a command may take before its process group is killed. @default 300_000 */
  commandTimeoutMs?: number;
  /** Called as each block ends, e.g. to print progress. */
  onOutcome?: (outcome: DocBlockOutcome) => void;
}

/** Environment variables that would change what a documented command does; not passed on. */
const TOOL_VARIABLES =
  /^(BENCH_|SIM_|PS_|NUM_HOSTS$|RAND_MSGS$|OTEL_|LOG_TOKENS$|LOG_STREAM$|NB_PYTHON$)/;

/**
 * Runs `blocks`, `options.jobs` at a time; a block equal to an earlier one (same commands, same
 * options) is not run again.
 */
export async function runDocBlocks(
  blocks: readonly DocBlock[],
  options: RunDocBlocksOptions,
): Promise<DocBlockOutcome[]> {
  const files = await _workingTreeFiles(options.root);
  const outcomes: DocBlockOutcome[] = new Array(blocks.length);
  const firstOfKind = new Map<string, DocBlock>();
  const queue: number[] = [];
  blocks.forEach((block, index) => {
    if (block.mode === "skip") {
      outcomes[index] = { block, status: "skipped", problems: [], durationMs: 0 };
      return;
    }
    const key = _blockKey(block);
    const first = firstOfKind.get(key);
    if (first !== undefined) {
      outcomes[index] = {
        block,
        status: "duplicate",
        problems: [],
        duplicateOf: `${first.file}:${first.line}`,
        durationMs: 0,
      };
      return;
    }
    firstOfKind.set(key, block);
    queue.push(index);
  });
  for (const outcome of outcomes) if (outcome !== undefined) options.onOutcome?.(outcome);
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      outcomes[index] = await _runBlock(blocks[index], files, options);
      options.onOutcome?.(outcomes[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 2) }, worker));
  return outcomes;
}

/** What makes two blocks the same run. */
function _blockKey(block: DocBlock): string {
  const commands = (list: DocCommand[]) =>
    list.map((command) => [command.command, command.expectedOutput, command.serves]);
  return JSON.stringify([
    block.exitCode,
    block.anyNumbers,
    block.skippedCommands,
    commands(block.given),
    commands(block.commands),
  ]);
}

/** The working tree's files git knows or would add: tracked, and untracked but not ignored. */
async function _workingTreeFiles(root: string): Promise<string[]> {
  const output = await new Deno.Command("git", {
    args: ["-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(`git ls-files in ${root}: ${new TextDecoder().decode(output.stderr).trim()}`);
  }
  const names = new TextDecoder().decode(output.stdout).split("\0").filter((name) => name !== "");
  const present: string[] = [];
  for (const name of names) {
    // A tracked file deleted in the working tree is not copied.
    if (await Deno.lstat(`${root}/${name}`).then(() => true, () => false)) present.push(name);
  }
  return present;
}

/** Copies `files` of `root` into `target` and commits them there, so `git status` shows changes. */
async function _makeCopy(root: string, files: readonly string[], target: string): Promise<void> {
  await Deno.mkdir(target, { recursive: true });
  for (const name of files) {
    const slash = name.lastIndexOf("/");
    if (slash > 0) await Deno.mkdir(`${target}/${name.slice(0, slash)}`, { recursive: true });
    await Deno.copyFile(`${root}/${name}`, `${target}/${name}`);
  }
  await _git(target, ["init", "-q"]);
  await _commitAll(target, "copy");
}

/** Commits everything in the copy `repo`, ignored files left out as usual. */
async function _commitAll(repo: string, message: string): Promise<void> {
  await _git(repo, ["add", "-A"]);
  await _git(repo, ["commit", "-q", "--no-gpg-sign", "--allow-empty", "-m", message]);
}

async function _git(repo: string, args: string[]): Promise<void> {
  const output = await new Deno.Command("git", {
    args: ["-c", "user.name=doc-test", "-c", "user.email=doc-test@localhost", "-C", repo, ...args],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`git ${args[0]} in the copy ${repo} failed: ${stderr}`);
  }
}

/** Runs one block in a fresh copy; the copy is removed after. */
async function _runBlock(
  block: DocBlock,
  files: readonly string[],
  options: RunDocBlocksOptions,
): Promise<DocBlockOutcome> {
  const started = performance.now();
  const temp = await Deno.makeTempDir({ prefix: "doc-test-" });
  const problems: string[] = [];
  try {
    const repo = `${temp}/repo`;
    await Deno.mkdir(`${temp}/tmp`);
    await _makeCopy(options.root, files, repo);
    const env = _commandEnvironment(`${temp}/tmp`);
    const steps = [
      ...block.given.map((command) => ({ command, exitCode: 0, given: true })),
      ...block.commands.map((command) => ({ command, exitCode: block.exitCode, given: false })),
    ];
    let givenDone = block.given.length === 0;
    for (const step of steps) {
      if (!givenDone && !step.given) {
        // What the block itself changes is measured from here: a given's files are fixtures.
        await _commitAll(repo, "given");
        givenDone = true;
      }
      const problem = await _runCommand(step.command, {
        cwd: repo,
        env,
        exitCode: step.exitCode,
        anyNumbers: block.anyNumbers,
        timeoutMs: options.commandTimeoutMs ?? 300_000,
      });
      if (problem !== undefined) {
        problems.push(
          `${block.file}:${step.command.line}: ${step.given ? "given: " : ""}${problem}`,
        );
        break;
      }
    }
    const changed = await _gitStatus(repo);
    if (changed.length > 0) {
      problems.push(
        `${block.file}:${block.line}: the block changed tracked files or left files git shows ` +
          `(outputs belong in ignored folders): ${changed.slice(0, 10).join(", ")}`,
      );
    }
  } catch (error) {
    problems.push(`${block.file}:${block.line}: ${(error as Error).message}`);
  } finally {
    await Deno.remove(temp, { recursive: true }).catch(() => {});
  }
  return {
    block,
    status: problems.length === 0 ? "passed" : "failed",
    problems,
    durationMs: performance.now() - started,
  };
}

/** The environment of a documented command: ours without the tool's own variables. */
function _commandEnvironment(tmp: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(Deno.env.toObject())) {
    if (!TOOL_VARIABLES.test(name)) env[name] = value;
  }
  return { ...env, NO_COLOR: "1", TMPDIR: tmp };
}

/** `git status --porcelain` of the copy, one entry a file. */
async function _gitStatus(repo: string): Promise<string[]> {
  const output = await new Deno.Command("git", {
    args: ["-C", repo, "status", "--porcelain", "--untracked-files=all"],
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(output.stdout).split("\n").filter((line) => line.trim() !== "");
}

/** Runs one command; returns what went wrong, or undefined. */
async function _runCommand(
  command: DocCommand,
  options: {
    cwd: string;
    env: Record<string, string>;
    exitCode: number;
    anyNumbers: boolean;
    timeoutMs: number;
  },
): Promise<string | undefined> {
  // Its own process group (setsid), so a timeout or a server's stop reaches every process it
  // started; stderr joins stdout in order, as a terminal shows them.
  const child = new Deno.Command("setsid", {
    args: ["bash", "-c", `exec 2>&1\n${command.command}`],
    cwd: options.cwd,
    env: options.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let output = "";
  let timedOut = false;
  let seenUrl: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => seenUrl = resolve);
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      output += decoder.decode(chunk, { stream: true });
      const match = /http:\/\/127\.0\.0\.1:\d+\S*/.exec(output);
      if (match !== null) seenUrl(match[0]);
    }
  })();
  const timer = setTimeout(() => {
    timedOut = true;
    _killGroup(child.pid, "SIGKILL");
  }, options.timeoutMs);
  let serverProblem: string | undefined;
  if (command.serves) {
    const first = await Promise.race([url, child.status.then(() => undefined)]);
    if (first === undefined) serverProblem = "ended before printing its http://127.0.0.1 URL";
    else {
      serverProblem = await fetch(first).then(
        async (response) => {
          await response.body?.cancel();
          return response.ok ? undefined : `GET ${first} answered ${response.status}`;
        },
        (error) => `GET ${first} failed: ${(error as Error).message}`,
      );
      _killGroup(child.pid, "SIGTERM");
    }
  }
  const status = await child.status;
  await reading;
  clearTimeout(timer);
  _killGroup(child.pid, "SIGKILL");
  const shown = `\`${command.command}\``;
  const tail = () => `; its output ends:\n${_indent(output.trimEnd().split("\n").slice(-15))}`;
  if (timedOut) return `${shown} took longer than ${options.timeoutMs / 1000} s (killed)${tail()}`;
  if (serverProblem !== undefined) return `${shown}: ${serverProblem}${tail()}`;
  if (status.code !== options.exitCode) {
    return `${shown} exited ${status.code}, expected ${options.exitCode}${tail()}`;
  }
  const missing = findMissingOutputLine(command.expectedOutput, output, options.anyNumbers);
  if (missing !== undefined) {
    return `${shown}: the page shows the line\n${_indent([missing])}\nbut the command did not ` +
      `print it (in order; "..." matches anything${
        options.anyNumbers ? ", any number matches a number" : ""
      })${tail()}`;
  }
  return undefined;
}

/** Sends `signal` to process group `pgid`; a group already gone is fine. */
function _killGroup(pgid: number, signal: Deno.Signal): void {
  try {
    Deno.kill(-pgid, signal);
  } catch {
    // Every process of the group has exited.
  }
}

/**
 * The first of `expected` that the output lacks: each must match a later output line than the one
 * before it, whole, after trimming; `...` matches anything.
 */
export function findMissingOutputLine(
  expected: readonly string[],
  output: string,
  anyNumbers: boolean,
): string | undefined {
  const lines = output.split("\n").map((line) => line.trim());
  let from = 0;
  for (const want of expected) {
    const pattern = _linePattern(want.trim(), anyNumbers);
    const at = lines.findIndex((line, index) => index >= from && pattern.test(line));
    if (at < 0) return want;
    from = at + 1;
  }
  return undefined;
}

/** A shown output line as a whole-line pattern. */
function _linePattern(line: string, anyNumbers: boolean): RegExp {
  const parts = line.split("...").map((part) => {
    const escaped = part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return anyNumbers ? escaped.replace(/\d+(\\\.\d+)?/g, "\\d+(?:\\.\\d+)?") : escaped;
  });
  return new RegExp(`^${parts.join(".*")}$`);
}

function _indent(lines: readonly string[]): string {
  return lines.map((line) => `    ${line}`).join("\n");
}

/** Reads the named pages (all of docs/*.md when none) and selects blocks by `page:line`. */
export async function readDocPages(
  root: string,
  selectors: readonly string[],
): Promise<{ blocks: DocBlock[]; problems: string[] }> {
  const pages = selectors.length > 0
    ? [...new Set(selectors.map((selector) => selector.replace(/:\d+$/, "")))]
    : (await Array.fromAsync(Deno.readDir(`${root}/docs`)))
      .filter((entry) => entry.isFile && entry.name.endsWith(".md"))
      .map((entry) => `docs/${entry.name}`)
      .sort();
  const blocks: DocBlock[] = [];
  const problems: string[] = [];
  for (const page of pages) {
    const found = findDocBlocks(page, await Deno.readTextFile(`${root}/${page}`));
    problems.push(...found.problems);
    const lines = selectors.filter((s) => s.startsWith(`${page}:`)).map((s) =>
      Number(s.split(":")[1])
    );
    blocks.push(
      ...found.blocks.filter((block) => lines.length === 0 || lines.includes(block.line)),
    );
  }
  return { blocks, problems };
}

/** One line about an outcome, for progress and the final list. */
export function describeOutcome(outcome: DocBlockOutcome): string {
  const at = `${outcome.block.file}:${outcome.block.line}`;
  const seconds = `${(outcome.durationMs / 1000).toFixed(1)} s`;
  switch (outcome.status) {
    case "passed":
      return `ok        ${at} (${outcome.block.mode}, ${seconds})`;
    case "skipped":
      return `skipped   ${at}: ${outcome.block.skipReason}`;
    case "duplicate":
      return `duplicate ${at}: ran as ${outcome.duplicateOf}`;
    case "failed":
      return `FAILED    ${at} (${seconds})\n${outcome.problems.join("\n")}`;
  }
}

async function _main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        list: { type: "boolean", default: false },
        jobs: { type: "string", default: "2" },
      },
    });
  } catch (error) {
    console.error(`run_doc_blocks.ts: ${(error as Error).message}`);
    return 2;
  }
  const jobs = Number(parsed.values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) {
    console.error(
      `run_doc_blocks.ts: --jobs must be an integer from 1 to 16, got "${parsed.values.jobs}"`,
    );
    return 2;
  }
  const root = new URL("../", import.meta.url).pathname;
  for (const page of parsed.positionals) {
    if (!/^[\w./-]+\.md(:\d+)?$/.test(page)) {
      console.error(`run_doc_blocks.ts: expected PAGE.md or PAGE.md:LINE, got "${page}"`);
      return 2;
    }
  }
  const { blocks, problems } = await readDocPages(root, parsed.positionals);
  for (const problem of problems) console.error(problem);
  if (parsed.values.list) {
    for (const block of blocks) {
      console.log(
        `${block.file}:${block.line} ${block.mode}${
          block.skipReason ? `: ${block.skipReason}` : ""
        }`,
      );
      for (const command of block.given) console.log(`    given: ${command.command}`);
      for (const command of block.commands) console.log(`    ${command.command}`);
      for (const command of block.skippedCommands) {
        console.log(`    not run: ${command.written} (${command.reason})`);
      }
    }
    return problems.length > 0 ? 1 : 0;
  }
  const outcomes = await runDocBlocks(blocks, {
    root,
    jobs,
    onOutcome: (outcome) => console.log(describeOutcome(outcome)),
  });
  const count = (status: DocBlockOutcome["status"]) =>
    outcomes.filter((outcome) => outcome.status === status).length;
  const failed = count("failed");
  console.log(
    `doc blocks: ${count("passed")} ran ok, ${failed} failed, ${count("skipped")} skipped, ` +
      `${count("duplicate")} duplicates`,
  );
  return failed > 0 || problems.length > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await _main(Deno.args));
