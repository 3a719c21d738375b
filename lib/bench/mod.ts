/**
 * The benchmark: the discovery scenario, one run in a child process, the matrix runner, the
 * results file, statistics and the terminal summary.
 *
 * @module
 */
export { BENCH_USAGE, benchCommand, SUMMARY_FILE, UsageError } from "./bench_command.ts";
export type { BenchCommandOptions } from "./bench_command.ts";
export { renderBenchSummary, saveCalibration, summarizeBench } from "./bench_summary.ts";
export type { BenchSummary, SummarizeBenchOptions } from "./bench_summary.ts";
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
export {
  type CellPrecision,
  checkCellPrecision,
  type SequentialRule,
  sequentialRuleOf,
} from "./sequential_rule.ts";
export {
  sequentialCellSentence,
  sequentialRuleSentence,
  type SequentialSummary,
  STOP_STATE_WORDS,
  summarizeSequential,
} from "./sequential_summary.ts";
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
export { describeSamples } from "./statistics.ts";
export {
  COMPARED_METRICS,
  compareVariants,
  METRICS,
  metricSamples,
  summarizeResults,
} from "./summarize_results.ts";
export type { ComparisonEstimate, ComparisonSettings } from "./summarize_results.ts";
export { compareSamples } from "./compare_samples.ts";
export type { SampleComparison } from "./compare_samples.ts";
export { judgeComparisons } from "./judge_comparisons.ts";
export type { DriftAllowance, Judgement, VerdictKind } from "./judge_comparisons.ts";
export {
  calibrateNoise,
  CALIBRATION_FILE,
  NoiseCalibrationError,
  noiseThreshold,
  parseNoiseCalibration,
  TWIN_VARIANT,
} from "./noise_calibration.ts";
export type { NoiseCalibration, NoiseSource, NoiseThreshold } from "./noise_calibration.ts";
export { ownNoiseSource, resolveNoiseSource } from "./resolve_noise_source.ts";
export { findSteadierFigure } from "./steadier_figure.ts";
export type { SteadierFigure } from "./steadier_figure.ts";
export { environmentDifferences } from "./environment_differences.ts";
export {
  compareMachineSpeed,
  machineDriftByFigure,
  machineDriftRange,
  machineSpeedSentence,
  speedGaugeMs,
  startupOf,
} from "./machine_speed.ts";
export type { DriftRange, MachineSpeed, SpeedClock } from "./machine_speed.ts";
export type { EnvironmentDifferences } from "./environment_differences.ts";
export {
  changeSentence,
  figureWords,
  formatPValue,
  steadierSentence,
  thresholdWords,
  verdictSentences,
} from "./verdict_sentences.ts";
export type { WordedComparison } from "./verdict_sentences.ts";
export { formatRatioInterval, VERDICT_WORDS } from "./format_summary.ts";
export { compareToBaseline } from "./compare_to_baseline.ts";
export type { BaselineComparison, CompareToBaselineOptions } from "./compare_to_baseline.ts";
export type { CellSummary, MetricSpec, VariantComparison } from "./summarize_results.ts";
export { createSeededRandom } from "./seeded_random.ts";
export type { SeededRandom } from "./seeded_random.ts";
export { createStatesDriver } from "./states_driver.ts";
export type { HostDriver, HostDriverInit } from "./host_driver.ts";
export { writeFileAtomically, writeTextAtomically } from "./write_text_atomically.ts";
