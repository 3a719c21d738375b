/**
 * What notebooks/tuning.ipynb does besides displaying: one parameter swept over a list of values
 * for a fixed scenario, as one bench config, and its effect as a table, one figure per metric
 * with the swept value on the x axis, the measured mesh degree beside the requested one, and a
 * plain warning when the sweep changed nothing measurable.
 *
 * @module
 */
import { describeSamples, isCounted, type RunResult } from "../bench/mod.ts";
import type { BenchConfig, GossipsubOptions, VariantSpec } from "../config/mod.ts";
import { renderMarkdown } from "../report/mod.ts";
import { benchConfigFromParameters } from "./notebook_bench.ts";
import { NotebookError } from "./notebook_error.ts";
import { chartOutput, type ChartOutputOptions } from "./chart_output.ts";
import { renderSweepChartSvg, type SweepChart } from "./render_sweep_chart_svg.ts";
import { markdownOutput, type NotebookOutput } from "./show.ts";
import { sweepWarnings } from "./sweep_warnings.ts";

/** Router options a sweep can vary one at a time (each value becomes a variant). */
const _GOSSIPSUB_KEYS: readonly (keyof GossipsubOptions)[] = [
  "D",
  "Dlo",
  "Dhi",
  "heartbeatIntervalMs",
  "floodPublish",
];
/** Router options that shape the mesh. */
const _MESH_KEYS: readonly string[] = ["D", "Dlo", "Dhi", "gossipsub"];
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
/** Sweeps several router options together: each value is an object such as `{ D: 2, Dlo: 1 }`. */
const _GOSSIPSUB_SET = "gossipsub";

/** The parameters that a sweep can vary. */
export const SWEEPABLE_PARAMETERS: readonly string[] = [
  _GOSSIPSUB_SET,
  ..._GOSSIPSUB_KEYS,
  ..._VARIANT_KEYS,
  ..._MATRIX_KEYS,
];

/** The parameters cell of notebooks/tuning.ipynb; checked here, not trusted. */
export interface SweepNotebookParameters {
  /**
   * What to vary: one of {@linkcode SWEEPABLE_PARAMETERS}, e.g. `"D"`, `"hosts"`, or
   * `"gossipsub"` to vary several router options together.
   */
  parameter: unknown;
  /** The values it takes, e.g. `[4, 6, 8]`, or `[{ D: 2, Dlo: 1, Dhi: 3 }, ...]` for `"gossipsub"`. */
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
  /** Router options every value keeps, e.g. `{ floodPublish: false }`. @default {} */
  gossipsub?: unknown;
  /** As bench.yml's `scenario:` section, e.g. `{ dialsPerHost: 6 }`. @default {} */
  scenario?: unknown;
  /** @default "results" */
  resultsRoot?: unknown;
}

/** A sweep as a bench: its config and which variant or axis stands for each value. */
export interface Sweep {
  config: BenchConfig;
  parameter: string;
  values: unknown[];
  /** How each value is shown, in sweep order (e.g. `"2/1/3"` for `{ D: 2, Dlo: 1, Dhi: 3 }`). */
  labels: string[];
  /** The x axis title, e.g. `"D"` or `"D/Dlo/Dhi"`. */
  axisLabel: string;
  /** Whether the values are numbers (a numeric x axis). */
  numeric: boolean;
  /** Whether the parameter shapes the gossipsub mesh (D, Dlo, Dhi or a set of router options). */
  shapesMesh: boolean;
  /** Variant name -> index of its value; empty when `parameter` is a matrix axis. */
  variantValues: Map<string, number>;
}

/** Options of {@linkcode sweepConfig}. */
export interface SweepConfigOptions {
  /** How errors name the source. @default "notebook parameters" */
  label?: string;
}

/**
 * The bench config of a sweep. A matrix axis (`hosts`, `msgs`) takes the values directly; any
 * other parameter makes one variant per value, named like `D-4` (or `D2-Dlo1-Dhi3` for a set of
 * router options): `variant`'s spec with that field or router option set, plus the fixed
 * `gossipsub` options. The config is validated like bench.yml, so an impossible value (e.g. `D`
 * below `Dlo`) fails with the config's own message.
 *
 * @throws {NotebookError} when `parameter` cannot be swept or `values` is not a non-empty list
 * of distinct values (objects of router options for `"gossipsub"`)
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
  if (parameter === _GOSSIPSUB_SET) _checkOptionSets(values, label);
  const base = {
    hosts: parameters.hosts,
    msgs: parameters.msgs,
    variants: [parameters.variant],
    iterations: parameters.iterations,
    warmups: parameters.warmups,
    seed: parameters.seed,
    gossipsub: parameters.gossipsub,
    scenario: parameters.scenario,
    resultsRoot: parameters.resultsRoot,
  };
  const { labels, axisLabel } = _labels(parameter, values);
  const numeric = values.every((value) => typeof value === "number");
  const shapesMesh = _MESH_KEYS.includes(parameter);
  if ((_MATRIX_KEYS as readonly string[]).includes(parameter)) {
    const config = benchConfigFromParameters({ ...base, [parameter]: values }, { label });
    return {
      config,
      parameter,
      values,
      labels,
      axisLabel,
      numeric,
      shapesMesh,
      variantValues: new Map(),
    };
  }
  const spec = benchConfigFromParameters(base, { label }).variants[parameters.variant as string];
  const names = values.map((value) => _variantName(parameter, value));
  const customVariants = Object.fromEntries(
    names.map((name, index) => [name, _variantWith(spec, parameter, values[index])]),
  );
  const config = benchConfigFromParameters(
    { ...base, variants: names, customVariants, gossipsub: undefined },
    { label },
  );
  const variantValues = new Map(names.map((name, index) => [name, index]));
  return { config, parameter, values, labels, axisLabel, numeric, shapesMesh, variantValues };
}

function _checkOptionSets(values: unknown[], label: string): void {
  for (const value of values) {
    const keys = typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.keys(value)
      : [];
    const unknown = keys.filter((key) => !(_GOSSIPSUB_KEYS as readonly string[]).includes(key));
    if (keys.length === 0 || unknown.length > 0) {
      throw new NotebookError(
        `${label}: with parameter "gossipsub", each value must be an object of router options ` +
          `(${_GOSSIPSUB_KEYS.join(", ")}), e.g. { D: 2, Dlo: 1, Dhi: 3 }; got ${
            JSON.stringify(value)
          }`,
      );
    }
  }
}

function _variantWith(spec: VariantSpec, parameter: string, value: unknown): VariantSpec {
  if (parameter === _GOSSIPSUB_SET) {
    return { ...spec, gossipsub: { ...spec.gossipsub, ...(value as GossipsubOptions) } };
  }
  if ((_GOSSIPSUB_KEYS as readonly string[]).includes(parameter)) {
    return { ...spec, gossipsub: { ...spec.gossipsub, [parameter]: value } };
  }
  return { ...spec, [parameter]: value };
}

function _variantName(parameter: string, value: unknown): string {
  if (parameter !== _GOSSIPSUB_SET) return `${parameter}-${_text(value)}`;
  return Object.entries(value as Record<string, unknown>)
    .map(([key, option]) => `${key}${typeof option === "number" ? "" : "_"}${_text(option)}`)
    .join("-");
}

/** `D/Dlo/Dhi` and `2/1/3` when every option set has the same keys; else `D=2 Dlo=1`. */
function _labels(parameter: string, values: unknown[]): { labels: string[]; axisLabel: string } {
  if (parameter !== _GOSSIPSUB_SET) return { labels: values.map(_text), axisLabel: parameter };
  const sets = values as Record<string, unknown>[];
  const keys = Object.keys(sets[0]);
  if (sets.every((set) => Object.keys(set).join() === keys.join())) {
    return {
      labels: sets.map((set) => keys.map((key) => _text(set[key])).join("/")),
      axisLabel: keys.join("/"),
    };
  }
  return {
    labels: sets.map((set) =>
      Object.entries(set).map(([key, value]) => `${key}=${_text(value)}`).join(" ")
    ),
    axisLabel: "router options",
  };
}

/** One figure of the sweep: which value of a run it shows, in which unit. */
interface _Figure {
  id: string;
  title: string;
  yLabel: string;
  get: (result: RunResult) => number | undefined;
}

const _MIB = 2 ** 20;

/** The figures, in display order. */
const _FIGURES: readonly _Figure[] = [
  {
    id: "duplicates",
    title: "Duplicates per delivery",
    yLabel: "duplicates per delivery",
    get: (result) => result.duplicatesPerDelivery,
  },
  {
    id: "mesh-degree",
    title: "Mesh degree when publishing",
    yLabel: "mesh peers per host (mean)",
    get: (result) => result.meshDegreeMeanAtFirstPublish,
  },
  {
    id: "p99-latency",
    title: "Delivery latency, 99th percentile",
    yLabel: "p99 latency (ms)",
    get: (result) => result.latencyMs?.p99,
  },
  {
    id: "peak-rss",
    title: "Peak RSS",
    yLabel: "peak RSS (MiB)",
    get: (result) => result.peakRssBytes === undefined ? undefined : result.peakRssBytes / _MIB,
  },
  {
    id: "active-time",
    title: "Active time",
    yLabel: "active time (ms)",
    get: (result) => result.activeMs,
  },
];

/** The figure ids {@linkcode sweepOutputs} charts, in order. */
export const SWEEP_FIGURE_IDS: readonly string[] = _FIGURES.map((figure) => figure.id);

/** One swept value in one fixed scenario: its runs summarised per figure. */
export interface SweepRow {
  /** Index into the sweep's values. */
  valueIndex: number;
  hosts: number;
  msgs: number;
  /** The line this row belongs to in the figures, e.g. `"20 hosts x 20 msgs"`. */
  series: string;
  /** Counted runs, and those that failed. */
  runs: number;
  failures: number;
  /** The gossipsub mesh degree D the variant asked for; absent for other routers. */
  requestedD?: number;
  /** Per figure id: median and quartiles over the counted ok runs (null without samples). */
  figures: Record<
    string,
    { n: number; median: number | null; q1: number | null; q3: number | null }
  >;
}

/**
 * The sweep's runs summarised by swept value and fixed scenario, in sweep order, then by hosts
 * and msgs. Warm-ups and traced runs are left out; failed runs count in `failures` only.
 *
 * @param results the bench's run records; not modified
 */
export function sweepRows(sweep: Sweep, results: readonly RunResult[]): SweepRow[] {
  const groups = new Map<string, { row: Omit<SweepRow, "figures">; ok: RunResult[] }>();
  for (const result of results.filter(isCounted)) {
    const valueIndex = _valueIndex(sweep, result);
    if (valueIndex === undefined) continue;
    const { hosts, msgs } = result.cell;
    const key = `${valueIndex}/${hosts}/${msgs}`;
    let group = groups.get(key);
    if (!group) {
      const spec = sweep.config.variants[result.cell.variant];
      group = {
        row: {
          valueIndex,
          hosts,
          msgs,
          series: _series(sweep, hosts, msgs),
          runs: 0,
          failures: 0,
          ...(spec?.router === "gossipsub" ? { requestedD: spec.gossipsub.D ?? 6 } : {}),
        },
        ok: [],
      };
      groups.set(key, group);
    }
    group.row.runs++;
    if (result.ok) group.ok.push(result);
    else group.row.failures++;
  }
  return [...groups.values()]
    .map(({ row, ok }): SweepRow => ({
      ...row,
      figures: Object.fromEntries(_FIGURES.map((figure) => {
        const samples = ok.map(figure.get).filter((value): value is number =>
          typeof value === "number" && Number.isFinite(value)
        );
        const { n, median, q1, q3 } = describeSamples(samples);
        return [figure.id, { n, median, q1, q3 }];
      })),
    }))
    .sort((a, b) => a.valueIndex - b.valueIndex || a.hosts - b.hosts || a.msgs - b.msgs);
}

function _valueIndex(sweep: Sweep, result: RunResult): number | undefined {
  if (sweep.parameter === "hosts" || sweep.parameter === "msgs") {
    const index = sweep.values.indexOf(result.cell[sweep.parameter]);
    return index < 0 ? undefined : index;
  }
  return sweep.variantValues.get(result.cell.variant);
}

function _series(sweep: Sweep, hosts: number, msgs: number): string {
  if (sweep.parameter === "hosts") return `${msgs} msgs`;
  if (sweep.parameter === "msgs") return `${hosts} hosts`;
  return `${hosts} hosts x ${msgs} msgs`;
}

/** The sweep's figures as chart specs: x = the swept value, a line per fixed scenario. */
export function sweepCharts(sweep: Sweep, rows: readonly SweepRow[]): SweepChart[] {
  const xOf = (row: SweepRow): number | string =>
    sweep.numeric ? sweep.values[row.valueIndex] as number : sweep.labels[row.valueIndex];
  const xValues = sweep.numeric ? sweep.values as number[] : sweep.labels;
  return _FIGURES.map((figure): SweepChart => {
    const points = rows.flatMap((row) => {
      const { median, q1, q3, n } = row.figures[figure.id];
      if (median === null) return [];
      return [{
        series: row.series,
        x: xOf(row),
        y: median,
        ...(n >= 2 && q1 !== null && q3 !== null ? { low: q1, high: q3 } : {}),
      }];
    });
    const requested = figure.id === "mesh-degree"
      ? rows.filter((row) => row.requestedD !== undefined)
      : [];
    return {
      title: figure.title,
      xLabel: sweep.axisLabel,
      yLabel: figure.yLabel,
      xValues,
      points,
      ...(requested.length > 0
        ? {
          reference: {
            label: "D asked for",
            points: requested.map((row) => ({ x: xOf(row), y: row.requestedD! })),
          },
        }
        : {}),
    };
  });
}

/**
 * The sweep's effect as notebook outputs: one Markdown output with the warnings (when the sweep
 * changed nothing measurable, or the mesh was limited by connections) above a table with one row
 * per value and fixed scenario, then one figure per metric (duplicates, mesh degree with the D asked for,
 * p99 latency, peak RSS, active time), each with the swept value on the x axis.
 *
 * @param results the bench's run records; not modified
 */
export async function sweepOutputs(
  sweep: Sweep,
  results: readonly RunResult[],
  options: ChartOutputOptions = {},
): Promise<NotebookOutput[]> {
  const rows = sweepRows(sweep, results);
  // Warnings and table in one output: the cell's outputs are the same in number every time.
  const warnings = sweepWarnings(sweep, rows).map((warning) => `**Warning:** ${warning}\n\n`);
  const outputs = [markdownOutput(warnings.join("") + _table(sweep, rows))];
  for (const chart of sweepCharts(sweep, rows)) {
    outputs.push(await chartOutput(renderSweepChartSvg(chart), chart.title, options));
  }
  return outputs;
}

function _table(sweep: Sweep, rows: readonly SweepRow[]): string {
  const median = (row: SweepRow, id: string, digits: number): string => {
    const value = row.figures[id].median;
    return value === null ? "—" : value.toFixed(digits);
  };
  return renderMarkdown({
    title: "sweep",
    blocks: [
      {
        kind: "paragraph",
        text: [
          { text: "Medians over the counted runs, by " },
          { text: sweep.axisLabel, code: true },
          { text: "; mesh is the mean mesh degree over hosts when the first message went out." },
        ],
      },
      {
        kind: "table",
        header: [
          sweep.axisLabel,
          "hosts",
          "msgs",
          "ok/runs",
          "mesh (D asked)",
          "duplicates per delivery",
          "p99 latency ms",
          "peak RSS MiB",
          "active ms",
        ],
        align: ["left", "right", "right", "right", "right", "right", "right", "right", "right"],
        rows: rows.map((row) => [
          sweep.labels[row.valueIndex],
          String(row.hosts),
          String(row.msgs),
          `${row.runs - row.failures}/${row.runs}`,
          `${median(row, "mesh-degree", 1)}${
            row.requestedD === undefined ? "" : ` (${row.requestedD})`
          }`,
          median(row, "duplicates", 2),
          median(row, "p99-latency", 0),
          median(row, "peak-rss", 1),
          median(row, "active-time", 0),
        ]),
      },
    ],
  });
}

function _text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
