/**
 * The part of pdfkit and svg-to-pdfkit the PDF writer uses, typed (neither package ships types),
 * with the fixes our charts need.
 *
 * @module
 */
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import type { ReportFontFace, ReportFonts } from "./report_fonts.ts";

/** A pdfkit document, as far as the PDF writer draws on it. */
export interface PdfDoc {
  outline: PdfOutline;
  addPage(): void;
  font(name: string): PdfDoc;
  fontSize(size: number): PdfDoc;
  fillColor(color: string): PdfDoc;
  strokeColor(color: string): PdfDoc;
  lineWidth(width: number): PdfDoc;
  text(text: string, x: number, y: number, options: Record<string, unknown>): PdfDoc;
  widthOfString(text: string): number;
  link(x: number, y: number, width: number, height: number, url: string): PdfDoc;
  rect(x: number, y: number, width: number, height: number): PdfDoc;
  moveTo(x: number, y: number): PdfDoc;
  lineTo(x: number, y: number): PdfDoc;
  fill(): PdfDoc;
  stroke(): PdfDoc;
  bufferedPageRange(): { start: number; count: number };
  switchToPage(index: number): void;
}

/** A bookmark level of a pdfkit document. */
export interface PdfOutline {
  addItem(title: string, options?: { expanded?: boolean }): PdfOutline;
}

/** A width and a height, in the unit of their context. */
export interface Size {
  width: number;
  height: number;
}

/** The names the DejaVu faces are registered under. */
export const FONT_NAMES: Readonly<Record<ReportFontFace, string>> = Object.freeze({
  sans: "DejaVuSans",
  sansBold: "DejaVuSans-Bold",
  mono: "DejaVuSansMono",
  monoBold: "DejaVuSansMono-Bold",
});

interface _PdfkitDocument extends PdfDoc {
  on(event: string, listener: (...args: never[]) => void): void;
  registerFont(name: string, bytes: Uint8Array): void;
  end(): void;
}

/**
 * A pdfkit document with every page kept until `finish` (so footers can count them), the fonts
 * registered under {@linkcode FONT_NAMES}, and no other font; `finish` ends it and returns its
 * bytes.
 */
export function createPdfDocument(
  init: { title: string; createdAt: Date; width: number; height: number; fonts: ReportFonts },
): { doc: PdfDoc; finish: () => Promise<Uint8Array> } {
  const doc = new PDFDocument({
    size: [init.width, init.height],
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    bufferPages: true,
    autoFirstPage: false,
    // No default font: pdfkit would load Helvetica, a font we do not embed.
    font: null,
    info: { Title: init.title, CreationDate: init.createdAt },
    displayTitle: true,
    lang: "en",
  }) as _PdfkitDocument;
  const chunks: Uint8Array[] = [];
  doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  for (const face of Object.keys(FONT_NAMES) as ReportFontFace[]) {
    doc.registerFont(FONT_NAMES[face], init.fonts[face]);
  }
  const finish = async () => {
    doc.end();
    await ended;
    return _concat(chunks);
  };
  return { doc, finish };
}

/**
 * Draws `svg` as vectors into the box at (`x`, `y`), scaled to fit with its aspect ratio kept.
 * Text is set in the registered DejaVu faces; `onWarning` hears what svg-to-pdfkit cannot draw.
 */
export function drawSvg(
  doc: PdfDoc,
  svg: string,
  box: Size & { x: number; y: number; onWarning: (message: string) => void },
): void {
  SVGtoPDF(doc, _withInitialColor(svg), box.x, box.y, {
    width: box.width,
    height: box.height,
    preserveAspectRatio: "xMidYMid meet",
    // The box is in points already.
    assumePt: true,
    fontCallback: _svgFont,
    warningCallback: box.onWarning,
  });
}

/** The size of the root `<svg>`: its viewBox, else its width and height in pixels. */
export function svgSize(svg: string): Size | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root) return undefined;
  const attribute = (name: string) => new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(root)?.[1];
  const viewBox = attribute("viewBox")?.trim().split(/[\s,]+/).map(Number);
  if (viewBox?.length === 4 && viewBox[2] > 0 && viewBox[3] > 0) {
    return { width: viewBox[2], height: viewBox[3] };
  }
  const width = Number(attribute("width")?.replace(/px$/, ""));
  const height = Number(attribute("height")?.replace(/px$/, ""));
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** svg-to-pdfkit's font lookup: any family with "mono" in it is DejaVu Sans Mono, else Sans. */
function _svgFont(
  family: string,
  bold: boolean,
  italic: boolean,
  fontOptions: { fauxItalic: boolean },
): string {
  // No oblique face is embedded; svg-to-pdfkit slants the upright one.
  if (italic) fontOptions.fauxItalic = true;
  const mono = /mono/i.test(family);
  return FONT_NAMES[mono ? bold ? "monoBold" : "mono" : bold ? "sansBold" : "sans"];
}

/**
 * `svg` with `color="black"` on its root unless it sets a colour there. svg-to-pdfkit starts
 * `color` undefined instead of black, so it drops every `stroke="currentColor"` (Plot's axis
 * ticks); a presentation attribute on the root is what the initial value would be.
 */
function _withInitialColor(svg: string): string {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root || /\scolor\s*=/.test(root)) return svg;
  return svg.replace(/<svg\b/, '<svg color="black"');
}

function _concat(chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
