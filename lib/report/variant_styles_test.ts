// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  markerPath,
  VARIANT_DASHES,
  VARIANT_MARKERS,
  VARIANT_PALETTE,
  variantStyles,
} from "./variant_styles.ts";

Deno.test("variantStyles() gives the i-th variant the i-th hue, marker and dash", () => {
  const styles = [...variantStyles(["states", "default", "states", "floodsub"]).values()];
  assertEquals(styles.map((style) => style.variant), ["states", "default", "floodsub"]);
  assertEquals(styles.map((style) => style.color), ["#4e79a7", "#f28e2c", "#59a14f"]);
  assertEquals(styles.map((style) => style.marker.name), ["circle", "triangle", "square"]);
  assertEquals(styles.map((style) => style.dash), ["", "7 3", "2 2"]);
});

Deno.test("variantStyles() tells the first 35 variants apart by marker or dash alone", () => {
  const names = Array.from({ length: 35 }, (_, index) => `v${index}`);
  const looks = [...variantStyles(names).values()].map((style) =>
    `${style.marker.name}/${style.dash}`
  );
  assertEquals(new Set(looks).size, 35);
  // The 36th repeats the first look: 7 markers x 5 dashes.
  const more = [...variantStyles([...names, "v35"]).values()];
  assertEquals(`${more[35].marker.name}/${more[35].dash}`, looks[0]);
  assertEquals(VARIANT_MARKERS.length * VARIANT_DASHES.length, 35);
  assertEquals(more[10].color, VARIANT_PALETTE[0]);
});

Deno.test("markerPath() draws a square of the given area", () => {
  // Area 16 -> a 4 x 4 square centred on the origin.
  assertEquals(markerPath(VARIANT_MARKERS[2], 16), "M-2,-2L2,-2L2,2L-2,2Z");
});

Deno.test("markerPath() gives every marker the same area", () => {
  const size = 64;
  for (const marker of VARIANT_MARKERS) {
    const points = [...markerPath(marker, size).matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)]
      .map((match) => [Number(match[1]), Number(match[2])]);
    let twice = 0;
    points.forEach(([x, y], index) => {
      const [nextX, nextY] = points[(index + 1) % points.length];
      twice += x * nextY - nextX * y;
    });
    const area = Math.abs(twice) / 2;
    // Coordinates are rounded to 0.01 and the circle is a 24-gon: within 2%.
    assert(Math.abs(area - size) / size < 0.02, `${marker.name}: area ${area}, want ${size}`);
  }
});

Deno.test("VARIANT_MARKERS have distinct names and outlines", () => {
  assertEquals(new Set(VARIANT_MARKERS.map((marker) => marker.name)).size, VARIANT_MARKERS.length);
  const paths = VARIANT_MARKERS.map((marker) => markerPath(marker, 30));
  assertEquals(new Set(paths).size, paths.length);
});
