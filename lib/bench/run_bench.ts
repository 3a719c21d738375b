/**
 * Runs a benchmark matrix: one child process per run, each result appended to
 * `<outDir>/results.ndjson` the moment the run ends, resumable after a kill.
 *
 * @module
 */
import type { BenchConfig } from "../config/types.ts";
import { planMatrix, type PlannedRun } from "./plan_matrix.ts";
import { appendResult, readResults, type SkippedLine } from "./results_store.ts";
import { collectEnvironment } from "./run_environment.ts";
import { runInChild } from "./run_in_child.ts";
import { isCounted, type RunEnvironment, type RunResult } from "./run_result.ts";
import { resolveTraceSettings, type TraceSettings } from "./trace_settings.ts";
import { writeTextAtomically } from "./write_text_atomically.ts";

/** Folder of the traced runs' files, inside a bench's folder. */
export const TRACES_DIR = "traces";

/** The bench could not start or go on: bad out dir, results in the way, ... */
export class BenchError extends Error {
  /** Creates a BenchError; `cause` keeps the underlying error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BenchError";
  }
}

/** Options of {@linkcode runBench}. */
export interface RunBenchOptions {
  /** Folder of this bench: results.ndjson and config.json go here. */
  outDir: string;
  /** Continue the results already in `outDir` instead of refusing to touch them. @default false */
  resume?: boolean;
  /** Called before each run with how many runs are done out of all planned. */
  onRunStart?: (run: PlannedRun, progress: BenchProgress) => void;
  /** Called after each run's result is on disk. */
  onRunEnd?: (result: RunResult, progress: BenchProgress) => void;
}

/** Where the bench stands. */
export interface BenchProgress {
  done: number;
  total: number;
  failures: number;
}

/** What a bench leaves. */
export interface BenchOutcome {
  benchId: string;
  resultsPath: string;
  /** Every result in the results file (earlier, resumed ones included). */
  results: RunResult[];
  /** Runs done by this invocation. */
  ranNow: number;
  /** Runs found done in the results file and not repeated. */
  resumed: number;
  skippedLines: SkippedLine[];
}

/** The file names inside a bench folder. */
export const RESULTS_FILE = "results.ndjson";
export const CONFIG_FILE = "config.json";

/**
 * Runs every planned run of `config` that `outDir` does not hold yet. Refuses (BenchError) when
 * `outDir` already holds results and `resume` is not set, or cannot be written, before writing
 * anything.
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
  await _prepareOutDir(outDir, config, options.resume === true);

  const environment: RunEnvironment = await collectEnvironment();
  const benchId = outDir.split("/").filter((part) => part !== "").at(-1) ?? outDir;
  const done = new Set(existing.results.map((result) => result.key));
  const traceSettings = resolveTraceSettings(config.telemetry);
  const planned = planMatrix(config.matrix, { traced: traceSettings !== undefined });
  const pending = planned.filter((run) => !done.has(run.key));
  const results = [...existing.results];
  const progress: BenchProgress = {
    done: planned.length - pending.length,
    total: planned.length,
    failures: existing.results.filter((result) => !result.ok && isCounted(result)).length,
  };

  for (const run of pending) {
    options.onRunStart?.(run, { ...progress });
    const result = await _runOne(run, config, { benchId, environment, outDir, traceSettings });
    await appendResult(resultsPath, result);
    results.push(result);
    progress.done++;
    if (!result.ok && isCounted(result)) progress.failures++;
    options.onRunEnd?.(result, { ...progress });
  }
  return {
    benchId,
    resultsPath,
    results,
    ranNow: pending.length,
    resumed: planned.length - pending.length,
    skippedLines: existing.skipped,
  };
}

/**
 * The newest bench folder under `root` that holds a results file (folder names are timestamps,
 * so the newest sorts last). Throws a BenchError saying why there is none.
 */
export async function findNewestBench(root: string): Promise<string> {
  const benches: string[] = [];
  try {
    for await (const entry of Deno.readDir(root)) {
      if (!entry.isDirectory) continue;
      try {
        await Deno.stat(`${root}/${entry.name}/${RESULTS_FILE}`);
        benches.push(entry.name);
      } catch {
        // not a bench folder
      }
    }
  } catch (error) {
    throw new BenchError(
      `cannot list "${root}": ${error instanceof Error ? error.message : error}`,
      { cause: error },
    );
  }
  if (benches.length === 0) {
    throw new BenchError(`no bench folder with ${RESULTS_FILE} under "${root}"`);
  }
  return `${root}/${benches.sort().at(-1)}`;
}

/** The config as a document `parseBenchConfig` reads back (JSON is YAML). */
export function serializeConfig(config: BenchConfig): string {
  const { source: _source, ...document } = config;
  return JSON.stringify(document, null, 2) + "\n";
}

async function _prepareOutDir(outDir: string, config: BenchConfig, resume: boolean): Promise<void> {
  try {
    await Deno.mkdir(outDir, { recursive: true });
    if (!resume) {
      await writeTextAtomically(`${outDir}/${CONFIG_FILE}`, serializeConfig(config));
    }
  } catch (error) {
    throw new BenchError(
      `cannot write to out dir "${outDir}": ${error instanceof Error ? error.message : error}`,
      { cause: error },
    );
  }
}

async function _runOne(
  run: PlannedRun,
  config: BenchConfig,
  context: {
    benchId: string;
    environment: RunEnvironment;
    outDir: string;
    traceSettings: TraceSettings | undefined;
  },
): Promise<RunResult> {
  const variantSpec = config.variants[run.cell.variant];
  const startedAt = new Date().toISOString();
  const telemetry = run.traced && context.traceSettings
    ? {
      settings: context.traceSettings,
      dir: await _tracesDir(context.outDir),
      baseName: run.key,
      runId: `${context.benchId}/${run.key}`,
      variantName: run.cell.variant,
      iteration: run.iteration,
    }
    : undefined;
  const outcome = await runInChild(
    {
      hosts: run.cell.hosts,
      msgs: run.cell.msgs,
      variant: variantSpec,
      scenario: config.scenario,
      seed: run.seed,
      ...(telemetry ? { telemetry } : {}),
    },
    { timeoutMs: config.runTimeoutMs },
  );
  const report = outcome.report;
  const failure = outcome.processFailure ?? (report?.ok === false ? report.failure : undefined);
  return {
    schema: 1,
    key: run.key,
    benchId: context.benchId,
    cell: run.cell,
    iteration: run.iteration,
    warmup: run.warmup,
    ...(run.traced ? { traced: true } : {}),
    ...(report?.telemetryFiles
      ? {
        telemetryFiles: Object.fromEntries(
          Object.entries(report.telemetryFiles).map(([kind, name]) => [
            kind,
            `${TRACES_DIR}/${name}`,
          ]),
        ),
      }
      : {}),
    ...(report?.telemetryWarnings ? { telemetryWarnings: report.telemetryWarnings } : {}),
    seed: run.seed,
    ok: failure === undefined && report !== undefined,
    ...(failure !== undefined ? { failure } : {}),
    startedAt,
    durationMs: outcome.durationMs,
    ...(outcome.exitAfterReportMs !== undefined
      ? { exitAfterReportMs: outcome.exitAfterReportMs }
      : {}),
    ...(report?.measurements ?? {}),
    variantSpec,
    scenario: config.scenario,
    environment: context.environment,
  };
}

/** The bench's traces folder as an absolute path (a child's permissions name it), created. */
async function _tracesDir(outDir: string): Promise<string> {
  const dir = `${outDir}/${TRACES_DIR}`;
  try {
    await Deno.mkdir(dir, { recursive: true });
    return await Deno.realPath(dir);
  } catch (error) {
    throw new BenchError(
      `cannot create traces folder "${dir}": ${error instanceof Error ? error.message : error}`,
      { cause: error },
    );
  }
}
