// The committed notebooks' charts survive stock exports: `jupyter nbconvert --to html`, looked at
// in headless Chromium (every chart drawn, with visible marks), and `--to markdown` (every chart
// a PNG file beside the Markdown). A control shows why the charts are PNG and not inline SVG.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { launchChromium } from "../telemetry/dbg/testdata/launch_chromium.ts";
import {
  codeCell,
  outputData,
  readExecuted,
  requireJupyter,
  writeNotebook,
} from "./testdata/jupyter.ts";
import { DEFAULT_PYTHON } from "./execute_notebook.ts";

const NOTEBOOKS = new URL("../../notebooks/", import.meta.url).pathname;
const COMMITTED = ["bench", "tuning", "sim"];

async function nbconvert(to: "html" | "markdown", notebook: string, dir: string): Promise<void> {
  const output = await new Deno.Command(DEFAULT_PYTHON, {
    args: ["-m", "nbconvert", `--to=${to}`, `--output-dir=${dir}`, notebook],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(output.success, new TextDecoder().decode(output.stderr));
}

async function pngCount(notebook: string): Promise<number> {
  return (await readExecuted(notebook)).cells
    .flatMap((cell) => cell.outputs ?? [])
    .filter((output) => outputData(output, "image/png") !== undefined).length;
}

/** Per image of the page's outputs: its natural size and the share of non-white pixels. */
interface ImageInk {
  width: number;
  height: number;
  ink: number;
}

const MEASURE_IMAGES = `(async () => {
  const images = [...document.querySelectorAll(".jp-OutputArea-output img")];
  await Promise.all(images.map((image) => image.decode().catch(() => {})));
  return images.map((image) => {
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    if (canvas.width === 0) return { width: 0, height: 0, ink: 0 };
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) ink++;
    }
    return { width: canvas.width, height: canvas.height, ink: ink / (data.length / 4) };
  });
})()`;

Deno.test("nbconvert's HTML export of the committed notebooks shows every chart, with marks", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  const browser = await launchChromium();
  try {
    for (const name of COMMITTED) {
      await nbconvert("html", `${NOTEBOOKS}${name}.ipynb`, dir);
      const page = await browser.newPage();
      await page.goto(`file://${dir}/${name}.html`);
      const images: ImageInk[] = await page.evaluate(MEASURE_IMAGES);
      await page.close();
      assertEquals(images.length, await pngCount(`${NOTEBOOKS}${name}.ipynb`), name);
      assert(images.length >= 3, `${name}: ${images.length} charts`);
      for (const image of images) {
        assert(image.width >= 320 && image.height >= 160, `${name}: ${JSON.stringify(image)}`);
        // Axes, labels, lines and dots: a chart has well over 1% of its pixels inked.
        assert(image.ink > 0.01, `${name}: a blank chart ${JSON.stringify(image)}`);
      }
    }
  } finally {
    await browser.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("nbconvert's HTML export blanks inline SVG charts (why notebook charts are PNG)", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">' +
    '<g><line x1="0" y1="50" x2="200" y2="50" stroke="black" stroke-width="8"/>' +
    '<text x="10" y="30">label</text></g></svg>';
  await writeNotebook(`${dir}/svg.ipynb`, [{
    ...codeCell("// a chart as inline SVG"),
    execution_count: 1,
    outputs: [{ output_type: "display_data", data: { "image/svg+xml": svg }, metadata: {} }],
  } as ReturnType<typeof codeCell>]);
  await nbconvert("html", `${dir}/svg.ipynb`, dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`file://${dir}/svg.html`);
    const marks = await page.evaluate(
      `[...document.querySelectorAll(".jp-OutputArea-output svg")].map((svg) =>
        svg.querySelectorAll("line, text, path, rect, circle, g").length)`,
    );
    // If this fails, nbconvert keeps inline SVG now, and charts could be SVG again.
    assertEquals(marks, [0]);
  } finally {
    await browser.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("nbconvert's Markdown export of the committed notebooks writes every chart as a PNG", async () => {
  await requireJupyter();
  const dir = await Deno.makeTempDir();
  for (const name of COMMITTED) {
    await nbconvert("markdown", `${NOTEBOOKS}${name}.ipynb`, dir);
    const text = await Deno.readTextFile(`${dir}/${name}.md`);
    const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]);
    assertEquals(images.length, await pngCount(`${NOTEBOOKS}${name}.ipynb`), name);
    for (const image of images) {
      const bytes = await Deno.readFile(`${dir}/${decodeURIComponent(image)}`);
      assertEquals(new TextDecoder().decode(bytes.subarray(1, 4)), "PNG", image);
      assert(bytes.length > 2000, `${image}: ${bytes.length} bytes`);
    }
  }
  await Deno.remove(dir, { recursive: true });
});
