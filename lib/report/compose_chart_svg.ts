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
const _LEGEND_SWATCH = 22;

/** One legend entry: a line swatch in its colour, with a dot when the chart draws dots. */
export interface LegendEntry {
  label: string;
  color: string;
  /** @default false */
  dot?: boolean;
}

/** The part of Plot's `<svg>` element that composing needs (no DOM types in Deno). */
export interface PlotElement {
  readonly outerHTML: string;
  setAttribute(name: string, value: string): void;
}

/** What {@linkcode composeChartSvg} puts together. */
export interface ChartSvgParts {
  title: string;
  /** Plot's `<svg>` element; it is placed below the title. */
  plot: PlotElement;
  plotWidth: number;
  plotHeight: number;
  /** The whole document's size; the height grows when the legend needs more room. */
  width: number;
  height: number;
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

/** The height a document needs for `legendEntries` below the title, at least `height`. */
export function chartDocumentHeight(height: number, legendEntries: number): number {
  return Math.max(height, CHART_TITLE_HEIGHT + 24 + legendEntries * _LEGEND_ROW);
}

/**
 * Composes the standalone SVG document (no XML declaration, ends with a newline): white
 * background, bold title, the plot, "no data" when empty, and the legend, everything from
 * `parts` escaped as XML.
 */
export function composeChartSvg(parts: ChartSvgParts): string {
  const { plot, plotWidth, plotHeight, width } = parts;
  const height = chartDocumentHeight(parts.height, parts.legend.length);
  plot.setAttribute("x", "0");
  plot.setAttribute("y", String(CHART_TITLE_HEIGHT));
  plot.setAttribute("font-family", CHART_FONT_FAMILY);
  const legend = parts.legend.map(({ label, color, dot }, index) => {
    const stroke = escapeXml(color);
    return `<g transform="translate(0,${index * _LEGEND_ROW})">` +
      `<line x1="0" x2="${_LEGEND_SWATCH}" y1="0" y2="0" stroke="${stroke}" stroke-width="2"/>` +
      (dot ? `<circle cx="${_LEGEND_SWATCH / 2}" cy="0" r="3" fill="${stroke}"/>` : "") +
      `<text x="${_LEGEND_SWATCH + 8}" y="0" dy="0.32em">${escapeXml(label)}</text></g>`;
  });
  const noData = parts.empty
    ? `<text class="no-data" x="${plotWidth / 2}" y="${CHART_TITLE_HEIGHT + plotHeight / 2}" ` +
      `text-anchor="middle" font-size="12" fill="#777">no data</text>`
    : "";
  const title = escapeXml(parts.title);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="${CHART_FONT_FAMILY}" ` +
    `role="img" aria-label="${title}">` +
    `<title>${title}</title>` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<text class="chart-title" x="12" y="20" font-size="15" font-weight="bold">${title}</text>` +
    plot.outerHTML +
    noData +
    `<g class="legend" transform="translate(${plotWidth + 8},${CHART_TITLE_HEIGHT + 24})" ` +
    `font-size="${_LEGEND_FONT_SIZE}" fill="currentColor">${legend.join("")}</g>` +
    `</svg>\n`;
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
