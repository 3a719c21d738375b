// Ctrl-C and SIGTERM as a user's terminal sends them: `deno task sim` and `deno task dbg` in a
// process group of their own (setsid), the signal sent to the whole group, so the command gets
// it from the terminal and again from `deno task`, which forwards it. Each must stop cleanly
// once, print its end, exit 0, and leave no process of its group behind.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";

const ROOT = new URL("../", import.meta.url).pathname;

interface GroupRun {
  /** The group's id: the pid of its leader, `deno task`. */
  pgid: number;
  output: { stdout: string; stderr: string };
  /** Resolves once stdout matches `pattern`. */
  printed(pattern: RegExp): Promise<void>;
  status: Promise<Deno.CommandStatus>;
}

/** `setsid deno task <args>` from the repository root, its output collected as it comes. */
function startTaskInOwnGroup(args: string[], env: Record<string, string> = {}): GroupRun {
  const child = new Deno.Command("setsid", {
    args: [Deno.execPath(), "task", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = { stdout: "", stderr: "" };
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const collect = async (stream: ReadableStream<Uint8Array>, key: "stdout" | "stderr") => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      output[key] += decoder.decode(chunk, { stream: true });
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(output.stdout)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
  };
  const streams = Promise.all([collect(child.stdout, "stdout"), collect(child.stderr, "stderr")]);
  const status = streams.then(() => child.status);
  return {
    pgid: child.pid,
    output,
    status,
    printed: (pattern) =>
      pattern.test(output.stdout) ? Promise.resolve() : new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        status.then(() => reject(new Error(`ended before printing ${pattern}:\n${output.stdout}`)));
      }),
  };
}

/**
 * Whether any process of group `pgid` is left: SIGCONT, harmless to a running process, reaches
 * the group or fails with "no such process" (/proc needs --allow-all, which tests do not have).
 */
function groupAlive(pgid: number): boolean {
  try {
    Deno.kill(-pgid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

/** Waits until no process of the group is left, up to `limitMs`; whether one is left. */
async function groupAliveAfter(pgid: number, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (groupAlive(pgid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return groupAlive(pgid);
}

async function signalGroupAndCheck(
  run: GroupRun,
  signal: Deno.Signal,
  expectStdout: RegExp[],
): Promise<void> {
  try {
    Deno.kill(-run.pgid, signal);
    const status = await run.status;
    const shown = `stdout:\n${run.output.stdout}\nstderr:\n${run.output.stderr}`;
    assertEquals(status.code, 0, shown);
    assert(!/interrupted again/.test(run.output.stderr), `quit as if stopped twice\n${shown}`);
    for (const pattern of expectStdout) {
      assert(pattern.test(run.output.stdout), `${pattern}\n${shown}`);
    }
    assertEquals(await groupAliveAfter(run.pgid, 10_000), false, "a process left in the group");
  } finally {
    if (groupAlive(run.pgid)) Deno.kill(-run.pgid, "SIGKILL");
  }
}

const SIM_ARGS = [
  "sim",
  "--duration=2m",
  "--metrics-port=0",
  "--initial-peers=3",
  "--max-peers=5",
];
const SIM_STOPPED = [/^stopping every peer/m, /^simulation interrupted after /m, /^ {2}peers: /m];

/**
 * The simulator once it has settled: its second status line. A signal sent while the process is
 * busy starting peers reaches it once (the two copies merge before it looks); once it idles
 * between heartbeats, deno task's forwarded copy arrives as a second signal, the case to test.
 */
const SIM_SETTLED = /^\[00:0[2-9]\] peers/m;

for (const attempt of [1, 2, 3]) {
  Deno.test(`deno task sim stops once on one Ctrl-C sent to its group (try ${attempt})`, async () => {
    const run = startTaskInOwnGroup(SIM_ARGS, { SIM_PRINT_INTERVAL: "1s" });
    await run.printed(SIM_SETTLED);
    await signalGroupAndCheck(run, "SIGINT", SIM_STOPPED);
  });
}

Deno.test("deno task sim stops cleanly on SIGTERM sent to its group", async () => {
  const run = startTaskInOwnGroup(SIM_ARGS, { SIM_PRINT_INTERVAL: "1s" });
  await run.printed(SIM_SETTLED);
  await signalGroupAndCheck(run, "SIGTERM", [/\(SIGTERM\)/, ...SIM_STOPPED.slice(1)]);
});

/** Starts `deno task dbg` and waits until its page has been served once: it is then idle. */
async function startServingDbg(): Promise<GroupRun> {
  const run = startTaskInOwnGroup(["dbg", "--no-open", "--port=0"]);
  await run.printed(/^dbg: viewer at http/m);
  const url = /^dbg: viewer at (\S+)/m.exec(run.output.stdout)![1];
  const page = await fetch(url);
  assertEquals(page.status, 200);
  await page.body?.cancel();
  return run;
}

for (const attempt of [1, 2, 3]) {
  Deno.test(`deno task dbg stops once on one Ctrl-C sent to its group (try ${attempt})`, async () => {
    await signalGroupAndCheck(await startServingDbg(), "SIGINT", [/^dbg: stopped$/m]);
  });
}

Deno.test("deno task dbg stops cleanly on SIGTERM sent to its group", async () => {
  await signalGroupAndCheck(await startServingDbg(), "SIGTERM", [/^dbg: stopped$/m]);
});
