/**
 * Known-answer simulations of the verdicts: how often identical distributions are reported as
 * changed (false alarms), and how often a real shift is (detections), under noise of a known
 * shape. Pure: seeded, so a simulation with the same options gives the same rate every time.
 *
 * @module
 */
import { compareSamples, type ComparisonDesign } from "./compare_samples.ts";
import { judgeComparisons } from "./judge_comparisons.ts";
import type { SeededRandom } from "./seeded_random.ts";

/**
 * The shape of the simulated run-to-run noise, multiplying the true value:
 * - `uniform`: uniform over a band `width` wide, centred on 1 (width 0.25: 0.875 to 1.125);
 * - `skewed`: 1 plus an exponential delay whose 95th percentile is `width` (most runs near the
 *   true value, a long tail of slow ones, as timings on a busy machine);
 * - `lognormal`: e^(sigma Z) with relative IQR `width` (sigma = ln-scale IQR / 1.349).
 */
export type NoiseShape = "uniform" | "skewed" | "lognormal";

/** Options of {@linkcode simulateVerdictRate}. */
export interface SimulateVerdictRateOptions {
  /** Seeded source; it is advanced. */
  random: SeededRandom;
  /** Simulated comparisons, an integer >= 1. */
  simulations: number;
  /** Runs per side (pairs when paired). */
  runsPerSide: number;
  noise: NoiseShape;
  /** Size of the noise (see {@linkcode NoiseShape}), e.g. 0.25. */
  width: number;
  /** True relative change of the variant, e.g. 0.1 for +10%; 0 for identical distributions. */
  shift: number;
  /** @default "independent" */
  design?: ComparisonDesign;
  /** The noise threshold (the floor; no calibration). @default 0.02 */
  threshold?: number;
}

/**
 * The share of simulated comparisons reported as changed (in either direction), each judged
 * alone (a family of one) with the minimum sample count at its default of 5.
 *
 * @example
 * ```ts
 * simulateVerdictRate({ random: createSeededRandom(1), simulations: 500, runsPerSide: 15,
 *   noise: "skewed", width: 0.25, shift: 0 }); // about 0.03: false alarms
 * ```
 */
export function simulateVerdictRate(options: SimulateVerdictRateOptions): number {
  const { random, simulations, runsPerSide, noise, width, shift } = options;
  const design = options.design ?? "independent";
  let flagged = 0;
  for (let i = 0; i < simulations; i++) {
    const baseline = Array.from(
      { length: runsPerSide },
      () => 100 * drawNoise(random, noise, width),
    );
    const variant = Array.from(
      { length: runsPerSide },
      () => 100 * (1 + shift) * drawNoise(random, noise, width),
    );
    const test = compareSamples(variant, baseline, { design });
    const [judged] = judgeComparisons([{ hosts: 1, msgs: 1, metric: "activeMs", test }], {
      noise: { floor: options.threshold ?? 0.02 },
    });
    if (judged.change !== null) flagged++;
  }
  return flagged / simulations;
}

/**
 * One draw of multiplicative noise of `shape` and size `width` (see {@linkcode NoiseShape}),
 * centred on 1: the factor a simulated run's true value is multiplied by.
 */
export function drawNoise(random: SeededRandom, shape: NoiseShape, width: number): number {
  switch (shape) {
    case "uniform":
      return 1 + (random.next() - 0.5) * width;
    case "skewed": {
      // Exponential(1) has its 95th percentile at ln 20 = 2.996.
      const delay = -Math.log(1 - random.next());
      return 1 + (width * delay) / Math.log(20);
    }
    case "lognormal": {
      const sigma = Math.log((1 + width / 2) / (1 - width / 2)) / 1.349;
      return Math.exp(sigma * _standardNormal(random));
    }
  }
}

/** Box-Muller. */
function _standardNormal(random: SeededRandom): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
