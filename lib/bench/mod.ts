/**
 * The benchmark: the discovery scenario, one run in a child process, the matrix runner, the
 * results file, statistics and the terminal summary.
 *
 * @module
 */
export {
  BENCH_USAGE,
  benchCommand,
  renderBenchSummary,
  summarizeBench,
  SUMMARY_FILE,
  UsageError,
} from "./bench_command.ts";
export type { BenchCommandOptions, BenchSummary } from "./bench_command.ts";
export { runDiscoveryScenario } from "./discovery_scenario.ts";
export type { DiscoveryScenarioOptions, DiscoveryScenarioOutcome } from "./discovery_scenario.ts";
export {
  BenchError,
  CONFIG_FILE,
  findNewestBench,
  RESULTS_FILE,
  runBench,
  serializeConfig,
} from "./run_bench.ts";
export type { BenchOutcome, BenchProgress, RunBenchOptions } from "./run_bench.ts";
export { planMatrix } from "./plan_matrix.ts";
export type { PlannedRun } from "./plan_matrix.ts";
export {
  parseResults,
  readResults,
  type ReadResultsOptions,
  ResultsFileError,
  type SkippedLine,
} from "./results_store.ts";
export { type CheckedRunResult, checkRunResult, RUN_RESULT_SCHEMA } from "./run_result_schema.ts";
export { mergeResultsFiles } from "./merge_results.ts";
export type { MergedResults, ResultsSource } from "./merge_results.ts";
export { isCounted } from "./run_result.ts";
export type { RunResult } from "./run_result.ts";
export { bootstrapRatioOfMedians, describeSamples } from "./statistics.ts";
export { compareVariants, METRICS, metricSamples, summarizeResults } from "./summarize_results.ts";
export { compareToBaseline } from "./compare_to_baseline.ts";
export type { BaselineComparison, CompareToBaselineOptions } from "./compare_to_baseline.ts";
export type { CellSummary, MetricSpec, VariantComparison } from "./summarize_results.ts";
export { createSeededRandom } from "./seeded_random.ts";
export type { SeededRandom } from "./seeded_random.ts";
export { createStatesDriver } from "./states_driver.ts";
export type { HostDriver, HostDriverInit } from "./host_driver.ts";
export { writeFileAtomically, writeTextAtomically } from "./write_text_atomically.ts";
