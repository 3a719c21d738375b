/**
 * Runs a benchmark matrix: one fresh child process per run, each result appended to
 * `<outDir>/results.ndjson` the moment it is final (its process has exited), resumable after a
 * kill. Children are loaded ahead while nothing is measured (see `schedule_runs.ts`), and the
 * next run starts as soon as the previous one has reported.
 *
 * @module
 */
import type { BenchConfig } from "../config/types.ts";
import { planMatrix, type PlannedRun } from "./plan_matrix.ts";
import { createSequentialPlan } from "./sequential_plan.ts";
import { type CellPrecision, checkCellPrecision, sequentialRuleOf } from "./sequential_rule.ts";
import { cellKeyOf, type PlanOutlook, planOutlook } from "./plan_outlook.ts";
import { poolSizeFor, resolveJobs } from "./job_pool_size.ts";
import { appendResult, readResults, type SkippedLine } from "./results_store.ts";
import {
  CHILD_SOURCE_ENTRY,
  ChildBundleError,
  type ChildEntry,
  prepareChildEntry,
} from "./child_bundle.ts";
import { collectEnvironment } from "./run_environment.ts";
import { type ChildOutcome, denoCommand, type RunChild, spawnRunChild } from "./run_in_child.ts";
import { isCounted, type RunResult } from "./run_result.ts";
import { childParamsOf, provisionalResultsText, resultOfRun } from "./run_result_of.ts";
import type { ScenarioProgress } from "./discovery_scenario.ts";
import { resolveShards } from "./resolve_shards.ts";
import { scheduleRuns } from "./schedule_runs.ts";
import { v8FlagsArgs } from "./v8_flags.ts";
import { resolveTraceSettings } from "./trace_settings.ts";
import {
  BenchError,
  createTracesFolder,
  prepareBenchFolder,
  RESULTS_FILE,
} from "./bench_folder.ts";

export { TRACES_DIR } from "./run_result_of.ts";
export type { PlanOutlook } from "./plan_outlook.ts";
export { poolSizeFor, resolveJobs } from "./job_pool_size.ts";
export {
  BenchError,
  benchFolderName,
  CONFIG_FILE,
  createBenchFolder,
  findNewestBench,
  RESULTS_FILE,
  serializeConfig,
} from "./bench_folder.ts";

/** Options of {@linkcode runBench}. */
export interface RunBenchOptions {
  /** Folder of this bench: results.ndjson and config.json go here. */
  outDir: string;
  /** Continue the results already in `outDir` instead of refusing to touch them. @default false */
  resume?: boolean;
  /**
   * Called before the first run with the runs still to do, in the plan's order, and under
   * sequential sampling again after each decision about a cell's next round.
   */
  onPlanned?: (outlook: PlanOutlook, progress: BenchProgress) => void;
  /** Called when a run starts, with how many runs are done out of all planned. */
  onRunStart?: (run: PlannedRun, progress: BenchProgress) => void;
  /** Called after each run's result is on disk. */
  onRunEnd?: (result: RunResult, progress: BenchProgress) => void;
  /** Called with each progress line of a running run (phase, hosts joined, deliveries). */
  onRunProgress?: (run: PlannedRun, progress: ScenarioProgress) => void;
  /**
   * Aborting kills every child, writes nothing more and rejects with a BenchError; the results
   * already on disk stay, and `resume` continues them.
   */
  signal?: AbortSignal;
  /**
   * The caller's own work for after the runs (e.g. rendering the report): started once every
   * run has reported, so that it competes with no run, while the last runs' processes exit (the
   * bench waits about a second for each to end by itself, idle). It gets the results file's text
   * as it will read if those processes end cleanly as they reported (the real lines follow when
   * they do), or undefined when that cannot be known: a run that has not reported, a traced
   * bench, a file with lines that are not results. runBench resolves once the promise it returns
   * is over too, and rejects if it fails.
   */
  afterLastReport?: (provisionalResults: string | undefined) => Promise<unknown>;
  /** Cores of this machine, for `jobs: auto` and the pool. @default navigator.hardwareConcurrency */
  cores?: number;
  /**
   * Called once, before the first run's process starts, with what the runs' processes load: the
   * bundle (`buildMs` set when it had to be built first) or the sources (`bundleFailure` set when
   * the bundle was asked for but could not be built).
   */
  onChildEntry?: (entry: ChildEntry & { bundleFailure?: string }) => void;
  /** Folder the runs' bundles are kept in. @default "<project>/build/run-child" */
  bundleDir?: string;
}

/** Where the bench stands. */
export interface BenchProgress {
  done: number;
  /**
   * Runs done and expected: under sequential sampling, with each open cell's rounds as its
   * width predicts them (see {@linkcode PlanOutlook}), so it may grow or shrink as cells decide.
   */
  total: number;
  /** Under sequential sampling, the most runs the bench can take (every open cell to its maximum). */
  atMost?: number;
  failures: number;
}

/** What a bench leaves. */
export interface BenchOutcome {
  benchId: string;
  resultsPath: string;
  /** Every result in the results file (earlier, resumed ones included), in the plan's order. */
  results: RunResult[];
  /** Runs done by this invocation. */
  ranNow: number;
  /** Runs found done in the results file and not repeated. */
  resumed: number;
  skippedLines: SkippedLine[];
}

/**
 * Runs every planned run of `config` that `outDir` does not hold yet. Refuses (BenchError),
 * before writing anything, when `outDir` already holds a bench and `resume` is not set, or
 * cannot be written. A fresh bench's config.json is created exclusively: two benches never
 * share a folder.
 */
export async function runBench(
  config: BenchConfig,
  options: RunBenchOptions,
): Promise<BenchOutcome> {
  const { outDir } = options;
  const resultsPath = `${outDir}/${RESULTS_FILE}`;
  const existing = await readResults(resultsPath).catch((error) => {
    throw new BenchError(`cannot use out dir "${outDir}": ${error.message}`, { cause: error });
  });
  const hasResults = existing.results.length > 0 || existing.skipped.length > 0;
  if (hasResults && options.resume !== true) {
    throw new BenchError(
      `"${outDir}" already holds results; pass --resume to continue them or choose another --out`,
    );
  }
  // The bundle is checked (or built) while the folder is written and flushed to the disk.
  const entryReady = _childEntry(config, options);
  entryReady.catch(() => {}); // seen below, unless the folder fails first
  await prepareBenchFolder(outDir, config, options.resume === true);
  // The git calls run while the first runs' processes load.
  const collected = collectEnvironment();
  const entry = await entryReady;

  const cores = options.cores ?? navigator.hardwareConcurrency;
  const jobs = resolveJobs(config.jobs ?? 1, cores);
  const benchId = outDir.split("/").filter((part) => part !== "").at(-1) ?? outDir;
  const done = new Set(existing.results.map((result) => result.key));
  const traceSettings = resolveTraceSettings(config.telemetry);
  const planned = planMatrix(config.matrix, {
    traced: traceSettings !== undefined,
    ...(config.shard !== undefined ? { shard: config.shard } : {}),
  });
  const pending = planned.filter((run) => !done.has(run.key));
  const results = [...existing.results];
  const rule = sequentialRuleOf(config);
  const tracesDir = pending.some((run) => run.traced)
    ? await createTracesFolder(outDir)
    : undefined;
  const environment = collected.then((found) => ({ ...found, childModules: entry.modules }));
  const unshardable = config.matrix.variants.some((name) =>
    config.variants[name]?.transport === "memory"
  );
  // A variant that pins its shards compares sharding itself; the others share the bench's.
  const shardsOf = (hosts: number, variant: string): number =>
    config.variants[variant]?.shards ??
      resolveShards(config.shards ?? 1, { hosts, cores, unshardable });
  const context = { benchId, outDir, tracesDir, traceSettings, config, shardsOf };
  // Every run's figures known so far: the results on disk, and each run's report as soon as it
  // arrives, a second before its process exits and its result is final.
  const known = new Map(existing.results.map((result) => [result.key, result]));
  const reports = new Map<string, Promise<void>>();
  const precisions = new Map<string, CellPrecision>();
  const plan = createSequentialPlan(pending, {
    jobs,
    startedRounds: planned.filter((run) => done.has(run.key)).map((run) => run.round),
    goOn: async (run) => {
      const earlier = pending.filter((other) =>
        other.cell.hosts === run.cell.hosts && other.cell.msgs === run.cell.msgs &&
        isCounted(other) && other.iteration < run.iteration
      );
      await Promise.all(earlier.map((other) => reports.get(other.key)));
      const precision = checkCellPrecision([...known.values()], run.cell, rule!);
      precisions.set(cellKeyOf(run.cell), precision);
      return precision.state === "open";
    },
  });
  const finished = new Set<string>();
  const outlook = (): PlanOutlook => planOutlook(pending, { plan, finished, rule, precisions });
  const progress: BenchProgress = {
    done: planned.length - pending.length,
    total: 0,
    failures: existing.results.filter((result) => !result.ok && isCounted(result)).length,
  };
  const announce = (): void => {
    const { likely, atMost } = outlook();
    progress.total = progress.done + likely.length;
    if (rule !== undefined) progress.atMost = progress.done + atMost.length;
    options.onPlanned?.({ likely, atMost }, { ...progress });
  };
  announce();
  const discarded = new Set<string>();

  const live = new Set<RunChild>();
  // Spawned runs whose results are not in `results` yet, in the order they reported (a process
  // ends about a second after its report, so results are likely appended in this order).
  const unrecorded = new Map<RunChild, PlannedRun>();
  const interrupted = new AbortController();
  const stop = AbortSignal.any([
    interrupted.signal,
    ...(options.signal !== undefined ? [options.signal] : []),
  ]);
  const killAll = (): void => {
    for (const child of live) child.kill("the bench was interrupted");
  };
  stop.addEventListener("abort", killAll, { once: true });
  // Results are appended one at a time, in the order their runs' processes exit.
  let appending = Promise.resolve();
  const recorded: Promise<void>[] = [];
  let writeFailure: unknown;
  const record = (run: PlannedRun, child: RunChild, outcome: ChildOutcome): Promise<void> => {
    if (stop.aborted || discarded.has(run.key)) return Promise.resolve();
    if (outcome.interrupted) {
      // A Ctrl-C reaches the whole process group: a run it ended is not a result of the run.
      interrupted.abort(new Error(`a run ${outcome.processFailure}`));
      return Promise.resolve();
    }
    appending = appending.then(async () => {
      const result = resultOfRun(run, outcome, { ...context, environment: await environment });
      await appendResult(resultsPath, result);
      results.push(result);
      unrecorded.delete(child);
      known.set(result.key, result);
      finished.add(result.key);
      progress.done++;
      if (progress.total < progress.done) progress.total = progress.done;
      if (!result.ok && isCounted(result)) progress.failures++;
      options.onRunEnd?.(result, { ...progress });
    }).catch((error) => {
      // A result that cannot be written stops the bench: its runs would be lost.
      writeFailure ??= error;
      interrupted.abort(error);
    });
    return appending;
  };

  const decidingPlan: typeof plan = {
    ...plan,
    next: async () => {
      const batch = await plan.next();
      if (rule !== undefined) announce();
      return batch;
    },
  };

  try {
    await scheduleRuns<PlannedRun, RunChild>(decidingPlan, {
      poolSize: poolSizeFor(jobs, cores),
      signal: stop,
      beforeFirstStart: environment,
      discard: (run, child) => {
        discarded.add(run.key);
        unrecorded.delete(child);
        child.kill("not needed: its cell stopped before its round");
      },
      spawn: (run) => {
        let child: RunChild;
        try {
          const params = childParamsOf(run, context);
          // A shard's worker loads shard_worker.ts beside the sources, which the bundle does not
          // hold: a sharded run's process loads the sources.
          const sharded = (params.shards ?? 1) > 1;
          child = spawnRunChild(params, {
            timeoutMs: config.runTimeoutMs,
            entry: sharded ? CHILD_SOURCE_ENTRY : entry.path,
            entryFlags: [...(sharded ? [] : entry.flags), ...v8FlagsArgs(config.v8Flags)],
            onProgress: (progress) => options.onRunProgress?.(run, progress),
          });
        } catch (error) {
          throw new BenchError(
            `cannot start the process of run ${run.key}: ${
              error instanceof Error ? error.message : error
            }`,
            { cause: error },
          );
        }
        live.add(child);
        void child.reported.then(() => {
          if (!unrecorded.has(child)) return;
          unrecorded.delete(child);
          unrecorded.set(child, run);
        });
        unrecorded.set(child, run);
        reports.set(
          run.key,
          child.reported.then(async (report) => {
            if (known.has(run.key) || discarded.has(run.key)) return;
            const early = {
              report,
              durationMs: 0,
              ...(report ? {} : { processFailure: "no report" }),
            };
            known.set(
              run.key,
              resultOfRun(run, early, { ...context, environment: await environment }),
            );
          }),
        );
        recorded.push(
          child.outcome.then((outcome) => {
            live.delete(child);
            return record(run, child, outcome);
          }),
        );
        return child;
      },
      onStarted: (run) => options.onRunStart?.(run, { ...progress }),
    });
    const afterRuns = options.afterLastReport === undefined ? undefined : options.afterLastReport(
      existing.skipped.length > 0 || traceSettings !== undefined
        ? undefined
        : provisionalResultsText(results, [...unrecorded].map(([child, run]) => [run, child]), {
          ...context,
          environment: await environment,
        }),
    );
    await Promise.all([...recorded, afterRuns]);
  } catch (error) {
    killAll();
    await Promise.allSettled(recorded);
    if (writeFailure !== undefined) throw writeFailure;
    if (stop.aborted) {
      const reason = stop.reason;
      const why = reason instanceof Error ? reason.message : String(reason);
      throw new BenchError(
        `interrupted by ${why}; ${progress.done} of ${progress.total} runs are on disk, ` +
          `and bench --resume continues them`,
        { cause: reason },
      );
    }
    throw error;
  } finally {
    stop.removeEventListener("abort", killAll);
  }
  const rank = new Map(planned.map((run, index) => [run.key, index]));
  results.sort((a, b) => (rank.get(a.key) ?? Infinity) - (rank.get(b.key) ?? Infinity));
  return {
    benchId,
    resultsPath,
    results,
    ranNow: finished.size,
    resumed: planned.length - pending.length,
    skippedLines: existing.skipped,
  };
}

/**
 * What the runs' processes load: the bundle, or the sources when the config says so or the
 * bundle cannot be built (the runs are the same either way; the bundle only loads faster).
 */
async function _childEntry(
  config: BenchConfig,
  options: RunBenchOptions,
): Promise<ChildEntry & { bundleFailure?: string }> {
  let entry: ChildEntry & { bundleFailure?: string };
  try {
    entry = await prepareChildEntry({
      modules: config.childModules ?? "bundle",
      deno: denoCommand(),
      ...(options.bundleDir !== undefined ? { cacheDir: options.bundleDir } : {}),
    });
  } catch (error) {
    if (!(error instanceof ChildBundleError)) throw error;
    entry = {
      modules: "source",
      path: CHILD_SOURCE_ENTRY,
      flags: [],
      bundleFailure: error.message,
    };
  }
  options.onChildEntry?.(entry);
  return entry;
}
