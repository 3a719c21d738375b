/**
 * The frame around an Observable Plot chart: a standalone SVG document with a title line, the
 * plot, and a legend at the right. Plot's own legend is not used because a plot with a legend is
 * an HTML `<figure>`, not an SVG. Shared by every chart drawn for files, PDFs and notebooks.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/** Fonts every SVG renderer we use has (rsvg, resvg with the embedded fonts, browsers). */
export const CHART_FONT_FAMILY = "DejaVu Sans, sans-serif";

/** Height of the title line above the plot, in pixels. */
export const CHART_TITLE_HEIGHT = 30;

const _LEGEND_ROW = 18;
const _LEGEND_FONT_SIZE = 11;
/** Length of a legend entry's line, in pixels: long enough to show its dash around a marker. */
export const CHART_LEGEND_SWATCH = 34;

/**
 * A legend entry's marker: a circle of that radius, SVG path data centred on (0, 0), or a filled
 * box of that width (drawn instead of the line, for bars).
 */
export type LegendMarker = { circle: number } | { path: string } | { box: number };

/**
 * One legend entry: a line swatch in its colour (dashed when `dash` is given), with a marker on
 * it when the chart draws markers.
 */
export interface LegendEntry {
  label: string;
  color: string;
  /** A small dot on the swatch; ignored when `marker` is given. @default false */
  dot?: boolean;
  /** The marker the chart draws for this entry. @default none */
  marker?: LegendMarker;
  /** The SVG `stroke-dasharray` of the swatch's line. @default "" (solid) */
  dash?: string;
}

/** The part of Plot's `<svg>` element that composing needs (no DOM types in Deno). */
export interface PlotElement {
  readonly outerHTML: string;
  setAttribute(name: string, value: string): void;
}

/** What {@linkcode composeChartSvg} puts together. */
export interface ChartSvgParts {
  /** Always the document's `<title>`; drawn above the plot unless `showTitle` is false. */
  title: string;
  /** @default true */
  showTitle?: boolean;
  /** Plot's `<svg>` element; it is placed below the title. */
  plot: PlotElement;
  plotWidth: number;
  plotHeight: number;
  /** The whole document's width. */
  width: number;
  /**
   * The least height of the whole document; it is at least as tall as the title line and the
   * plot, and the legend. @default 0
   */
  height?: number;
  legend: readonly LegendEntry[];
  /** Plot draws no axes without data: say "no data" instead of leaving a blank frame. */
  empty: boolean;
}

/** A DOM document for `Plot.plot({ document })`, without a browser. */
export function createPlotDocument(): NonNullable<Plot.PlotOptions["document"]> {
  // linkedom types its window as the global one, which in Deno has no `document`.
  return (parseHTML("<!DOCTYPE html><html><body></body></html>") as unknown as {
    document: NonNullable<Plot.PlotOptions["document"]>;
  }).document;
}

/**
 * Composes the standalone SVG document (no XML declaration, ends with a newline): white
 * background, bold title (unless `showTitle` is false), the plot, "no data" when empty, and the
 * legend, everything from `parts` escaped as XML.
 */
export function composeChartSvg(parts: ChartSvgParts): string {
  const { plot, plotWidth, plotHeight, width } = parts;
  const top = parts.showTitle === false ? 0 : CHART_TITLE_HEIGHT;
  const height = Math.max(
    parts.height ?? 0,
    top + plotHeight,
    top + 24 + parts.legend.length * _LEGEND_ROW,
  );
  plot.setAttribute("x", "0");
  plot.setAttribute("y", String(top));
  plot.setAttribute("font-family", CHART_FONT_FAMILY);
  const legend = parts.legend.map((entry, index) =>
    `<g transform="translate(0,${index * _LEGEND_ROW})">${_swatch(entry)}` +
    `<text x="${CHART_LEGEND_SWATCH + 8}" y="0" dy="0.32em">${escapeXml(entry.label)}</text></g>`
  );
  const noData = parts.empty
    ? `<text class="no-data" x="${plotWidth / 2}" y="${top + plotHeight / 2}" ` +
      `text-anchor="middle" font-size="12" fill="#777">no data</text>`
    : "";
  const title = escapeXml(parts.title);
  const titleLine = top > 0
    ? `<text class="chart-title" x="12" y="20" font-size="15" font-weight="bold">${title}</text>`
    : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="${CHART_FONT_FAMILY}" ` +
    `role="img" aria-label="${title}">` +
    `<title>${title}</title>` +
    `<rect width="100%" height="100%" fill="white"/>` +
    titleLine +
    plot.outerHTML +
    noData +
    `<g class="legend" transform="translate(${plotWidth + 8},${top + 24})" ` +
    `font-size="${_LEGEND_FONT_SIZE}" fill="currentColor">${legend.join("")}</g>` +
    `</svg>\n`;
}

/** A legend entry's line, dashed or solid, with its marker or dot in the middle. */
function _swatch({ color, dot, marker, dash }: LegendEntry): string {
  const stroke = escapeXml(color);
  const dasharray = dash ? ` stroke-dasharray="${escapeXml(dash)}"` : "";
  const middle = CHART_LEGEND_SWATCH / 2;
  const line = `<line x1="0" x2="${CHART_LEGEND_SWATCH}" y1="0" y2="0" stroke="${stroke}" ` +
    `stroke-width="2"${dasharray}/>`;
  if (marker && "box" in marker) {
    const height = Math.round(marker.box * 0.75);
    // Right-aligned on the swatch, next to its label.
    return `<rect x="${CHART_LEGEND_SWATCH - marker.box}" y="${
      -height / 2
    }" width="${marker.box}" ` +
      `height="${height}" fill="${stroke}" stroke="#666" stroke-width="0.5"/>`;
  }
  if (marker && "circle" in marker) {
    return line + `<circle cx="${middle}" cy="0" r="${marker.circle}" fill="${stroke}" ` +
      `stroke="white" stroke-width="1"/>`;
  }
  if (marker) {
    return line + `<path transform="translate(${middle},0)" d="${escapeXml(marker.path)}" ` +
      `fill="${stroke}" stroke="white" stroke-width="1"/>`;
  }
  return dot ? line + `<circle cx="${middle}" cy="0" r="3" fill="${stroke}"/>` : line;
}

/** Escapes text for use in XML text content and in double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}
