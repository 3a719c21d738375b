/**
 * The scale chart drawn with Observable Plot as a standalone SVG document: one panel per metric
 * side by side, each with its own y axis, host count on a log x axis.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import {
  composeChartSvg,
  createPlotDocument,
  escapeXml,
  type LegendEntry,
  type PlotElement,
} from "./compose_chart_svg.ts";
import type { ScaleChartSpec } from "./scale_chart_spec.ts";
import { markerPath, variantStyles } from "./variant_styles.ts";

/** Options of {@linkcode renderScaleChartSvg}. */
export interface RenderScaleChartSvgOptions {
  /** Width of the whole document in pixels, legend included; at least 480. @default 720 */
  width?: number;
  /** Draw the title line (see `renderChartSvg`). @default true */
  title?: boolean;
}

const _PLOT_HEIGHT = 260;
const _MARGIN = { left: 52, right: 10, top: 26, bottom: 40 };
const _MEDIAN_RADIUS = 4;
/** Dashes that tell message counts of one variant apart. */
const _MSGS_DASHES = ["", "6 3", "2 2", "8 3 2 3"];

/**
 * Renders `spec`: per metric a panel (its label above it), per series a line through its
 * medians with a marker at each, the quartiles as vertical bars; a legend of the series at the
 * right. A series' colour and marker are its variant's, its dash its message count's.
 *
 * Each mark's `<g>` has a class: `iqr`, `median-line` or `median`, and `series-<i>`.
 *
 * @param spec the chart; not modified
 * @returns a well-formed SVG document (no XML declaration)
 * @throws {RangeError} if `width` is not a finite number of at least 480
 */
export function renderScaleChartSvg(
  spec: ScaleChartSpec,
  options: RenderScaleChartSvgOptions = {},
): string {
  const { width = 720, title = true } = options;
  if (!Number.isFinite(width) || width < 480) {
    throw new RangeError(
      `renderScaleChartSvg: option width must be a finite number >= 480 (pixels), got ${
        String(width)
      }`,
    );
  }
  const variants = [...new Set(spec.series.map((entry) => entry.variant))];
  const styles = variantStyles(variants);
  const msgsOf = (variant: string) =>
    spec.series.filter((entry) => entry.variant === variant).map((entry) => entry.msgs);
  const dashOf = (variant: string, msgs: number) =>
    _MSGS_DASHES[msgsOf(variant).indexOf(msgs) % _MSGS_DASHES.length];
  const legend: LegendEntry[] = spec.series.map((entry) => {
    const style = styles.get(entry.variant)!;
    return {
      label: entry.name,
      color: style.color,
      dash: dashOf(entry.variant, entry.msgs),
      marker: style.marker.name === "circle"
        ? { circle: _MEDIAN_RADIUS }
        : { path: markerPath(style.marker, _MEDIAN_RADIUS * _MEDIAN_RADIUS * Math.PI) },
    };
  });
  const longest = Math.max(0, ...legend.map((entry) => entry.label.length));
  const legendWidth = Math.min(Math.round(width / 3), Math.max(110, 54 + longest * 6.8));
  const plotWidth = width - legendWidth;
  const panelWidth = Math.floor(plotWidth / Math.max(1, spec.metrics.length));
  const low = spec.hosts[0] ?? 1;
  const high = spec.hosts.at(-1) ?? 10;

  const panels = spec.metrics.map((metric, panel) => {
    const marks: Plot.Markish[] = [];
    spec.series.forEach((entry, index) => {
      const style = styles.get(entry.variant)!;
      const points = spec.points.filter((point) =>
        point.series === entry.name && point.metric === metric.metric
      );
      const dash = dashOf(entry.variant, entry.msgs);
      marks.push(
        Plot.ruleX(points.filter((point) => point.low !== undefined), {
          x: "hosts",
          y1: "low",
          y2: "high",
          stroke: style.color,
          strokeWidth: 2,
          className: `iqr series-${index}`,
        }),
        Plot.line(points, {
          x: "hosts",
          y: "y",
          stroke: style.color,
          strokeWidth: 1.5,
          strokeDasharray: dash === "" ? undefined : dash,
          className: `median-line series-${index}`,
        }),
        Plot.dot(points, {
          x: "hosts",
          y: "y",
          r: _MEDIAN_RADIUS,
          symbol: style.marker.name === "circle"
            ? "circle"
            : style.marker as unknown as Plot.SymbolType,
          fill: style.color,
          stroke: "white",
          strokeWidth: 1,
          className: `median series-${index}`,
        }),
      );
    });
    const plot = Plot.plot({
      document: createPlotDocument(),
      width: panelWidth,
      height: _PLOT_HEIGHT,
      marginLeft: _MARGIN.left,
      marginRight: _MARGIN.right,
      marginTop: _MARGIN.top,
      marginBottom: _MARGIN.bottom,
      x: {
        type: "log",
        label: "hosts",
        // A little room either side, so the end markers are not cut by the frame.
        domain: [low / 1.25, high * 1.25],
        ticks: spec.hosts,
        tickFormat: "d",
      },
      y: { label: metric.label, grid: true, zero: true, nice: true, insetTop: 8 },
      marks,
    }) as unknown as PlotElement;
    plot.setAttribute("x", String(panel * panelWidth));
    plot.setAttribute("class", `scale-panel panel-${panel}`);
    return plot;
  });
  return composeChartSvg({
    title: spec.title,
    showTitle: title,
    plot: _sideBySide(panels, plotWidth, _PLOT_HEIGHT),
    plotWidth,
    plotHeight: _PLOT_HEIGHT,
    width,
    legend,
    empty: spec.points.length === 0,
  });
}

/**
 * Several Plot charts as one element for `composeChartSvg`: an `<svg>` holding each at the `x`
 * it was given. Plot cannot give facets their own y scales, and each panel here has its unit.
 */
function _sideBySide(panels: PlotElement[], width: number, height: number): PlotElement {
  const attributes = new Map<string, string>();
  return {
    setAttribute(name, value) {
      attributes.set(name, value);
    },
    get outerHTML() {
      const own = [...attributes].map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join("");
      return `<svg width="${width}" height="${height}"${own}>` +
        panels.map((panel) => panel.outerHTML).join("") + `</svg>`;
    },
  };
}
