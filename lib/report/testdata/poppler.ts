// Test helpers: read a PDF back with poppler (pdftotext, pdfinfo, pdftoppm). A missing poppler
// fails the test with how to install it, never skips it.
import { AssertionError, deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";

export function latin1(bytes: Uint8Array): string {
  return new TextDecoder("latin1").decode(bytes);
}

export function countPageObjects(pdf: Uint8Array): number {
  return latin1(pdf).match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
}

/** Runs a poppler tool; fails the test, not skips it, when poppler is not installed. */
export async function poppler(tool: string, args: string[]): Promise<string> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(tool, { args, stdout: "piped", stderr: "piped" }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new AssertionError({
        message: `${tool} is missing: these tests need poppler; apt-get install poppler-utils`,
      });
    }
    throw error;
  }
  const stderr = new TextDecoder().decode(output.stderr);
  assert(output.success, `${tool} ${args.join(" ")} failed: ${stderr}`);
  return new TextDecoder().decode(output.stdout);
}

/** Calls `use` with the PDF written to a temporary folder, then removes the folder. */
export async function withPdfFile<T>(
  pdf: Uint8Array,
  use: (path: string, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "render_report_pdf_test_" });
  try {
    await Deno.writeFile(`${dir}/report.pdf`, pdf);
    return await use(`${dir}/report.pdf`, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

export function pdftotext(
  pdf: Uint8Array,
  pages?: { first: number; last: number },
): Promise<string> {
  const range = pages ? ["-f", String(pages.first), "-l", String(pages.last)] : [];
  return withPdfFile(pdf, (path) => poppler("pdftotext", ["-layout", ...range, path, "-"]));
}

export async function pdfinfoPages(pdf: Uint8Array): Promise<number> {
  const info = await withPdfFile(pdf, (path) => poppler("pdfinfo", [path]));
  return Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
}

/** Dark pixels (below 200 of 255) of each page rendered in grey at 30 dpi by pdftoppm. */
export function darkPixelsPerPage(pdf: Uint8Array): Promise<number[]> {
  return withPdfFile(pdf, async (path, dir) => {
    await poppler("pdftoppm", ["-r", "30", "-gray", path, `${dir}/page`]);
    const files = [...Deno.readDirSync(dir)].map((entry) => entry.name)
      .filter((name) => name.endsWith(".pgm")).sort();
    return files.map((name) => {
      const bytes = Deno.readFileSync(`${dir}/${name}`);
      // Binary PGM: "P5", width, height, maximum value, one whitespace byte, then the pixels.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(latin1(bytes.subarray(0, 50)));
      assert(header, `${name} is not a binary PGM`);
      const pixels = bytes.subarray(header[0].length);
      assertEquals(pixels.length, Number(header[1]) * Number(header[2]));
      return pixels.reduce((dark, value) => value < 200 ? dark + 1 : dark, 0);
    });
  });
}
