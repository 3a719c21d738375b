/**
 * What notebooks/tuning.ipynb does besides displaying: one parameter swept over a list of values
 * for a fixed scenario, as one bench config, and its effect on latency, duplicates and memory as
 * a table and the report's charts.
 *
 * @module
 */
import { type RunResult, summarizeResults } from "../bench/mod.ts";
import type { BenchConfig, GossipsubOptions, VariantSpec } from "../config/mod.ts";
import { buildBenchCharts, renderChartSvg, renderMarkdown } from "../report/mod.ts";
import { benchConfigFromParameters } from "./notebook_bench.ts";
import { NotebookError } from "./notebook_error.ts";
import type { MediaBundle } from "./report_bundles.ts";

/** Router options a sweep can vary (each value becomes a variant). */
const _GOSSIPSUB_KEYS: readonly (keyof GossipsubOptions)[] = [
  "D",
  "Dlo",
  "Dhi",
  "heartbeatIntervalMs",
  "floodPublish",
];
/** Variant fields a sweep can vary (each value becomes a variant). */
const _VARIANT_KEYS: readonly (keyof VariantSpec)[] = [
  "stack",
  "router",
  "orchestration",
  "transport",
  "encryption",
  "ed25519",
  "memoryLatencyMs",
];
/** Matrix axes a sweep can vary directly. */
const _MATRIX_KEYS = ["hosts", "msgs"] as const;

/** The parameters that a sweep can vary. */
export const SWEEPABLE_PARAMETERS: readonly string[] = [
  ..._GOSSIPSUB_KEYS,
  ..._VARIANT_KEYS,
  ..._MATRIX_KEYS,
];

/** The report's charts a sweep shows: latency, duplicates and memory. */
export const SWEEP_CHART_IDS: readonly string[] = ["p99-latency", "duplicates", "peak-rss"];

/** The parameters cell of notebooks/tuning.ipynb; checked here, not trusted. */
export interface SweepNotebookParameters {
  /** What to vary: one of {@linkcode SWEEPABLE_PARAMETERS}, e.g. `"D"` or `"hosts"`. */
  parameter: unknown;
  /** The values it takes, e.g. `[4, 6, 8]`. */
  values: unknown;
  /** Host counts of the fixed scenario (replaced by `values` when sweeping `hosts`). */
  hosts: unknown;
  /** Message counts of the fixed scenario (replaced by `values` when sweeping `msgs`). */
  msgs: unknown;
  /** The variant every value starts from, e.g. `"default"`. */
  variant: unknown;
  iterations: unknown;
  /** @default 1 */
  warmups?: unknown;
  /** @default 1 */
  seed?: unknown;
  /** As bench.yml's `scenario:` section. @default {} */
  scenario?: unknown;
  /** @default "results" */
  resultsRoot?: unknown;
}

/** A sweep as a bench: its config and which variant or axis stands for each value. */
export interface Sweep {
  config: BenchConfig;
  parameter: string;
  values: unknown[];
  /** Variant name -> swept value; empty when `parameter` is a matrix axis. */
  variantValues: Map<string, unknown>;
}

/** Options of {@linkcode sweepConfig}. */
export interface SweepConfigOptions {
  /** How errors name the source. @default "notebook parameters" */
  label?: string;
}

/**
 * The bench config of a sweep. A matrix axis (`hosts`, `msgs`) takes the values directly; any
 * other parameter makes one variant per value, named like `D-4`: `variant`'s spec with that
 * field (or gossipsub option) set. The config is validated like bench.yml, so an impossible value
 * (e.g. `D` below `Dlo`) fails with the config's own message.
 *
 * @throws {NotebookError} when `parameter` cannot be swept or `values` is not a non-empty list
 * of distinct values
 * @throws {ConfigError} when the resulting config is invalid
 */
export function sweepConfig(
  parameters: SweepNotebookParameters,
  options: SweepConfigOptions = {},
): Sweep {
  const label = options.label ?? "notebook parameters";
  const { parameter, values } = parameters;
  if (typeof parameter !== "string" || !SWEEPABLE_PARAMETERS.includes(parameter)) {
    throw new NotebookError(
      `${label}: parameter must be one of ${SWEEPABLE_PARAMETERS.join(", ")}, got ${
        JSON.stringify(parameter)
      }`,
    );
  }
  if (
    !Array.isArray(values) || values.length === 0 ||
    new Set(values.map((value) => JSON.stringify(value))).size !== values.length
  ) {
    throw new NotebookError(
      `${label}: values must be a non-empty list of distinct values, got ${JSON.stringify(values)}`,
    );
  }
  const base = {
    hosts: parameters.hosts,
    msgs: parameters.msgs,
    variants: [parameters.variant],
    iterations: parameters.iterations,
    warmups: parameters.warmups,
    seed: parameters.seed,
    scenario: parameters.scenario,
    resultsRoot: parameters.resultsRoot,
  };
  if ((_MATRIX_KEYS as readonly string[]).includes(parameter)) {
    const config = benchConfigFromParameters({ ...base, [parameter]: values }, { label });
    return { config, parameter, values, variantValues: new Map() };
  }
  const spec = benchConfigFromParameters(base, { label }).variants[parameters.variant as string];
  const variantValues = new Map(values.map((value) => [`${parameter}-${_text(value)}`, value]));
  const customVariants = Object.fromEntries(
    [...variantValues].map(([name, value]) => [
      name,
      (_GOSSIPSUB_KEYS as readonly string[]).includes(parameter)
        ? { ...spec, gossipsub: { ...spec.gossipsub, [parameter]: value } }
        : { ...spec, [parameter]: value },
    ]),
  );
  const config = benchConfigFromParameters(
    { ...base, variants: [...variantValues.keys()], customVariants },
    { label },
  );
  return { config, parameter, values, variantValues };
}

/**
 * The sweep's effect as display bundles: a Markdown table with one row per value and cell
 * (medians of p99 latency, duplicates per delivery, peak RSS and active time, and ok runs), then
 * the report's p99 latency, duplicates and peak RSS charts.
 *
 * @param results the bench's run records; not modified
 */
export function sweepBundles(sweep: Sweep, results: readonly RunResult[]): MediaBundle[] {
  const cells = summarizeResults(results);
  const valueOf = (cell: (typeof cells)[number]["cell"]): unknown =>
    sweep.parameter === "hosts"
      ? cell.hosts
      : sweep.parameter === "msgs"
      ? cell.msgs
      : sweep.variantValues.get(cell.variant);
  const order = (value: unknown): number =>
    sweep.values.findIndex((item) => JSON.stringify(item) === JSON.stringify(value));
  const rows = [...cells]
    .sort((a, b) =>
      order(valueOf(a.cell)) - order(valueOf(b.cell)) || a.cell.hosts - b.cell.hosts ||
      a.cell.msgs - b.cell.msgs
    )
    .map(({ cell, runs, failures, metrics }) => [
      _text(valueOf(cell)),
      String(cell.hosts),
      String(cell.msgs),
      `${runs - failures}/${runs}`,
      _median(metrics["latencyMs.p99"]?.median, (ms) => ms.toFixed(ms < 10 ? 1 : 0)),
      _median(metrics["duplicatesPerDelivery"]?.median, (value) => value.toFixed(2)),
      _median(metrics["peakRssBytes"]?.median, (bytes) => (bytes / 2 ** 20).toFixed(1)),
      _median(metrics["activeMs"]?.median, (ms) => ms.toFixed(0)),
    ]);
  const table = renderMarkdown({
    title: "sweep",
    blocks: [
      {
        kind: "paragraph",
        text: [
          { text: "Medians over the counted runs, by " },
          { text: sweep.parameter, code: true },
          { text: "." },
        ],
      },
      {
        kind: "table",
        header: [
          sweep.parameter,
          "hosts",
          "msgs",
          "ok/runs",
          "p99 latency ms",
          "duplicates per delivery",
          "peak RSS MiB",
          "active ms",
        ],
        align: ["left", "right", "right", "right", "right", "right", "right", "right"],
        rows,
      },
    ],
  });
  const charts = buildBenchCharts(cells, { results })
    .filter((spec) => SWEEP_CHART_IDS.includes(spec.id))
    .sort((a, b) => SWEEP_CHART_IDS.indexOf(a.id) - SWEEP_CHART_IDS.indexOf(b.id))
    .map((spec): MediaBundle => ({
      "image/svg+xml": renderChartSvg(spec),
      "text/plain": spec.title,
    }));
  return [{ "text/markdown": table, "text/plain": table }, ...charts];
}

function _median(value: number | null | undefined, format: (value: number) => string): string {
  return value === null || value === undefined ? "—" : format(value);
}

function _text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
