// `deno task nb` killed with SIGKILL leaves nothing behind: the Python driver, the Deno kernel
// and what the kernel started (a run's child process) all go, checked by PID.
import { deepStrictEqual as assertEquals, match } from "node:assert/strict";
import { MAIN } from "../bench/testdata/run_cli.ts";
import { aliveAmong, listProcesses, pollUntil } from "../bench/testdata/processes.ts";
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
  await pollUntil(async () => {
    try {
      await Deno.stat(marker);
      return true;
    } catch {
      return false;
    }
  }, "the notebook's cell to start");
  const { kernel, grandchild } = JSON.parse(await Deno.readTextFile(marker));
  const processes = await listProcesses();
  const kernelProcess = processes.find((process) => process.pid === kernel)!;
  match(kernelProcess.command, /jupyter --kernel/);
  const driver = kernelProcess.ppid;
  match(processes.find((process) => process.pid === driver)!.command, /execute_notebook\.py/);
  return { runner, kernel, driver, grandchild };
}

async function assertAllGone(started: Started): Promise<void> {
  const pids = { driver: started.driver, kernel: started.kernel, grandchild: started.grandchild };
  // Polls the OS (ps) until they are gone, then says which are not.
  await pollUntil(
    async () => (await aliveAmong(Object.values(pids))).length === 0,
    `the driver, the kernel and the cell's child to exit (${JSON.stringify(pids)})`,
    { timeoutMs: 30_000 },
  ).catch(() => {});
  const alive = await aliveAmong(Object.values(pids));
  assertEquals(alive.map((process) => process.command), []);
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
