// The report rendered while the last runs' processes exit: kept only when the results file ends
// up reading as it was rendered from.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { fakeRun, TEST_MEASUREMENTS } from "./testdata/run_fixtures.ts";
import type { RunResult } from "./run_result.ts";
import { MAIN, PERMISSIONS } from "./testdata/run_cli.ts";
import {
  createReportAfterRuns,
  sameReportInput,
  type WriteBenchReport,
} from "./speculative_report.ts";

function ndjson(results: RunResult[]): string {
  return results.map((result) => JSON.stringify(result) + "\n").join("");
}

const RUNS = [
  fakeRun({ measured: TEST_MEASUREMENTS }),
  fakeRun({ variant: "states", measured: TEST_MEASUREMENTS }),
];

Deno.test("sameReportInput ignores what only a process's exit decides, and key order", () => {
  const exited = RUNS.map((run) => ({ ...run, durationMs: 1234, exitAfterReportMs: 1010 }));
  const reordered = RUNS.map((run) => Object.fromEntries(Object.entries(run).reverse()));
  assert(sameReportInput(ndjson(RUNS), ndjson(exited)));
  assert(sameReportInput(ndjson(RUNS), ndjson(reordered as unknown as RunResult[])));
});

Deno.test("sameReportInput sees a run that failed at its exit, another order, another count", () => {
  const lingered = [RUNS[0], { ...RUNS[1], ok: false, failure: "did not exit within 10000 ms" }];
  assert(!sameReportInput(ndjson(RUNS), ndjson(lingered)));
  assert(!sameReportInput(ndjson(RUNS), ndjson([RUNS[1], RUNS[0]])));
  assert(!sameReportInput(ndjson(RUNS), ndjson(RUNS.slice(0, 1))));
  assert(!sameReportInput(ndjson(RUNS), ndjson(RUNS) + "not a result\n"));
});

/** A writer that writes what it was asked for, and records each call. */
function recordingWriter(calls: { reportDir: string; resultsText?: string }[]): WriteBenchReport {
  return async (resultsPath, reportDir, options) => {
    calls.push({ reportDir, ...options });
    await Deno.mkdir(reportDir, { recursive: true });
    const text = options?.resultsText ?? await Deno.readTextFile(resultsPath);
    await Deno.writeTextFile(`${reportDir}/chart.svg`, "<svg/>");
    await Deno.writeTextFile(`${reportDir}/bench.md`, `runs: ${text.trim().split("\n").length}`);
    return { markdownPath: `${reportDir}/bench.md` };
  };
}

Deno.test("createReportAfterRuns keeps the report rendered ahead when the file reads as guessed", async () => {
  const dir = await Deno.makeTempDir();
  const calls: { reportDir: string; resultsText?: string }[] = [];
  const resultsPath = `${dir}/results.ndjson`;
  const report = createReportAfterRuns(recordingWriter(calls), {
    resultsPath,
    reportDir: `${dir}/reports`,
  });
  await report.afterLastReport(ndjson(RUNS));
  await Deno.writeTextFile(resultsPath, ndjson(RUNS.map((run) => ({ ...run, durationMs: 99 }))));
  assertEquals(await report.finish(), {
    markdownPath: `${dir}/reports/bench.md`,
    renderedAhead: true,
  });
  assertEquals(calls.length, 1);
  assert(calls[0].reportDir.startsWith(`${dir}/reports/.bench-staging-`));
  assertEquals(calls[0].resultsText, ndjson(RUNS));
  const names = [...Deno.readDirSync(`${dir}/reports`)].map((entry) => entry.name).sort();
  assertEquals(names, ["bench.md", "chart.svg"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("createReportAfterRuns renders again from the file when a run ended otherwise", async () => {
  const dir = await Deno.makeTempDir();
  const calls: { reportDir: string; resultsText?: string }[] = [];
  const resultsPath = `${dir}/results.ndjson`;
  const report = createReportAfterRuns(recordingWriter(calls), {
    resultsPath,
    reportDir: `${dir}/reports`,
  });
  await report.afterLastReport(ndjson(RUNS));
  const final = [RUNS[0], { ...RUNS[1], ok: false, failure: "crashed with exit code 1" }];
  await Deno.writeTextFile(resultsPath, ndjson(final) + ndjson([RUNS[0]]).replace("test", "x"));
  assertEquals((await report.finish()).renderedAhead, false);
  assertEquals(calls.length, 2);
  assertEquals(calls[1], { reportDir: `${dir}/reports` });
  assertEquals(await Deno.readTextFile(`${dir}/reports/bench.md`), "runs: 3");
  const names = [...Deno.readDirSync(`${dir}/reports`)].map((entry) => entry.name).sort();
  assertEquals(names, ["bench.md", "chart.svg"]); // no staging folder left
  await Deno.remove(dir, { recursive: true });
});

Deno.test("createReportAfterRuns prepares, and writes once at the end, when nothing can be guessed", async () => {
  const dir = await Deno.makeTempDir();
  const calls: { reportDir: string; resultsText?: string }[] = [];
  let prepared = 0;
  const report = createReportAfterRuns(recordingWriter(calls), {
    resultsPath: `${dir}/results.ndjson`,
    reportDir: `${dir}/reports`,
    prepare: () => Promise.resolve(void prepared++),
  });
  await report.afterLastReport(undefined);
  assertEquals(prepared, 1);
  assertEquals(calls.length, 0);
  await Deno.writeTextFile(`${dir}/results.ndjson`, ndjson(RUNS));
  await report.finish();
  assertEquals(calls, [{ reportDir: `${dir}/reports` }]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("createReportAfterRuns discards a staged report when the bench does not finish", async () => {
  const dir = await Deno.makeTempDir();
  const report = createReportAfterRuns(recordingWriter([]), {
    resultsPath: `${dir}/results.ndjson`,
    reportDir: `${dir}/reports`,
  });
  await report.afterLastReport(ndjson(RUNS));
  await report.discard();
  assertEquals([...Deno.readDirSync(`${dir}/reports`)], []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test({
  name: "a bench's report, rendered while its last process exits, is the one the file gives",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const bench = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...PERMISSIONS,
        MAIN,
        "bench",
        "--hosts=3",
        "--msgs=1",
        "--variants=default,states",
        "--iterations=1",
        "--warmups=0",
        `--results-root=${dir}/results`,
        `--report-dir=${dir}/reports`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(bench.stderr);
    assertEquals(bench.code, 0, stderr);
    const stdout = new TextDecoder().decode(bench.stdout);
    assert(stdout.includes("(rendered while the last runs' processes exited)"), stdout);
    const ahead = await Deno.readTextFile(`${dir}/reports/bench.md`);
    const names = [...Deno.readDirSync(`${dir}/reports`)].map((entry) => entry.name);
    assert(!names.some((name) => name.startsWith(".bench-staging-")), names.join(", "));
    // The same report from the results file: only the time it was made may differ.
    const [folder] = [...Deno.readDirSync(`${dir}/results`)].map((entry) => entry.name);
    const again = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-env",
        MAIN,
        "report",
        `--results=${dir}/results/${folder}/results.ndjson`,
        `--out=${dir}/again`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(again.code, 0, new TextDecoder().decode(again.stderr));
    const fromFile = await Deno.readTextFile(`${dir}/again/bench.md`);
    const withoutTime = (text: string) => text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>");
    assertEquals(withoutTime(ahead), withoutTime(fromFile));
    await Deno.remove(dir, { recursive: true });
  },
});
