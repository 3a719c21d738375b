// Test helper: runs main.ts as a user would, in a child process, with the permissions of the
// command's task in deno.json. Shared by the CLI tests of the bench, report and sim areas.

/** The entry point every CLI test runs. */
export const MAIN = new URL("../../../main.ts", import.meta.url).pathname;

/** The permissions of `deno task bench`, read from deno.json so the tests check the task's own. */
export const PERMISSIONS: string[] = taskPermissions("bench");

/** The `--allow-*` flags of a task in deno.json, e.g. `taskPermissions("sim")`. */
export function taskPermissions(task: string): string[] {
  const path = new URL("../../../deno.json", import.meta.url);
  const tasks = JSON.parse(Deno.readTextFileSync(path)).tasks as Record<string, string>;
  return (tasks[task] ?? tasks.bench).split(/\s+/).filter((word) => word.startsWith("--allow-"));
}

/** Deno.test options for tests that run real hosts or processes (libp2p leaves timers behind). */
export const cliTest = { sanitizeOps: false, sanitizeResources: false };

/** What a CLI run printed, and how it ended. */
export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main.ts` with `args` and `env`, and waits for it. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliOutput> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...taskPermissions(args[0]), MAIN, ...keepReportsOutOfTheRepo(args)],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

/** A bench writes its report to reports/ unless told otherwise: keep test runs out of it. */
export function keepReportsOutOfTheRepo(args: string[]): string[] {
  const choosesReport = args.some((arg) => arg.startsWith("--report-dir") || arg === "--no-report");
  return args[0] === "bench" && !choosesReport ? [...args, "--no-report"] : args;
}
