/**
 * The DejaVu TrueType fonts the PDF and the PNG charts are drawn with, read from the pinned npm
 * package `dejavu-fonts-ttf`, so neither output depends on the fonts of the machine.
 *
 * @module
 */
// The package holds no JavaScript. This static import puts it in the module graph, so
// `deno run`, `deno cache` and `deno install` fetch it like any other dependency; the lockfile
// already records it because deno.json's import map names it.
import dejavuPackage from "dejavu-fonts-ttf/package.json" with { type: "json" };
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ReportError } from "./report_error.ts";

/** The faces of {@linkcode ReportFonts}. */
export type ReportFontFace = "sans" | "sansBold" | "mono" | "monoBold";

/** TrueType bytes of each face; the family names are "DejaVu Sans" and "DejaVu Sans Mono". */
export type ReportFonts = Readonly<Record<ReportFontFace, Uint8Array>>;

/** File name of each face in the package's `ttf/` folder. */
export const REPORT_FONT_FILES: Readonly<Record<ReportFontFace, string>> = Object.freeze({
  sans: "DejaVuSans.ttf",
  sansBold: "DejaVuSans-Bold.ttf",
  mono: "DejaVuSansMono.ttf",
  monoBold: "DejaVuSansMono-Bold.ttf",
});

/** Options of {@linkcode loadReportFonts}. */
export interface LoadReportFontsOptions {
  /**
   * Folder holding the files of {@linkcode REPORT_FONT_FILES}, as a path or a `file:` URL.
   * @default the `ttf/` folder of the npm package dejavu-fonts-ttf in Deno's npm cache
   */
  fontDir?: string | URL;
}

/** A font file of the report could not be read, or is not a TrueType font. */
export class ReportFontError extends ReportError {
  /** The file that could not be used. */
  readonly path: string;

  /** Creates a ReportFontError about `path`; `cause` keeps the underlying error. */
  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReportFontError";
    this.path = path;
  }
}

const _PACKAGE = `${dejavuPackage.name}@${dejavuPackage.version}`;
const _cache = new Map<string, Promise<ReportFonts>>();

/**
 * Reads the DejaVu fonts of the report (Sans, Sans Bold, Sans Mono, Sans Mono Bold). The bytes are
 * read once per folder and shared by later calls; callers must not modify them.
 *
 * Needs read permission on the folder (Deno's npm cache by default).
 *
 * @example
 * ```ts
 * const fonts = await loadReportFonts();
 * doc.registerFont("DejaVu Sans", fonts.sans);
 * ```
 *
 * @throws {ReportFontError} if a file is missing, unreadable or not a TrueType font; the message
 * names the file and how to fix it (`deno install` fetches the package)
 * @throws {RangeError} if `fontDir` is an empty string
 */
export async function loadReportFonts(
  options: LoadReportFontsOptions = {},
): Promise<ReportFonts> {
  const urls = _fontUrls(options.fontDir);
  const key = urls.sans.href;
  let fonts = _cache.get(key);
  if (!fonts) {
    fonts = _readFonts(urls, options.fontDir !== undefined);
    _cache.set(key, fonts);
    // A failure is not cached: `deno install` in another shell can fix it for the next call.
    fonts.catch(() => _cache.delete(key));
  }
  return await fonts;
}

function _fontUrls(fontDir: string | URL | undefined): Record<ReportFontFace, URL> {
  const entries = Object.entries(REPORT_FONT_FILES).map(([face, file]) => {
    if (fontDir === undefined) {
      return [face, new URL(import.meta.resolve(`dejavu-fonts-ttf/ttf/${file}`))];
    }
    return [face, new URL(file, _folderUrl(fontDir))];
  });
  return Object.fromEntries(entries);
}

function _folderUrl(fontDir: string | URL): URL {
  if (fontDir instanceof URL) return fontDir.href.endsWith("/") ? fontDir : new URL(`${fontDir}/`);
  if (fontDir === "") {
    throw new RangeError('loadReportFonts: option fontDir must be a non-empty path, got ""');
  }
  return pathToFileURL(`${resolve(fontDir)}/`);
}

async function _readFonts(
  urls: Record<ReportFontFace, URL>,
  customDir: boolean,
): Promise<ReportFonts> {
  const faces = Object.keys(urls) as ReportFontFace[];
  const settled = await Promise.allSettled(faces.map((face) => _readFont(urls[face], customDir)));
  // The first failure in face order, so the message does not depend on which read ends first.
  const failure = settled.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  const bytes = settled.map((result) => (result as PromiseFulfilledResult<Uint8Array>).value);
  return Object.freeze(
    Object.fromEntries(faces.map((face, index) => [face, bytes[index]])),
  ) as ReportFonts;
}

async function _readFont(url: URL, customDir: boolean): Promise<Uint8Array> {
  const path = fileURLToPath(url);
  const source = customDir ? "option fontDir" : `npm package ${_PACKAGE}`;
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(url);
  } catch (error) {
    const fix = error instanceof Deno.errors.NotFound
      ? customDir
        ? "point fontDir at a folder holding the DejaVu .ttf files"
        : "run `deno install` in the project to fetch it into Deno's npm cache"
      : error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied
      ? "the report needs read access to the fonts"
      : "check the file";
    throw new ReportFontError(
      `loadReportFonts: cannot read font ${path} (from ${source}): ${_reason(error)}; ${fix}`,
      path,
      { cause: error },
    );
  }
  if (!_isTrueType(bytes)) {
    throw new ReportFontError(
      `loadReportFonts: ${path} (from ${source}) is not a TrueType font: it starts with bytes ` +
        `${[...bytes.subarray(0, 4)].map((byte) => byte.toString(16).padStart(2, "0")).join(" ")}` +
        `, expected 00 01 00 00 or "true"; reinstall the package or fix fontDir`,
      path,
    );
  }
  return bytes;
}

/** TrueType's sfnt version: 0x00010000, or "true" in old Apple fonts. */
function _isTrueType(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  return head === "\x00\x01\x00\x00" || head === "true";
}

function _reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
