// Prints the verdicts' false-alarm and detection rates over 500 simulated comparisons per noise
// model (issue 13's known-answer check): `deno run scripts/verdict_rates.ts [simulations]`.
// Pure computation, seeded: the same numbers on every machine.
import { createSeededRandom } from "../lib/bench/seeded_random.ts";
import { type NoiseShape, simulateVerdictRate } from "../lib/bench/simulate_verdicts.ts";

const simulations = Number(Deno.args[0] ?? 500);
console.log(`${simulations} simulated comparisons per line, 2% threshold, q = 0.05`);
console.log("design       noise      width  runs  false alarms  +10% detected");
for (const design of ["independent", "paired"] as const) {
  for (const noise of ["uniform", "skewed", "lognormal"] as NoiseShape[]) {
    for (const width of [0.2, 0.3]) {
      for (const runs of [15]) {
        const options = { simulations, runsPerSide: runs, noise, width, design };
        const alarms = simulateVerdictRate({
          ...options,
          random: createSeededRandom(1),
          shift: 0,
        });
        const found = simulateVerdictRate({
          ...options,
          random: createSeededRandom(2),
          shift: 0.1,
        });
        console.log(
          `${design.padEnd(12)} ${noise.padEnd(10)} ${width.toFixed(2)}   ${
            String(runs).padEnd(4)
          }  ${(alarms * 100).toFixed(1).padStart(5)}%        ${
            (found * 100).toFixed(1).padStart(5)
          }%`,
        );
      }
    }
  }
}
