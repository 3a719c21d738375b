/**
 * A report document as notebook outputs, so a notebook shows the same report bench.md holds:
 * Markdown for the text and tables, each chart as a PNG that every viewer and export shows.
 *
 * @module
 */
import { renderMarkdown, type ReportBlock, type ReportDocument } from "../report/mod.ts";
import { chartOutput, type ChartOutputOptions } from "./chart_output.ts";
import { markdownOutput, type NotebookOutput } from "./show.ts";

/**
 * The blocks of `document` in order, as outputs: each run of text blocks (headings, paragraphs,
 * lists, tables) as one Markdown output rendered by the report's own Markdown renderer, each
 * chart as a PNG output ({@linkcode chartOutput}) with its title as plain text.
 *
 * @example
 * ```ts ignore
 * await show(await reportOutputs(document));
 * ```
 *
 * @param document not modified
 */
export async function reportOutputs(
  document: ReportDocument,
  options: ChartOutputOptions = {},
): Promise<NotebookOutput[]> {
  const outputs: NotebookOutput[] = [];
  let text: ReportBlock[] = [];
  const flush = (): void => {
    if (text.length === 0) return;
    outputs.push(markdownOutput(renderMarkdown({ title: document.title, blocks: text })));
    text = [];
  };
  for (const block of document.blocks) {
    if (block.kind !== "chart") {
      text.push(block);
      continue;
    }
    flush();
    outputs.push(await chartOutput(block.svg, block.title, options));
  }
  flush();
  return outputs;
}
