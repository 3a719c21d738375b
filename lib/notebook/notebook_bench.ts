/**
 * What notebooks/bench.ipynb does besides displaying: its parameters as a validated bench config,
 * a new bench folder or a stopped bench to continue, the matrix run with its progress shown in
 * place, and the report document built from the outcome with the report area's own builders.
 *
 * The report document lives in bench_view.ts; this module re-exports it, so the bench's whole API
 * is importable from here.
 *
 * @module
 */
import {
  type BenchOutcome,
  type BenchProgress,
  CONFIG_FILE,
  isCounted,
  planMatrix,
  readResults,
  RESULTS_FILE,
  runBench,
  type RunResult,
} from "../bench/mod.ts";
import { type BenchConfig, parseBenchConfig } from "../config/mod.ts";
import { NotebookError } from "./notebook_error.ts";
import { createProgressDisplay } from "./progress_display.ts";
import type { PublishOutput } from "./show.ts";

export { buildBenchView, describeWrittenReport } from "./bench_view.ts";
export type { BenchView, BuildBenchViewOptions } from "./bench_view.ts";

/**
 * The parameters cell of notebooks/bench.ipynb. Values come from the notebook or the command
 * line, so they are checked by the bench config's own validation, not trusted.
 */
export interface BenchNotebookParameters {
  /** Host counts, e.g. `[5, 10]`. */
  hosts: unknown;
  /** Message counts, e.g. `[20, 100]`. */
  msgs: unknown;
  /** Variant names, built-in or from `customVariants`, e.g. `["default", "states"]`. */
  variants: unknown;
  /** Counted runs per cell. */
  iterations: unknown;
  /** Uncounted runs per cell before the counted ones. @default 1 */
  warmups?: unknown;
  /** Base seed. @default 1 */
  seed?: unknown;
  /**
   * Router options for every gossipsub variant of the run, e.g. `{ D: 8, heartbeatIntervalMs:
   * 700 }` (bench.yml's `variants.<name>.gossipsub`). @default {}
   */
  gossipsub?: unknown;
  /** New or changed variants, as bench.yml's `variants:` section. @default {} */
  customVariants?: unknown;
  /** One extra traced run per cell (router and machine spans, journal). @default false */
  trace?: unknown;
  /** Scenario settings, as bench.yml's `scenario:` section. @default {} */
  scenario?: unknown;
  /** Folder under which the bench's folder is made. @default "results" */
  resultsRoot?: unknown;
  /**
   * How verdicts are judged, as bench.yml's `comparison:` section, e.g. `{ minSamples: 10 }`.
   * @default {}
   */
  comparison?: unknown;
}

/** Options of {@linkcode benchConfigFromParameters}. */
export interface BenchConfigFromParametersOptions {
  /** How config errors name the source. @default "notebook parameters" */
  label?: string;
}

/**
 * A validated {@linkcode BenchConfig} from a notebook's parameters, through the same
 * `parseBenchConfig` as bench.yml (defaults for everything unset; no environment is read).
 *
 * @throws {ConfigError} naming the config key, the rule and the value, e.g.
 * `notebook parameters:4: matrix.hosts[0] must be an integer >= 2, got 1`
 */
export function benchConfigFromParameters(
  parameters: BenchNotebookParameters,
  options: BenchConfigFromParametersOptions = {},
): BenchConfig {
  const label = options.label ?? "notebook parameters";
  const document = {
    ...(parameters.scenario === undefined ? {} : { scenario: parameters.scenario }),
    matrix: {
      hosts: parameters.hosts,
      msgs: parameters.msgs,
      variants: parameters.variants,
      iterations: parameters.iterations,
      warmups: parameters.warmups,
      seed: parameters.seed,
    },
    ...(parameters.customVariants === undefined ? {} : { variants: parameters.customVariants }),
    ...(parameters.trace === undefined ? {} : { telemetry: { trace: parameters.trace } }),
    ...(parameters.resultsRoot === undefined ? {} : { resultsRoot: parameters.resultsRoot }),
    ...(parameters.comparison === undefined ? {} : { comparison: parameters.comparison }),
  };
  const parse = (doc: unknown) =>
    parseBenchConfig(JSON.stringify(doc, null, 2), label, { env: {} });
  const config = parse(document);
  const gossipsub = parameters.gossipsub;
  if (gossipsub === undefined || (_isObject(gossipsub) && Object.keys(gossipsub).length === 0)) {
    return config;
  }
  // The router options go to every gossipsub variant that runs; floodsub refuses them.
  const custom = (document.variants ?? {}) as Record<string, Record<string, unknown>>;
  const variants = { ...custom };
  for (const name of config.matrix.variants) {
    if (config.variants[name].router !== "gossipsub") continue;
    const own = custom[name]?.gossipsub;
    variants[name] = {
      ...custom[name],
      gossipsub: _isObject(own) && _isObject(gossipsub) ? { ...own, ...gossipsub } : gossipsub,
    };
  }
  return parse({ ...document, variants });
}

/** A bench a notebook is about to run: new, or an earlier one to continue. */
export interface NotebookBench {
  config: BenchConfig;
  /** The bench's folder (results.ndjson and config.json). */
  outDir: string;
  /** True when `outDir` holds an earlier bench that this one continues. */
  resume: boolean;
}

/** Options of {@linkcode prepareNotebookBench}. */
export interface PrepareNotebookBenchOptions {
  /**
   * `""` (or absent) for a new bench; `"newest"` to continue the newest notebook bench under
   * `config.resultsRoot`; or the folder of the bench to continue. @default ""
   */
  resume?: unknown;
  /** The moment that names a new bench's folder. @default now */
  now?: Date;
}

/** Prefix of the folders notebook benches get under the results root. */
export const NOTEBOOK_BENCH_PREFIX = "nb-";

/**
 * Where a notebook's bench goes: a new folder `<resultsRoot>/nb-<time>`, or, to continue a
 * stopped or interrupted bench, its folder. A continued bench must have been started with the
 * same config (resultsRoot aside): the runs already done are kept and only the missing ones run.
 *
 * @throws {NotebookError} when `resume` is not a string, names no bench folder, or the bench
 * there was started with another config (the message names the first section that differs)
 */
export async function prepareNotebookBench(
  config: BenchConfig,
  options: PrepareNotebookBenchOptions = {},
): Promise<NotebookBench> {
  const resume = options.resume ?? "";
  if (typeof resume !== "string") {
    throw new NotebookError(
      `notebook parameters: resume must be "", "newest" or a bench folder, got ${
        JSON.stringify(resume)
      }`,
    );
  }
  if (resume === "") {
    const stamp = (options.now ?? new Date()).toISOString().replaceAll(":", "-");
    return {
      config,
      outDir: `${config.resultsRoot}/${NOTEBOOK_BENCH_PREFIX}${stamp}`,
      resume: false,
    };
  }
  const outDir = resume === "newest" ? await _newestNotebookBench(config.resultsRoot) : resume;
  const path = `${outDir}/${CONFIG_FILE}`;
  let saved: BenchConfig;
  try {
    saved = parseBenchConfig(await Deno.readTextFile(path), path, { env: {} });
  } catch (error) {
    throw new NotebookError(
      `resume "${resume}": cannot read the bench's ${path} (${
        error instanceof Error ? error.message : error
      }); set resume to "" to start a new bench`,
      { cause: error },
    );
  }
  const differs = _firstDifference(saved, config);
  if (differs !== undefined) {
    throw new NotebookError(
      `resume "${resume}": the bench in ${outDir} was started with other parameters (${differs} ` +
        `differs); set the parameters it was started with, or set resume to "" to start a new bench`,
    );
  }
  return { config, outDir, resume: true };
}

async function _newestNotebookBench(root: string): Promise<string> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(root)) {
      if (!entry.isDirectory || !entry.name.startsWith(NOTEBOOK_BENCH_PREFIX)) continue;
      try {
        await Deno.stat(`${root}/${entry.name}/${CONFIG_FILE}`);
        names.push(entry.name);
      } catch {
        // not a bench folder
      }
    }
  } catch (error) {
    throw new NotebookError(
      `resume "newest": cannot list "${root}" (${error instanceof Error ? error.message : error})`,
      { cause: error },
    );
  }
  if (names.length === 0) {
    throw new NotebookError(
      `resume "newest": no notebook bench (${NOTEBOOK_BENCH_PREFIX}* folder with ${CONFIG_FILE}) ` +
        `under "${root}"; set resume to "" to start a new bench`,
    );
  }
  // The names are ISO times, so the newest sorts last.
  return `${root}/${names.sort().at(-1)}`;
}

/** The first config section (e.g. `matrix.hosts`) whose value differs, if any. */
function _firstDifference(saved: BenchConfig, current: BenchConfig): string | undefined {
  const sections: [string, (config: BenchConfig) => unknown][] = [
    ["scenario", (config) => config.scenario],
    ...(["hosts", "msgs", "variants", "iterations", "warmups", "seed"] as const).map((
      key,
    ): [string, (config: BenchConfig) => unknown] => [
      `matrix.${key}`,
      (config) => config.matrix[key],
    ]),
    ["variants", (config) => config.matrix.variants.map((name) => config.variants[name])],
    ["telemetry", (config) => config.telemetry],
    ["runTimeoutMs", (config) => config.runTimeoutMs],
    ["v8Flags", (config) => config.v8Flags ?? []],
  ];
  return sections.find(([, of]) => JSON.stringify(of(saved)) !== JSON.stringify(of(current)))?.[0];
}

/**
 * A sentence on what the bench will do, in Markdown, e.g. "A new bench in `../results/nb-…`: 16
 * runs (hosts 5, 10 x msgs 20 x variants default, states; 3 counted and 1 warm-up per cell)." or,
 * resuming, how many runs are done and how many are left.
 */
export async function describeNotebookBench(bench: NotebookBench): Promise<string> {
  const { matrix, telemetry } = bench.config;
  const traced = telemetry.trace || telemetry.tracingHost > 0 || telemetry.tracingMachines > 0 ||
    telemetry.journal;
  const planned = planMatrix(matrix, { traced });
  const shape = `hosts ${matrix.hosts.join(", ")} x msgs ${matrix.msgs.join(", ")} x variants ${
    matrix.variants.join(", ")
  }; ${matrix.iterations} counted${matrix.warmups > 0 ? `, ${matrix.warmups} warm-up` : ""}${
    traced ? ", 1 traced" : ""
  } per cell`;
  if (!bench.resume) {
    return `A new bench in \`${bench.outDir}\`: ${planned.length} runs (${shape}).`;
  }
  const done = new Set(
    (await readResults(`${bench.outDir}/${RESULTS_FILE}`)).results.map((result) => result.key),
  );
  const left = planned.filter((run) => !done.has(run.key)).length;
  return `Continuing the bench in \`${bench.outDir}\`: ${
    planned.length - left
  } of ${planned.length} runs done, ${left} to run (${shape}).`;
}

/** Options of {@linkcode runNotebookBench}. */
export interface RunNotebookBenchOptions {
  /** Where the progress output goes. @default the running cell's (see `createProgressDisplay`) */
  publish?: PublishOutput;
  /** Waits until the kernel has sent the outputs. @default `flushKernelOutput` */
  flush?: () => Promise<unknown>;
  /** The clock, in ms. @default performance.now */
  now?: () => number;
}

/**
 * Runs the bench with `runBench` (a child process per run, each result on disk as the run ends)
 * and shows its progress as one output updated in place: runs done out of planned, failures,
 * time so far and left, the last finished run. Returns once the final state is shown.
 */
export async function runNotebookBench(
  bench: NotebookBench,
  options: RunNotebookBenchOptions = {},
): Promise<BenchOutcome> {
  const now = options.now ?? (() => performance.now());
  const progress = createProgressDisplay({ publish: options.publish, flush: options.flush, now });
  const startedAt = now();
  let doneAtStart: number | undefined;
  let last = "";
  const report = (state: BenchProgress, running?: string): void => {
    doneAtStart ??= state.done;
    const ranNow = state.done - doneAtStart;
    const elapsedMs = now() - startedAt;
    const left = ranNow > 0 && state.done < state.total
      ? `, about ${_seconds((elapsedMs / ranNow) * (state.total - state.done))} left`
      : "";
    progress.update([
      `bench ${bench.outDir}: ${state.done}/${state.total} runs done${
        doneAtStart > 0 ? ` (${doneAtStart} resumed)` : ""
      }, ${state.failures} failed, ${_seconds(elapsedMs)}${left}`,
      ...(last ? [`last: ${last}`] : []),
      ...(running ? [`now:  ${running}`] : []),
    ].join("\n"));
  };
  try {
    const outcome = await runBench(bench.config, {
      outDir: bench.outDir,
      resume: bench.resume,
      onRunStart: (run, state) => report(state, _runLabel(run.cell, run)),
      onRunEnd: (result, state) => {
        last = formatRunLine(result, state);
        report(state);
      },
    });
    const failures = outcome.results.filter((result) => !result.ok && isCounted(result)).length;
    progress.update(
      `bench ${bench.outDir}: ${outcome.ranNow + outcome.resumed} runs${
        outcome.resumed > 0 ? ` (${outcome.resumed} resumed)` : ""
      } in ${_seconds(now() - startedAt)}, ${failures} failed${last ? `\nlast: ${last}` : ""}`,
    );
    return outcome;
  } finally {
    await progress.close();
  }
}

function _runLabel(
  cell: RunResult["cell"],
  run: { warmup: boolean; traced?: boolean; iteration: number },
): string {
  const kind = run.warmup ? "warm-up " : run.traced ? "traced " : "#";
  return `${cell.hosts} hosts x ${cell.msgs} msgs ${cell.variant} ${kind}${run.iteration + 1}`;
}

function _seconds(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * One line about a finished run, e.g.
 * `[3/8] 3 hosts x 3 msgs states #1: active 412 ms, peak RSS 121.4 MiB, p99 latency 5 ms`.
 */
export function formatRunLine(result: RunResult, progress: BenchProgress): string {
  const { hosts, msgs, variant } = result.cell;
  const figures = result.ok
    ? [
      `active ${Math.round(result.activeMs ?? 0)} ms`,
      `peak RSS ${((result.peakRssBytes ?? 0) / 2 ** 20).toFixed(1)} MiB`,
      ...(result.latencyMs ? [`p99 latency ${Math.round(result.latencyMs.p99)} ms`] : []),
    ].join(", ")
    : `FAILED: ${result.failure}`;
  return `[${progress.done}/${progress.total}] ${
    _runLabel({ hosts, msgs, variant }, result)
  }: ${figures}`;
}

function _isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
