/**
 * Does the speed probe follow the machine? Repeats, N times (default 40): the probe, a fixed
 * workload 75 times its size, the probe again; then prints the range of each and the
 * correlation between the probes' CPU time and the workload's. Run it while the machine's load
 * changes (e.g. beside a test suite) to see whether the probe tracks what a run would feel;
 * `--alloc-free` times an allocation-free probe (integer arithmetic on a small table) instead.
 *
 *     deno run --allow-read scripts/speed_probe_correlation.ts [N] [--alloc-free]
 *
 * @module
 */
import process from "node:process";
import { sampleCorrelation } from "simple-statistics";
import { probeWork, runSpeedProbe } from "../lib/bench/speed_probe.ts";

const _TABLE = new Uint32Array(16_384);

function allocationFreeProbe(): number {
  const before = process.cpuUsage();
  let state = 0x9e3779b9;
  let sum = 0;
  for (let step = 0; step < 3_000_000; step++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const slot = state & 16_383;
    _TABLE[slot] = (_TABLE[slot] + state) >>> 0;
    sum = (sum + _TABLE[(slot * 7) & 16_383]) | 0;
  }
  const used = process.cpuUsage(before);
  if (sum === 0.5) console.log(sum); // keeps the loop's result alive
  return (used.user + used.system) / 1000;
}

function cpuMsOf(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const rounds = Number(Deno.args.find((arg) => /^\d+$/.test(arg)) ?? 40);
const probe = Deno.args.includes("--alloc-free") ? allocationFreeProbe : runSpeedProbe;
const pairs: Array<[number, number]> = [];
for (let round = 0; round < rounds; round++) {
  const first = probe();
  const workload = cpuMsOf(() => probeWork(15_000_000));
  const second = probe();
  pairs.push([first + second, workload]);
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const range = (values: number[]) =>
  `${Math.min(...values).toFixed(1)} to ${Math.max(...values).toFixed(1)} ms`;
console.log(
  `${rounds} rounds: probes ${range(pairs.map(([x]) => x))}, workload ${
    range(pairs.map(([, y]) => y))
  }, correlation ${sampleCorrelation(pairs.map(([x]) => x), pairs.map(([, y]) => y)).toFixed(3)}`,
);
