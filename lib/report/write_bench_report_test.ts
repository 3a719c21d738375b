// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, match, ok as assert, rejects } from "node:assert/strict";
import type { RunResult } from "../bench/mod.ts";
import type { RunMeasurements } from "../bench/run_result.ts";
import { fakeRun, TEST_MEASUREMENTS, TEST_SCENARIO } from "../bench/testdata/run_fixtures.ts";
import { ReportError } from "./report_error.ts";
import { pdftotext } from "./testdata/poppler.ts";
import { writeBenchReport } from "./write_bench_report.ts";

function runs(activeMs: number[], overrides: Partial<RunResult> = {}): RunResult[] {
  return activeMs.map((value) => ({
    ...fakeRun({
      measured: { ...TEST_MEASUREMENTS, activeMs: value, peakRssBytes: 100 * 2 ** 20 },
    }),
    ...overrides,
  }));
}

/** Eight rounds of one cell with `measured` (peak RSS 100 MiB unless given), of `benchId`. */
function eightRounds(
  measured: Partial<RunMeasurements>,
  options: { hosts?: number; benchId?: string } = {},
): RunResult[] {
  return Array.from({ length: 8 }, (_, iteration) => ({
    ...fakeRun({
      hosts: options.hosts,
      iteration,
      measured: { ...TEST_MEASUREMENTS, peakRssBytes: 100 * 2 ** 20, ...measured },
    }),
    ...(options.benchId ? { benchId: options.benchId } : {}),
  }));
}

async function writeResults(path: string, results: RunResult[], tail = ""): Promise<void> {
  await Deno.writeTextFile(
    path,
    results.map((result) => JSON.stringify(result)).join("\n") + "\n" + tail,
  );
}

Deno.test("writeBenchReport adds a baseline column and flags a change beyond noise", async () => {
  const dir = await Deno.makeTempDir();
  await writeResults(`${dir}/new.ndjson`, runs([200, 200, 200, 200, 200]));
  await writeResults(
    `${dir}/old.ndjson`,
    runs([100, 100, 100, 100, 100], { benchId: "old-bench" }),
  );
  await writeBenchReport(`${dir}/new.ndjson`, {
    outDir: `${dir}/r`,
    baselinePath: `${dir}/old.ndjson`,
  });
  const markdown = await Deno.readTextFile(`${dir}/r/bench.md`);
  assert(markdown.includes("| hosts | msgs | variant | median (IQR) | n | vs baseline |"));
  // No overlap, 5 runs a side: rank-sum p = 2/252 = 0.0079, adjusted over the 6 figures: 0.048.
  assert(
    markdown.includes(
      "| 5 | 20 | default | 200 (0.0) | 5 | **2.000 [2.000, 2.000] 96.8% p = 0.048 ▲** |",
    ),
    markdown,
  );
  // RSS did not change: all tied, p = 1, shown unflagged. (With 5 a side, the exact interval
  // nearest 95% covers 96.8%.)
  assert(
    markdown.includes(
      "| 5 | 20 | default | 100.0 (0.0) | 5 | 1.000 [1.000, 1.000] 96.8% p = 1.000 |",
    ),
  );
  match(markdown, /Against the baseline `old-bench` .*: 1 of \d+ figures changed beyond noise\./);
  match(
    markdown,
    /- this bench's default took 100\.0% longer \(active time, 9\d% CI \+100\.0% to \+100\.0%, p = 0\.048\) at 5 hosts x 20 messages\./,
  );
  match(markdown, /- Both benches ran on the same machine and commit\./);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport allows times to move with the machine's speed between the benches", async () => {
  const dir = await Deno.makeTempDir();
  // The speed probe took 6.5 ms here against 5 ms in the baseline: the machine was 1.3x slower,
  // and active time is 1.25x longer, no more.
  await writeResults(
    `${dir}/new.ndjson`,
    runs([125, 125, 125, 125, 125], { speedProbeCpuMs: 6.5 }),
  );
  await writeResults(
    `${dir}/old.ndjson`,
    runs([100, 100, 100, 100, 100], { benchId: "old-bench", speedProbeCpuMs: 5 }),
  );
  await writeBenchReport(`${dir}/new.ndjson`, {
    outDir: `${dir}/r`,
    baselinePath: `${dir}/old.ndjson`,
  });
  const markdown = await Deno.readTextFile(`${dir}/r/bench.md`);
  match(markdown, /: 0 of \d+ figures changed beyond noise\./);
  match(
    markdown,
    /- The machine was 1\.3x slower during this bench: a fixed piece of work .* took 5\.0 ms in the baseline and 6\.5 ms here/,
  );
  match(
    markdown,
    /- 1 time \(active time\) changed beyond noise but no more than the machine's speed did between the benches \(the machine was 1\.30x slower during this bench\): not counted as changes\./,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport allows a cell's times the drift its neighbour cells show", async () => {
  const dir = await Deno.makeTempDir();
  const cell = (hosts: number, activeMs: number, speedProbeCpuMs: number, benchId?: string) =>
    eightRounds({ activeMs, speedProbeCpuMs }, { hosts, benchId });
  // The 5-host cell's probes agree, yet its active time is 1.25x longer; the 9-host cell's
  // probes show a machine 1.3x slower during this bench. The 5-host change is within that.
  await writeResults(`${dir}/new.ndjson`, [...cell(5, 125, 5), ...cell(9, 100, 6.5)]);
  await writeResults(`${dir}/old.ndjson`, [
    ...cell(5, 100, 5, "old-bench"),
    ...cell(9, 100, 5, "old-bench"),
  ]);
  await writeBenchReport(`${dir}/new.ndjson`, {
    outDir: `${dir}/r`,
    baselinePath: `${dir}/old.ndjson`,
  });
  const markdown = await Deno.readTextFile(`${dir}/r/bench.md`);
  match(markdown, /: 0 of \d+ figures changed beyond noise\./);
  match(
    markdown,
    /- 1 time \(active time\) changed beyond noise but no more than the machine's speed did between the benches \(the machine was 1\.30x slower during this bench\)/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport allows wall-clock times the probe's wall time, CPU time only its CPU time", async () => {
  const dir = await Deno.makeTempDir();
  const bench = (activeMs: number, cpuMs: number, speedProbeWallMs: number, benchId?: string) =>
    eightRounds({ activeMs, cpuMs, speedProbeCpuMs: 5, speedProbeWallMs }, { benchId });
  // The probe computed as fast in both benches, but took 1.5x the wall time here: the runs were
  // kept off the CPU. Active time 1.4x longer is within that; CPU time 1.4x is not.
  await writeResults(`${dir}/new.ndjson`, bench(140, 70, 7.5));
  await writeResults(`${dir}/old.ndjson`, bench(100, 50, 5, "old-bench"));
  await writeBenchReport(`${dir}/new.ndjson`, {
    outDir: `${dir}/r`,
    baselinePath: `${dir}/old.ndjson`,
  });
  const markdown = await Deno.readTextFile(`${dir}/r/bench.md`);
  match(markdown, /: 1 of \d+ figures changed beyond noise\./);
  match(markdown, /- this bench's default took 40\.0% longer \(CPU time, /);
  match(
    markdown,
    /- 1 time \(active time\) changed beyond noise but no more than the machine's speed did between the benches \(the machine was 1\.50x slower during this bench\)/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport of a 1-iteration bench shows no interval and no verdict", async () => {
  const dir = await Deno.makeTempDir();
  await writeResults(`${dir}/one.ndjson`, [
    fakeRun({
      variant: "default",
      iteration: 0,
      measured: { ...TEST_MEASUREMENTS, activeMs: 100, cpuMs: 50 },
    }),
    fakeRun({
      variant: "states",
      iteration: 0,
      measured: { ...TEST_MEASUREMENTS, activeMs: 120, cpuMs: 70 },
    }),
  ]);
  await writeBenchReport(`${dir}/one.ndjson`, { outDir: `${dir}/r` });
  const markdown = await Deno.readTextFile(`${dir}/r/bench.md`);
  match(markdown, /- too few runs \(n = 1\) to compare; add at least 4 more\./);
  assert(markdown.includes("| 5 | 20 | states | 120 (0.0) | 1 | too few runs (n = 1) |"), markdown);
  // No interval ("[1.2, ...]", "CI"), no verdict (arrows, "longer", "changed beyond noise").
  assert(!/\[\d/.test(markdown), "an interval is printed");
  assert(!/\d% CI|[▲▼]|longer|less time|no figure changed/.test(markdown), markdown);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport refuses a baseline of another scenario and keeps the report", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/r`);
  await Deno.writeTextFile(`${dir}/r/bench.md`, "earlier report\n");
  await writeResults(`${dir}/new.ndjson`, runs([200]));
  await writeResults(
    `${dir}/old.ndjson`,
    runs([100], { scenario: { ...TEST_SCENARIO, payloadBytes: 256 } }),
  );
  await rejects(
    writeBenchReport(`${dir}/new.ndjson`, {
      outDir: `${dir}/r`,
      baselinePath: `${dir}/old.ndjson`,
    }),
    (error: unknown) => {
      assert(error instanceof ReportError);
      match(error.message, /baseline ".*old\.ndjson" ran a different scenario/);
      match(error.message, /payloadBytes 128 here vs 256 there/);
      return true;
    },
  );
  assertEquals(await Deno.readTextFile(`${dir}/r/bench.md`), "earlier report\n");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport names a missing baseline file", async () => {
  const dir = await Deno.makeTempDir();
  await writeResults(`${dir}/new.ndjson`, runs([200]));
  await rejects(
    writeBenchReport(`${dir}/new.ndjson`, { outDir: `${dir}/r`, baselinePath: `${dir}/no.ndjson` }),
    /^ReportError: baseline file ".*no\.ndjson": not found$/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport notes a truncated last line instead of failing", async () => {
  const dir = await Deno.makeTempDir();
  await writeResults(`${dir}/new.ndjson`, runs([200, 210]), '{"schema":1,"key":"cut');
  await writeBenchReport(`${dir}/new.ndjson`, { outDir: `${dir}/r` });
  const markdown = await Deno.readTextFile(`${dir}/r/bench.md`);
  match(
    markdown,
    /\*\*Note:\*\* 1 lines of the results file are not run results and were left out \(first: line 3/,
  );
  assert(markdown.includes("| 5 | 20 | default | 205 (5.0) | 2 |"), markdown);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport links a traced run's files and does not count the run", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/b`);
  const traced = runs([9999], {
    traced: true,
    key: "h5-m20-default-t0",
    telemetryFiles: { jaeger: "traces/t0.jaeger.json", otlp: "traces/t0.otlp.json" },
  });
  await writeResults(`${dir}/b/results.ndjson`, [...runs([200, 200]), ...traced]);
  await writeBenchReport(`${dir}/b/results.ndjson`, { outDir: `${dir}/r` });
  const markdown = await Deno.readTextFile(`${dir}/r/bench.md`);
  assert(
    markdown.includes(
      "| 5 | 20 | default | [OTLP JSON](../b/traces/t0.otlp.json) · " +
        "[Jaeger JSON](../b/traces/t0.jaeger.json) |",
    ),
    markdown,
  );
  assert(markdown.includes("| 5 | 20 | default | 200 (0.0) | 2 |"), "the traced run was counted");
  await Deno.remove(dir, { recursive: true });
});

/** A run that measured every figure the report shows, `scale` times the base figures. */
function fullRun(variant: string, scale: number, ok = true, iteration?: number): RunResult {
  return fakeRun({
    variant,
    ok,
    iteration,
    ...(ok ? {} : { failure: "timeout" }),
    measured: {
      ...TEST_MEASUREMENTS,
      activeMs: 1000 * scale,
      phasesMs: {
        init: 101 * scale,
        subscribe: 202 * scale,
        firstMessage: 303 * scale,
        randomMessages: 404 * scale,
        stop: 55 * scale,
      },
      peakRssBytes: 100 * 2 ** 20,
      heapUsedFinalBytes: 50 * 2 ** 20,
      cpuMs: 1500,
      latencyMs: { count: 10, p50: 11 * scale, p95: 22 * scale, p99: 33 * scale, max: 44 },
      duplicatesPerDelivery: 1.5,
      meshDegreeAtFirstPublish: 4,
      meshDegreeMeanAtFirstPublish: 5.5,
    },
  });
}

Deno.test("writeBenchReport shows phases, p50/p95/p99 latency and mesh degree in bench.md and bench.pdf", async () => {
  const dir = await Deno.makeTempDir();
  await writeResults(`${dir}/b.ndjson`, [
    ...[1, 1, 1].map((scale, round) => fullRun("default", scale, true, round)),
    ...[2, 2, 2].map((scale, round) => fullRun("states", scale, true, round)),
  ]);
  const written = await writeBenchReport(`${dir}/b.ndjson`, { outDir: `${dir}/r` });
  const markdown = await Deno.readTextFile(written.markdownPath);
  const rows = [
    "| 5 | 20 | default | 101 (0.0) | 202 (0.0) | 303 (0.0) | 404 (0.0) | 55 (0.0) | 3 |",
    "| 5 | 20 | states | 202 (0.0) | 404 (0.0) | 606 (0.0) | 808 (0.0) | 110 (0.0) | 3 |",
    "| 5 | 20 | default | 11 (0.0) | 22 (0.0) | 33 (0.0) | 3 | — |",
    // Three rounds: below the minimum sample count, so no interval.
    "| 5 | 20 | states | 22 (0.0) | 44 (0.0) | 66 (0.0) | 3 | too few runs (n = 3) |",
    "| 5 | 20 | default | 4.0 (0.0) | 5.5 (0.0) | 3 |",
  ];
  for (const row of rows) assert(markdown.includes(row), `${row} missing from:\n${markdown}`);
  const text = await pdftotext(await Deno.readFile(written.pdfPath));
  for (
    const words of [
      "Phases",
      "first message",
      "random messages",
      "p50",
      "p95",
      "p99",
      "mean over hosts",
      "Mesh degree at the first publish",
      "No run failed (6 counted runs).",
    ]
  ) {
    assert(text.includes(words), `"${words}" missing from the PDF text`);
  }
  // Nothing failed: one line, no failures chart written or linked.
  assert(!written.chartPaths.some((path) => path.endsWith("bench-failures.svg")));
  assert(!markdown.includes("bench-failures"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport prints each figure's name once: headings, not chart titles", async () => {
  const dir = await Deno.makeTempDir();
  await writeResults(`${dir}/b.ndjson`, [fullRun("default", 1), fullRun("default", 1, false)]);
  const written = await writeBenchReport(`${dir}/b.ndjson`, { outDir: `${dir}/r` });
  for (const path of written.chartPaths) {
    const svg = await Deno.readTextFile(path);
    assert(!svg.includes('class="chart-title"'), `${path} draws its title`);
  }
  // A run failed: its chart is there, under its one heading.
  assert(written.chartPaths.some((path) => path.endsWith("bench-failures.svg")));
  const text = await pdftotext(await Deno.readFile(written.pdfPath));
  for (const title of ["Active time", "Failed runs", "Delivery latency", "Peak RSS"]) {
    const count = text.split(title).length - 1;
    assertEquals(count, 1, `"${title}" printed ${count} times`);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeBenchReport adds the scale section with two host counts or more", async () => {
  const dir = await Deno.makeTempDir();
  const at = (hosts: number, activeMs: number, shards: number) => ({
    ...fakeRun({
      hosts,
      msgs: 100,
      measured: {
        ...TEST_MEASUREMENTS,
        activeMs,
        cpuMs: 2 * activeMs,
        peakRssBytes: hosts * 2 ** 21,
      },
    }),
    shards,
  });
  await writeResults(`${dir}/scale.ndjson`, [at(100, 12_000, 2), at(1000, 150_000, 2)]);
  const written = await writeBenchReport(`${dir}/scale.ndjson`, { outDir: `${dir}/r` });
  const markdown = await Deno.readTextFile(`${dir}/r/bench.md`);
  assert(markdown.includes("## Scale"));
  assert(markdown.includes("![Cost per host as the network grows](bench-scale.svg)"));
  assert(markdown.includes(
    "| hosts | msgs | variant | shards | active ms / host | CPU ms / host | peak RSS MiB / host | n |",
  ));
  assert(markdown.includes("| 100 | 100 | default | 2 | 120.0 | 240.0 | 2.00 | 1 |"), markdown);
  assert(markdown.includes("| 1000 | 100 | default | 2 | 150.0 | 300.0 | 2.00 | 1 |"));
  assert(written.chartPaths.includes(`${dir}/r/bench-scale.svg`));

  await writeResults(`${dir}/one.ndjson`, [at(100, 12_000, 1)]);
  await writeBenchReport(`${dir}/one.ndjson`, { outDir: `${dir}/r1` });
  assert(!(await Deno.readTextFile(`${dir}/r1/bench.md`)).includes("## Scale"));
  await Deno.remove(dir, { recursive: true });
});
