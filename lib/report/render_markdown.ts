/**
 * A {@linkcode ReportDocument} as Markdown (CommonMark with GitHub tables).
 *
 * @module
 */
import type { ReportBlock, ReportDocument, RichText } from "./report_document.ts";

/**
 * Renders `document` as Markdown: headings as `#`, code spans in backticks, links as
 * `[text](href)`, strong as `**text**`, lists with two-space sub-items, tables with `|` escaped,
 * charts as an image of the SVG followed by a link to the PNG fallback when there is one.
 * Blocks are separated by one blank line and the text ends with a newline.
 *
 * @example
 * ```ts
 * const markdown = renderMarkdown({ title: "t", blocks: [{ kind: "heading", level: 1, text: "t" }] });
 * // "# t\n"
 * ```
 */
export function renderMarkdown(document: ReportDocument): string {
  return document.blocks.map(_block).join("\n\n") + "\n";
}

function _block(block: ReportBlock): string {
  switch (block.kind) {
    case "heading":
      return `${"#".repeat(block.level)} ${block.text}`;
    case "paragraph":
      return _inline(block.text);
    case "list":
      return block.items.map((item, index) =>
        [
          `${block.ordered ? `${index + 1}.` : "-"} ${_inline(item.text)}`,
          ...(item.children ?? []).map((child) => `  - ${_inline(child)}`),
        ].join("\n")
      ).join("\n");
    case "table": {
      const row = (cells: string[]) =>
        `| ${cells.map((cell) => cell.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")).join(" | ")} |`;
      const rule = block.header.map((_, index) =>
        block.align?.[index] === "right" ? "---:" : "---"
      );
      return [
        row(block.header),
        `| ${rule.join(" | ")} |`,
        ...block.rows.map((cells) => row(cells.map(_inline))),
      ].join("\n");
    }
    case "chart": {
      const image = `![${block.title}](${block.svgFile})`;
      return block.pngFile ? `${image}\n\nPNG: [${block.pngFile}](${block.pngFile})` : image;
    }
  }
}

function _inline(text: RichText): string {
  if (typeof text === "string") return text;
  return text.map((span) => {
    let out = span.code ? `\`${span.text}\`` : span.text;
    if (span.strong) out = `**${out}**`;
    if (span.href !== undefined) out = `[${out}](${span.href})`;
    return out;
  }).join("");
}
