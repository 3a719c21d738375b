// Kills and signals as real processes: a bench killed at any moment loses only its runs in
// flight, --resume runs exactly the missing ones, and no run's process outlives the bench.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { parseResults } from "./results_store.ts";
import { cliTest, MAIN, PERMISSIONS, runCli } from "./testdata/run_cli.ts";
import { aliveAmong, descendantsOf, listeningAmong, pollUntil } from "./testdata/processes.ts";

/** A bench whose every run hangs on its first message until a hard timeout far away. */
const HANGING_CONFIG = "scenario: { validationDelayMs: 60000, deliveryTimeoutMs: 3600000 }\n" +
  "matrix: { hosts: [3], msgs: [1], variants: [default], iterations: 2, warmups: 0 }\n" +
  "runTimeoutMs: 3600000\n";

function lineCount(text: string): number {
  return text.split("\n").filter((line) => line.trim() !== "").length;
}

/** Spawns the bench as `deno task bench` would, optionally as the leader of its own group. */
function spawnBench(args: string[], { ownGroup = false } = {}): Deno.ChildProcess {
  const command = [Deno.execPath(), "run", ...PERMISSIONS, MAIN, "bench", "--no-report", ...args];
  return new Deno.Command(ownGroup ? "setsid" : command[0], {
    args: ownGroup ? command : command.slice(1),
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** The run children of `benchPid` once one of them is inside its run (its hosts listen). */
async function runningChildren(benchPid: number): Promise<number[]> {
  let pids: number[] = [];
  await pollUntil(async () => {
    // A run's process runs run_child.ts, or its bundle's run_child.js (child_bundle.ts).
    const children = (await descendantsOf(benchPid)).filter((p) =>
      /run_child\.(ts|js)\b/.test(p.command)
    );
    pids = children.map((p) => p.pid);
    return (await listeningAmong(pids)).length > 0;
  }, "a run's hosts to be up");
  return pids;
}

Deno.test(
  "kill -9 of the bench's process group at a random moment loses only the runs in flight",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const out = `${dir}/bench`;
    const args = [
      "--hosts=3",
      "--msgs=3",
      "--variants=default,states",
      "--iterations=3",
      "--warmups=0",
      `--out=${out}`,
    ];
    const total = 6;
    // The moment: after a random number of results, plus a random part of a run's time.
    const afterResults = 1 + Math.floor(Math.random() * (total - 2));
    const extraMs = Math.floor(Math.random() * 1500);
    const moment = `after ${afterResults} results + ${extraMs} ms`;
    const bench = spawnBench(args, { ownGroup: true });
    await pollUntil(async () => {
      const text = await Deno.readTextFile(`${out}/results.ndjson`).catch(() => "");
      return lineCount(text) >= afterResults;
    }, "results on disk");
    await new Promise((resolve) => setTimeout(resolve, extraMs));
    const inGroup = (await descendantsOf(bench.pid)).map((p) => p.pid);
    try {
      Deno.kill(-bench.pid, "SIGKILL");
    } catch {
      // the bench had already finished: a moment after the last run is a moment too
    }
    await bench.status;
    await bench.stdout.cancel();
    await bench.stderr.cancel();
    await pollUntil(
      async () => (await aliveAmong(inGroup)).length === 0,
      `${moment}: the group to die`,
    );

    const before = await Deno.readTextFile(`${out}/results.ndjson`);
    const { results: kept } = parseResults(before);
    assert(kept.length >= afterResults, `${moment}: ${kept.length} results kept`);
    const cli = await runCli(["bench", "--resume", `--out=${out}`]);
    assertEquals(cli.code, 0, `${moment}: ${cli.stderr}`);
    const after = await Deno.readTextFile(`${out}/results.ndjson`);
    assert(after.startsWith(before), `${moment}: earlier results were changed`);
    const { results } = parseResults(after);
    const keys = results.map((result) => result.key).sort();
    assertEquals(keys.length, total, `${moment}: ${keys.join(", ")}`);
    assertEquals(new Set(keys).size, total, `${moment}: a run was repeated`);
    match(cli.stdout, new RegExp(`${total - kept.length} runs now, ${kept.length} resumed`));
    await Deno.remove(dir, { recursive: true });
  },
);

for (const signal of ["SIGTERM", "SIGKILL"] as const) {
  Deno.test(
    `${signal} of the bench alone while a run hangs leaves no run process alive`,
    cliTest,
    async () => {
      const dir = await Deno.makeTempDir();
      await Deno.writeTextFile(`${dir}/hang.yml`, HANGING_CONFIG);
      const bench = spawnBench([`--config=${dir}/hang.yml`, `--out=${dir}/bench`]);
      const children = await runningChildren(bench.pid);
      assert(children.length >= 1);
      bench.kill(signal);
      const status = await bench.status;
      const stderr = new TextDecoder().decode(
        (await new Response(bench.stderr).arrayBuffer()) as unknown as Uint8Array,
      );
      await bench.stdout.cancel();
      if (signal === "SIGTERM") {
        assertEquals(status.code, 143, stderr);
        match(stderr, /^bench: interrupted by SIGTERM/m);
      }
      // SIGTERM: the bench kills its children; SIGKILL: each child sees its stdin close.
      await pollUntil(
        async () => (await aliveAmong(children)).length === 0,
        `children ${children.join(", ")} to end after ${signal} of the bench`,
        { timeoutMs: 30_000 },
      );
      // The hanging run is not recorded as a result: it did not end, the bench did.
      assertEquals(lineCount(await Deno.readTextFile(`${dir}/bench/results.ndjson`)), 0);
      await Deno.remove(dir, { recursive: true });
    },
  );
}
