// End-to-end tests of `main.ts bench` as a user runs it: real hosts, real child processes.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { parseResults } from "./results_store.ts";
import type { RunResult } from "./run_result.ts";
import { cliTest, MAIN, PERMISSIONS, runCli } from "./testdata/run_cli.ts";

async function readResultsOf(dir: string): Promise<RunResult[]> {
  const { results, skipped } = parseResults(await Deno.readTextFile(`${dir}/results.ndjson`));
  assertEquals(skipped, []);
  return results;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test(
  "bench runs a tiny matrix of every router and orchestration and delivers every message",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const out = `${dir}/bench`;
    const cli = await runCli([
      "bench",
      "--hosts=3",
      "--msgs=5",
      "--variants=default,floodsub,chainsafe,states",
      "--iterations=2",
      "--warmups=1",
      `--out=${out}`,
      `--report-dir=${dir}/report`,
    ]);
    assertEquals(cli.code, 0, cli.stderr);
    const results = await readResultsOf(out);
    assertEquals(results.length, 12);
    // The bench ends by writing its report with the same code as `deno task report`.
    match(cli.stdout, new RegExp(`report: ${dir}/report/bench\\.md`));
    // Two iterations: too few for a verdict, and the report says how many to add.
    match(
      await Deno.readTextFile(`${dir}/report/bench.md`),
      /too few runs \(n = 2\) to compare[^;]*; add at least 3 more/,
    );
    assertEquals(
      results.map((result) => result.key).sort(),
      ["chainsafe", "default", "floodsub", "states"].flatMap((variant) =>
        ["i0", "i1", "w0"].map((round) => `h3-m5-${variant}-${round}`)
      ).sort(),
    );
    for (const result of results) {
      assertEquals(result.ok, true, `${result.key}: ${result.failure}`);
      assertEquals(result.messagesExpected, (5 + 1) * 3);
      assertEquals(result.messagesDelivered, 18);
      assertEquals(result.messagesMissed, 0);
      assertEquals(result.latencyMs?.count, 6 * 2);
      assert((result.peakRssBytes ?? 0) > 10 * 2 ** 20, `${result.key}: peak RSS`);
      assert((result.cpuMs ?? 0) > 0);
      assert((result.activeMs ?? 0) > 0);
      // The speed probe ran after the measurements: a few ms of CPU, far less than the run's.
      assert((result.speedProbeCpuMs ?? 0) > 0, `${result.key}: no speed probe`);
      assert(
        result.speedProbeCpuMs! < result.cpuMs!,
        `${result.key}: probe ${result.speedProbeCpuMs}`,
      );
      // Its wall time too: a single-threaded probe takes at least most of it on the CPU.
      assert(
        (result.speedProbeWallMs ?? 0) >= result.speedProbeCpuMs! * 0.5,
        `${result.key}: probe wall ${result.speedProbeWallMs} ms, CPU ${result.speedProbeCpuMs} ms`,
      );
      assert((result.exitAfterReportMs ?? Infinity) < 5_000, `${result.key} lingered`);
    }
    assertEquals(results.filter((result) => result.warmup).length, 4);
    // The seed decides keys, publishers and bodies: the variants of a round share it, rounds do not.
    for (const result of results) {
      const sameSeed = results.filter((other) => other.seed === result.seed);
      assertEquals(sameSeed.length, 4);
      assertEquals(new Set(sameSeed.map((other) => other.seedFingerprint)).size, 1);
    }
    assertEquals(new Set(results.map((result) => result.seedFingerprint)).size, 3);
    match(cli.stdout, /active ms median/);
    match(cli.stdout, /chainsafe vs default/);
    match(cli.stdout, /states vs default/);
    // Only the machine-driven variant records transitions, for each of its machine kinds.
    for (const result of results) {
      if (result.cell.variant !== "states") {
        assertEquals(result.transitions, undefined);
        continue;
      }
      for (const kind of ["pubsubHost", "discovery", "bootstrapFlow"]) {
        assert((result.transitions?.[kind] ?? 0) > 0, `${result.key}: no ${kind} transitions`);
      }
      // At least one accepted INCOMING_RPC per delivery on the host machines.
      assert(result.transitions!.pubsubHost >= result.messagesDelivered!);
    }
    match(cli.stdout, new RegExp(`results: ${out}/results.ndjson; summary: ${out}/summary.json`));
    // The saved summary holds the same comparisons as the terminal: states / default per metric.
    const summary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
    assertEquals(summary.baseline, "default");
    assertEquals(summary.cells.length, 4);
    const states = summary.comparisons.filter((c: { variant: string }) => c.variant === "states");
    assertEquals(states.map((c: { metric: string }) => c.metric), [
      "activeMs",
      "cpuMs",
      "peakRssBytes",
      "heapUsedFinalBytes",
      "latencyMs.p99",
      "duplicatesPerDelivery",
    ]);
    // Two rounds are below the minimum of 5: no interval and no verdict, in the file and on screen.
    for (const comparison of states) {
      assertEquals(comparison.verdict, "too-few-runs");
      assertEquals([comparison.estimate.low, comparison.estimate.high], [null, null]);
    }
    match(cli.stdout, /too few runs \(n = 2\) to compare; add at least 3 more/);
    const config = JSON.parse(await Deno.readTextFile(`${out}/config.json`));
    assertEquals(config.matrix.hosts, [3]);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "bench --resume finishes a killed bench without repeating its runs",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const out = `${dir}/bench`;
    const args = [
      "--hosts=3",
      "--msgs=3",
      "--variants=default",
      "--iterations=4",
      "--warmups=0",
      `--out=${out}`,
    ];
    const bench = new Deno.Command(Deno.execPath(), {
      args: ["run", ...PERMISSIONS, MAIN, "bench", "--no-report", ...args],
      stdout: "null",
      stderr: "null",
    }).spawn();
    // Kill the bench as soon as two results are on disk (watching the folder, not sleeping).
    await Deno.mkdir(out, { recursive: true });
    const watcher = Deno.watchFs(out);
    for await (const _event of watcher) {
      const text = await Deno.readTextFile(`${out}/results.ndjson`).catch(() => "");
      if (text.split("\n").filter((line) => line !== "").length >= 2) break;
    }
    watcher.close();
    bench.kill("SIGKILL");
    await bench.status;
    const before = await Deno.readTextFile(`${out}/results.ndjson`);
    const finishedBefore = parseResults(before).results.length;
    assert(finishedBefore >= 2 && finishedBefore < 4, `finished before kill: ${finishedBefore}`);

    const cli = await runCli(["bench", "--resume", `--out=${out}`]);
    assertEquals(cli.code, 0, cli.stderr);
    const after = await Deno.readTextFile(`${out}/results.ndjson`);
    assert(after.startsWith(before), "earlier results were changed");
    const results = await readResultsOf(out);
    assertEquals(results.map((result) => result.key).sort(), [
      "h3-m3-default-i0",
      "h3-m3-default-i1",
      "h3-m3-default-i2",
      "h3-m3-default-i3",
    ]);
    match(cli.stdout, new RegExp(`${4 - finishedBefore} runs now, ${finishedBefore} resumed`));
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "bench refuses a negative host count with one line and exit 2, writing nothing",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const cli = await runCli(["bench", "--hosts=5,-3", `--out=${dir}/bench`]);
    assertEquals(cli.code, 2);
    assertEquals(cli.stderr.trim().split("\n").length, 1, cli.stderr);
    match(cli.stderr, /^error: flag --hosts.*-3/);
    assertEquals(await exists(`${dir}/bench`), false);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test("bench names the file and line of malformed YAML", cliTest, async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/broken.yml`;
  await Deno.writeTextFile(file, "matrix:\n  hosts: [5, 10\n  msgs: [1]\n");
  const cli = await runCli(["bench", `--config=${file}`, `--out=${dir}/bench`]);
  assertEquals(cli.code, 2);
  match(cli.stderr, new RegExp(`^error: ${file}:\\d+(:\\d+)?: YAML syntax error`));
  assertEquals(await exists(`${dir}/bench`), false);
  await Deno.remove(dir, { recursive: true });
});

Deno.test(
  "bench refuses an unknown variant from the Go env names' neighbour BENCH_VARIANTS",
  cliTest,
  async () => {
    const cli = await runCli(["bench", "--out=/nonexistent/never"], { BENCH_VARIANTS: "stats" });
    assertEquals(cli.code, 2);
    match(cli.stderr, /^error: env BENCH_VARIANTS: unknown variant "stats"/);
  },
);

Deno.test("bench refuses to overwrite earlier results without --resume", cliTest, async () => {
  const dir = await Deno.makeTempDir();
  const earlier =
    '{"schema":1,"key":"x","ok":true,"cell":{"hosts":3,"msgs":1,"variant":"default"}}\n';
  await Deno.writeTextFile(`${dir}/results.ndjson`, earlier);
  const cli = await runCli(["bench", "--hosts=3", "--msgs=1", `--out=${dir}`]);
  assertEquals(cli.code, 2);
  match(cli.stderr, /already holds results; pass --resume/);
  assertEquals(await Deno.readTextFile(`${dir}/results.ndjson`), earlier);
  assertEquals(await exists(`${dir}/config.json`), false);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("bench reports an out dir it cannot create with exit 2", cliTest, async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/file`, "");
  const cli = await runCli(["bench", "--hosts=3", "--msgs=1", `--out=${dir}/file/bench`]);
  assertEquals(cli.code, 2);
  match(cli.stderr, /^error: cannot (use|write to) out dir/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("NUM_HOSTS and RAND_MSGS set the matrix, as in the Go project", cliTest, async () => {
  const dir = await Deno.makeTempDir();
  const cli = await runCli(
    ["bench", "--iterations=1", "--warmups=0", `--out=${dir}/bench`],
    { NUM_HOSTS: "2", RAND_MSGS: "2" },
  );
  assertEquals(cli.code, 0, cli.stderr);
  const results = await readResultsOf(`${dir}/bench`);
  assertEquals(results.map((result) => result.key), ["h2-m2-default-i0", "h2-m2-states-i0"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test(
  "a missed delivery fails the run loudly, with its reason, and exit code 3",
  cliTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const file = `${dir}/slow.yml`;
    // Receivers take 400 ms to validate, but a message may take only 100 ms to reach everyone.
    await Deno.writeTextFile(
      file,
      "scenario: { validationDelayMs: 400, deliveryTimeoutMs: 100 }\n" +
        "matrix: { hosts: [3], msgs: [2], variants: [default], iterations: 1, warmups: 0 }\n",
    );
    const cli = await runCli(["bench", `--config=${file}`, `--out=${dir}/bench`]);
    assertEquals(cli.code, 3, cli.stderr);
    const [result] = await readResultsOf(`${dir}/bench`);
    assertEquals(result.ok, false);
    assertEquals(
      result.failure,
      "missed delivery: message 0 reached 1 of 3 hosts within 100 ms (missing hosts 1, 2)",
    );
    assertEquals(result.messagesMissed, 3 * 3 - 1);
    match(cli.stdout, /1 counted runs FAILED/);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test("a run past its hard timeout is killed and recorded as failed", cliTest, async () => {
  const dir = await Deno.makeTempDir();
  const cli = await runCli([
    "bench",
    "--hosts=3",
    "--msgs=50",
    "--iterations=1",
    "--warmups=0",
    // The clock starts at the go line, after loading: on a fast machine a small run
    // ends within a few hundred ms, so the limit must be one no real run can meet.
    "--run-timeout-ms=5",
    "--variants=default",
    `--out=${dir}/bench`,
  ]);
  assertEquals(cli.code, 3, cli.stderr);
  const [result] = await readResultsOf(`${dir}/bench`);
  assertEquals(result.ok, false);
  assertEquals(result.failure, "timeout after 5 ms");
  assertEquals(result.activeMs, undefined);
  await Deno.remove(dir, { recursive: true });
});
