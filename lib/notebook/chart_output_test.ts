// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, rejects, throws } from "node:assert/strict";
import { Buffer } from "node:buffer";
import { chartOutput, svgSize } from "./chart_output.ts";

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">' +
  '<rect width="40" height="20" fill="white"/><line x1="0" y1="10" x2="40" y2="10" ' +
  'stroke="black" stroke-width="4"/></svg>';

Deno.test("svgSize reads the root's width and height", () => {
  assertEquals(svgSize(SVG), { width: 40, height: 20 });
  assertEquals(svgSize('<svg width="640px" height="300.5">'), { width: 640, height: 300.5 });
  throws(() => svgSize('<svg viewBox="0 0 4 4">'), RangeError);
  throws(() => svgSize("<p>no svg</p>"), /root needs numeric width and height/);
});

Deno.test("chartOutput draws the SVG as a PNG at 1.5 times its size, shown at its size", async () => {
  const output = await chartOutput(SVG, "A line");
  assertEquals(Object.keys(output.data).sort(), ["image/png", "text/plain"]);
  assertEquals(output.data["text/plain"], "A line");
  assertEquals(output.metadata, { "image/png": { width: 40, height: 20 } });
  const png = Buffer.from(output.data["image/png"], "base64");
  assertEquals([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join(""), "PNG");
  // The IHDR chunk: width and height in pixels.
  assertEquals([png.readUInt32BE(16), png.readUInt32BE(20)], [60, 30]);
  const sharp = Buffer.from(
    (await chartOutput(SVG, "x", { scale: 2 })).data["image/png"],
    "base64",
  );
  assertEquals(sharp.readUInt32BE(16), 80);
  assert(png.length > 60);
  await rejects(() => chartOutput(SVG, "x", { scale: 0 }), RangeError);
});
