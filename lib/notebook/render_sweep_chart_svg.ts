/**
 * One figure of a tuning sweep: the swept value on the x axis, a metric on the y axis (median
 * with its IQR as a whisker), a line per fixed scenario, drawn with Observable Plot in the
 * report's look. One panel per figure.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import {
  CHART_TITLE_HEIGHT,
  composeChartSvg,
  createPlotDocument,
  VARIANT_PALETTE,
} from "../report/mod.ts";

/** One median of one series at one swept value. */
export interface SweepChartPoint {
  /** The line it belongs to, e.g. `"20 hosts x 20 msgs"`. */
  series: string;
  /** The swept value: a number on a numeric axis, else its label. */
  x: number | string;
  /** Median. */
  y: number;
  /** First and third quartile; absent with fewer than two samples. */
  low?: number;
  high?: number;
}

/** One figure. */
export interface SweepChart {
  title: string;
  /** The swept parameter, e.g. `"D"` or `"hosts"`. */
  xLabel: string;
  /** With the unit, e.g. `"duplicates per delivery"`. */
  yLabel: string;
  /** The x values in sweep order: numbers give a numeric axis, strings one tick per value. */
  xValues: readonly (number | string)[];
  points: readonly SweepChartPoint[];
  /**
   * Values to compare with, drawn as grey crosses and named in the legend, e.g. the requested
   * mesh degree D beside the measured one.
   */
  reference?: { label: string; points: readonly { x: number | string; y: number }[] };
}

/** Options of {@linkcode renderSweepChartSvg}. */
export interface RenderSweepChartSvgOptions {
  /** Width of the document in pixels, legend included; at least 320. @default 640 */
  width?: number;
  /** Height of the document in pixels, title included; at least 160. @default 300 */
  height?: number;
}

const _LEGEND_WIDTH = 150;
const _REFERENCE_COLOR = "#777777";

/**
 * Renders `chart` as a standalone SVG document: title, one panel (x = the swept value, y from
 * 0), a line with dots and IQR whiskers per series, the reference crosses, and a legend.
 *
 * @param chart not modified
 * @throws {RangeError} if `width` or `height` is not a finite number at least its minimum
 */
export function renderSweepChartSvg(
  chart: SweepChart,
  options: RenderSweepChartSvgOptions = {},
): string {
  const { width = 640, height = 300 } = options;
  _validateSize("width", width, 320);
  _validateSize("height", height, 160);
  const series = [...new Set(chart.points.map((point) => point.series))];
  const colorOf = new Map(
    series.map((name, index) => [name, VARIANT_PALETTE[index % VARIANT_PALETTE.length]]),
  );
  const data = chart.points.map((point) => ({ ...point, color: colorOf.get(point.series)! }));
  const spread = data.filter((point) => point.low !== undefined && point.high !== undefined);
  const reference = chart.reference?.points ?? [];
  const numeric = chart.xValues.every((value) => typeof value === "number");
  const plotWidth = width - _LEGEND_WIDTH;
  const plotHeight = height - CHART_TITLE_HEIGHT;
  const plot = Plot.plot({
    document: createPlotDocument(),
    width: plotWidth,
    height: plotHeight,
    marginLeft: 64,
    marginRight: 24,
    marginTop: 24,
    marginBottom: 40,
    x: numeric
      ? { label: chart.xLabel, type: "linear", ticks: chart.xValues as number[] }
      : { label: chart.xLabel, type: "point", domain: [...chart.xValues], padding: 0.5 },
    y: { label: chart.yLabel, grid: true, zero: true },
    color: { type: "identity" },
    marks: [
      Plot.line(data, { x: "x", y: "y", z: "series", stroke: "color", strokeWidth: 2 }),
      Plot.ruleX(spread, { x: "x", y1: "low", y2: "high", stroke: "color", strokeWidth: 1.5 }),
      Plot.dot(data, { x: "x", y: "y", fill: "color", r: 3.5 }),
      Plot.dot(reference, {
        x: "x",
        y: "y",
        symbol: "times",
        stroke: _REFERENCE_COLOR,
        strokeWidth: 2,
        r: 6,
      }),
    ],
  });
  return composeChartSvg({
    title: chart.title,
    plot,
    plotWidth,
    plotHeight,
    width,
    height,
    legend: [
      ...series.map((label) => ({ label, color: colorOf.get(label)!, dot: true })),
      ...(chart.reference && reference.length > 0
        ? [{ label: `× ${chart.reference.label}`, color: _REFERENCE_COLOR }]
        : []),
    ],
    empty: data.length === 0,
  });
}

function _validateSize(option: "width" | "height", value: number, minimum: number): void {
  if (!Number.isFinite(value) || value < minimum) {
    throw new RangeError(
      `renderSweepChartSvg: option ${option} must be a finite number >= ${minimum} (pixels), ` +
        `got ${String(value)}`,
    );
  }
}
