// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import type { BenchOutcome, RunResult } from "../bench/mod.ts";
import { fakeRun, TEST_MEASUREMENTS, TEST_SCENARIO } from "../bench/testdata/run_fixtures.ts";
import { NotebookError } from "./notebook_error.ts";
import { compareWithBaseline, comparisonOutputs } from "./notebook_compare.ts";

/** Three counted ok runs of default at 5 hosts x 20 msgs with this active time. */
function runs(benchId: string, activeMs: number, scenario = TEST_SCENARIO): RunResult[] {
  return [activeMs, activeMs, activeMs].map((ms) => ({
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
  assertEquals([active.estimate.ratio, active.change], [1.5, "higher"]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("compareWithBaseline takes a given bench folder, or none", async () => {
  const root = await Deno.makeTempDir();
  await bench(root, "chosen", runs("chosen", 100), 30);
  const outcome = await outcomeIn(root, "now", runs("now", 100));
  const given = await compareWithBaseline(outcome, { baseline: `${root}/chosen` });
  assertEquals(given.baselinePath, `${root}/chosen/results.ndjson`);
  const none = await compareWithBaseline(outcome, { baseline: "" });
  assertEquals(none, { note: 'No baseline set (baseline is "").' });
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
  await Deno.remove(root, { recursive: true });
});

Deno.test("comparisonOutputs names the changes beyond noise and charts every ratio", async () => {
  const root = await Deno.makeTempDir();
  await bench(root, "before", runs("before", 100), 10);
  const comparison = await compareWithBaseline(
    await outcomeIn(root, "now", runs("now", 150)),
    { resultsRoot: root },
  );
  const [text, chart] = await comparisonOutputs(comparison);
  const markdown = text.data["text/markdown"];
  assert(markdown.includes("Changed beyond the ±2% noise band:"), markdown);
  assert(markdown.includes("- active · 5 hosts x 20 msgs · default: higher (×1.50"), markdown);
  assert(!markdown.includes("peak RSS ·"), markdown);
  assertEquals(chart.data["text/plain"], "This bench against the baseline");
  assert(chart.data["image/png"].startsWith("iVBOR"));
  assertEquals(await comparisonOutputs({ note: "No baseline." }), [
    { data: { "text/markdown": "No baseline.", "text/plain": "No baseline." } },
  ]);
  await Deno.remove(root, { recursive: true });
});
