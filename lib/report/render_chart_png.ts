/**
 * A chart's SVG as a PNG, for viewers that show no SVG, drawn by resvg (WebAssembly) with the
 * report's DejaVu fonts and never the machine's.
 *
 * @module
 */
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import { ReportError } from "./report_error.ts";
import { loadReportFonts } from "./report_fonts.ts";

/** Options of {@linkcode renderChartPng}. */
export interface RenderChartPngOptions {
  /** Width of the image in pixels, a whole number from 1 to 16384. @default twice the SVG's width */
  widthPx?: number;
  /** Folder of the DejaVu fonts, see {@linkcode loadReportFonts}. @default the npm package's */
  fontDir?: string | URL;
}

const _MAX_WIDTH_PX = 16384;
let _wasmReady: Promise<void> | undefined;

/**
 * Renders a standalone SVG document (a chart of {@linkcode renderChartSvg}) as a PNG, scaled to
 * `widthPx` with the aspect ratio kept. The first call loads resvg's WebAssembly from its npm
 * package; reads files, writes none.
 *
 * @example
 * ```ts
 * const png = await renderChartPng(renderChartSvg(spec));
 * await Deno.writeFile(`${dir}/${spec.id}.png`, png);
 * ```
 *
 * @param svg the SVG document's text
 * @returns the PNG file's bytes
 * @throws {RangeError} if `widthPx` is not a whole number from 1 to 16384
 * @throws {ReportError} if `svg` is not an SVG document resvg can read
 * @throws {ReportFontError} if the fonts cannot be read
 */
export async function renderChartPng(
  svg: string,
  options: RenderChartPngOptions = {},
): Promise<Uint8Array> {
  const { widthPx } = options;
  if (
    widthPx !== undefined &&
    (!Number.isInteger(widthPx) || widthPx < 1 || widthPx > _MAX_WIDTH_PX)
  ) {
    throw new RangeError(
      `renderChartPng: option widthPx must be a whole number from 1 to ${_MAX_WIDTH_PX}, got ${
        String(widthPx)
      }`,
    );
  }
  const [fonts] = await Promise.all([
    loadReportFonts({ fontDir: options.fontDir }),
    _initResvg(),
  ]);
  let resvg: InstanceType<typeof Resvg>;
  try {
    resvg = new Resvg(svg, {
      fitTo: widthPx === undefined ? { mode: "zoom", value: 2 } : { mode: "width", value: widthPx },
      font: {
        fontBuffers: [fonts.sans, fonts.sansBold, fonts.mono, fonts.monoBold],
        loadSystemFonts: false,
        defaultFontFamily: "DejaVu Sans",
        sansSerifFamily: "DejaVu Sans",
        monospaceFamily: "DejaVu Sans Mono",
      },
    });
  } catch (error) {
    throw new ReportError(
      `renderChartPng: cannot read the SVG (${_describe(svg)}): ${_reason(error)}; ` +
        "pass a standalone SVG document such as renderChartSvg's",
      { cause: error },
    );
  }
  // resvg's objects live in WebAssembly memory, which the garbage collector does not free.
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * Loads what {@linkcode renderChartPng} needs (resvg's WebAssembly and the fonts) ahead of the
 * first chart, e.g. while the bench waits for its last runs' processes to exit.
 *
 * @throws {ReportError} if the WebAssembly cannot be read
 * @throws {ReportFontError} if the fonts cannot be read
 */
export async function loadChartPngRenderer(
  options: Pick<RenderChartPngOptions, "fontDir"> = {},
): Promise<void> {
  await Promise.all([loadReportFonts({ fontDir: options.fontDir }), _initResvg()]);
}

/** Loads resvg's WebAssembly once; a failed load is retried by the next call. */
function _initResvg(): Promise<void> {
  if (!_wasmReady) {
    _wasmReady = _loadWasm();
    _wasmReady.catch(() => _wasmReady = undefined);
  }
  return _wasmReady;
}

async function _loadWasm(): Promise<void> {
  const url = new URL(import.meta.resolve("@resvg/resvg-wasm/index_bg.wasm"));
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(url);
  } catch (error) {
    throw new ReportError(
      `renderChartPng: cannot read resvg's WebAssembly ${url.pathname} (npm package ` +
        `@resvg/resvg-wasm): ${_reason(error)}; run \`deno install\` in the project`,
      { cause: error },
    );
  }
  await initWasm(bytes);
}

function _describe(svg: string): string {
  const start = svg.trimStart().slice(0, 40);
  return `starting ${JSON.stringify(start)}${svg.length > 40 ? "..." : ""}`;
}

function _reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
