/**
 * A chart spec drawn with Observable Plot, without a browser, as a standalone SVG document.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { ChartPoint, ChartSample, ChartSpec } from "./chart_spec.ts";
import {
  CHART_LEGEND_SWATCH,
  CHART_TITLE_HEIGHT,
  composeChartSvg,
  createPlotDocument,
  type LegendEntry,
} from "./compose_chart_svg.ts";
import { markerPath, type VariantStyle, variantStyles } from "./variant_styles.ts";

/** Options of {@linkcode renderChartSvg}. */
export interface RenderChartSvgOptions {
  /** Width of the whole document in pixels, legend included; at least 320. @default 720 */
  width?: number;
  /**
   * Height of the whole document in pixels for one row of panels, title included; at least 160.
   * The document grows when the panels wrap onto more rows or the legend needs more room.
   * @default 360
   */
  height?: number;
  /**
   * Draw the title line. A report whose section heading already names the chart leaves it out
   * (the `<title>` element, for screen readers and tooltips, stays). @default true
   */
  title?: boolean;
}

export { CHART_FONT_FAMILY } from "./compose_chart_svg.ts";

const _MIN_WIDTH = 320;
const _MIN_HEIGHT = 160;
/** Rough advance of one DejaVu Sans character at the legend's size; no text metrics here. */
const _LEGEND_CHAR_WIDTH = 6.8;
const _MARGIN = { left: 64, right: 16, top: 40, bottom: 36 };
/** Height of each further row of panels, and the gap above it for its label. */
const _ROW_HEIGHT = 210;
const _ROW_GAP = 34;
/** Width a variant needs at one message count (its bar, its median marker, its samples). */
const _VARIANT_WIDTH_PX = 14;
const _SAMPLE_RADIUS = 2.2;
const _MEDIAN_RADIUS = 4.5;
const _BASELINE = { color: "#4d4d4d", dash: "3 2" };

/**
 * Renders `spec` as a standalone SVG document: a title line, one panel per host count (x = the
 * message counts, evenly spaced), and a legend at the right with one entry per variant (and one
 * for the baseline when `spec.baseline` has points).
 *
 * In a panel, per variant: each sample as a small, translucent marker of the variant's shape,
 * the baseline's median as a dashed grey tick across the variant's place, the quartile range as
 * a vertical bar, the medians joined by a line in the variant's dash, and each median as a large
 * marker. Samples are drawn first, so every median stays on top. Positions are `spec`'s offsets
 * around each message count; panels wrap onto further rows when a row is too narrow for them.
 *
 * Each mark's `<g>` has a class: `sample`, `baseline`, `iqr`, `median-line` or `median`, and
 * `variant-<i>` (its variant's index in `spec.variants`).
 *
 * @example
 * ```ts
 * for (const spec of buildBenchCharts(summarizeResults(results), { results })) {
 *   await Deno.writeTextFile(`${dir}/${spec.id}.svg`, renderChartSvg(spec));
 * }
 * ```
 *
 * @param spec the chart; not modified
 * @returns a well-formed SVG document (no XML declaration), UTF-8 text
 * @throws {RangeError} if `width` or `height` is not a finite number at least its minimum
 */
export function renderChartSvg(spec: ChartSpec, options: RenderChartSvgOptions = {}): string {
  const { width = 720, height = 360, title = true } = options;
  _validateSize("width", width, _MIN_WIDTH);
  _validateSize("height", height, _MIN_HEIGHT);

  const styles = variantStyles(spec.variants);
  const all: readonly (ChartPoint | ChartSample)[] = [
    ...spec.points,
    ...spec.samples,
    ...spec.baseline,
  ];
  const hosts = _sortedUnique(all.map((item) => item.hosts));
  const msgs = _sortedUnique(all.map((item) => item.x));

  const legend = _legend(spec, styles);
  const longestLabel = Math.max(0, ...legend.map((entry) => entry.label.length));
  const legendWidth = Math.min(
    Math.round(width / 2),
    Math.max(110, Math.ceil(CHART_LEGEND_SWATCH + 8 + longestLabel * _LEGEND_CHAR_WIDTH + 12)),
  );
  const plotWidth = width - legendWidth;
  const columns = _columns(hosts.length, msgs.length, spec.variants.length, plotWidth);
  const rows = Math.max(1, Math.ceil(hosts.length / columns));
  const firstRowHeight = height - CHART_TITLE_HEIGHT;
  const plotHeight = firstRowHeight + (rows - 1) * (_ROW_HEIGHT + _ROW_GAP);
  // Plot splits the frame between rows evenly; this padding leaves each row its label's gap.
  const rowPadding = rows === 1 ? 0 : _ROW_GAP / ((plotHeight - _MARGIN.top - _MARGIN.bottom) /
    rows);

  const panel = (hostCount: number) => {
    const index = hosts.indexOf(hostCount);
    return { column: index % columns, row: Math.floor(index / columns) };
  };
  const place = <T extends ChartPoint | ChartSample>(item: T) => ({
    ...item,
    ...panel(item.hosts),
    position: msgs.indexOf(item.x) + item.offset,
  });
  const halfVariant = 0.25 / Math.max(1, spec.variants.length);
  const countTicks = _smallCountTicks([...spec.points, ...spec.samples]);

  const marks: Plot.Markish[] = [
    Plot.text(hosts.map((count) => ({ label: `${count} hosts`, ...panel(count) })), {
      fx: "column",
      fy: "row",
      text: "label",
      frameAnchor: "top",
      lineAnchor: "bottom",
      dy: -6,
      fontSize: 11,
      fontWeight: "bold",
      className: "panel-label",
    }),
  ];
  const layers: [string, (style: VariantStyle, index: number) => Plot.Markish][] = [
    [
      "sample",
      (style, index) =>
        Plot.dot(spec.samples.filter((item) => item.variant === style.variant).map(place), {
          x: "position",
          y: "y",
          fx: "column",
          fy: "row",
          r: _SAMPLE_RADIUS,
          symbol: _plotSymbol(style),
          fill: style.color,
          fillOpacity: 0.45,
          stroke: "none",
          className: `sample variant-${index}`,
        }),
    ],
    ["baseline", (style, index) =>
      Plot.ruleY(
        spec.baseline.filter((item) => item.variant === style.variant).map(place).map((item) => ({
          ...item,
          from: item.position - halfVariant,
          to: item.position + halfVariant,
        })),
        {
          y: "y",
          x1: "from",
          x2: "to",
          fx: "column",
          fy: "row",
          stroke: _BASELINE.color,
          strokeWidth: 1.5,
          strokeDasharray: _BASELINE.dash,
          className: `baseline variant-${index}`,
        },
      )],
    ["iqr", (style, index) =>
      Plot.ruleX(
        spec.points
          .filter((item) => item.variant === style.variant && item.low !== undefined)
          .map(place),
        {
          x: "position",
          y1: "low",
          y2: "high",
          fx: "column",
          fy: "row",
          stroke: style.color,
          strokeWidth: 2,
          className: `iqr variant-${index}`,
        },
      )],
    [
      "median-line",
      (style, index) =>
        Plot.line(spec.points.filter((item) => item.variant === style.variant).map(place), {
          x: "position",
          y: "y",
          fx: "column",
          fy: "row",
          stroke: style.color,
          strokeWidth: 1.5,
          strokeDasharray: style.dash === "" ? undefined : style.dash,
          className: `median-line variant-${index}`,
        }),
    ],
    [
      "median",
      (style, index) =>
        Plot.dot(spec.points.filter((item) => item.variant === style.variant).map(place), {
          x: "position",
          y: "y",
          fx: "column",
          fy: "row",
          r: _MEDIAN_RADIUS,
          symbol: _plotSymbol(style),
          fill: style.color,
          stroke: "white",
          strokeWidth: 1,
          className: `median variant-${index}`,
        }),
    ],
  ];
  for (const [, layer] of layers) {
    [...styles.values()].forEach((style, index) => marks.push(layer(style, index)));
  }

  const plot = Plot.plot({
    document: createPlotDocument(),
    width: plotWidth,
    height: plotHeight,
    marginLeft: _MARGIN.left,
    marginRight: _MARGIN.right,
    marginTop: _MARGIN.top,
    marginBottom: _MARGIN.bottom,
    fx: { axis: null, padding: 0.08 },
    fy: { axis: null, padding: rowPadding },
    x: {
      label: "messages",
      domain: [-0.5, Math.max(0, msgs.length - 1) + 0.5],
      ticks: msgs.map((_, index) => index),
      tickFormat: (index: number) => String(msgs[index] ?? ""),
    },
    y: {
      label: spec.yLabel,
      grid: true,
      zero: true,
      nice: true,
      // Room between the highest mark and the panel's label above it.
      insetTop: 10,
      ticks: countTicks,
      tickFormat: countTicks ? "d" : undefined,
    },
    marks,
  });
  return composeChartSvg({
    title: spec.title,
    showTitle: title,
    plot,
    plotWidth,
    plotHeight,
    width,
    legend,
    empty: all.length === 0,
  });
}

/** One entry per variant (marker and dash), then the baseline's when it is drawn. */
function _legend(spec: ChartSpec, styles: Map<string, VariantStyle>): LegendEntry[] {
  const entries: LegendEntry[] = [...styles.values()].map((style) => ({
    label: style.variant,
    color: style.color,
    dash: style.dash,
    marker: style.marker.name === "circle"
      ? { circle: _MEDIAN_RADIUS }
      : { path: markerPath(style.marker, _MEDIAN_RADIUS * _MEDIAN_RADIUS * Math.PI) },
  }));
  if (spec.baseline.length > 0) {
    entries.push({ label: "baseline median", color: _BASELINE.color, dash: _BASELINE.dash });
  }
  return entries;
}

/** Plot draws its own "circle" as a `<circle>`; other shapes are ours. */
function _plotSymbol(style: VariantStyle): Plot.SymbolType {
  return style.marker.name === "circle" ? "circle" : style.marker as unknown as Plot.SymbolType;
}

/** How many panels fit side by side, each message count keeping room for every variant. */
function _columns(panels: number, msgs: number, variants: number, plotWidth: number): number {
  const frame = plotWidth - _MARGIN.left - _MARGIN.right;
  // A variant's share of a slot is a quarter of a slot divided among variants, doubled.
  const slot = _VARIANT_WIDTH_PX * Math.max(1, variants) * 2;
  const panelWidth = Math.max(1, msgs) * slot;
  return Math.max(1, Math.min(panels, Math.floor(frame / panelWidth)));
}

/** Whole-number ticks when every value is a small count (failures, mesh peers), not 0.1 steps. */
function _smallCountTicks(points: readonly { y: number }[]): number[] | undefined {
  const top = Math.max(0, ...points.map((point) => point.y));
  if (top > 10 || !points.every((point) => Number.isInteger(point.y))) return undefined;
  return Array.from({ length: top + 1 }, (_, index) => index);
}

function _sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
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
