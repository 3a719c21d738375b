// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { inflateSync } from "node:zlib";
import type { ChartSpec } from "./chart_spec.ts";
import { renderChartPng } from "./render_chart_png.ts";
import { renderChartSvg } from "./render_chart_svg.ts";
import { ReportError } from "./report_error.ts";
import { ReportFontError } from "./report_fonts.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function chartSvg(): string {
  const spec: ChartSpec = {
    id: "latency",
    title: "Latency chart",
    yLabel: "latency (ms)",
    variants: ["default"],
    points: [
      { variant: "default", hosts: 5, x: 20, y: 10, offset: 0 },
      { variant: "default", hosts: 5, x: 100, y: 30, offset: 0 },
    ],
    samples: [],
    baseline: [],
    caption: "",
  };
  return renderChartSvg(spec, { width: 720, height: 360 });
}

/** A white 200 x 100 picture, with or without one line of text. */
function textSvg(withText: boolean): string {
  return '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">' +
    '<rect width="200" height="100" fill="white"/>' +
    (withText
      ? '<text x="10" y="50" font-family="DejaVu Sans, sans-serif" font-size="20">Hello</text>'
      : "") +
    "</svg>";
}

interface Decoded {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, rows top to bottom. */
  pixels: Uint8Array;
}

/** Decodes what resvg writes: 8-bit RGBA, not interlaced. */
function decodePng(png: Uint8Array): Decoded {
  assertEquals([...png.subarray(0, 8)], PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Uint8Array[] = [];
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = new TextDecoder().decode(png.subarray(offset + 4, offset + 8));
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      assertEquals([...body.subarray(8, 13)], [8, 6, 0, 0, 0], "8-bit RGBA, not interlaced");
    } else if (type === "IDAT") {
      data.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      const predictor = [0, left, up, (left + up) >> 1, _paeth(left, up, upLeft)][filter];
      assert(predictor !== undefined, `unknown PNG filter ${filter}`);
      pixels[y * stride + x] = (line[x] + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

function _paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Opaque pixels that are not near white. */
function inkedPixels({ pixels }: Decoded): number {
  let count = 0;
  for (let index = 0; index < pixels.length; index += 4) {
    const darkest = Math.min(pixels[index], pixels[index + 1], pixels[index + 2]);
    if (pixels[index + 3] > 128 && darkest < 200) count++;
  }
  return count;
}

Deno.test("renderChartPng returns a PNG twice as wide as the SVG by default", async () => {
  const image = decodePng(await renderChartPng(chartSvg()));
  assertEquals([image.width, image.height], [1440, 720]);
});

Deno.test("renderChartPng scales to widthPx and keeps the aspect ratio", async () => {
  const image = decodePng(await renderChartPng(chartSvg(), { widthPx: 300 }));
  assertEquals([image.width, image.height], [300, 150]);
});

Deno.test("renderChartPng draws the chart", async () => {
  const image = decodePng(await renderChartPng(chartSvg(), { widthPx: 720 }));
  const inked = inkedPixels(image);
  // Axes, a line, dots, title and labels: thousands of pixels, but far from all 259,200.
  assert(inked > 2000 && inked < image.width * image.height / 4, `${inked} inked pixels`);
});

/** Pixels within 40 of `hex` in each channel, opaque: where that colour was painted. */
function isColor(image: Decoded, x: number, y: number, hex: string): boolean {
  const index = (y * image.width + x) * 4;
  const want = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16));
  return image.pixels[index + 3] > 200 &&
    want.every((channel, offset) => Math.abs(image.pixels[index + offset] - channel) <= 40);
}

/**
 * Two variants, each with a flat line between two medians: default (blue, solid, circles) at
 * y = 10, states (orange, dash "7 3", triangles) at y = 30.
 */
function twoVariantSvg(): string {
  const flat = (variant: string, y: number, offset: number) =>
    [20, 100].map((x) => ({ variant, hosts: 5, x, y, offset }));
  return renderChartSvg({
    id: "lines",
    title: "Lines",
    yLabel: "y",
    variants: ["default", "states"],
    points: [...flat("default", 10, -0.125), ...flat("states", 30, 0.125)],
    samples: [],
    baseline: [],
    caption: "",
  }, { width: 720, height: 360 });
}

/** The row with the most pixels of `hex` left of the legend, and how often it changes colour. */
function lineRow(image: Decoded, hex: string, right: number) {
  let best = { y: -1, painted: 0, changes: 0 };
  for (let y = 0; y < image.height; y++) {
    let painted = 0;
    let changes = 0;
    let previous = false;
    for (let x = 0; x < right; x++) {
      const here = isColor(image, x, y, hex);
      if (here) painted++;
      if (here !== previous && x > 0) changes++;
      previous = here;
    }
    if (painted > best.painted) best = { y, painted, changes };
  }
  return best;
}

Deno.test("renderChartPng draws dashed lines dashed and solid lines solid", async () => {
  // Twice the SVG's size, so that a 1.5 px line is 3 px of solid colour.
  const image = decodePng(await renderChartPng(twoVariantSvg(), { widthPx: 1440 }));
  // The legend starts at x = 2 x (720 - 110); the plot's lines lie left of it.
  const solid = lineRow(image, "#4e79a7", 1200);
  const dashed = lineRow(image, "#f28e2c", 1200);
  assert(solid.painted > 300, `default's line: ${JSON.stringify(solid)}`);
  assert(dashed.painted > 200, `states' line: ${JSON.stringify(dashed)}`);
  // A solid line between two markers changes colour a few times (line, marker edges); a line of
  // 14-on, 6-off dashes over ~480 px changes about 48 times.
  assert(solid.changes <= 8, `default's line is broken: ${JSON.stringify(solid)}`);
  assert(dashed.changes >= 30, `states' line is not dashed: ${JSON.stringify(dashed)}`);
});

Deno.test("renderChartPng draws the triangle marker as a triangle", async () => {
  const image = decodePng(await renderChartPng(twoVariantSvg(), { widthPx: 1440 }));
  // The orange marker's widest row is at its base, narrowing row by row to the tip above.
  const widths: number[] = [];
  const dashed = lineRow(image, "#f28e2c", 1200);
  for (let y = dashed.y - 12; y <= dashed.y + 12; y++) {
    let run = 0;
    let longest = 0;
    for (let x = 0; x < 1200; x++) {
      run = isColor(image, x, y, "#f28e2c") ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    widths.push(longest);
  }
  // Above the line the widest orange run is the triangle's: it grows from the tip down.
  const above = widths.slice(0, 12).filter((width) => width > 0);
  assert(above.length >= 3, `no marker above the line: ${widths}`);
  for (let index = 1; index < above.length; index++) {
    assert(above[index] >= above[index - 1], `not a triangle pointing up: ${widths}`);
  }
  assert(above.at(-1)! - above[0] >= 4, `not narrowing to a tip: ${widths}`);
});

Deno.test("renderChartPng draws text with the report's fonts", async () => {
  const withText = decodePng(await renderChartPng(textSvg(true)));
  const without = decodePng(await renderChartPng(textSvg(false)));
  assertEquals(inkedPixels(without), 0);
  // "Hello" at 20 px, doubled: hundreds of pixels. No font at all would draw none.
  assert(inkedPixels(withText) > 300, `${inkedPixels(withText)} inked pixels`);
});

Deno.test("renderChartPng rejects a widthPx that is not a whole number from 1 to 16384", async () => {
  for (const widthPx of [0, 1.5, 16385, Number.NaN]) {
    await rejects(renderChartPng(chartSvg(), { widthPx }), {
      name: "RangeError",
      message: `renderChartPng: option widthPx must be a whole number from 1 to 16384, got ${
        String(widthPx)
      }`,
    });
  }
});

Deno.test("renderChartPng rejects text that is not an SVG document", async () => {
  await rejects(renderChartPng("<html><body>chart</body></html>"), (error: unknown) => {
    assert(error instanceof ReportError);
    assert(
      error.message.startsWith('renderChartPng: cannot read the SVG (starting "<html><body>'),
      error.message,
    );
    return true;
  });
});

Deno.test("renderChartPng reports fonts it cannot find with ReportFontError", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await rejects(renderChartPng(chartSvg(), { fontDir: dir }), ReportFontError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
