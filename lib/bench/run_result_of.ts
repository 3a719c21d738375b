/**
 * A run's two ends: what its child process is sent, and the results line made of what the
 * process did (its report and its exit), or of what it did so far (`provisionalResultsText`).
 *
 * @module
 */
import type { BenchConfig } from "../config/types.ts";
import type { PlannedRun } from "./plan_matrix.ts";
import type { ChildParams } from "./run_child.ts";
import type { ChildOutcome, RunChild } from "./run_in_child.ts";
import type { RunEnvironment, RunResult } from "./run_result.ts";
import type { TraceSettings } from "./trace_settings.ts";
import { resolveReadyTopicPeers } from "./ready_topic_peers.ts";

/** Folder of the traced runs' files, inside a bench's folder. */
export const TRACES_DIR = "traces";

/** What every run of a bench shares. */
export interface RunContext {
  benchId: string;
  outDir: string;
  tracesDir: string | undefined;
  traceSettings: TraceSettings | undefined;
  config: BenchConfig;
  /** The shards of a run of `hosts` hosts of `variant` (a traced run uses 1 whatever this says). */
  shardsOf(hosts: number, variant: string): number;
}

/** What the child of `run` is sent. */
export function childParamsOf(run: PlannedRun, context: RunContext): ChildParams {
  const { config } = context;
  const telemetry = run.traced && context.traceSettings && context.tracesDir
    ? {
      settings: context.traceSettings,
      dir: context.tracesDir,
      baseName: run.key,
      runId: `${context.benchId}/${run.key}`,
      variantName: run.cell.variant,
      iteration: run.iteration,
    }
    : undefined;
  return {
    hosts: run.cell.hosts,
    msgs: run.cell.msgs,
    variant: config.variants[run.cell.variant],
    scenario: config.scenario,
    seed: run.seed,
    shards: telemetry ? 1 : context.shardsOf(run.cell.hosts, run.cell.variant),
    ...(telemetry ? { telemetry } : {}),
  };
}

/** The results line of `run`, from what its process did. */
export function resultOfRun(
  run: PlannedRun,
  outcome: ChildOutcome,
  context: RunContext & { environment: RunEnvironment },
): RunResult {
  const { config } = context;
  const variantSpec = config.variants[run.cell.variant];
  const report = outcome.report;
  const failure = outcome.processFailure ?? (report?.ok === false ? report.failure : undefined);
  const shards = run.traced ? 1 : context.shardsOf(run.cell.hosts, run.cell.variant);
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
    ...(failure !== undefined && (report?.reached ?? outcome.progress) !== undefined
      ? { reached: report?.reached ?? outcome.progress }
      : {}),
    shards,
    readyTopicPeers: resolveReadyTopicPeers(config.scenario.readyTopicPeers, run.cell.hosts),
    ...(config.v8Flags !== undefined ? { v8Flags: [...config.v8Flags] } : {}),
    startedAt: outcome.startedAt ?? new Date().toISOString(),
    durationMs: outcome.durationMs,
    ...(outcome.loadMs !== undefined ? { loadMs: outcome.loadMs } : {}),
    ...(outcome.exitAfterReportMs !== undefined
      ? { exitAfterReportMs: outcome.exitAfterReportMs }
      : {}),
    ...(report?.measurements ?? {}),
    variantSpec,
    scenario: config.scenario,
    // A sharded run's process loads the sources whatever the bench's runs load (run_bench.ts).
    environment: shards > 1 && context.environment.childModules !== undefined
      ? { ...context.environment, childModules: "source" }
      : context.environment,
  };
}

/**
 * The results file's text as it will read once `exiting` are recorded, if each ends cleanly as
 * it reported: `recorded` (the file so far, in its order), then a line per run still exiting, in
 * the order given. Undefined when one of them has not reported.
 */
export function provisionalResultsText(
  recorded: readonly RunResult[],
  exiting: readonly (readonly [PlannedRun, RunChild])[],
  context: RunContext & { environment: RunEnvironment },
): string | undefined {
  const guessed: RunResult[] = [];
  for (const [run, child] of exiting) {
    const outcome = child.provisionalOutcome();
    if (outcome.report === undefined) return undefined;
    guessed.push(resultOfRun(run, outcome, context));
  }
  return [...recorded, ...guessed].map((result) => JSON.stringify(result) + "\n").join("");
}
