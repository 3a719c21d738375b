// Prints what sequential sampling does to the signed-rank test: the false-alarm rate, the
// coverage of the 95% CI and the rounds taken when rounds are added until the CI is narrow
// enough (the bench's rule), beside the rule it must not use (stop once significant).
// `deno run scripts/sequential_rates.ts [simulations]`. Pure computation, seeded: the same
// numbers on every machine.
import { createSeededRandom } from "../lib/bench/seeded_random.ts";
import { simulateSequential, type StopPolicy } from "../lib/bench/simulate_sequential.ts";
import type { NoiseShape } from "../lib/bench/simulate_verdicts.ts";

const simulations = Number(Deno.args[0] ?? 2000);
const percent = (share: number): string => `${(share * 100).toFixed(1).padStart(5)}%`;

console.log(
  `${simulations} simulated cells per line; each round pairs two runs whose noise is drawn ` +
    `independently; stop once the 95% CI of the ratio is at most 0.10 wide (or at 40 rounds)`,
);
console.log(
  "rule          noise      size  min  shift  p < 0.05  reported  CI covers  rounds  stopped by rule",
);
const line = (
  policy: StopPolicy,
  noise: NoiseShape,
  width: number,
  minRounds: number,
  shift: number,
): void => {
  const rates = simulateSequential({
    random: createSeededRandom(1),
    simulations,
    noise,
    width,
    shift,
    untilCiWidth: 0.1,
    minRounds,
    maxRounds: 40,
    policy,
  });
  console.log(
    `${(policy === "width" ? "CI width" : "significance").padEnd(13)} ${noise.padEnd(10)} ${
      width.toFixed(2)
    }  ${String(minRounds).padStart(3)}  ${shift === 0 ? "none " : `+${shift * 100}% `}  ${
      percent(rates.significant)
    }    ${percent(rates.flagged)}    ${percent(rates.coverage)}   ${
      rates.meanRounds.toFixed(1).padStart(5)
    }   ${percent(rates.stoppedByRule)}`,
  );
};

const NOISES: [NoiseShape, number][] = [
  ["lognormal", 0.05],
  ["lognormal", 0.1],
  ["skewed", 0.2],
  ["uniform", 0.2],
];
for (const [noise, width] of NOISES) {
  line("width", noise, width, 5, 0);
  line("width", noise, width, 5, 0.05);
}
for (const minRounds of [10, 15]) line("width", "lognormal", 0.1, minRounds, 0);
// Under no difference the signed-rank test is distribution-free: one line per rule says it all.
line("significance", "lognormal", 0.1, 5, 0);
