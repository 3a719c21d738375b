// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, match, ok as assert, rejects } from "node:assert/strict";
import type { BenchOutcome, RunResult } from "../bench/mod.ts";
import { fakeRun, TEST_MEASUREMENTS, TEST_SCENARIO } from "../bench/testdata/run_fixtures.ts";
import { NotebookError } from "./notebook_error.ts";
import { compareWithBaseline, comparisonOutputs } from "./notebook_compare.ts";

/** bench.yml's comparison defaults. */
const SETTINGS = {
  minSamples: 5,
  primary: "activeMs" as const,
  falseDiscoveryRate: 0.05,
  noiseFloor: 0.02,
  calibration: "",
};

/** `count` counted ok runs of default at 5 hosts x 20 msgs with this active time. */
function runs(
  benchId: string,
  activeMs: number,
  scenario = TEST_SCENARIO,
  count = 6,
): RunResult[] {
  return Array.from({ length: count }, () => activeMs).map((ms) => ({
    ...fakeRun({ measured: { ...TEST_MEASUREMENTS, activeMs: ms, peakRssBytes: 100 * 2 ** 20 } }),
    benchId,
    scenario,
  }));
}

/** Writes a bench folder `name` under `root`, last modified `minutesAgo` ago. */
async function bench(root: string, name: string, results: RunResult[], minutesAgo: number) {
  const path = `${root}/${name}/results.ndjson`;
  await Deno.mkdir(`${root}/${name}`, { recursive: true });
  await Deno.writeTextFile(path, results.map((result) => JSON.stringify(result)).join("\n") + "\n");
  const time = new Date(Date.now() - minutesAgo * 60_000);
  await Deno.utime(path, time, time);
  return path;
}

async function outcomeIn(root: string, name: string, results: RunResult[]): Promise<BenchOutcome> {
  return {
    benchId: name,
    resultsPath: await bench(root, name, results, 0),
    results,
    ranNow: results.length,
    resumed: 0,
    skippedLines: [],
  };
}

Deno.test("compareWithBaseline takes the most recent comparable bench as the previous one", async () => {
  const root = await Deno.makeTempDir();
  await bench(root, "old", runs("old", 100), 30);
  await bench(root, "recent", runs("recent", 200), 10);
  // More recent, but another scenario or no cell in common: skipped.
  await bench(root, "other-scenario", runs("x", 100, { ...TEST_SCENARIO, payloadBytes: 1024 }), 5);
  await bench(
    root,
    "other-cells",
    [{ ...fakeRun({ hosts: 50, measured: TEST_MEASUREMENTS }), benchId: "y" }],
    4,
  );
  const outcome = await outcomeIn(root, "now", runs("now", 300));
  const comparison = await compareWithBaseline(outcome, { resultsRoot: root });
  assertEquals(comparison.baselinePath, `${root}/recent/results.ndjson`);
  assertEquals(comparison.baseline?.benchId, "recent");
  assert(comparison.note.startsWith("Baseline: `recent`, the most recent other bench"));
  const active = comparison.baseline!.comparisons.find((entry) => entry.metric === "activeMs")!;
  assertEquals([active.estimate.ratio!.toFixed(6), active.change], ["1.500000", "higher"]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("compareWithBaseline takes a given bench folder, or none", async () => {
  const root = await Deno.makeTempDir();
  await bench(root, "chosen", runs("chosen", 100), 30);
  const outcome = await outcomeIn(root, "now", runs("now", 100));
  const given = await compareWithBaseline(outcome, { baseline: `${root}/chosen` });
  assertEquals(given.baselinePath, `${root}/chosen/results.ndjson`);
  const none = await compareWithBaseline(outcome, { baseline: "" });
  assertEquals([none.note, none.baseline], ['No baseline set (baseline is "").', undefined]);
  const alone = await compareWithBaseline(await outcomeIn(`${root}/empty`, "now", runs("n", 1)));
  assertEquals(alone.baseline, undefined);
  assert(alone.note.startsWith("No earlier bench under `empty/` ran the same scenario"));
  await Deno.remove(root, { recursive: true });
});

Deno.test("compareWithBaseline refuses a baseline it cannot compare, saying why", async () => {
  const root = await Deno.makeTempDir();
  const outcome = await outcomeIn(root, "now", runs("now", 100));
  await rejects(
    () => compareWithBaseline(outcome, { baseline: `${root}/missing` }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message.startsWith(`baseline "${root}/missing": not found (`),
  );
  await bench(root, "other", runs("o", 100, { ...TEST_SCENARIO, pattern: "burst" }), 1);
  await rejects(
    () => compareWithBaseline(outcome, { baseline: `${root}/other` }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message === `baseline "${root}/other": ran another scenario (pattern, payload, ` +
          "dials, ...); compare benches of one scenario",
  );
  await rejects(() => compareWithBaseline(outcome, { baseline: 3 }), NotebookError);
  // A calibration file named in the comparison settings must exist.
  await rejects(
    () =>
      compareWithBaseline(outcome, {
        comparison: { ...SETTINGS, calibration: `${root}/none.json` },
      }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message === `calibration file "${root}/none.json" not readable: not found; make ` +
          "one with deno task bench --calibrate",
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("compareWithBaseline judges with the comparison settings it is given", async () => {
  const root = await Deno.makeTempDir();
  await bench(root, "before", runs("before", 100, TEST_SCENARIO, 3), 10);
  const outcome = await outcomeIn(root, "now", runs("now", 150, TEST_SCENARIO, 3));
  // bench.yml's minimum of 5 runs a side: no ratio, no verdict.
  const strict = await compareWithBaseline(outcome, { resultsRoot: root });
  const active = (comparison: typeof strict) =>
    comparison.baseline!.comparisons.find((entry) => entry.metric === "activeMs")!;
  assertEquals([active(strict).verdict, active(strict).estimate.ratio], ["too-few-runs", null]);
  assertEquals(strict.noise, { floor: 0.02 });
  // A minimum of 3 and a 10% floor: tested, and the threshold is the floor.
  const loose = await compareWithBaseline(outcome, {
    resultsRoot: root,
    comparison: { ...SETTINGS, minSamples: 3, noiseFloor: 0.1 },
  });
  assertEquals(
    [active(loose).estimate.ratio!.toFixed(6), active(loose).threshold],
    ["1.500000", 0.1],
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("comparisonOutputs gives the verdicts in the report's words and charts every ratio", async () => {
  const root = await Deno.makeTempDir();
  await bench(root, "before", runs("before", 100), 10);
  const comparison = await compareWithBaseline(
    await outcomeIn(root, "now", runs("now", 150)),
    { resultsRoot: root },
  );
  const outputs = await comparisonOutputs(comparison);
  assertEquals(outputs.length, 2);
  const [text, chart] = outputs;
  const markdown = text.data["text/markdown"];
  assert(markdown.includes("(Wilcoxon rank-sum test, p-values adjusted over the"), markdown);
  assert(markdown.includes("- Both benches ran on the same machine and commit."), markdown);
  match(
    markdown,
    /\n- this bench's default took 50\.0% longer \(active time, \d+% CI \+50\.0% to \+50\.0%, p = 0\.\d+\) at 5 hosts x 20 messages\.\n/,
  );
  assert(markdown.includes("1 of 6 figures changed beyond noise."), markdown);
  assert(!markdown.includes("this bench's default had"), markdown);
  assertEquals(chart.data["text/plain"], "This bench against the baseline");
  assert(chart.data["image/png"].startsWith("iVBOR"));
  assertEquals(
    await comparisonOutputs({ note: "No baseline.", noise: { floor: 0.02 }, settings: SETTINGS }),
    [{ data: { "text/markdown": "No baseline.", "text/plain": "No baseline." } }],
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("comparisonOutputs with too few runs says how many to add and draws no figure", async () => {
  const root = await Deno.makeTempDir();
  await bench(root, "before", runs("before", 100, TEST_SCENARIO, 1), 10);
  const comparison = await compareWithBaseline(
    await outcomeIn(root, "now", runs("now", 150, TEST_SCENARIO, 1)),
    { resultsRoot: root },
  );
  const outputs = await comparisonOutputs(comparison);
  assertEquals(outputs.length, 1);
  const markdown = outputs[0].data["text/markdown"];
  assert(markdown.includes("- too few runs (n = 1) to compare; add at least 4 more."), markdown);
  assert(
    markdown.endsWith(
      "The figure of the ratios needs at least 5 counted runs per cell in both benches " +
        "(`comparison.minSamples`): raise `iterations`.",
    ),
    markdown,
  );
  await Deno.remove(root, { recursive: true });
});
