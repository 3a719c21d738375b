/**
 * A fixed piece of work every run does once after its last measurement, to tell how fast the
 * machine was around the run. On a shared or virtual machine the same run's CPU time moves by
 * tens of per cent with its neighbours' load (measured here: a fixed workload took 0.47 to 0.92 s
 * of CPU within a few minutes); two benches compared with `--baseline` differ by that much
 * without any change of code. The probe's CPU time moves with it, so the comparison can allow
 * for it (lib/bench/machine_speed.ts).
 *
 * @module
 */
import process from "node:process";

/** The probe's size: 20-30 ms of CPU in a fresh run child here (its code is not yet optimized). */
const _PROBE_STEPS = 200_000;

/**
 * Runs the probe once and returns its CPU time in ms (user + system). The work is what a
 * libp2p run does most: short-lived small objects, a map, short strings, integer arithmetic,
 * JSON. (A probe without allocations followed the machine's slow-downs less well here, see
 * docs/statistics.md.) It leaves garbage, so it runs after the run's heap and memory figures
 * are taken.
 *
 * @example
 * ```ts
 * const cpuMs = runSpeedProbe(); // e.g. 4.8
 * ```
 */
export function runSpeedProbe(): number {
  const before = process.cpuUsage();
  probeWork(_PROBE_STEPS);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** The probe's work, `steps` times; returns a value that depends on every step. */
export function probeWork(steps: number): number {
  let sum = 0;
  const recent = new Map<number, { value: number; key: string }>();
  for (let step = 0; step < steps; step++) {
    const entry = { value: step * 31 + sum, key: "k" + (step & 1023) };
    recent.set(step & 4095, entry);
    sum = (sum + entry.value + entry.key.length) | 0;
    if ((step & 255) === 0) sum ^= JSON.stringify(entry).length;
  }
  return sum + recent.size;
}
