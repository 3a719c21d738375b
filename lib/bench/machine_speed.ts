/**
 * How fast the machine was during a bench, from a workload every run repeats unchanged: its
 * process start-up (loading the same modules before the scenario starts). Two benches of the
 * same code whose start-ups differ ran on a machine under different load, and their timings
 * differ for that reason too.
 *
 * @module
 */
import { median } from "simple-statistics";
import { isCounted, type RunResult } from "./run_result.ts";

/**
 * The median over counted ok runs of the process's life outside the scenario: `durationMs -
 * totalMs - exitAfterReportMs`; `null` when no run has the figures.
 *
 * @example
 * ```ts
 * startupMs(results); // e.g. 702
 * ```
 */
export function startupMs(results: readonly RunResult[]): number | null {
  const startups: number[] = [];
  for (const result of results) {
    if (!result.ok || !isCounted(result) || result.totalMs === undefined) continue;
    const startup = result.durationMs - result.totalMs - (result.exitAfterReportMs ?? 0);
    if (Number.isFinite(startup) && startup > 0) startups.push(startup);
  }
  return startups.length === 0 ? null : median(startups);
}

/** The machine's speed during two benches, by their median start-up. */
export interface MachineSpeed {
  /** Median start-up of this bench, ms. */
  hereMs: number;
  /** Median start-up of the baseline, ms. */
  thereMs: number;
}

/** Both benches' start-ups, or `undefined` when either has none. */
export function compareMachineSpeed(
  here: readonly RunResult[],
  there: readonly RunResult[],
): MachineSpeed | undefined {
  const hereMs = startupMs(here);
  const thereMs = startupMs(there);
  return hereMs === null || thereMs === null ? undefined : { hereMs, thereMs };
}

/**
 * How much slower the machine was during this bench than during the baseline, as a factor of
 * their start-ups (below 1 when it was faster); 1 when either has none.
 *
 * @example
 * ```ts
 * machineDrift({ hereMs: 910, thereMs: 700 }); // 1.3
 * ```
 */
export function machineDrift(speed: MachineSpeed | undefined): number {
  return speed === undefined ? 1 : speed.hereMs / speed.thereMs;
}

/**
 * The speed difference in words when the start-ups differ by more than `tolerance` (a factor,
 * default 1.25), e.g. `The machine was 2.5x slower during the baseline: ...`; else `undefined`.
 */
export function machineSpeedSentence(
  speed: MachineSpeed | undefined,
  tolerance = 1.25,
): string | undefined {
  if (!speed) return undefined;
  const factor = Math.max(speed.hereMs / speed.thereMs, speed.thereMs / speed.hereMs);
  if (factor <= tolerance) return undefined;
  const when = speed.thereMs > speed.hereMs ? "during the baseline" : "during this bench";
  return `The machine was ${factor.toFixed(1)}x slower ${when}: a run's process start-up ` +
    `(loading the same modules, the same work every run) took ${Math.round(speed.thereMs)} ms ` +
    `in the baseline and ${Math.round(speed.hereMs)} ms here (medians), so its timing figures ` +
    `measure the machine's load as much as the code: a time counts as changed only beyond ` +
    `that factor and the noise; compare benches run under the same load, or variants within ` +
    `one bench`;
}
