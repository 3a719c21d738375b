/**
 * How fast the machine was during a bench, from work every run repeats unchanged: the speed
 * probe each run does after its measurements (speed_probe.ts). Two benches of the same code
 * whose probes differ ran on a machine under different load, and their times differ for that
 * reason too. Results from before the probe fall back to the process's start-up (loading the
 * same modules before the scenario), which runs from before the runner preloaded its children
 * measured the same way.
 *
 * @module
 */
import { median } from "simple-statistics";
import { isCounted, type RunResult } from "./run_result.ts";

/** What the speed of a set of runs was read from. */
export type SpeedGauge = "probe" | "start-up";

/**
 * Which of the probe's times: its CPU time (how fast the machine computes) or its wall time
 * (also how much other processes kept the run off the CPU: what stretches wall-clock figures).
 */
export type SpeedClock = "cpu" | "wall";

/** The machine's speed during two benches, overall and per (hosts, msgs) cell. */
export interface MachineSpeed {
  /** This bench's median gauge, ms. */
  hereMs: number;
  /** The baseline's median gauge, ms. */
  thereMs: number;
  gauge: SpeedGauge;
  /** Per `"<hosts>x<msgs>"` cell in both benches: the medians of that cell's runs. */
  cells?: Map<string, { hereMs: number; thereMs: number }>;
}

/**
 * The median gauge over counted ok runs and which gauge it is: the speed probe's time on `clock`
 * when every such run has one, else (CPU clock only) the start-up of runs that were not
 * preloaded; `null` when neither exists.
 *
 * @example
 * ```ts
 * speedGaugeMs(results); // e.g. { ms: 5.2, gauge: "probe" }
 * ```
 */
export function speedGaugeMs(
  results: readonly RunResult[],
  clock: SpeedClock = "cpu",
): { ms: number; gauge: SpeedGauge } | null {
  const runs = results.filter((result) => result.ok && isCounted(result));
  const probes = runs.map((result) =>
    clock === "cpu" ? result.speedProbeCpuMs : result.speedProbeWallMs
  );
  if (probes.length > 0 && probes.every((probe) => probe !== undefined && probe > 0)) {
    return { ms: median(probes as number[]), gauge: "probe" };
  }
  if (clock === "wall") return null;
  const startups = runs.map(startupOf).filter((startup): startup is number => startup !== null);
  return startups.length === 0 ? null : { ms: median(startups), gauge: "start-up" };
}

/**
 * The process's life outside the scenario, `durationMs - totalMs - exitAfterReportMs`, for a run
 * whose child was not preloaded (no `loadMs`); else `null`: a preloaded child's clock starts at
 * its go, after loading.
 */
export function startupOf(result: RunResult): number | null {
  if (result.loadMs !== undefined || result.totalMs === undefined) return null;
  const startup = result.durationMs - result.totalMs - (result.exitAfterReportMs ?? 0);
  return Number.isFinite(startup) && startup > 0 ? startup : null;
}

/**
 * Both benches' speeds on `clock`, or `undefined` when either has no gauge or they used
 * different ones.
 */
export function compareMachineSpeed(
  here: readonly RunResult[],
  there: readonly RunResult[],
  clock: SpeedClock = "cpu",
): MachineSpeed | undefined {
  const hereGauge = speedGaugeMs(here, clock);
  const thereGauge = speedGaugeMs(there, clock);
  if (hereGauge === null || thereGauge === null || hereGauge.gauge !== thereGauge.gauge) {
    return undefined;
  }
  const cells = new Map<string, { hereMs: number; thereMs: number }>();
  const hereCells = _byCell(here);
  const thereCells = _byCell(there);
  for (const [key, runs] of hereCells) {
    const hereMs = speedGaugeMs(runs, clock);
    const thereMs = speedGaugeMs(thereCells.get(key) ?? [], clock);
    if (hereMs?.gauge === hereGauge.gauge && thereMs?.gauge === hereGauge.gauge) {
      cells.set(key, { hereMs: hereMs.ms, thereMs: thereMs.ms });
    }
  }
  return { hereMs: hereGauge.ms, thereMs: thereGauge.ms, gauge: hereGauge.gauge, cells };
}

/** The span of the machine's drift over two benches: its smallest and largest factor. */
export interface DriftRange {
  /** The smallest factor (below 1: faster during this bench), e.g. 0.95. */
  low: number;
  /** The largest factor (above 1: slower during this bench), e.g. 1.18. */
  high: number;
}

/**
 * The span of the machine's drift over the benches: the smallest and largest of the cells'
 * factors and the whole benches' (each this bench's median probe over the baseline's); `{ low: 1, high: 1 }` without
 * a speed. One cell's probe medians rest on a dozen 25 ms samples, and the probe follows the
 * machine's speed only in part (a correlation of 0.4-0.7 with a workload 75 times its size), so
 * a cell whose probes happen to agree may still have run on a slower machine while its
 * neighbours show it: a time is taken as changed only beyond the drift the benches show
 * anywhere.
 *
 * @example
 * ```ts
 * machineDriftRange(undefined); // { low: 1, high: 1 }
 * ```
 */
export function machineDriftRange(speed: MachineSpeed | undefined): DriftRange {
  if (speed === undefined) return { low: 1, high: 1 };
  const factors = [
    speed.hereMs / speed.thereMs,
    ...[...(speed.cells?.values() ?? [])].map((cell) => cell.hereMs / cell.thereMs),
  ];
  return { low: Math.min(...factors), high: Math.max(...factors) };
}

/**
 * Each figure's drift allowance: CPU time's is the span of the probe's CPU time
 * ({@linkcode machineDriftRange}); every other time is wall-clock, which a machine busy with
 * other processes stretches beyond what the CPU gauge sees, so its span also covers the probe's
 * wall time (`wall`, when both benches have it).
 *
 * @example
 * ```ts
 * const allowance = machineDriftByFigure(cpuSpeed, wallSpeed);
 * allowance({ metric: "activeMs" }); // e.g. { low: 0.98, high: 1.4 }
 * ```
 */
export function machineDriftByFigure(
  cpu: MachineSpeed | undefined,
  wall: MachineSpeed | undefined,
): (figure: { metric: string }) => DriftRange {
  const cpuSpan = machineDriftRange(cpu);
  const wallSpan = wall === undefined ? cpuSpan : machineDriftRange(wall);
  const wallClock = {
    low: Math.min(cpuSpan.low, wallSpan.low),
    high: Math.max(cpuSpan.high, wallSpan.high),
  };
  return ({ metric }) => metric === "cpuMs" ? cpuSpan : wallClock;
}

/**
 * The speed difference in words when the two benches' gauges differ by more than `tolerance` (a
 * factor, default 1.25), e.g. `The machine was 2.5x slower during the baseline: ...`; else
 * `undefined`.
 */
export function machineSpeedSentence(
  speed: MachineSpeed | undefined,
  tolerance = 1.25,
): string | undefined {
  if (!speed) return undefined;
  const factor = Math.max(speed.hereMs / speed.thereMs, speed.thereMs / speed.hereMs);
  if (factor <= tolerance) return undefined;
  const when = speed.thereMs > speed.hereMs ? "during the baseline" : "during this bench";
  const gauge = speed.gauge === "probe"
    ? "a fixed piece of work every run does after its measurements"
    : "a run's process start-up (loading the same modules, the same work every run)";
  return `The machine was ${factor.toFixed(1)}x slower ${when}: ${gauge} took ` +
    `${_ms(speed.thereMs)} ms in the baseline and ${_ms(speed.hereMs)} ms here (medians), so ` +
    `its timing figures measure the machine's load as much as the code: a time counts as ` +
    `changed only beyond the machine's change of speed in its cell and the noise; compare ` +
    `benches run under the same load, or variants within one bench`;
}

function _byCell(results: readonly RunResult[]): Map<string, RunResult[]> {
  const cells = new Map<string, RunResult[]>();
  for (const result of results) {
    const key = `${result.cell.hosts}x${result.cell.msgs}`;
    const runs = cells.get(key);
    if (runs) runs.push(result);
    else cells.set(key, [result]);
  }
  return cells;
}

function _ms(value: number): string {
  return value >= 100 ? String(Math.round(value)) : value.toFixed(1);
}
