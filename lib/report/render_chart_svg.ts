/**
 * A chart spec drawn with Observable Plot, without a browser, as a standalone SVG document.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { ChartSpec } from "./chart_spec.ts";
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

/** Fonts every SVG renderer we use has (rsvg, ImageMagick, browsers). */
export const CHART_FONT_FAMILY = "DejaVu Sans, sans-serif";

const _MIN_WIDTH = 320;
const _MIN_HEIGHT = 160;
const _TITLE_HEIGHT = 30;
const _LEGEND_ROW = 18;
const _LEGEND_FONT_SIZE = 11;
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
  const plotHeight = height - _TITLE_HEIGHT;
  const countTicks = _smallCountTicks(data);
  const documentHeight = Math.max(height, _TITLE_HEIGHT + 24 + series.length * _LEGEND_ROW);

  // linkedom types its window as the global one, which in Deno has no `document`.
  const { document } = parseHTML("<!DOCTYPE html><html><body></body></html>") as unknown as {
    document: NonNullable<Plot.PlotOptions["document"]>;
  };
  const plot = Plot.plot({
    document,
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
  plot.setAttribute("x", "0");
  plot.setAttribute("y", String(_TITLE_HEIGHT));
  plot.setAttribute("font-family", CHART_FONT_FAMILY);

  const legend = series.map((name, index) => {
    const y = index * _LEGEND_ROW;
    const color = _escapeXml(colors.get(name)!);
    return `<g transform="translate(0,${y})">` +
      `<line x1="0" x2="${_LEGEND_SWATCH}" y1="0" y2="0" stroke="${color}" stroke-width="2"/>` +
      `<circle cx="${_LEGEND_SWATCH / 2}" cy="0" r="3" fill="${color}"/>` +
      `<text x="${_LEGEND_SWATCH + 8}" y="0" dy="0.32em">${_escapeXml(name)}</text></g>`;
  });
  // Plot draws no axes without data; say so instead of leaving a blank frame.
  const noData = data.length === 0
    ? `<text class="no-data" x="${plotWidth / 2}" y="${_TITLE_HEIGHT + plotHeight / 2}" ` +
      `text-anchor="middle" font-size="12" fill="#777">no data</text>`
    : "";
  const title = _escapeXml(spec.title);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${documentHeight}" ` +
    `viewBox="0 0 ${width} ${documentHeight}" font-family="${CHART_FONT_FAMILY}" ` +
    `role="img" aria-label="${title}">` +
    `<title>${title}</title>` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<text class="chart-title" x="12" y="20" font-size="15" font-weight="bold">${title}</text>` +
    plot.outerHTML +
    noData +
    `<g class="legend" transform="translate(${plotWidth + 8},${_TITLE_HEIGHT + 24})" ` +
    `font-size="${_LEGEND_FONT_SIZE}" fill="currentColor">${legend.join("")}</g>` +
    `</svg>\n`;
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

/** Escapes text for use in XML text content and in double- or single-quoted attributes. */
function _escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}
