/**
 * `bench`: loads the config, runs the matrix, prints the summary.
 *
 * @module
 */
import { type BenchFlags, ConfigError, parseFlags } from "../config/mod.ts";
import { createBenchProgressView } from "./bench_progress.ts";
import { RESULTS_FILE, runBench } from "./run_bench.ts";
import { freshBenchTarget, resumeBenchTarget, UsageError } from "./bench_target.ts";
import { createReportAfterRuns, type WriteBenchReport } from "./speculative_report.ts";
import { writeTextAtomically } from "./write_text_atomically.ts";
import { BENCH_USAGE } from "./bench_usage.ts";
export { BENCH_USAGE };
import { resolveNoiseSource } from "./resolve_noise_source.ts";
import {
  type BenchSummary,
  renderBenchSummary,
  saveCalibration,
  summarizeBench,
} from "./bench_summary.ts";
import { isCounted } from "./run_result.ts";
import { sequentialRuleOf } from "./sequential_rule.ts";
import { sequentialRuleSentence } from "./sequential_summary.ts";

/** Options of {@linkcode benchCommand}. */
export interface BenchCommandOptions {
  /**
   * Writes the report of a finished bench; main.ts passes the report area's writer (the bench
   * area does not import it, so the two areas do not import each other). It is first called
   * while the last runs' processes exit, into a staging folder with the results text they will
   * leave (see `speculative_report.ts`), and again from the file only if that text was wrong.
   */
  writeReport?: WriteBenchReport;
  /**
   * Preparation of the caller's for the report (e.g. loading its modules), started once every
   * run has reported when no report can be rendered ahead (a traced bench, a resumed file with
   * lines that are not results). Not called with --no-report.
   */
  prepare?: () => Promise<void>;
}

/**
 * Runs the bench command with `args` (the words after `bench`), then writes its report through
 * `options.writeReport`; returns the exit code.
 */
export async function benchCommand(
  args: string[],
  options: BenchCommandOptions = {},
): Promise<number> {
  const flags = _parseFlags(args);
  if (flags.help) {
    console.log(BENCH_USAGE);
    return 0;
  }
  const { config, outDir } = flags.resume
    ? await resumeBenchTarget(flags)
    : await freshBenchTarget(flags);
  const rule = sequentialRuleOf(config);
  if (rule !== undefined) console.error(sequentialRuleSentence(rule));
  const view = createBenchProgressView();
  const interrupt = _listenForInterrupts();
  const report = options.writeReport !== undefined && !flags.noReport
    ? createReportAfterRuns(options.writeReport, {
      resultsPath: `${outDir}/${RESULTS_FILE}`,
      reportDir: flags.reportDir,
      ...(options.prepare ? { prepare: options.prepare } : {}),
    })
    : undefined;
  let outcome;
  try {
    outcome = await runBench(config, {
      outDir,
      resume: flags.resume,
      signal: interrupt.signal,
      ...(report ? { afterLastReport: report.afterLastReport } : {}),
      onChildEntry: (entry) => {
        if (entry.bundleFailure !== undefined) {
          console.error(
            `note: the runs load their sources (the same code, slower to start): ${entry.bundleFailure}`,
          );
        } else if (entry.buildMs !== undefined) {
          console.error(
            `note: built the runs' bundle in ${(entry.buildMs / 1000).toFixed(1)} s ` +
              `(first bench since a source changed)`,
          );
        }
      },
      onPlanned: (outlook, progress) => view.planned(outlook, progress),
      onRunStart: (run, progress) => view.runStarted(run, progress),
      onRunEnd: (result, progress) => view.runEnded(result, progress),
      onRunProgress: (run, reached) => view.runProgress(run, reached),
    });
  } catch (error) {
    await report?.discard();
    if (interrupt.signal.aborted) {
      view.stop();
      console.error(`bench: ${error instanceof Error ? error.message : error}`);
      return _SIGNAL_EXIT_CODES[interrupt.signal.reason as _Interrupt];
    }
    throw error;
  } finally {
    view.stop();
    interrupt.dispose();
  }
  for (const skipped of outcome.skippedLines) {
    console.error(`note: ${outcome.resultsPath}:${skipped.line} skipped: ${skipped.reason}`);
  }
  const noise = await resolveNoiseSource(outcome.results, {
    floor: config.comparison.noiseFloor,
    file: config.comparison.calibration,
    resultsRoot: config.resultsRoot,
  });
  const summary = summarizeBench(outcome.results, config, { noise });
  const summaryPath = await _writeSummary(outDir, summary);
  console.log(renderBenchSummary(summary));
  if (flags.calibrate) {
    await saveCalibration(
      outcome.results,
      outDir,
      config.resultsRoot,
      config.comparison.minSamples,
    );
  }
  console.log(
    `${outcome.ranNow} runs now${
      outcome.resumed > 0 ? `, ${outcome.resumed} resumed` : ""
    }; results: ${outcome.resultsPath}; summary: ${summaryPath}`,
  );
  if (report !== undefined) {
    try {
      const written = await report.finish();
      console.log(
        `report: ${written.markdownPath}${
          written.renderedAhead ? " (rendered while the last runs' processes exited)" : ""
        }`,
      );
    } catch (error) {
      // The runs are on disk either way; `deno task report` can render them again.
      console.error(`report not written: ${error instanceof Error ? error.message : error}`);
    }
  }
  const failed = outcome.results.filter((result) => !result.ok && isCounted(result));
  if (failed.length > 0) {
    console.log(`${failed.length} counted runs FAILED (reasons in the table and results file)`);
    return 3;
  }
  return 0;
}

/** Writes `summary` as `<outDir>/summary.json` (to a temporary file first, then renamed). */
async function _writeSummary(outDir: string, summary: BenchSummary): Promise<string> {
  const path = `${outDir}/${SUMMARY_FILE}`;
  await writeTextAtomically(path, JSON.stringify(summary, null, 2) + "\n");
  return path;
}

/** The summary file beside results.ndjson. */
export const SUMMARY_FILE = "summary.json";

type _Interrupt = "SIGINT" | "SIGTERM" | "SIGHUP";
const _SIGNAL_EXIT_CODES: Record<_Interrupt, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Turns the first SIGINT, SIGTERM or SIGHUP into an abort (whose reason is the signal's name):
 * the bench then kills its children, so none outlives it. Later signals are ignored: one Ctrl-C
 * reaches the bench once through `deno task` and once more from the terminal's process group.
 */
function _listenForInterrupts(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handlers = (Object.keys(_SIGNAL_EXIT_CODES) as _Interrupt[]).map((name) => {
    const handler = (): void => {
      if (!controller.signal.aborted) controller.abort(name);
    };
    Deno.addSignalListener(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    dispose() {
      for (const [name, handler] of handlers) Deno.removeSignalListener(name, handler);
    },
  };
}

interface _Flags extends BenchFlags {
  config?: string;
  profile?: string;
  out?: string;
  resume: boolean;
  calibrate: boolean;
  reportDir: string;
  noReport: boolean;
  help: boolean;
  /** Start even when the biggest runs look too big for this machine. */
  force: boolean;
}

function _parseFlags(args: string[]): _Flags {
  const parsed = parseFlags(args, "bench", {
    toError: (message) => new UsageError(message),
    options: {
      config: { type: "string" },
      profile: { type: "string" },
      hosts: { type: "string" },
      msgs: { type: "string" },
      variants: { type: "string" },
      iterations: { type: "string" },
      warmups: { type: "string" },
      "warmups-per-variant": { type: "string" },
      seed: { type: "string" },
      pattern: { type: "string" },
      "run-timeout-ms": { type: "string" },
      jobs: { type: "string" },
      shard: { type: "string" },
      "child-modules": { type: "string" },
      shards: { type: "string" },
      "ready-topic-peers": { type: "string" },
      "v8-flags": { type: "string" },
      force: { type: "boolean", default: false },
      "results-root": { type: "string" },
      trace: { type: "boolean" },
      "tracing-host": { type: "string" },
      "tracing-machines": { type: "string" },
      journal: { type: "boolean" },
      "report-dir": { type: "string" },
      "no-report": { type: "boolean", default: false },
      out: { type: "string" },
      resume: { type: "boolean", default: false },
      calibrate: { type: "boolean", default: false },
      "min-samples": { type: "string" },
      "until-ci-width": { type: "string" },
      "max-iterations": { type: "string" },
      primary: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const values = parsed.values;
  return {
    config: values.config,
    profile: values.profile,
    hosts: values.hosts,
    msgs: values.msgs,
    variants: values.variants,
    iterations: values.iterations,
    warmups: values.warmups,
    warmupsPerVariant: values["warmups-per-variant"],
    seed: values.seed,
    pattern: values.pattern,
    runTimeoutMs: values["run-timeout-ms"],
    jobs: values.jobs,
    shard: values.shard,
    childModules: values["child-modules"],
    shards: values.shards,
    readyTopicPeers: values["ready-topic-peers"],
    v8Flags: values["v8-flags"],
    force: values.force ?? false,
    resultsRoot: values["results-root"],
    trace: values.trace === undefined ? undefined : String(values.trace),
    tracingHost: values["tracing-host"],
    tracingMachines: values["tracing-machines"],
    journal: values.journal === undefined ? undefined : String(values.journal),
    out: values.out,
    resume: values.resume ?? false,
    calibrate: values.calibrate ?? false,
    minSamples: values["min-samples"],
    untilCiWidth: values["until-ci-width"],
    maxIterations: values["max-iterations"],
    primary: values.primary,
    reportDir: values["report-dir"] ?? "reports",
    noReport: values["no-report"] ?? false,
    help: values.help ?? false,
  };
}

export { ConfigError, UsageError };
