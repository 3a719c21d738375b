// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { describeSamples, type SampleSummary } from "./statistics.ts";

Deno.test("describeSamples gives n 0 and nulls for no samples", () => {
  const expected: SampleSummary = {
    n: 0,
    median: null,
    q1: null,
    q3: null,
    iqr: null,
    mad: null,
    min: null,
    max: null,
    mean: null,
    outlierIndices: [],
  };
  assertEquals(describeSamples([]), expected);
});

Deno.test("describeSamples gives the sample itself for a single sample", () => {
  assertEquals(describeSamples([42]), {
    n: 1,
    median: 42,
    q1: 42,
    q3: 42,
    iqr: 0,
    mad: 0,
    min: 42,
    max: 42,
    mean: 42,
    outlierIndices: [],
  });
});

Deno.test("describeSamples flags no outliers when all samples are equal", () => {
  assertEquals(describeSamples([7, 7, 7]), {
    n: 3,
    median: 7,
    q1: 7,
    q3: 7,
    iqr: 0,
    mad: 0,
    min: 7,
    max: 7,
    mean: 7,
    outlierIndices: [],
  });
});

Deno.test("describeSamples interpolates quartiles at (n - 1) * p (type 7)", () => {
  // Sorted [1, 2, 3, 4]: q1 at position 0.75 -> 1 + 0.75 * 1 = 1.75; median at 1.5 -> 2.5;
  // q3 at 2.25 -> 3.25. Deviations from 2.5: [1.5, 0.5, 0.5, 1.5] -> MAD 1.
  // Fences: 1.75 - 2.25 = -0.5 and 3.25 + 2.25 = 5.5, so no outliers.
  assertEquals(describeSamples([4, 1, 3, 2]), {
    n: 4,
    median: 2.5,
    q1: 1.75,
    q3: 3.25,
    iqr: 1.5,
    mad: 1,
    min: 1,
    max: 4,
    mean: 2.5,
    outlierIndices: [],
  });
});

Deno.test("describeSamples flags Tukey outliers by input index and keeps them", () => {
  // Sorted [1, 2, 3, 4, 100]: q1 = 2, median = 3, q3 = 4, IQR 2, fences -1 and 7.
  // 100 (input index 0) is above 7. Deviations from 3: [97, 0, 2, 1, 1] -> MAD 1.
  // Mean includes the outlier: 110 / 5 = 22.
  assertEquals(describeSamples([100, 3, 1, 4, 2]), {
    n: 5,
    median: 3,
    q1: 2,
    q3: 4,
    iqr: 2,
    mad: 1,
    min: 1,
    max: 100,
    mean: 22,
    outlierIndices: [0],
  });
});

Deno.test("describeSamples flags outliers on both sides, not values on a fence", () => {
  // Sorted [-20, 10, 10, 12, 14, 14, 50]: q1 at 1.5 -> 10, q3 at 4.5 -> 14, IQR 4,
  // fences 4 and 20: -20 (index 3) and 50 (index 5) are outside.
  const summary = describeSamples([10, 14, 12, -20, 10, 50, 14]);
  assertEquals(summary.outlierIndices, [3, 5]);
  // Sorted [4, 10, 12, 14, 20]: q1 10, q3 14, fences 4 and 20: both ends sit on a fence.
  assertEquals(describeSamples([20, 10, 12, 14, 4]).outlierIndices, []);
});

Deno.test("describeSamples does not modify its input", () => {
  const samples = [3, 1, 2];
  describeSamples(samples);
  assertEquals(samples, [3, 1, 2]);
});

Deno.test("describeSamples rejects a sample that is not finite", () => {
  throws(() => describeSamples([1, Number.NaN]), {
    name: "RangeError",
    message: "describeSamples: samples[1] must be a finite number, got NaN",
  });
});
