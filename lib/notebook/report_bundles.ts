/**
 * A report document as Jupyter display bundles, so a notebook shows the same report bench.md
 * holds: Markdown for the text and tables, the chart SVGs inline.
 *
 * @module
 */
import { renderMarkdown, type ReportBlock, type ReportDocument } from "../report/mod.ts";

/** One output of a notebook cell: media type -> content, as `Deno.jupyter.display` takes it. */
export type MediaBundle = Record<string, string>;

/**
 * The blocks of `document` in order, as display bundles: each run of text blocks (headings,
 * paragraphs, lists, tables) as one `text/markdown` bundle rendered by the report's own Markdown
 * renderer, each chart as an `image/svg+xml` bundle of its SVG. Both carry a `text/plain`
 * fallback (the Markdown, or the chart's title) for front ends without those types.
 *
 * @example
 * ```ts ignore
 * for (const bundle of reportBundles(document)) await Deno.jupyter.display(bundle, { raw: true });
 * ```
 *
 * @param document not modified
 */
export function reportBundles(document: ReportDocument): MediaBundle[] {
  const bundles: MediaBundle[] = [];
  let text: ReportBlock[] = [];
  const flush = (): void => {
    if (text.length === 0) return;
    const markdown = renderMarkdown({ title: document.title, blocks: text });
    bundles.push({ "text/markdown": markdown, "text/plain": markdown });
    text = [];
  };
  for (const block of document.blocks) {
    if (block.kind !== "chart") {
      text.push(block);
      continue;
    }
    flush();
    bundles.push({ "image/svg+xml": block.svg, "text/plain": block.title });
  }
  flush();
  return bundles;
}
