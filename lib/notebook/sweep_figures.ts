/**
 * The figures of a tuning sweep: each run's value per figure (duplicates, mesh degree, p99
 * latency, peak RSS, active time), summarised by swept value and fixed scenario, and the chart
 * specs with the swept value on the x axis and the D asked for beside the measured mesh degree.
 *
 * @module
 */
import { describeSamples, isCounted, type RunResult } from "../bench/mod.ts";
import type { SweepChart } from "./render_sweep_chart_svg.ts";
import type { Sweep } from "./sweep_config.ts";

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

/** The figure ids `sweepOutputs` and {@linkcode sweepCharts} chart, in order. */
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
