// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { ReportError } from "./report_error.ts";
import { loadReportFonts, REPORT_FONT_FILES, ReportFontError } from "./report_fonts.ts";

const TRUETYPE = [0x00, 0x01, 0x00, 0x00];

/** The family name as the font's name table spells it for Macs: one byte a character. */
function hasAsciiName(bytes: Uint8Array, name: string): boolean {
  return new TextDecoder("latin1").decode(bytes).includes(name);
}

Deno.test("loadReportFonts reads the four DejaVu faces from the npm package", async () => {
  const fonts = await loadReportFonts();
  assertEquals(Object.keys(fonts).sort(), ["mono", "monoBold", "sans", "sansBold"]);
  for (const bytes of Object.values(fonts)) {
    assertEquals([...bytes.subarray(0, 4)], TRUETYPE);
    assert(bytes.length > 100_000, `a whole font, got ${bytes.length} bytes`);
  }
  assert(hasAsciiName(fonts.sans, "DejaVu Sans"));
  assert(hasAsciiName(fonts.sansBold, "DejaVu Sans Bold"));
  assert(hasAsciiName(fonts.mono, "DejaVu Sans Mono"));
  assert(hasAsciiName(fonts.monoBold, "DejaVu Sans Mono Bold"));
});

Deno.test("loadReportFonts reads the files once and shares them with later calls", async () => {
  assert((await loadReportFonts()) === (await loadReportFonts()));
});

Deno.test("loadReportFonts reads a fontDir given as a path", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fonts = await loadReportFonts();
    for (const [face, file] of Object.entries(REPORT_FONT_FILES)) {
      await Deno.writeFile(`${dir}/${file}`, fonts[face as keyof typeof fonts]);
    }
    const copied = await loadReportFonts({ fontDir: dir });
    assertEquals(copied.sans, fonts.sans);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadReportFonts throws ReportFontError naming the missing file and the fix", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await rejects(loadReportFonts({ fontDir: dir }), (error: unknown) => {
      assert(error instanceof ReportFontError);
      assert(error instanceof ReportError, "main.ts reports it as a known error");
      assertEquals(error.name, "ReportFontError");
      assertEquals(error.path, `${dir}/DejaVuSans.ttf`);
      assert(error.cause instanceof Deno.errors.NotFound);
      assert(error.message.startsWith(`loadReportFonts: cannot read font ${dir}/DejaVuSans.ttf`));
      assert(error.message.includes("(from option fontDir)"), error.message);
      assert(error.message.includes("point fontDir at a folder"), error.message);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadReportFonts throws ReportFontError for a file that is not a TrueType font", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const file of Object.values(REPORT_FONT_FILES)) {
      await Deno.writeTextFile(`${dir}/${file}`, "<html>not a font</html>");
    }
    await rejects(loadReportFonts({ fontDir: dir }), (error: unknown) => {
      assert(error instanceof ReportFontError);
      assertEquals(
        error.message,
        `loadReportFonts: ${dir}/DejaVuSans.ttf (from option fontDir) is not a TrueType font: ` +
          `it starts with bytes 3c 68 74 6d, expected 00 01 00 00 or "true"; reinstall the ` +
          `package or fix fontDir`,
      );
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadReportFonts rejects an empty fontDir", async () => {
  await rejects(loadReportFonts({ fontDir: "" }), {
    name: "RangeError",
    message: 'loadReportFonts: option fontDir must be a non-empty path, got ""',
  });
});
