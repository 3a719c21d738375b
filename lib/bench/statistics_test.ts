// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { bootstrapRatioOfMedians, describeSamples, type SampleSummary } from "./statistics.ts";
import { createSeededRandom, type SeededRandom } from "./seeded_random.ts";

function assertClose(actual: number | null, expected: number, what: string): void {
  assert(
    actual !== null && Math.abs(actual - expected) < 1e-12,
    `${what}: expected ${expected}, got ${actual}`,
  );
}

/** A random source whose `int` replays a script, so a bootstrap can be computed by hand. */
function scriptedRandom(indices: number[]): SeededRandom & { calls: Array<[number, number]> } {
  const queue = [...indices];
  const calls: Array<[number, number]> = [];
  return {
    calls,
    int(min: number, max: number): number {
      calls.push([min, max]);
      const value = queue.shift();
      if (value === undefined) throw new Error("scriptedRandom: script exhausted");
      return value;
    },
    next(): number {
      throw new Error("scriptedRandom: next() not scripted");
    },
    bytes(): Uint8Array {
      throw new Error("scriptedRandom: bytes() not scripted");
    },
    fork(): SeededRandom {
      throw new Error("scriptedRandom: fork() not scripted");
    },
  };
}

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

Deno.test("bootstrapRatioOfMedians gives 1 with interval [1, 1] for identical constant groups", () => {
  const estimate = bootstrapRatioOfMedians([5, 5, 5], [5, 5, 5], {
    random: createSeededRandom(1),
  });
  assertEquals(estimate, { ratio: 1, low: 1, high: 1, resamples: 2000, confidence: 0.95 });
});

Deno.test("bootstrapRatioOfMedians gives exactly 2 when the numerator is twice the denominator", () => {
  const estimate = bootstrapRatioOfMedians([10, 10, 10], [5, 5, 5], {
    random: createSeededRandom(1),
    resamples: 50,
  });
  assertEquals(estimate, { ratio: 2, low: 2, high: 2, resamples: 50, confidence: 0.95 });
});

Deno.test("bootstrapRatioOfMedians takes the interval from type 7 quantiles of the resampled ratios", () => {
  // Point ratio: median [2, 4, 6] / median [1, 2, 3] = 4 / 2 = 2.
  // Resample 1: numerator indices 0, 0, 1 -> [2, 2, 4], median 2; denominator 2, 2, 2 -> 3:
  //   ratio 2/3. Resample 2: numerator 2, 2, 2 -> 6; denominator 0, 0, 0 -> 1: ratio 6.
  // Sorted ratios [2/3, 6]; confidence 0.5 -> p 0.25 and 0.75 at positions 0.25 and 0.75:
  //   low = 2/3 + 0.25 * 16/3 = 2, high = 2/3 + 0.75 * 16/3 = 14/3.
  const random = scriptedRandom([0, 0, 1, 2, 2, 2, 2, 2, 2, 0, 0, 0]);
  const estimate = bootstrapRatioOfMedians([2, 4, 6], [1, 2, 3], {
    random,
    resamples: 2,
    confidence: 0.5,
  });
  assertEquals(estimate.ratio, 2);
  assertClose(estimate.low, 2, "low");
  assertClose(estimate.high, 14 / 3, "high");
  assertEquals(estimate.resamples, 2);
  assertEquals(estimate.confidence, 0.5);
  assertEquals(random.calls.length, 12);
  assert(random.calls.every(([min, max]) => min === 0 && max === 2));
});

Deno.test("bootstrapRatioOfMedians leaves out resamples whose denominator median is 0", () => {
  // Point ratio: median [1, 1] / median [0, 2] = 1 / 1 = 1.
  // Resample 1: denominator indices 0, 0 -> [0, 0], median 0: no ratio.
  // Resample 2: numerator 0, 1 -> median 1; denominator 1, 1 -> [2, 2], median 2: ratio 0.5.
  const estimate = bootstrapRatioOfMedians([1, 1], [0, 2], {
    random: scriptedRandom([0, 0, 0, 0, 0, 1, 1, 1]),
    resamples: 2,
  });
  assertEquals(estimate, { ratio: 1, low: 0.5, high: 0.5, resamples: 1, confidence: 0.95 });
});

Deno.test("bootstrapRatioOfMedians gives a null interval when no resample has a ratio", () => {
  const estimate = bootstrapRatioOfMedians([1, 1], [0, 2], {
    random: scriptedRandom([0, 0, 0, 0, 0, 0, 0, 0]),
    resamples: 2,
  });
  assertEquals(estimate, { ratio: 1, low: null, high: null, resamples: 0, confidence: 0.95 });
});

Deno.test("bootstrapRatioOfMedians contains the point ratio in the interval of a noisy case", () => {
  // Point ratio: median [10, 11, 12, 13, 14, 30] / median [4, 5, 5, 6, 7] = 12.5 / 5 = 2.5.
  const estimate = bootstrapRatioOfMedians([12, 10, 11, 14, 13, 30], [5, 6, 5, 7, 4], {
    random: createSeededRandom(3),
  });
  assertEquals(estimate.ratio, 2.5);
  assert(estimate.low !== null && estimate.high !== null);
  assert(estimate.low <= 2.5 && 2.5 <= estimate.high, `[${estimate.low}, ${estimate.high}]`);
  assert(estimate.low < estimate.high);
});

Deno.test("bootstrapRatioOfMedians gives the same interval for the same seed", () => {
  const numerator = [12, 10, 11, 14, 13, 30];
  const denominator = [5, 6, 5, 7, 4];
  const first = bootstrapRatioOfMedians(numerator, denominator, { random: createSeededRandom(9) });
  const second = bootstrapRatioOfMedians(numerator, denominator, { random: createSeededRandom(9) });
  assertEquals(first, second);
});

Deno.test("bootstrapRatioOfMedians gives nulls for an empty group", () => {
  const random = createSeededRandom(1);
  const none = { ratio: null, low: null, high: null, resamples: 0, confidence: 0.95 };
  assertEquals(bootstrapRatioOfMedians([], [1, 2], { random }), none);
  assertEquals(bootstrapRatioOfMedians([1, 2], [], { random }), none);
});

Deno.test("bootstrapRatioOfMedians gives nulls when the denominator median is 0", () => {
  assertEquals(bootstrapRatioOfMedians([3], [0, 0, 5], { random: createSeededRandom(1) }), {
    ratio: null,
    low: null,
    high: null,
    resamples: 0,
    confidence: 0.95,
  });
});

Deno.test("bootstrapRatioOfMedians treats a single sample per group as exact", () => {
  assertEquals(
    bootstrapRatioOfMedians([3], [4], { random: createSeededRandom(1), resamples: 10 }),
    { ratio: 0.75, low: 0.75, high: 0.75, resamples: 10, confidence: 0.95 },
  );
});

Deno.test("bootstrapRatioOfMedians rejects resamples that are not an integer >= 1", () => {
  const random = createSeededRandom(1);
  for (const resamples of [0, 2.5, Number.NaN]) {
    throws(() => bootstrapRatioOfMedians([1], [1], { random, resamples }), {
      name: "RangeError",
      message:
        `bootstrapRatioOfMedians: option resamples must be an integer >= 1, got ${resamples}`,
    });
  }
});

Deno.test("bootstrapRatioOfMedians rejects a confidence outside (0, 1)", () => {
  const random = createSeededRandom(1);
  for (const confidence of [0, 1, 95, Number.NaN]) {
    throws(() => bootstrapRatioOfMedians([1], [1], { random, confidence }), {
      name: "RangeError",
      message: `bootstrapRatioOfMedians: option confidence must be > 0 and < 1, got ${confidence}`,
    });
  }
});

Deno.test("bootstrapRatioOfMedians rejects a sample that is not finite", () => {
  throws(
    () => bootstrapRatioOfMedians([1], [2, Infinity], { random: createSeededRandom(1) }),
    {
      name: "RangeError",
      message: "bootstrapRatioOfMedians: denominator[1] must be a finite number, got Infinity",
    },
  );
});
