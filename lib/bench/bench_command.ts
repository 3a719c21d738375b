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

/** Usage text of the bench command. */
export const BENCH_USAGE = `Usage: deno task bench [options]

Runs the benchmark matrix (bench.yml; environment variables and flags override it).

Options:
  --config FILE          config file (default bench.yml)
  --profile NAME         a profile from the config file, e.g. full or smoke
  --hosts LIST           host counts, e.g. 5,10            (env NUM_HOSTS)
  --msgs LIST            message counts, e.g. 20,100        (env RAND_MSGS)
  --variants LIST        variant names, e.g. default,floodsub (env BENCH_VARIANTS)
  --iterations N         counted runs per cell              (env BENCH_ITERATIONS)
  --warmups N            warm-up runs per cell, not counted (env BENCH_WARMUPS)
  --warmups-per-variant N  warm-up rounds at the first cell before all else, not counted
                         (env BENCH_WARMUPS_PER_VARIANT)
  --seed N               base seed                          (env BENCH_SEED)
  --until-ci-width W     sequential sampling: --iterations becomes each cell's minimum, and
                         rounds are added until the 95% CI of every variant's ratio to default,
                         on the headline figure (--primary), is at most W wide (high - low,
                         0 < W < 10), or --max-iterations rounds ran (env BENCH_UNTIL_CI_WIDTH)
  --max-iterations N     the most rounds a cell runs with --until-ci-width, >= --iterations
                         (env BENCH_MAX_ITERATIONS; default 50)
  --min-samples N        fewest runs a side (rounds for variants) for an interval and a
                         verdict, >= 2 (env BENCH_MIN_SAMPLES; comparison.minSamples)
  --primary FIGURE       headline figure: activeMs or cpuMs  (env BENCH_PRIMARY)
  --calibrate            an A/A bench: runs default and its identical twin, and writes this
                         machine's noise per figure to calibration.json in the bench folder and
                         the results root, where later benches and reports find it
  --pattern P            serial or burst                    (env BENCH_PATTERN)
  --run-timeout-ms N     hard timeout of one run            (env BENCH_RUN_TIMEOUT_MS)
  --jobs N|auto          runs at once, 1-256 or auto (one per core); a round's variants
                         start together (env BENCH_JOBS; default 1)
  --shard I/N            run the I-th of N disjoint slices of the matrix's cells, for running
                         on N machines; merge with report --results (env BENCH_SHARD)
  --child-modules M      what each run's process loads: bundle (default; built ahead, rebuilt
                         when a source changes) or source (env BENCH_CHILD_MODULES)
  --results-root DIR     where bench folders are created    (env BENCH_RESULTS_ROOT)
  --trace                one extra traced run per cell, not counted: router and machine spans
                         (OTLP, Jaeger and Perfetto files) and a machine journal (env BENCH_TRACE)
  --tracing-host N       router events as spans, 0 or 1      (env PS_TRACING_HOST)
  --tracing-machines N   machine states as spans, 0-2 (2 adds transitions) (env PS_TRACING_AM)
  --journal              machine transitions to an NDJSON journal (env PS_AM_DEBUG)
  --out DIR              this bench's folder (default <results-root>/<timestamp>)
  --resume               continue the bench in --out (or the newest one) from its results;
                         --jobs and --child-modules may change, the rest is the bench's
                         saved config
  --report-dir DIR       where the report (bench.md and charts) is written (default reports)
  --no-report            do not write the report
  -h, --help             this text

Exit codes: 0 all runs ok, 3 some runs failed (recorded), 2 bad input, 1 unexpected error,
130 / 143 / 129 interrupted by SIGINT / SIGTERM / SIGHUP (finished runs stay; --resume).`;

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
