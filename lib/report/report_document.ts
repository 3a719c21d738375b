/**
 * The report as a document model: headings, paragraphs, lists, tables and charts. One builder
 * makes it from the bench's figures; the Markdown and PDF writers each render the same blocks, so
 * bench.md and bench.pdf cannot say different things.
 *
 * @module
 */

/** A run of text inside a paragraph, list item or table cell. */
export interface TextSpan {
  text: string;
  /** Shown as code (monospace in the PDF, backticks in Markdown). @default false */
  code?: boolean;
  /** A relative path or URL the text links to. */
  href?: string;
  /** Shown in bold (a flagged figure). @default false */
  strong?: boolean;
}

/** Text of a block: plain text or spans. */
export type RichText = string | TextSpan[];

/** A section heading; level 1 is the document title. */
export interface HeadingBlock {
  kind: "heading";
  level: 1 | 2 | 3;
  text: string;
}

/** A paragraph of text. */
export interface ParagraphBlock {
  kind: "paragraph";
  text: RichText;
  /**
   * Keep on the same page as the start of the next block (a table's legend with its header and
   * first row). @default false
   */
  keepWithNext?: boolean;
}

/** A bulleted or numbered list; an item may hold one level of sub-items. */
export interface ListBlock {
  kind: "list";
  ordered: boolean;
  items: { text: RichText; children?: RichText[] }[];
}

/** A table with a header row; every row has as many cells as the header. */
export interface TableBlock {
  kind: "table";
  header: string[];
  rows: RichText[][];
  /** Per column; numbers read better right-aligned. @default every column "left" */
  align?: ("left" | "right")[];
}

/** A chart: its standalone SVG text and the files it was written to, relative to the report. */
export interface ChartBlock {
  kind: "chart";
  /** The chart's title, also its alternative text. */
  title: string;
  /** Relative path of the SVG beside the report, e.g. `"bench-active-time.svg"`. */
  svgFile: string;
  /** Relative path of the PNG fallback, when one was written. */
  pngFile?: string;
  /** The SVG document itself (what the PDF draws, as vectors). */
  svg: string;
  /** What the chart's marks mean, set under it on the same page. @default none */
  caption?: RichText;
}

/** One block of a {@linkcode ReportDocument}. */
export type ReportBlock = HeadingBlock | ParagraphBlock | ListBlock | TableBlock | ChartBlock;

/** A whole report: its title and blocks in reading order. */
export interface ReportDocument {
  title: string;
  blocks: ReportBlock[];
}

/** The plain text of `text`, spans joined. */
export function plainText(text: RichText): string {
  return typeof text === "string" ? text : text.map((span) => span.text).join("");
}
