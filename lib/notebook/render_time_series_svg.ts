/**
 * A multi-series line chart over time, drawn with Observable Plot without a browser, as a
 * standalone SVG document in the report's look (its font and palette). The report's own
 * `renderChartSvg` draws bench cells (x = messages, colour by variant and hosts), not time.
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

/** One value of one series at one time. */
export interface TimeSeriesPoint {
  /** The line it belongs to, e.g. `"peers"`. */
  series: string;
  /** Time since the start, in seconds. */
  seconds: number;
  value: number;
}

/** One chart: a line per series over time. */
export interface TimeSeriesChart {
  title: string;
  /** Y axis label, with its unit, e.g. `"RSS (MiB)"`. */
  yLabel: string;
  /** In series order of first appearance, then by time. */
  points: readonly TimeSeriesPoint[];
}

/** Options of {@linkcode renderTimeSeriesSvg}. */
export interface RenderTimeSeriesSvgOptions {
  /** Width of the whole document in pixels, legend included; at least 320. @default 720 */
  width?: number;
  /** Height of the whole document in pixels, title included; at least 160. @default 300 */
  height?: number;
}

const _LEGEND_WIDTH = 130;

/**
 * Renders `chart` as a standalone SVG document: a title, the Plot chart (a line per series,
 * x = seconds from 0, y from 0) and a legend at the right, one entry per series in order of first
 * appearance, coloured with the report's {@linkcode VARIANT_PALETTE} in that order.
 *
 * @example
 * ```ts
 * renderTimeSeriesSvg({
 *   title: "Peers",
 *   yLabel: "count",
 *   points: [{ series: "peers", seconds: 0, value: 3 }, { series: "peers", seconds: 2, value: 5 }],
 * }); // "<svg xmlns=...><title>Peers</title>...</svg>\n"
 * ```
 *
 * @param chart not modified
 * @throws {RangeError} if `width` or `height` is not a finite number at least its minimum
 */
export function renderTimeSeriesSvg(
  chart: TimeSeriesChart,
  options: RenderTimeSeriesSvgOptions = {},
): string {
  const { width = 720, height = 300 } = options;
  _validateSize("width", width, 320);
  _validateSize("height", height, 160);
  const series = [...new Set(chart.points.map((point) => point.series))];
  const colorOf = new Map(
    series.map((name, index) => [name, VARIANT_PALETTE[index % VARIANT_PALETTE.length]]),
  );
  const data = chart.points.map((point) => ({ ...point, color: colorOf.get(point.series)! }));
  const counts = new Map<string, number>();
  for (const { series } of data) counts.set(series, (counts.get(series) ?? 0) + 1);
  const plotWidth = width - _LEGEND_WIDTH;
  const plotHeight = height - CHART_TITLE_HEIGHT;
  const plot = Plot.plot({
    document: createPlotDocument(),
    width: plotWidth,
    height: plotHeight,
    marginLeft: 64,
    marginRight: 16,
    marginTop: 24,
    marginBottom: 36,
    x: { label: "time (s)", zero: true },
    y: { label: chart.yLabel, grid: true, zero: true },
    color: { type: "identity" },
    marks: [
      Plot.line(data, { x: "seconds", y: "value", z: "series", stroke: "color", strokeWidth: 2 }),
      // A lone sample draws no line; a dot shows it.
      Plot.dot(data.filter((point) => counts.get(point.series) === 1), {
        x: "seconds",
        y: "value",
        fill: "color",
        r: 3,
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
    legend: series.map((label) => ({ label, color: colorOf.get(label)! })),
    empty: data.length === 0,
  });
}

function _validateSize(option: "width" | "height", value: number, minimum: number): void {
  if (!Number.isFinite(value) || value < minimum) {
    throw new RangeError(
      `renderTimeSeriesSvg: option ${option} must be a finite number >= ${minimum} (pixels), ` +
        `got ${String(value)}`,
    );
  }
}
