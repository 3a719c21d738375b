// Known-answer simulations of sequential sampling with fixed seeds: the outcome is the same on
// every run, so these checks cannot flake; scripts/sequential_rates.ts prints the rates over
// 2000 simulations per line.
import { ok as assert } from "node:assert/strict";
import { createSeededRandom } from "./seeded_random.ts";
import { simulateSequential } from "./simulate_sequential.ts";

const CELL = {
  simulations: 400,
  noise: "lognormal",
  width: 0.05,
  untilCiWidth: 0.06,
  minRounds: 5,
  maxRounds: 25,
} as const;

Deno.test("sequential sampling on the CI width keeps false alarms near 5% and the CI near 95%", () => {
  const rates = simulateSequential({ ...CELL, random: createSeededRandom(21), shift: 0 });
  console.log(
    `width rule: ${(rates.significant * 100).toFixed(1)}% false alarms, ` +
      `${(rates.coverage * 100).toFixed(1)}% coverage, ${rates.meanRounds.toFixed(1)} rounds`,
  );
  // The fixed-n test read after a width-based stop: 5-7% over 2000 simulations per line
  // (docs/statistics.md); 400 simulations add about 1.3 points of Monte Carlo error.
  assert(rates.significant <= 0.09, `false alarm rate ${rates.significant}`);
  assert(rates.coverage >= 0.92, `coverage ${rates.coverage}`);
  assert(rates.stoppedByRule > 0.9, `stopped by the rule ${rates.stoppedByRule}`);
});

Deno.test("sequential sampling that stops once significant inflates false alarms", () => {
  // The rule the bench must not use: the simulation tells it apart, so it can catch a stop rule
  // that peeks at the p-value.
  const rates = simulateSequential({
    ...CELL,
    random: createSeededRandom(21),
    shift: 0,
    policy: "significance",
  });
  console.log(`significance rule: ${(rates.significant * 100).toFixed(1)}% false alarms`);
  assert(rates.significant >= 0.12, `false alarm rate ${rates.significant}`);
});

Deno.test("sequential sampling finds a +10% change and its CI covers the truth", () => {
  const rates = simulateSequential({ ...CELL, random: createSeededRandom(22), shift: 0.1 });
  assert(rates.flagged >= 0.95, `detected ${rates.flagged}`);
  assert(rates.coverage >= 0.92, `coverage ${rates.coverage}`);
});
