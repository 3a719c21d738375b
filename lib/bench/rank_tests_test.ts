// Known answers for the rank tests: R's own examples (Hollander & Wolfe data in ?wilcox.test,
// whose printed statistics and p-values the results must match), critical values of the
// published tables, and, for ties, an exhaustive enumeration written independently here.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { signedRankTest } from "./signed_rank_test.ts";
import { rankSumTest } from "./rank_sum_test.ts";
import { assignMidRanks } from "./_rank_distribution.ts";

function assertClose(actual: number, expected: number, what: string, tolerance = 1e-9): void {
  assert(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected}, got ${actual}`);
}

// ?wilcox.test: depression scores before (x) and after (y) a tranquilliser.
const DEPRESSION_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
const DEPRESSION_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
const DEPRESSION_D = DEPRESSION_X.map((x, i) => x - DEPRESSION_Y[i]);

// ?wilcox.test: permeability constants of the chorioamnion at term (x) and at 12-26 weeks (y).
const PERMEABILITY_X = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const PERMEABILITY_Y = [1.15, 0.88, 0.90, 0.74, 1.21];

Deno.test("signedRankTest matches R's paired example: V = 40, p = 0.0390625 two-sided", () => {
  // R prints V = 40, p-value = 0.01953 for alternative = "greater"; two-sided doubles it.
  const result = signedRankTest(DEPRESSION_D);
  assertEquals(result.n, 9);
  assertClose(result.statistic, 40, "V");
  assertClose(result.pValue, 0.0390625, "p");
});

Deno.test("signedRankTest gives R's (pseudo)median 0.46 and the table's 95% interval", () => {
  // Published critical value for n = 9, two-sided 0.05: T <= 5, so the interval runs from the
  // 6th smallest to the 6th largest of the 45 Walsh averages; P(T <= 5) = 10/512.
  const result = signedRankTest(DEPRESSION_D);
  assertClose(result.estimate, 0.46, "estimate");
  assertClose(result.low, 0.01, "low");
  assertClose(result.high, 0.786, "high");
  assertClose(result.confidence, 1 - 2 * 10 / 512, "coverage");
});

Deno.test("signedRankTest with all signs equal gives the smallest p, 2 / 2^n", () => {
  const result = signedRankTest([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  assertClose(result.pValue, 2 / 64, "p");
  assertClose(result.smallestPValue, 2 / 64, "smallest p");
});

Deno.test("signedRankTest with 5 pairs cannot reach 95%: widest interval, coverage 1 - 2/32", () => {
  const result = signedRankTest([0.5, 0.1, 0.3, 0.2, 0.4]);
  assertClose(result.low, 0.1, "low");
  assertClose(result.high, 0.5, "high");
  assertClose(result.confidence, 1 - 2 / 32, "coverage");
  assertClose(result.pValue, 0.0625, "p");
});

Deno.test("signedRankTest drops zero differences from the test but not from the estimate", () => {
  const result = signedRankTest([0, 0, 0, 1]);
  assertEquals(result.n, 1);
  assertClose(result.pValue, 1, "p");
  // Walsh averages of [0, 0, 0, 1]: six 0s, three 0.5s, one 1: median 0.
  assertClose(result.estimate, 0, "estimate");
});

Deno.test("signedRankTest of all-zero differences gives p = 1 and estimate 0", () => {
  const result = signedRankTest([0, 0, 0]);
  assertEquals([result.n, result.pValue, result.estimate, result.low, result.high], [
    0,
    1,
    0,
    0,
    0,
  ]);
});

Deno.test("signedRankTest of a single difference gives p = 1", () => {
  const result = signedRankTest([2]);
  assertEquals([result.pValue, result.estimate, result.low, result.high], [1, 2, 2, 2]);
});

Deno.test("signedRankTest with tied |d| matches an exhaustive enumeration of the signs", () => {
  const differences = [1, -1, 2, 2, 2, -3, 3, 4];
  const result = signedRankTest(differences);
  // Enumerate all 2^8 sign assignments of the mid-ranks and count the at-least-as-extreme ones.
  const ranks = assignMidRanks(differences.map(Math.abs));
  const observed = differences.reduce((sum, d, i) => sum + (d > 0 ? ranks[i] : 0), 0);
  let lower = 0;
  let upper = 0;
  for (let mask = 0; mask < 256; mask++) {
    let sum = 0;
    for (let i = 0; i < 8; i++) if (mask & (1 << i)) sum += ranks[i];
    if (sum <= observed + 1e-9) lower++;
    if (sum >= observed - 1e-9) upper++;
  }
  assertClose(result.statistic, observed, "V");
  assertClose(result.pValue, Math.min(1, 2 * Math.min(lower, upper) / 256), "p");
});

Deno.test("signedRankTest rejects no data, a non-finite difference and a bad confidence", () => {
  throws(() => signedRankTest([]), {
    name: "RangeError",
    message: "signedRankTest: differences must hold at least one number, got none",
  });
  throws(() => signedRankTest([1, NaN]), {
    name: "RangeError",
    message: "signedRankTest: differences[1] must be a finite number, got NaN",
  });
  throws(() => signedRankTest([1], { confidence: 1 }), {
    name: "RangeError",
    message: "signedRankTest: option confidence must be > 0 and < 1, got 1",
  });
});

Deno.test("rankSumTest matches R's two-sample example: W = 35, p = 0.2544 two-sided", () => {
  // R prints W = 35, p-value = 0.1272 for alternative = "greater"; two-sided doubles it.
  const result = rankSumTest(PERMEABILITY_X, PERMEABILITY_Y);
  assertClose(result.statistic, 35, "W");
  assertClose(result.pValue, 2 * 0.1272061272061272, "p", 1e-12);
});

Deno.test("rankSumTest gives R's difference in location 0.305 and the table's 95% interval", () => {
  // Published critical value for sizes 5 and 10, two-sided 0.05: U <= 8, so the interval runs
  // from the 9th smallest to the 9th largest of the 50 differences.
  const result = rankSumTest(PERMEABILITY_X, PERMEABILITY_Y);
  assertClose(result.estimate, 0.305, "estimate");
  assertClose(result.low, -0.15, "low");
  assertClose(result.high, 0.76, "high");
  // 60 of the C(15, 5) = 3003 arrangements have U <= 8.
  assertClose(result.confidence, 1 - 2 * 60 / 3003, "coverage");
});

Deno.test("rankSumTest of two samples that do not overlap gives 2 / C(m + n, m)", () => {
  const result = rankSumTest([10, 11, 12, 13, 14], [1, 2, 3, 4, 5]);
  assertClose(result.pValue, 2 / 252, "p");
  assertClose(result.smallestPValue, 2 / 252, "smallest p");
  assertClose(result.statistic, 25, "U");
});

Deno.test("rankSumTest with ties matches an exhaustive enumeration of the group labels", () => {
  const x = [1, 2, 2, 3, 5];
  const y = [2, 3, 3, 4, 4, 6];
  const result = rankSumTest(x, y);
  const ranks = assignMidRanks([...x, ...y]);
  const observed = ranks.slice(0, 5).reduce((a, b) => a + b, 0);
  let lower = 0;
  let upper = 0;
  let total = 0;
  for (let mask = 0; mask < 1 << 11; mask++) {
    let bits = 0;
    let sum = 0;
    for (let i = 0; i < 11; i++) {
      if (mask & (1 << i)) {
        bits++;
        sum += ranks[i];
      }
    }
    if (bits !== 5) continue;
    total++;
    if (sum <= observed + 1e-9) lower++;
    if (sum >= observed - 1e-9) upper++;
  }
  assertEquals(total, 462);
  assertClose(result.pValue, Math.min(1, 2 * Math.min(lower, upper) / total), "p", 1e-12);
});

Deno.test("rankSumTest of identical constant samples gives p = 1 and shift 0", () => {
  const result = rankSumTest([7, 7, 7], [7, 7, 7, 7]);
  assertEquals([result.pValue, result.estimate, result.low, result.high], [1, 0, 0, 0]);
});

Deno.test("rankSumTest of single samples gives p = 1 and their difference", () => {
  const result = rankSumTest([5], [3]);
  assertEquals([result.pValue, result.estimate, result.low, result.high], [1, 2, 2, 2]);
});

Deno.test("rankSumTest switches to the normal approximation past 120 samples", () => {
  // x shifted by one full spread: the approximate p is tiny, the estimate is the shift.
  const x = Array.from({ length: 70 }, (_, i) => 100 + i);
  const y = Array.from({ length: 70 }, (_, i) => 30 + i);
  const result = rankSumTest(x, y);
  assert(result.pValue < 1e-10, `p ${result.pValue}`);
  assertClose(result.estimate, 70, "estimate");
  const same = rankSumTest(y, y.map((value) => value + 0.5));
  assert(same.pValue > 0.8, `p ${same.pValue}`);
});

Deno.test("rankSumTest rejects an empty sample and a non-finite one", () => {
  throws(() => rankSumTest([], [1]), {
    name: "RangeError",
    message: "rankSumTest: x must hold at least one number, got none",
  });
  throws(() => rankSumTest([1], [Infinity]), {
    name: "RangeError",
    message: "rankSumTest: y[0] must be a finite number, got Infinity",
  });
});

Deno.test("assignMidRanks shares the mean rank among ties", () => {
  assertEquals(assignMidRanks([10, 20, 20, 30]), [1, 2.5, 2.5, 4]);
  assertEquals(assignMidRanks([3, 1, 2]), [3, 1, 2]);
  assertEquals(assignMidRanks([]), []);
});
