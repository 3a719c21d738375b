// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { mergeResultsFiles } from "./merge_results.ts";
import { ResultsFileError } from "./results_store.ts";
import type { RunResult } from "./run_result.ts";
import { fakeRun, TEST_SCENARIO } from "./testdata/run_fixtures.ts";

function run(key: string, options: Parameters<typeof fakeRun>[0] = {}): RunResult {
  return { ...fakeRun(options), key };
}

function source(path: string, results: RunResult[]) {
  return { path, results, skipped: [] };
}

Deno.test("mergeResultsFiles keeps every result of disjoint shards, file after file", () => {
  const a = [run("h5-m20-default-i0"), run("h5-m20-default-v0", { warmup: true })];
  const b = [run("h10-m20-default-i0", { hosts: 10 }), run("h5-m20-default-v0", { warmup: true })];
  const merged = mergeResultsFiles([source("a", a), source("b", b)]);
  assertEquals(merged.results, [...a, ...b]);
  assertEquals(merged.results.map((result) => merged.sourceOf.get(result)), ["a", "a", "b", "b"]);
});

Deno.test("mergeResultsFiles refuses files of different scenarios, naming both", () => {
  const burst = run("h10-m20-default-i0", { hosts: 10 });
  burst.scenario = { ...TEST_SCENARIO, pattern: "burst" };
  throws(
    () => mergeResultsFiles([source("a", [run("h5-m20-default-i0")]), source("b", [burst])]),
    (error: Error) =>
      error instanceof ResultsFileError &&
      error.message ===
        '"a" and "b" ran a different scenario (pattern "serial" vs "burst"); merge only the ' +
          "shards of one bench",
  );
});

Deno.test("mergeResultsFiles sees no difference in a scenario's key order", () => {
  const reordered = run("h10-m20-default-i0", { hosts: 10 });
  reordered.scenario = Object.fromEntries(
    Object.entries(TEST_SCENARIO).reverse(),
  ) as typeof TEST_SCENARIO;
  const merged = mergeResultsFiles([source("a", [run("x-i0")]), source("b", [reordered])]);
  assertEquals(merged.results.length, 2);
});

Deno.test("mergeResultsFiles refuses a variant defined differently in two files", () => {
  const other = run("h10-m20-default-i0", { hosts: 10 });
  other.variantSpec = { ...other.variantSpec, router: "floodsub" };
  throws(
    () => mergeResultsFiles([source("a", [run("h5-m20-default-i0")]), source("b", [other])]),
    /"a" and "b" ran a different variant "default" \(router "gossipsub" vs "floodsub"\)/,
  );
});

Deno.test("mergeResultsFiles refuses a counted run found in two files", () => {
  const twice = [run("h5-m20-default-i0")];
  throws(
    () => mergeResultsFiles([source("a", twice), source("b", twice)]),
    /run h5-m20-default-i0 is in both "a" and "b"/,
  );
});

Deno.test("mergeResultsFiles of one file is that file", () => {
  const only = [run("h5-m20-default-i0"), run("h5-m20-default-i1")];
  assertEquals(mergeResultsFiles([source("a", only)]).results, only);
});
