/**
 * What notebooks/bench.ipynb does besides displaying: its parameters as a validated bench config,
 * the matrix run with a progress line per run, and the report document built from the outcome
 * with the report area's own builders.
 *
 * @module
 */
import { dirname, relative, resolve } from "node:path";
import {
  type BenchOutcome,
  type BenchProgress,
  compareVariants,
  ownNoiseSource,
  runBench,
  type RunResult,
  summarizeResults,
} from "../bench/mod.ts";
import { type BenchConfig, parseBenchConfig, type VariantSpec } from "../config/mod.ts";
import {
  buildBenchCharts,
  buildBenchDocument,
  type CellTraces,
  renderChartSvg,
  type ReportChart,
  type ReportDocument,
} from "../report/mod.ts";

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

/** Options of {@linkcode runNotebookBench}. */
export interface RunNotebookBenchOptions {
  /** The bench's folder. @default `<config.resultsRoot>/nb-<now, as a file-name-safe ISO time>` */
  outDir?: string;
  /** The moment that names the default folder. @default now */
  now?: Date;
  /** Receives one line per run as it ends, e.g. `console.log`. @default ignored */
  log?: (line: string) => void;
}

/**
 * Runs the matrix of `config` with `runBench` (a child process per run, results on disk as each
 * run ends) and reports each run through `options.log` as one line.
 */
export async function runNotebookBench(
  config: BenchConfig,
  options: RunNotebookBenchOptions = {},
): Promise<BenchOutcome> {
  const log = options.log ?? (() => {});
  const stamp = (options.now ?? new Date()).toISOString()
    .replaceAll(":", "-");
  const outDir = options.outDir ?? `${config.resultsRoot}/nb-${stamp}`;
  let announced = false;
  return await runBench(config, {
    outDir,
    onRunStart: (_run, progress) => {
      if (announced) return;
      announced = true;
      log(`${progress.total} runs planned; results in ${outDir}`);
    },
    onRunEnd: (result, progress) => log(formatRunLine(result, progress)),
  });
}

/**
 * One line about a finished run, e.g.
 * `[3/8] 3 hosts x 3 msgs states #1: active 412 ms, peak RSS 121.4 MiB, p99 latency 5 ms`.
 */
export function formatRunLine(result: RunResult, progress: BenchProgress): string {
  const { hosts, msgs, variant } = result.cell;
  const kind = result.warmup ? "warm-up " : result.traced ? "traced " : "#";
  const figures = result.ok
    ? [
      `active ${Math.round(result.activeMs ?? 0)} ms`,
      `peak RSS ${((result.peakRssBytes ?? 0) / 2 ** 20).toFixed(1)} MiB`,
      ...(result.latencyMs ? [`p99 latency ${Math.round(result.latencyMs.p99)} ms`] : []),
    ].join(", ")
    : `FAILED: ${result.failure}`;
  return `[${progress.done}/${progress.total}] ${hosts} hosts x ${msgs} msgs ${variant} ${kind}${
    result.iteration + 1
  }: ${figures}`;
}

/** Options of {@linkcode buildBenchView}. */
export interface BuildBenchViewOptions {
  /** The moment written into the document. */
  generatedAt: Date;
  /** Folder the trace links are relative to (the notebook's). @default the working directory */
  linkBase?: string;
}

/** The bench as a report: its document (charts included) and the charts on their own. */
export interface BenchView {
  document: ReportDocument;
  charts: ReportChart[];
}

/**
 * The report of a notebook's bench, built like bench.md: `summarizeResults`, `compareVariants`
 * over the report's metrics against `default` (or the first variant) with the config's seed,
 * `buildBenchCharts` + `renderChartSvg`, and `buildBenchDocument`. Trace links point from
 * `options.linkBase` to the traced runs' files.
 *
 * @param outcome what `runNotebookBench` returned; not modified
 * @param config the config it ran
 */
export function buildBenchView(
  outcome: BenchOutcome,
  config: BenchConfig,
  options: BuildBenchViewOptions,
): BenchView {
  const results = outcome.results;
  const cells = summarizeResults(results);
  const variants = config.matrix.variants;
  const reference = variants.includes("default") ? "default" : variants[0];
  const noise = ownNoiseSource(results, config.comparison.noiseFloor);
  const { minSamples, falseDiscoveryRate, primary } = config.comparison;
  const comparisons = variants.length > 1
    ? compareVariants(results, { baseline: reference, minSamples, falseDiscoveryRate, noise })
    : [];
  const charts = buildBenchCharts(cells, { results }).map((spec): ReportChart => ({
    spec,
    svgFile: `bench-${spec.id}.svg`,
    svg: renderChartSvg(spec, { title: false }),
  }));
  const linkBase = resolve(options.linkBase ?? ".");
  const document = buildBenchDocument({
    title: "libp2p pub/sub benchmark (notebook)",
    generatedAt: options.generatedAt.toISOString(),
    benchId: outcome.benchId,
    resultsFile: relative(linkBase, resolve(outcome.resultsPath)),
    cells,
    comparisons,
    referenceVariant: variants.length > 1 ? reference : undefined,
    verdicts: { noise, primary, falseDiscoveryRate },
    charts,
    environment: results[0]?.environment,
    scenario: config.scenario,
    variants: Object.fromEntries(
      variants.map((name) => [name, config.variants[name]]),
    ) as Record<string, VariantSpec>,
    matrix: { ...config.matrix },
    traces: _traces(results, dirname(resolve(outcome.resultsPath)), linkBase),
  });
  return { document, charts };
}

function _traces(results: readonly RunResult[], benchDir: string, linkBase: string): CellTraces[] {
  return results
    .filter((result) => result.telemetryFiles !== undefined)
    .map((result) => ({
      ...result.cell,
      files: Object.entries(result.telemetryFiles!).map(([kind, file]) => ({
        label: kind,
        href: relative(linkBase, resolve(benchDir, file)),
      })),
    }));
}

function _isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
