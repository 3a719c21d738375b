/**
 * A {@linkcode ReportDocument} as an A4 PDF: DejaVu fonts embedded, charts drawn as vectors from
 * their SVG, tables that never split a row and repeat their header on each page.
 *
 * @module
 */
import { createPdfDocument, type Size, svgSize } from "./_pdfkit.ts";
import { PAGE_HEIGHT, PAGE_WIDTH, PdfWriter } from "./_pdf_writer.ts";
import type { ReportBlock, ReportDocument } from "./report_document.ts";
import { ReportError } from "./report_error.ts";
import { loadReportFonts } from "./report_fonts.ts";

/** Options of {@linkcode renderReportPdf}. */
export interface RenderReportPdfOptions {
  /**
   * The document's creation date; pass one to get the same bytes for the same document.
   * @default now
   */
  createdAt?: Date;
  /** Folder of the DejaVu fonts, see {@linkcode loadReportFonts}. @default the npm package's */
  fontDir?: string | URL;
  /** Called with each thing svg-to-pdfkit could not draw in a chart. @default ignored */
  onChartWarning?: (message: string) => void;
}

/**
 * Renders `document` as a PDF: A4 portrait, headings (also as bookmarks), paragraphs, lists, tables
 * and charts, "page X of Y" in each footer, and the title and `createdAt` in the document info.
 * Links keep their `href` as written, so relative links resolve against the PDF's folder. Reads
 * the fonts (see {@linkcode loadReportFonts}) and writes nothing.
 *
 * @example
 * ```ts
 * const bytes = await renderReportPdf(document, { createdAt: generatedAt });
 * await Deno.writeFile("reports/bench.pdf", bytes);
 * ```
 *
 * @param document the report; not modified
 * @returns the PDF file's bytes
 * @throws {ReportError} if a block is malformed (a table row of the wrong length, a chart SVG
 * without a size, ...)
 * @throws {ReportFontError} if the fonts cannot be read
 * @throws {RangeError} if `createdAt` is not a valid date
 */
export async function renderReportPdf(
  document: ReportDocument,
  options: RenderReportPdfOptions = {},
): Promise<Uint8Array> {
  const { createdAt = new Date(), onChartWarning = () => {} } = options;
  if (!(createdAt instanceof Date) || Number.isNaN(createdAt.getTime())) {
    throw new RangeError(
      `renderReportPdf: option createdAt must be a valid Date, got ${String(createdAt)}`,
    );
  }
  const chartSizes = _validateDocument(document);
  const fonts = await loadReportFonts({ fontDir: options.fontDir });

  const { doc, finish } = createPdfDocument({
    title: document.title,
    createdAt,
    width: PAGE_WIDTH,
    height: PAGE_HEIGHT,
    fonts,
  });
  const writer = new PdfWriter(doc, onChartWarning, chartSizes);
  writer.newPage();
  document.blocks.forEach((block, index) => writer.block(block, document.blocks.slice(index + 1)));
  writer.footers();
  return await finish();
}

/** Checks the blocks before any drawing; returns each chart's SVG size. */
function _validateDocument(document: ReportDocument): Map<ReportBlock, Size> {
  const fail = (index: number, rule: string) => {
    throw new ReportError(
      `renderReportPdf: block ${index} of "${document.title}" ${rule}; fix the document builder`,
    );
  };
  const sizes = new Map<ReportBlock, Size>();
  document.blocks.forEach((block, index) => {
    if (block.kind === "heading" && ![1, 2, 3].includes(block.level)) {
      fail(index, `is a heading of level ${block.level}, expected 1, 2 or 3`);
    } else if (block.kind === "table") {
      const columns = block.header.length;
      if (columns === 0) fail(index, "is a table without columns");
      block.rows.forEach((row, rowIndex) => {
        if (row.length !== columns) {
          fail(index, `is a table whose row ${rowIndex} has ${row.length} cells, not ${columns}`);
        }
      });
      if (block.align && block.align.length !== columns) {
        fail(index, `is a table with ${block.align.length} align entries, not ${columns}`);
      }
    } else if (block.kind === "chart") {
      const size = svgSize(block.svg);
      if (!size) {
        fail(index, `is chart "${block.svgFile}" whose <svg> has neither a viewBox nor a size`);
      }
      sizes.set(block, size!);
    }
  });
  return sizes;
}
