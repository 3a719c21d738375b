/**
 * Times the phases of a run.
 *
 * @module
 */

/** The phases of the discovery scenario, in order. */
export const PHASES = ["init", "subscribe", "firstMessage", "randomMessages", "stop"] as const;
/** One phase of the discovery scenario. */
export type PhaseName = typeof PHASES[number];

/** Measures the wall time of each phase; a phase may run more than once and its times add up. */
export interface PhaseClock {
  /** Ends the running phase, if any, and starts `phase`. */
  start(phase: PhaseName): void;
  /** Ends the running phase. */
  end(): void;
  /** Time per phase so far (0 for phases not run); a running phase counts up to now. */
  phasesMs(): Record<PhaseName, number>;
}

/**
 * Creates a phase clock on the given clock (milliseconds, monotonic).
 *
 * @example
 * ```ts
 * let t = 0;
 * const clock = createPhaseClock(() => t);
 * clock.start("init"); t = 50; clock.start("subscribe"); t = 80; clock.end();
 * clock.phasesMs(); // { init: 50, subscribe: 30, firstMessage: 0, randomMessages: 0, stop: 0 }
 * ```
 */
export function createPhaseClock(now: () => number): PhaseClock {
  const elapsed: Record<PhaseName, number> = {
    init: 0,
    subscribe: 0,
    firstMessage: 0,
    randomMessages: 0,
    stop: 0,
  };
  let running: { phase: PhaseName; startedAt: number } | undefined;

  function end(): void {
    if (running === undefined) return;
    elapsed[running.phase] += now() - running.startedAt;
    running = undefined;
  }

  return {
    start(phase) {
      end();
      running = { phase, startedAt: now() };
    },
    end,
    phasesMs() {
      const snapshot = { ...elapsed };
      if (running !== undefined) snapshot[running.phase] += now() - running.startedAt;
      return snapshot;
    },
  };
}
