/**
 * The phase chart drawn with Observable Plot as a standalone SVG document: one stacked bar per
 * cell, one panel per host count.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { composeChartSvg, createPlotDocument } from "./compose_chart_svg.ts";
import type { PhaseChartSpec } from "./phase_chart_spec.ts";

/** Options of {@linkcode renderPhaseChartSvg}. */
export interface RenderPhaseChartSvgOptions {
  /** Width of the whole document in pixels, legend included; at least 320. @default 720 */
  width?: number;
  /** Draw the title line (see `renderChartSvg`). @default true */
  title?: boolean;
}

/**
 * Fills of the phases in the order they run: dark to light, so they stay apart in grayscale,
 * and the last (stop, not part of active time) white with a dashed outline.
 */
export const PHASE_FILLS: readonly string[] = [
  "#1d3a5c",
  "#3d6b9a",
  "#7aa3cb",
  "#c3d7eb",
  "#ffffff",
];

const _BAR_ROW_PX = 18;
const _LEGEND_WIDTH = 170;
const _MARGIN = { left: 130, right: 16, top: 26, bottom: 40 };
const _PANEL_GAP_PX = 26;

/**
 * Renders `spec` as a standalone SVG document: per host count a panel, per cell a row labelled
 * with its messages and variant, its phases' segments filled dark to light in the order they
 * run, the x axis in ms from 0; a legend of the phases at the right. The height follows the
 * number of rows.
 *
 * @param spec the chart; not modified
 * @returns a well-formed SVG document (no XML declaration)
 * @throws {RangeError} if `width` is not a finite number of at least 320
 */
export function renderPhaseChartSvg(
  spec: PhaseChartSpec,
  options: RenderPhaseChartSvgOptions = {},
): string {
  const { width = 720, title = true } = options;
  if (!Number.isFinite(width) || width < 320) {
    throw new RangeError(
      `renderPhaseChartSvg: option width must be a finite number >= 320 (pixels), got ${
        String(width)
      }`,
    );
  }
  const rowLabel = (bar: { msgs: number; variant: string }) => `${bar.msgs} msgs · ${bar.variant}`;
  const rows = [...new Set(spec.bars.map(rowLabel))];
  const hosts = [...new Set(spec.bars.map((bar) => bar.hosts))];
  const fillOf = new Map(spec.phases.map((phase, index) => [phase, PHASE_FILLS[index]]));
  const segments = spec.bars.flatMap((bar) =>
    bar.segments.map((segment) => ({
      ...segment,
      row: rowLabel(bar),
      hosts: `${bar.hosts} hosts`,
      fill: fillOf.get(segment.phase) ?? "#999999",
    }))
  );
  const panelHeight = Math.max(1, rows.length) * _BAR_ROW_PX;
  const plotHeight = _MARGIN.top + _MARGIN.bottom +
    Math.max(1, hosts.length) * (panelHeight + _PANEL_GAP_PX);
  const plotWidth = width - _LEGEND_WIDTH;
  const plot = Plot.plot({
    document: createPlotDocument(),
    width: plotWidth,
    height: plotHeight,
    marginLeft: _MARGIN.left,
    marginRight: _MARGIN.right,
    marginTop: _MARGIN.top,
    marginBottom: _MARGIN.bottom,
    x: { label: "median time (ms), phases end to end", grid: true },
    y: { label: null, domain: rows, padding: 0.2 },
    fy: {
      domain: hosts.map((count) => `${count} hosts`),
      padding: _PANEL_GAP_PX / (panelHeight + _PANEL_GAP_PX),
      axis: null,
    },
    color: { type: "identity" },
    marks: [
      Plot.barX(segments, {
        x1: "startMs",
        x2: "endMs",
        y: "row",
        fy: "hosts",
        fill: "fill",
        stroke: "#555555",
        strokeWidth: 0.5,
        className: "phase",
      }),
      Plot.ruleX([0]),
      // The panel's label above its rows, where the metric charts put theirs.
      Plot.text(hosts.map((count) => ({ label: `${count} hosts` })), {
        fy: "label",
        text: "label",
        frameAnchor: "top-left",
        lineAnchor: "bottom",
        dx: -_MARGIN.left + 8,
        dy: -6,
        fontSize: 11,
        fontWeight: "bold",
        className: "panel-label",
      }),
    ],
  });
  return composeChartSvg({
    title: spec.title,
    showTitle: title,
    plot,
    plotWidth,
    plotHeight,
    width,
    legend: spec.phases.map((phase) => ({
      label: phase,
      color: fillOf.get(phase) ?? "#999999",
      marker: { box: 14 },
    })),
    empty: segments.length === 0,
  });
}
