/**
 * Known-answer simulations of sequential sampling: paired rounds are added one at a time until a
 * stop rule fires, then the fixed-n signed-rank test is read as the report reads it. Under no
 * difference, how often is it significant (the false-alarm rate), and does the interval still
 * cover the truth? The stop rule of the bench (the CI's width) is compared with the rule it must
 * not be (stop once significant), whose false alarms grow with every look. Pure: seeded.
 *
 * @module
 */
import { compareSamples } from "./compare_samples.ts";
import type { SeededRandom } from "./seeded_random.ts";
import { drawNoise, type NoiseShape } from "./simulate_verdicts.ts";

/**
 * When a simulated cell stops adding rounds:
 * - `width`: the bench's rule, once the ratio's 95% CI has its coverage and is at most
 *   `untilCiWidth` wide (ratio scale);
 * - `significance`: the wrong rule, once p < 0.05 (peeking at the p-value after every round).
 * Both stop at `maxRounds`.
 */
export type StopPolicy = "width" | "significance";

/** Options of {@linkcode simulateSequential}. */
export interface SimulateSequentialOptions {
  /** Seeded source; it is advanced. */
  random: SeededRandom;
  /** Simulated cells, an integer >= 1. */
  simulations: number;
  /** Shape of each run's noise (the two runs of a round draw theirs independently). */
  noise: NoiseShape;
  /** Size of the noise, e.g. 0.1 (see `NoiseShape`). */
  width: number;
  /** True relative change of the variant: 0 for none, 0.05 for +5%. */
  shift: number;
  /** The widest CI to stop at, ratio scale (the bench's `untilCiWidth`). */
  untilCiWidth: number;
  /** Rounds before the rule is asked (the bench's `iterations`). */
  minRounds: number;
  /** Rounds after which a cell stops regardless (`maxIterations`). */
  maxRounds: number;
  /** @default "width" */
  policy?: StopPolicy;
  /** The noise threshold a reported change must also exceed (the floor). @default 0.02 */
  threshold?: number;
}

/** What the simulated cells ended with. */
export interface SequentialRates {
  /** Share of cells whose signed-rank p-value at the stop is below 0.05. */
  significant: number;
  /**
   * Share of cells the report would call changed: significant, and the ratio beyond the noise
   * threshold (a family of one: no false-discovery adjustment).
   */
  flagged: number;
  /** Share of cells whose final 95% CI contains the true ratio (of those with an interval). */
  coverage: number;
  /** Mean rounds run. */
  meanRounds: number;
  /** Share of cells that stopped on the rule rather than at the maximum. */
  stoppedByRule: number;
}

/**
 * Simulates `simulations` cells under `policy` and reports how they ended.
 *
 * @example
 * ```ts
 * simulateSequential({ random: createSeededRandom(1), simulations: 1000, noise: "lognormal",
 *   width: 0.1, shift: 0, untilCiWidth: 0.1, minRounds: 5, maxRounds: 40 }).significant; // ~0.05
 * ```
 */
export function simulateSequential(options: SimulateSequentialOptions): SequentialRates {
  const { random, simulations, noise, width, shift, untilCiWidth, minRounds, maxRounds } = options;
  const policy = options.policy ?? "width";
  const threshold = options.threshold ?? 0.02;
  let significant = 0;
  let flagged = 0;
  let covered = 0;
  let withInterval = 0;
  let rounds = 0;
  let byRule = 0;
  for (let simulation = 0; simulation < simulations; simulation++) {
    const variant: number[] = [];
    const reference: number[] = [];
    for (let n = 1; n <= maxRounds; n++) {
      reference.push(100 * drawNoise(random, noise, width));
      variant.push(100 * (1 + shift) * drawNoise(random, noise, width));
      if (n < minRounds) continue;
      const test = compareSamples(variant, reference, { design: "paired" });
      const tested = test.status === "tested";
      const hasCoverage = tested && test.confidence >= 0.95 - 1e-9;
      const stopNow = policy === "width"
        ? hasCoverage && test.high! - test.low! <= untilCiWidth
        : tested && test.pValue! < 0.05;
      if (!stopNow && n < maxRounds) continue;
      if (stopNow) byRule++;
      rounds += n;
      if (tested && test.pValue! < 0.05) {
        significant++;
        if (Math.abs(Math.log(test.ratio!)) > Math.log(1 + threshold)) flagged++;
      }
      if (hasCoverage) {
        withInterval++;
        if (test.low! <= 1 + shift && 1 + shift <= test.high!) covered++;
      }
      break;
    }
  }
  return {
    significant: significant / simulations,
    flagged: flagged / simulations,
    coverage: withInterval === 0 ? NaN : covered / withInterval,
    meanRounds: rounds / simulations,
    stoppedByRule: byRule / simulations,
  };
}
