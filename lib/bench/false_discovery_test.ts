import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { adjustBenjaminiHochberg } from "./false_discovery.ts";

function assertAllClose(actual: (number | null)[], expected: (number | null)[]): void {
  assertEquals(actual.length, expected.length);
  actual.forEach((value, i) => {
    const want = expected[i];
    assert(
      want === null ? value === null : value !== null && Math.abs(value - want) < 1e-12,
      `[${i}]: expected ${want}, got ${value}`,
    );
  });
}

Deno.test("adjustBenjaminiHochberg matches R's p.adjust(p, 'BH')", () => {
  // p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.5, 0.2), "BH") by hand: sorted ranks 1..6 give
  // 0.005*6/1 = 0.03, 0.01*6/2 = 0.03, 0.03*6/3 = 0.06, 0.04*6/4 = 0.06, 0.2*6/5 = 0.24, 0.5.
  assertAllClose(adjustBenjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5, 0.2]), [
    0.03,
    0.06,
    0.06,
    0.03,
    0.5,
    0.24,
  ]);
});

Deno.test("adjustBenjaminiHochberg keeps adjusted values monotone (step-up)", () => {
  // 0.02 * 3 / 2 = 0.03 for both ties; 0.04 stays.
  assertAllClose(adjustBenjaminiHochberg([0.02, 0.02, 0.04]), [0.03, 0.03, 0.04]);
});

Deno.test("adjustBenjaminiHochberg leaves nulls out of the family", () => {
  assertAllClose(adjustBenjaminiHochberg([null, 0.01, null, 0.04]), [null, 0.02, null, 0.04]);
  assertEquals(adjustBenjaminiHochberg([]), []);
  assertEquals(adjustBenjaminiHochberg([null]), [null]);
});

Deno.test("adjustBenjaminiHochberg of one test is that test's p-value", () => {
  assertAllClose(adjustBenjaminiHochberg([0.3]), [0.3]);
});

Deno.test("adjustBenjaminiHochberg rejects a p-value outside [0, 1]", () => {
  throws(() => adjustBenjaminiHochberg([0.1, 1.5]), {
    name: "RangeError",
    message: "adjustBenjaminiHochberg: pValues[1] must be in [0, 1] or null, got 1.5",
  });
});
