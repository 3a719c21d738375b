/**
 * The drawing half of renderReportPdf (render_report_pdf.ts): page geometry, styles, and a
 * writer that lays each block of a report document onto A4 pages.
 *
 * @module
 */
import {
  drawSvg,
  FONT_NAMES,
  type PdfDoc,
  type PdfOutline,
  type Size,
  svgSize,
} from "./_pdfkit.ts";
import {
  fitColumnWidths,
  layoutLines,
  type Line,
  measureExtent,
  type StyledRun,
  toRuns,
} from "./_pdf_layout.ts";
import type {
  ChartBlock,
  HeadingBlock,
  ListBlock,
  ReportBlock,
  TableBlock,
} from "./report_document.ts";
import type { ReportFontFace } from "./report_fonts.ts";

// A4 in points, margins about 18 mm: charts 720 px wide then print at 0.69 of their size.
/** A4 width, in points. */
export const PAGE_WIDTH = 595.28;
/** A4 height, in points. */
export const PAGE_HEIGHT = 841.89;
const _MARGIN = { top: 50, bottom: 56, left: 50, right: 50 };
const _TEXT_WIDTH = PAGE_WIDTH - _MARGIN.left - _MARGIN.right;
const _BOTTOM = PAGE_HEIGHT - _MARGIN.bottom;
const _FOOTER_BASELINE = PAGE_HEIGHT - 30;

/** DejaVu's ascent and descent, in ems: where the baseline sits in a line box. */
const _ASCENT = 0.928;
const _DESCENT = 0.236;

const _TEXT = { size: 10, lineHeight: 14, after: 6 };
const _TABLE = { size: 8.5, lineHeight: 11, padX: 4, padY: 3, after: 10 };
const _HEADINGS = {
  1: { size: 20, lineHeight: 25, before: 0, after: 8 },
  2: { size: 14, lineHeight: 18, before: 12, after: 6 },
  3: { size: 11.5, lineHeight: 15, before: 8, after: 4 },
} as const;
const _LIST = { gap: 2, childIndent: 16, markerGap: 5 };
const _CHART_AFTER = 10;
/** How far down a page a chart may start and still shrink to fit it (a heading's room). */
const _SHRINK_BELOW = 80;
const _CAPTION = { size: 8.5, lineHeight: 11.5, before: 2, color: "#444444" };
const _COLORS = {
  text: "#1a1a1a",
  link: "#1f4e9c",
  rule: "#b8bcc2",
  headerFill: "#e4e7eb",
  footer: "#666666",
};

interface _Style {
  size: number;
  lineHeight: number;
}

/**
 * Draws blocks onto pdfkit pages, top to bottom: keeps headings with what follows, never splits a
 * table row, repeats a table's header on each page, shrinks a chart to fit a page.
 */
export class PdfWriter {
  #doc: PdfDoc;
  #onChartWarning: (message: string) => void;
  #y = _MARGIN.top;
  #outline: PdfOutline[] = [];
  #tables = new Map<TableBlock, _TableLayout>();
  #widths = new Map<string, number>();
  #chartSizes: Map<ReportBlock, Size>;

  constructor(
    doc: PdfDoc,
    onChartWarning: (message: string) => void,
    chartSizes: Map<ReportBlock, Size>,
  ) {
    this.#doc = doc;
    this.#onChartWarning = onChartWarning;
    this.#chartSizes = chartSizes;
  }

  newPage(): void {
    this.#doc.addPage();
    this.#y = _MARGIN.top;
  }

  /** Draws `block`; `following` are the blocks after it, for keep-with-next. */
  block(block: ReportBlock, following: readonly ReportBlock[]): void {
    switch (block.kind) {
      case "heading":
        return this.#heading(block, following);
      case "paragraph": {
        const lines = this.#layout(toRuns(block.text), _TEXT_WIDTH, _TEXT);
        if (block.keepWithNext) this.#keepTogether(this.#startHeight([block, ...following]));
        this.#lines(lines, _MARGIN.left, _TEXT);
        this.#y += _TEXT.after;
        return;
      }
      case "list":
        return this.#list(block);
      case "table":
        return this.#table(block);
      case "chart":
        return this.#chart(block);
    }
  }

  /** "page X of Y" on every page; pages are buffered, so Y is known. */
  footers(): void {
    const { start, count } = this.#doc.bufferedPageRange();
    for (let index = 0; index < count; index++) {
      this.#doc.switchToPage(start + index);
      const label = `page ${index + 1} of ${count}`;
      const width = this.#measure(label, "sans", 8);
      this.#doc.font(FONT_NAMES.sans).fontSize(8).fillColor(_COLORS.footer)
        .text(label, (PAGE_WIDTH - width) / 2, _FOOTER_BASELINE, {
          lineBreak: false,
          baseline: "alphabetic",
        });
    }
  }

  #heading(block: HeadingBlock, following: readonly ReportBlock[]): void {
    const style = _HEADINGS[block.level];
    const lines = this.#layout(toRuns(block.text, true), _TEXT_WIDTH, style);
    // Keep a heading with the start of what it introduces.
    const before = this.#y > _MARGIN.top ? style.before : 0;
    if (this.#y + before + this.#startHeight([block, ...following]) > _BOTTOM) this.newPage();
    else this.#y += before;
    this.#addBookmark(block);
    this.#lines(lines, _MARGIN.left, style);
    this.#y += style.after;
  }

  /** Starts a new page unless `height` fits below the cursor (or the page is still empty). */
  #keepTogether(height: number): void {
    if (this.#y > _MARGIN.top && this.#y + height > _BOTTOM) this.newPage();
  }

  #addBookmark(block: HeadingBlock): void {
    const parent = this.#outline[block.level - 2] ?? this.#doc.outline;
    this.#outline[block.level - 1] = parent.addItem(block.text, { expanded: block.level === 1 });
    this.#outline.length = block.level;
  }

  /**
   * Height of the start of `blocks` that must share a page: a heading or a keep-with-next
   * paragraph whole, with the start of the block after it; then a chart with its caption, a
   * table's header with its first row, or two lines of text. Never more than a page.
   */
  #startHeight(blocks: readonly ReportBlock[]): number {
    const [block, ...rest] = blocks;
    let height = 0;
    if (!block) height = 0;
    else if (block.kind === "heading") {
      const style = _HEADINGS[block.level];
      const lines = this.#layout(toRuns(block.text, true), _TEXT_WIDTH, style);
      height = lines.length * style.lineHeight + style.after + this.#startHeight(rest);
    } else if (block.kind === "paragraph" && block.keepWithNext) {
      const lines = this.#layout(toRuns(block.text), _TEXT_WIDTH, _TEXT);
      height = lines.length * _TEXT.lineHeight + _TEXT.after + this.#startHeight(rest);
    } else if (block.kind === "chart") {
      height = Math.min(this.#chartHeight(block), _BOTTOM - _MARGIN.top - _SHRINK_BELOW);
    } else if (block.kind === "table") {
      const table = this.#tableLayout(block);
      height = table.header.height + (table.rows[0]?.height ?? 0);
    } else {
      height = 2 * _TEXT.lineHeight;
    }
    return Math.min(height, _BOTTOM - _MARGIN.top);
  }

  #list(block: ListBlock): void {
    const markers = block.items.map((_, index) => block.ordered ? `${index + 1}.` : "•");
    const indent = Math.max(...markers.map((m) => this.#measure(m, "sans", _TEXT.size))) +
      _LIST.markerGap;
    block.items.forEach((item, index) => {
      this.#item(markers[index], toRuns(item.text), _MARGIN.left, indent);
      for (const child of item.children ?? []) {
        this.#item("–", toRuns(child), _MARGIN.left + indent, _LIST.childIndent - 4);
      }
    });
    this.#y += _TEXT.after;
  }

  #item(marker: string, runs: StyledRun[], left: number, indent: number): void {
    const lines = this.#layout(runs, _TEXT_WIDTH - (left - _MARGIN.left) - indent, _TEXT);
    if (this.#y + _TEXT.lineHeight > _BOTTOM) this.newPage();
    const markerWidth = this.#measure(marker, "sans", _TEXT.size);
    this.#draw(marker, "sans", left + indent - _LIST.markerGap - markerWidth, this.#y, _TEXT);
    this.#lines(lines, left + indent, _TEXT);
    this.#y += _LIST.gap;
  }

  #table(block: TableBlock): void {
    const { widths, header, rows } = this.#tableLayout(block);
    const total = widths.reduce((sum, width) => sum + width, 0);
    const drawHeader = () => {
      this.#doc.rect(_MARGIN.left, this.#y, total, header.height).fillColor(_COLORS.headerFill)
        .fill();
      this.#row(header, widths, block.align);
    };
    if (this.#y + header.height + (rows[0]?.height ?? 0) > _BOTTOM) this.newPage();
    drawHeader();
    for (const row of rows) {
      // A row taller than a page is drawn anyway and runs off it; report cells are short.
      if (this.#y + row.height > _BOTTOM && this.#y > _MARGIN.top + header.height) {
        this.newPage();
        drawHeader();
      }
      this.#row(row, widths, block.align);
    }
    this.#y += _TABLE.after;
  }

  /** Column widths and every cell's lines, once per table (keep-with-next measures it too). */
  #tableLayout(block: TableBlock): _TableLayout {
    const cached = this.#tables.get(block);
    if (cached) return cached;
    const measure = (text: string, face: ReportFontFace) => this.#measure(text, face, _TABLE.size);
    const header = block.header.map((text) => toRuns(text, true));
    const rows = block.rows.map((row) => row.map((cell) => toRuns(cell)));
    const pad = 2 * _TABLE.padX;
    const extents = header.map((runs, column) => {
      const each = [runs, ...rows.map((row) => row[column])].map((cell) =>
        measureExtent(cell, measure)
      );
      return {
        min: Math.max(...each.map((extent) => extent.min)) + pad,
        max: Math.max(...each.map((extent) => extent.max)) + pad,
      };
    });
    const widths = fitColumnWidths(extents, _TEXT_WIDTH);
    const layoutRow = (cells: StyledRun[][]): _RowLayout => {
      const lines = cells.map((runs, column) => layoutLines(runs, widths[column] - pad, measure));
      const count = Math.max(1, ...lines.map((cell) => cell.length));
      return { cells: lines, height: count * _TABLE.lineHeight + 2 * _TABLE.padY };
    };
    const table = { widths, header: layoutRow(header), rows: rows.map(layoutRow) };
    this.#tables.set(block, table);
    return table;
  }

  #row(row: _RowLayout, widths: number[], align: TableBlock["align"]): void {
    let x = _MARGIN.left;
    row.cells.forEach((lines, column) => {
      const inner = widths[column] - 2 * _TABLE.padX;
      const right = align?.[column] === "right";
      lines.forEach((line, index) => {
        const lineX = x + _TABLE.padX + (right ? inner - line.width : 0);
        this.#line(line, lineX, this.#y + _TABLE.padY + index * _TABLE.lineHeight, _TABLE);
      });
      x += widths[column];
    });
    this.#y += row.height;
    this.#doc.moveTo(_MARGIN.left, this.#y).lineTo(x, this.#y).lineWidth(0.5)
      .strokeColor(_COLORS.rule).stroke();
  }

  /** The chart and its caption, on one page. */
  #chart(block: ChartBlock): void {
    const caption = this.#captionLines(block);
    const reserved = caption.length > 0
      ? _CAPTION.before + caption.length * _CAPTION.lineHeight
      : 0;
    // Below a heading near the top of a page, a chart shrinks to fit rather than leave the
    // heading alone.
    const shrink = this.#y - _MARGIN.top <= _SHRINK_BELOW;
    if (!shrink) this.#keepTogether(this.#chartHeight(block));
    const box = this.#chartBox(block, reserved + (this.#y - _MARGIN.top));
    drawSvg(this.#doc, block.svg, {
      x: _MARGIN.left + (_TEXT_WIDTH - box.width) / 2,
      y: this.#y,
      ...box,
      onWarning: (message) => this.#onChartWarning(`${block.svgFile}: ${message}`),
    });
    this.#y += box.height;
    if (caption.length > 0) {
      this.#y += _CAPTION.before;
      for (const line of caption) {
        this.#line(line, _MARGIN.left, this.#y, _CAPTION, _CAPTION.color);
        this.#y += _CAPTION.lineHeight;
      }
    }
    this.#y += _CHART_AFTER;
  }

  /** Height of a chart with its caption. */
  #chartHeight(block: ChartBlock): number {
    const lines = this.#captionLines(block).length;
    const reserved = lines > 0 ? _CAPTION.before + lines * _CAPTION.lineHeight : 0;
    return this.#chartBox(block, reserved).height + reserved;
  }

  #captionLines(block: ChartBlock): Line[] {
    return block.caption === undefined
      ? []
      : this.#layout(toRuns(block.caption), _TEXT_WIDTH, _CAPTION);
  }

  /**
   * The text width at the SVG's aspect ratio, smaller if that and `reserved` points below it
   * are taller than a page.
   */
  #chartBox(block: ChartBlock, reserved: number): Size {
    const size = this.#chartSizes.get(block) ?? svgSize(block.svg)!;
    const pageHeight = _BOTTOM - _MARGIN.top - reserved;
    const height = (_TEXT_WIDTH * size.height) / size.width;
    return height <= pageHeight
      ? { width: _TEXT_WIDTH, height }
      : { width: (pageHeight * size.width) / size.height, height: pageHeight };
  }

  #layout(runs: StyledRun[], width: number, style: _Style): Line[] {
    return layoutLines(runs, width, (text, face) => this.#measure(text, face, style.size));
  }

  /** Draws `lines` from the cursor on, starting a new page when one does not fit. */
  #lines(lines: Line[], x: number, style: _Style): void {
    for (const line of lines) {
      if (this.#y + style.lineHeight > _BOTTOM) this.newPage();
      this.#line(line, x, this.#y, style);
      this.#y += style.lineHeight;
    }
  }

  #line(line: Line, x: number, top: number, style: _Style, color?: string): void {
    for (const fragment of line.fragments) {
      this.#draw(fragment.text, fragment.face, x + fragment.x, top, style, fragment.href, color);
      if (fragment.href !== undefined) {
        this.#doc.link(x + fragment.x, top, fragment.width, style.lineHeight, fragment.href);
      }
    }
  }

  #draw(
    text: string,
    face: ReportFontFace,
    x: number,
    top: number,
    style: _Style,
    href?: string,
    color: string = _COLORS.text,
  ): void {
    const baseline = top + (style.lineHeight - (_ASCENT + _DESCENT) * style.size) / 2 +
      _ASCENT * style.size;
    this.#doc.font(FONT_NAMES[face]).fontSize(style.size)
      .fillColor(href === undefined ? color : _COLORS.link)
      .text(text, x, baseline, { lineBreak: false, baseline: "alphabetic" });
  }

  /** Widths are cached: tables repeat the same figures and words, and fontkit is slow. */
  #measure(text: string, face: ReportFontFace, size: number): number {
    const key = `${face} ${size} ${text}`;
    let width = this.#widths.get(key);
    if (width === undefined) {
      width = this.#doc.font(FONT_NAMES[face]).fontSize(size).widthOfString(text);
      this.#widths.set(key, width);
    }
    return width;
  }
}

interface _RowLayout {
  /** Lines of each cell. */
  cells: Line[][];
  height: number;
}

interface _TableLayout {
  widths: number[];
  header: _RowLayout;
  rows: _RowLayout[];
}
