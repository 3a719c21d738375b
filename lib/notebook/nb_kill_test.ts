// `deno task nb` killed with SIGKILL leaves nothing behind: the Python driver, the Deno kernel
// and what the kernel started (a run's child process) all go, checked by PID.
import { deepStrictEqual as assertEquals, match } from "node:assert/strict";
import { MAIN } from "../bench/testdata/run_cli.ts";
import { commandLine, isAlive, parentOf, waitFor } from "./testdata/processes.ts";
import { codeCell, requireJupyter, writeNotebook } from "./testdata/jupyter.ts";

const NB_PERMISSIONS = ["--allow-read", "--allow-write", "--allow-env", "--allow-run"];
const DENO_JSON = new URL("../../deno.json", import.meta.url).pathname;

interface Started {
  runner: Deno.ChildProcess;
  kernel: number;
  driver: number;
  grandchild: number;
}

/**
 * Starts a notebook whose cell starts a `sleep` child, records the PIDs and waits forever; the
 * runner is the leader of its own process group. `viaTask` runs it as `deno task nb`.
 */
async function startHangingNotebook(dir: string, viaTask: boolean): Promise<Started> {
  const marker = `${dir}/pids.json`;
  await writeNotebook(`${dir}/hang.ipynb`, [
    codeCell(
      `const child = new Deno.Command("sleep", { args: ["600"] }).spawn();\n` +
        `await Deno.writeTextFile(${JSON.stringify(marker)}, JSON.stringify({ kernel: Deno.pid, ` +
        `grandchild: child.pid }));\n` +
        `await new Promise(() => {});`,
    ),
  ]);
  const args = viaTask
    ? ["task", "--config", DENO_JSON, "nb", `${dir}/hang.ipynb`, "--out", `${dir}/out.ipynb`]
    : ["run", ...NB_PERMISSIONS, MAIN, "nb", `${dir}/hang.ipynb`, "--out", `${dir}/out.ipynb`];
  const runner = new Deno.Command(Deno.execPath(), {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
  await waitFor(async () => {
    try {
      await Deno.stat(marker);
      return true;
    } catch {
      return false;
    }
  }, "the notebook's cell to start");
  const { kernel, grandchild } = JSON.parse(await Deno.readTextFile(marker));
  const driver = (await parentOf(kernel))!;
  match(await commandLine(driver), /execute_notebook\.py/);
  match(await commandLine(kernel), /jupyter --kernel/);
  return { runner, kernel, driver, grandchild };
}

async function assertAllGone(started: Started): Promise<void> {
  const pids = { driver: started.driver, kernel: started.kernel, grandchild: started.grandchild };
  await waitFor(
    async () => {
      for (const pid of Object.values(pids)) if (await isAlive(pid)) return false;
      return true;
    },
    `the driver, the kernel and the cell's child to exit (${JSON.stringify(pids)})`,
    30_000,
  );
  const alive = [];
  for (const [name, pid] of Object.entries(pids)) if (await isAlive(pid)) alive.push(name);
  assertEquals(alive, []);
}

Deno.test("nb killed with SIGKILL takes the driver, the kernel and the kernel's children down", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  const started = await startHangingNotebook(dir, false);
  Deno.kill(started.runner.pid, "SIGKILL");
  assertEquals((await started.runner.status).signal, "SIGKILL");
  await assertAllGone(started);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task nb whose process group gets SIGKILL leaves no process behind", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  const started = await startHangingNotebook(dir, true);
  Deno.kill(-started.runner.pid, "SIGKILL");
  await started.runner.status;
  await assertAllGone(started);
  await Deno.remove(dir, { recursive: true });
});
