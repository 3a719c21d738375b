/**
 * A bench against its baseline as one figure: a row per figure and cell, the ratio (this bench
 * over the baseline) as a dot with its 95% interval, the line at 1 and the noise band around it,
 * coloured by verdict. Drawn with Observable Plot in the report's look.
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
  /** The interval; absent when there were too few runs for one. */
  low?: number;
  high?: number;
  /** `higher` / `lower` when the whole interval is beyond the noise band, else `null`. */
  change: "higher" | "lower" | null;
}

/** The figure's content. */
export interface ComparisonChart {
  title: string;
  /** In display order, top to bottom. */
  rows: readonly ComparisonChartRow[];
  /** The relative change counted as noise, e.g. 0.02 for ±2%. */
  noiseThreshold: number;
}

/** Verdict colours: every figure compared is "lower is better". */
const _COLORS = { higher: "#e15759", lower: "#59a14f", none: "#4e79a7" } as const;
const _ROW_HEIGHT = 16;
const _LABEL_MARGIN = 300;

/**
 * Renders `chart` as a standalone SVG document: x = ratio (this bench / baseline), a row per
 * entry of `rows`, the noise band shaded, and a legend of the three verdicts.
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
  const extent = rows.flatMap((row) => [row.ratio, row.low ?? row.ratio, row.high ?? row.ratio]);
  const band = [1 - chart.noiseThreshold, 1 + chart.noiseThreshold];
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
      domain: [Math.min(...band, ...extent) * 0.95, Math.max(...band, ...extent) * 1.05],
      grid: true,
    },
    y: { label: null, domain: rows.map((row) => row.label), padding: 0.3 },
    color: { type: "identity" },
    marks: [
      Plot.rectX([band], { x1: (d) => d[0], x2: (d) => d[1], fill: "#dddddd" }),
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
      { label: `±${Math.round(chart.noiseThreshold * 100)}% band`, color: "#dddddd" },
    ],
    empty: rows.length === 0,
  });
}
