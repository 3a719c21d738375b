/**
 * A bench against its baseline as one figure: a row per figure and cell, the ratio (this bench
 * over the baseline) as a dot with its interval, the line at 1 and each row's noise band around
 * it, coloured by verdict. Drawn with Observable Plot in the report's look.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { CHART_TITLE_HEIGHT, composeChartSvg, createPlotDocument } from "../report/mod.ts";

/** One ratio of the comparison. */
export interface ComparisonChartRow {
  /** The row's label, e.g. `"p99 latency · 20 hosts x 20 msgs · default"`. */
  label: string;
  ratio: number;
  /** The interval; absent when there is none. */
  low?: number;
  high?: number;
  /** The relative change counted as noise for this row, e.g. 0.02 for 2%. */
  threshold: number;
  /** `higher` / `lower` when reported as changed (the verdict), else `null`. */
  change: "higher" | "lower" | null;
}

/** The figure's content. */
export interface ComparisonChart {
  title: string;
  /** In display order, top to bottom. */
  rows: readonly ComparisonChartRow[];
}

/** Verdict colours: every figure compared is "lower is better". */
const _COLORS = { higher: "#e15759", lower: "#59a14f", none: "#4e79a7" } as const;
const _ROW_HEIGHT = 16;
const _LABEL_MARGIN = 300;

/**
 * Renders `chart` as a standalone SVG document: x = ratio (this bench / baseline), a row per
 * entry of `rows`, each row's noise band shaded (from 1 / (1 + threshold) to 1 + threshold, as
 * the verdicts judge it), and a legend of the three verdicts.
 *
 * @param chart not modified
 * @param options `width`: of the document in pixels, legend included. @default 760
 */
export function renderComparisonChartSvg(
  chart: ComparisonChart,
  options: { width?: number } = {},
): string {
  const { width = 760 } = options;
  const rows = chart.rows.map((row) => ({
    ...row,
    color: row.change === null ? _COLORS.none : _COLORS[row.change],
  }));
  const plotWidth = width - 140;
  const plotHeight = Math.max(120, 70 + rows.length * _ROW_HEIGHT);
  const bands = rows.map((row) => ({
    label: row.label,
    x1: 1 / (1 + row.threshold),
    x2: 1 + row.threshold,
  }));
  const extent = [
    1,
    ...rows.flatMap((row) => [row.ratio, row.low ?? row.ratio, row.high ?? row.ratio]),
    ...bands.flatMap((band) => [band.x1, band.x2]),
  ];
  const plot = Plot.plot({
    document: createPlotDocument(),
    width: plotWidth,
    height: plotHeight,
    marginLeft: _LABEL_MARGIN,
    marginRight: 24,
    marginTop: 24,
    marginBottom: 40,
    x: {
      label: "this bench / baseline →",
      domain: [Math.min(...extent) * 0.95, Math.max(...extent) * 1.05],
      grid: true,
    },
    y: { label: null, domain: rows.map((row) => row.label), padding: 0.3 },
    color: { type: "identity" },
    marks: [
      Plot.barX(bands, { y: "label", x1: "x1", x2: "x2", fill: "#dddddd" }),
      Plot.ruleX([1], { stroke: "#555555", strokeDasharray: "4,3" }),
      Plot.ruleY(rows.filter((row) => row.low !== undefined), {
        y: "label",
        x1: "low",
        x2: "high",
        stroke: "color",
        strokeWidth: 2,
      }),
      Plot.dot(rows, { y: "label", x: "ratio", fill: "color", r: 4 }),
    ],
  });
  return composeChartSvg({
    title: chart.title,
    plot,
    plotWidth,
    plotHeight,
    width,
    height: plotHeight + CHART_TITLE_HEIGHT,
    legend: [
      { label: "higher", color: _COLORS.higher, dot: true },
      { label: "lower", color: _COLORS.lower, dot: true },
      { label: "within noise", color: _COLORS.none, dot: true },
      { label: _bandLabel(chart.rows), color: "#dddddd" },
    ],
    empty: rows.length === 0,
  });
}

/** `noise band ±2%`, or `noise band 2% to 25%` when the rows' thresholds differ. */
function _bandLabel(rows: readonly ComparisonChartRow[]): string {
  if (rows.length === 0) return "noise band";
  const percent = (value: number) => `${Number((value * 100).toFixed(1))}%`;
  const least = Math.min(...rows.map((row) => row.threshold));
  const most = Math.max(...rows.map((row) => row.threshold));
  return least === most
    ? `noise band ±${percent(least)}`
    : `noise band ${percent(least)} to ${percent(most)}`;
}
