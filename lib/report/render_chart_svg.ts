/**
 * A chart spec drawn with Observable Plot, without a browser, as a standalone SVG document.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { ChartSpec } from "./chart_spec.ts";
import { CHART_TITLE_HEIGHT, composeChartSvg, createPlotDocument } from "./compose_chart_svg.ts";
import { seriesColors } from "./series_colors.ts";

/** Options of {@linkcode renderChartSvg}. */
export interface RenderChartSvgOptions {
  /** Width of the whole document in pixels, legend included; at least 320. @default 720 */
  width?: number;
  /**
   * Height of the whole document in pixels, title included; at least 160. The document grows
   * beyond it when the legend needs more room. @default 360
   */
  height?: number;
}

export { CHART_FONT_FAMILY } from "./compose_chart_svg.ts";

const _MIN_WIDTH = 320;
const _MIN_HEIGHT = 160;
/** Rough advance of one DejaVu Sans character at the legend's size; no text metrics here. */
const _LEGEND_CHAR_WIDTH = 6.8;
const _LEGEND_SWATCH = 22;

/**
 * Renders `spec` as a standalone SVG document: a title line, the Plot chart (a line with dots per
 * series, x = messages, and the quartile range of each point as a vertical rule), and a legend at
 * the right with one entry per series in the order the series first appear in `spec.points`.
 *
 * Colours come from {@linkcode seriesColors}. Plot's own legend is not used because a plot with a
 * legend is an HTML `<figure>`, not an SVG.
 *
 * @example
 * ```ts
 * for (const spec of buildBenchCharts(summarizeResults(results))) {
 *   await Deno.writeTextFile(`${dir}/${spec.id}.svg`, renderChartSvg(spec));
 * }
 * ```
 *
 * @param spec the chart; not modified
 * @returns a well-formed SVG document (no XML declaration), UTF-8 text
 * @throws {RangeError} if `width` or `height` is not a finite number at least its minimum
 */
export function renderChartSvg(spec: ChartSpec, options: RenderChartSvgOptions = {}): string {
  const { width = 720, height = 360 } = options;
  _validateSize("width", width, _MIN_WIDTH);
  _validateSize("height", height, _MIN_HEIGHT);

  const colors = seriesColors(spec.points);
  const series = [...colors.keys()];
  const data = spec.points.map((point) => ({ ...point, color: colors.get(point.series)! }));
  const spread = data.filter((point) => point.low !== undefined && point.high !== undefined);
  const xValues = [...new Set(data.map((point) => point.x))].sort((a, b) => a - b);

  const longestLabel = Math.max(0, ...series.map((name) => name.length));
  const legendWidth = Math.min(
    Math.round(width / 2),
    Math.max(120, Math.ceil(_LEGEND_SWATCH + 8 + longestLabel * _LEGEND_CHAR_WIDTH + 12)),
  );
  const plotWidth = width - legendWidth;
  const plotHeight = height - CHART_TITLE_HEIGHT;
  const countTicks = _smallCountTicks(data);

  const plot = Plot.plot({
    document: createPlotDocument(),
    width: plotWidth,
    height: plotHeight,
    marginLeft: 64,
    marginRight: 16,
    marginTop: 24,
    marginBottom: 36,
    x: {
      label: "messages",
      // Ticks at the message counts measured, unless there are too many to read.
      ticks: xValues.length > 0 && xValues.length <= 8 ? xValues : undefined,
      // Message counts are integers; a lone value would otherwise print as "20.000000".
      tickFormat: "d",
    },
    y: {
      label: spec.yLabel,
      grid: true,
      zero: true,
      ticks: countTicks,
      tickFormat: countTicks ? "d" : undefined,
    },
    color: { type: "identity" },
    marks: [
      Plot.ruleX(spread, { x: "x", y1: "low", y2: "high", stroke: "color", strokeWidth: 1.5 }),
      Plot.line(data, { x: "x", y: "y", z: "series", stroke: "color", strokeWidth: 2 }),
      Plot.dot(data, { x: "x", y: "y", fill: "color", r: 3 }),
    ],
  });
  return composeChartSvg({
    title: spec.title,
    plot,
    plotWidth,
    plotHeight,
    width,
    height,
    legend: series.map((label) => ({ label, color: colors.get(label)!, dot: true })),
    empty: data.length === 0,
  });
}

/** Whole-number ticks when every value is a small count (failures), not 0.1 steps. */
function _smallCountTicks(points: readonly { y: number }[]): number[] | undefined {
  const top = Math.max(0, ...points.map((point) => point.y));
  if (top > 10 || !points.every((point) => Number.isInteger(point.y))) return undefined;
  return Array.from({ length: top + 1 }, (_, index) => index);
}

function _validateSize(option: "width" | "height", value: number, minimum: number): void {
  if (!Number.isFinite(value) || value < minimum) {
    throw new RangeError(
      `renderChartSvg: option ${option} must be a finite number >= ${minimum} (pixels), got ${
        String(value)
      }`,
    );
  }
}
