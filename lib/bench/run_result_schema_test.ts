// The results schema against a line a real bench wrote (testdata/real_result.json: the first
// line of `deno task bench --profile smoke`), and against that line broken in every way the
// report or a resume would trip over.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { checkRunResult } from "./run_result_schema.ts";
import { parseResults } from "./results_store.ts";
import { summarizeResults } from "./summarize_results.ts";

const REAL: Record<string, unknown> = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/real_result.json", import.meta.url)),
);

function problemOf(value: unknown): string {
  const checked = checkRunResult(value);
  assert("problem" in checked, `accepted: ${JSON.stringify(value).slice(0, 200)}`);
  return checked.problem;
}

function without(record: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => !names.includes(name)));
}

Deno.test("checkRunResult() accepts a line a real bench wrote, as it is", () => {
  assertEquals(checkRunResult(REAL), { result: REAL });
});

Deno.test("checkRunResult() keeps fields it does not know, at every level", () => {
  const extended = {
    ...REAL,
    shard: "1/2",
    environment: { ...(REAL.environment as object), kernel: "6.1" },
  };
  const checked = checkRunResult(extended);
  assert("result" in checked);
  assertEquals(checked.result, extended);
});

Deno.test("checkRunResult() refuses a hollow line: schema, key, ok and cell only", () => {
  const hollow = { schema: 1, key: "h3-m5-default-i0", ok: true, cell: REAL.cell };
  assertEquals(problemOf(hollow), "benchId is missing");
});

Deno.test("checkRunResult() refuses a figure of the wrong type, naming it and the value", () => {
  assertEquals(problemOf({ ...REAL, activeMs: "fast" }), 'activeMs: must be a number, got "fast"');
  assertEquals(
    problemOf({ ...REAL, latencyMs: { ...(REAL.latencyMs as object), p99: null } }),
    "latencyMs.p99: must be a number, got null",
  );
  assertEquals(problemOf({ ...REAL, peakRssBytes: -1 }), "peakRssBytes: must be >= 0, got -1");
  assertEquals(problemOf({ ...REAL, iteration: 0.5 }), "iteration: must be an integer, got 0.5");
  assertEquals(problemOf({ ...REAL, ok: "yes" }), 'ok: must be a boolean, got "yes"');
  assertEquals(problemOf({ ...REAL, schema: 2 }), "schema: must be 1, got 2");
  assertEquals(
    problemOf({ ...REAL, variantSpec: "default" }),
    'variantSpec: must be an object (the run\'s variant), got "default"',
  );
});

Deno.test("checkRunResult() wants every figure of an ok run, none of a failed one", () => {
  assertEquals(
    problemOf(without(REAL, "activeMs")),
    "activeMs is missing (an ok run must have it)",
  );
  assertEquals(
    problemOf(without(REAL, "phasesMs")),
    "phasesMs is missing (an ok run must have it)",
  );
  const crashed = {
    ...without(REAL, "phasesMs", "activeMs", "totalMs", "latencyMs", "peakRssBytes"),
    ok: false,
    failure: "crash: exit code 1",
  };
  assert("result" in checkRunResult(crashed));
});

Deno.test("checkRunResult() refuses what is not an object", () => {
  for (const value of [null, 42, "x", [REAL]]) assertEquals(problemOf(value), "not an object");
});

Deno.test("parseResults() never counts a bad line: a 3-iteration cell stays 3 runs", () => {
  const line = (iteration: number, change: Record<string, unknown> = {}): string =>
    JSON.stringify({ ...REAL, key: `h3-m5-default-i${iteration}`, iteration, ...change });
  const text = [
    line(0),
    line(1),
    line(2),
    JSON.stringify({ schema: 1, key: "h3-m5-default-i3", ok: true, cell: REAL.cell }),
    line(4, { activeMs: "fast" }),
    line(1),
  ].join("\n");
  const file = parseResults(text);
  assertEquals(file.skipped.map((skipped) => skipped.line), [4, 5, 6]);
  assertEquals(file.skipped[2].reason, 'key "h3-m5-default-i1" repeats line 2');
  const [cell] = summarizeResults(file.results);
  assertEquals([cell.runs, cell.failures, cell.metrics.activeMs.n], [3, 0, 3]);
});
