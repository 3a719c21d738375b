/**
 * A chart as a notebook output that every viewer and export shows: a PNG (drawn from the
 * chart's SVG by the report's renderer) with its size, and the title as text.
 *
 * Why not the SVG itself: `jupyter nbconvert --to html` passes inline SVG through an HTML
 * cleaner that drops `<g>`, `<text>` and `<line>`, leaving a blank chart; JupyterLab does not
 * render SVG of untrusted notebooks; a PNG survives HTML, Markdown and PDF export and GitHub.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { renderChartPng } from "../report/mod.ts";
import type { NotebookOutput } from "./show.ts";

/** Options of {@linkcode chartOutput}. */
export interface ChartOutputOptions {
  /**
   * Pixels per SVG unit in the PNG: 1.5 stays sharp on most high-density screens at about half
   * the bytes of 2 (the notebooks are committed with their outputs). @default 1.5
   */
  scale?: number;
}

/**
 * The chart `svg` (a standalone SVG document with `width` and `height` on its root) as an
 * `image/png` output drawn at `scale` pixels per unit and shown at the SVG's size, with `title` as its plain-text fallback.
 *
 * @throws {RangeError} when the SVG has no numeric width and height, or `scale` is not in (0, 8]
 */
export async function chartOutput(
  svg: string,
  title: string,
  options: ChartOutputOptions = {},
): Promise<NotebookOutput> {
  const { scale = 1.5 } = options;
  if (!(scale > 0 && scale <= 8)) {
    throw new RangeError(`chartOutput: option scale must be in (0, 8], got ${String(scale)}`);
  }
  const { width, height } = svgSize(svg);
  const png = await renderChartPng(svg, { widthPx: Math.round(width * scale) });
  return {
    data: { "image/png": Buffer.from(png).toString("base64"), "text/plain": title },
    metadata: { "image/png": { width, height } },
  };
}

/**
 * The `width` and `height` attributes of an SVG document's root element, in pixels.
 *
 * @throws {RangeError} when either is missing or not a positive number
 */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const attribute = (name: string): number =>
    Number(
      new RegExp(`\\s${name}="([\\d.]+)(px)?"`).exec(root)?.[1] ?? Number.NaN,
    );
  const width = attribute("width");
  const height = attribute("height");
  if (!(width > 0 && height > 0)) {
    throw new RangeError(
      `chartOutput: the SVG's root needs numeric width and height attributes, got ${
        JSON.stringify(root.slice(0, 120))
      }`,
    );
  }
  return { width, height };
}
