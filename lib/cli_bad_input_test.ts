// Every case of the bad-input corpus (lib/testdata/bad/<command>/<case>/case.json) run through
// the real command, as `deno task <command>` runs it: `deno run` with the task's permissions
// from deno.json, in a fresh folder holding the case's files. Each must end with its documented
// exit code and one line on stderr naming the problem (no stack trace), and leave every file it
// was not meant to write as it was.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import pLimit from "p-limit";

/** One case, as case.json states it. */
interface BadInputCase {
  /** What the case shows. */
  about: string;
  /** The words after `main.ts <command>`. */
  args: string[];
  /** Environment variables set for the command (the rest of the environment is cleared). */
  env?: Record<string, string>;
  /** Files put in the command's folder first: path there -> file in lib/testdata/bad/_fixtures. */
  fixtures?: Record<string, string>;
  /** The exit code. */
  exit: number;
  /** Texts stderr must hold. */
  stderr: string[];
  /** Texts stderr must not hold. */
  notStderr?: string[];
  /** Lines on stderr. @default 1 */
  stderrLines?: number;
  /** Paths (`*` within a folder) the command may create or change. @default none */
  writes?: string[];
  /** Whether stdout may hold text. @default false */
  stdout?: boolean;
}

interface CaseOutcome {
  code: number;
  stdout: string;
  stderr: string;
  changed: string[];
}

const ROOT = new URL("../", import.meta.url);
const MAIN = new URL("main.ts", ROOT).pathname;
const DENO_JSON = new URL("deno.json", ROOT).pathname;
const CORPUS = new URL("testdata/bad/", import.meta.url);
const FIXTURES = new URL("_fixtures/", CORPUS);
/** `deno run` starts in about half a second; more at once only queue for the two cores. */
const CONCURRENCY = 3;

/** The permissions of `deno task <command>`: the words between `deno run` and `main.ts`. */
function taskPermissions(tasks: Record<string, string>, command: string): string[] {
  const words = tasks[command]?.split(/\s+/) ?? [];
  const run = words.indexOf("run");
  const main = words.indexOf("main.ts");
  assert(run >= 0 && main > run, `deno.json has no task "${command}" running main.ts`);
  return words.slice(run + 1, main);
}

async function readCases(): Promise<Array<{ id: string; command: string; spec: BadInputCase }>> {
  const cases = [];
  for await (const command of Deno.readDir(CORPUS)) {
    if (!command.isDirectory || command.name.startsWith("_")) continue;
    for await (const entry of Deno.readDir(new URL(`${command.name}/`, CORPUS))) {
      const id = `${command.name}/${entry.name}`;
      const spec = JSON.parse(
        await Deno.readTextFile(new URL(`${id}/case.json`, CORPUS)),
      ) as BadInputCase;
      cases.push({ id, command: command.name, spec });
    }
  }
  return cases.sort((a, b) => a.id.localeCompare(b.id));
}

/** Every file under `dir` with a hash of its content, by path relative to `dir`. */
async function snapshot(dir: string, prefix = ""): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory) {
      for (const [inner, hash] of await snapshot(dir, `${path}/`)) files.set(inner, hash);
    } else {
      const bytes = await Deno.readFile(`${dir}/${path}`);
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
      files.set(path, Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join(""));
    }
  }
  return files;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*");
  return new RegExp(`^${escaped}$`);
}

async function runCase(
  spec: BadInputCase,
  command: string,
  permissions: string[],
): Promise<CaseOutcome> {
  const dir = await Deno.makeTempDir({ prefix: "bad-input-" });
  try {
    for (const [target, fixture] of Object.entries(spec.fixtures ?? {})) {
      const path = `${dir}/${target}`;
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      await Deno.copyFile(new URL(fixture, FIXTURES), path);
    }
    const before = await snapshot(dir);
    const keep = ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME"]
      .filter((name) => Deno.env.get(name) !== undefined)
      .map((name) => [name, Deno.env.get(name)!]);
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--config", DENO_JSON, ...permissions, MAIN, command, ...spec.args],
      cwd: dir,
      clearEnv: true,
      env: { ...Object.fromEntries(keep), NO_COLOR: "1", ...spec.env },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    return {
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
      changed: changedFiles(before, await snapshot(dir)),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function checkOutcome(spec: BadInputCase, outcome: CaseOutcome): void {
  const { code, stdout, stderr, changed } = outcome;
  const shown = `exit ${code}\nstdout: ${stdout}\nstderr: ${stderr}`;
  assertEquals(code, spec.exit, `exit code\n${shown}`);
  const lines = stderr.split("\n").filter((line) => line.trim() !== "");
  assertEquals(lines.length, spec.stderrLines ?? 1, `lines on stderr\n${shown}`);
  assert(!/^\s+at |Stack backtrace|^error: Uncaught/m.test(stderr), `a stack trace\n${shown}`);
  for (const text of spec.stderr) assert(stderr.includes(text), `stderr lacks ${text}\n${shown}`);
  for (const text of spec.notStderr ?? []) {
    assert(!stderr.includes(text), `stderr holds ${text}\n${shown}`);
  }
  if (spec.stdout !== true) assertEquals(stdout, "", `stdout\n${shown}`);
  const allowed = (spec.writes ?? []).map(globToRegExp);
  const unexpected = changed.filter((path) => !allowed.some((glob) => glob.test(path)));
  assertEquals(unexpected, [], `files written or changed that the case does not allow\n${shown}`);
  if (allowed.length > 0) assert(changed.length > 0, `nothing written\n${shown}`);
}

const tasks = (JSON.parse(await Deno.readTextFile(DENO_JSON)) as { tasks: Record<string, string> })
  .tasks;
/** `BAD_INPUT_CASES=sim/` runs only the cases whose id contains that text. */
const only = Deno.env.get("BAD_INPUT_CASES");
const cases = (await readCases()).filter(({ id }) => only === undefined || id.includes(only));
let outcomes: Map<string, Promise<CaseOutcome>> | undefined;

/** Starts every case at once on a small pool the first time one is asked for. */
function outcomeOf(id: string): Promise<CaseOutcome> {
  if (outcomes === undefined) {
    const limit = pLimit(CONCURRENCY);
    outcomes = new Map(
      cases.map(({ id, command, spec }) => [
        id,
        limit(() => runCase(spec, command, taskPermissions(tasks, command))),
      ]),
    );
    // A case's failure is reported by its own test; unobserved rejections must not end the run.
    for (const promise of outcomes.values()) promise.catch(() => {});
  }
  return outcomes.get(id)!;
}

Deno.test("the bad-input corpus covers every command", async () => {
  const commands = new Set((await readCases()).map((item) => item.command));
  assertEquals([...commands].sort(), ["bench", "dbg", "nb", "node", "report", "sim"]);
});

for (const { id, spec } of cases) {
  Deno.test({
    name: `bad input ${id}: ${spec.about}`,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => checkOutcome(spec, await outcomeOf(id)),
  });
}
