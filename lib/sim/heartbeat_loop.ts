/**
 * The simulator's heartbeat: a timer loop that schedules each beat from the time the previous
 * one was *meant* to fire, and reports how late each beat was. A loop that schedules from the
 * time a beat actually ran drifts later by the lag of every beat and hides it.
 *
 * @module
 */

/** One beat of the loop. */
export interface Heartbeat {
  /** 1 for the first beat. */
  seq: number;
  /** When the beat was meant to fire. */
  intendedMs: number;
  /** When it fired. */
  actualMs: number;
  /** `actualMs - intendedMs`: how late it fired (never negative). */
  lagMs: number;
  /** Whole periods lost before this beat because the loop fell behind; they are not run. */
  skipped: number;
}

/** Where the loop reads time and sets its timer; tests pass a fake clock. */
export interface HeartbeatTimers {
  now(): number;
  /** Returns an id for `clearTimeout`. */
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Options of {@linkcode createHeartbeatLoop}. */
export interface HeartbeatLoopOptions {
  /** The period. */
  intervalMs: number;
  /**
   * Called when `onBeat` throws, with the error and the beat; the loop goes on either way (one
   * bad beat must not end a simulation). It is called after the next beat is scheduled, and
   * whatever it throws is reported the same way as an uncaught error in a timer.
   */
  onError: (error: unknown, beat: Heartbeat) => void;
  /** @default performance.now, setTimeout and clearTimeout */
  timers?: HeartbeatTimers;
}

/** A heartbeat loop; see {@linkcode createHeartbeatLoop}. */
export interface HeartbeatLoop {
  /** Starts the loop: the first beat is due one period from now. Calling it again does nothing. */
  start(): void;
  /** Stops the loop; no beat fires after it returns. */
  stop(): void;
}

const _DEFAULT_TIMERS: HeartbeatTimers = {
  now: () => performance.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (id) => clearTimeout(id as number),
};

/**
 * Creates a loop that calls `onBeat` once a period. Beat n is meant to fire at
 * `start + n * intervalMs`; its lag is how late it fired. When a beat fires a whole period or
 * more late, the periods it lost are counted as `skipped` and not run (running them back to back
 * would only load a machine that is already behind), and the next beat is meant for the next
 * period boundary after it. A beat that throws is handed to `options.onError` and the next beat
 * is still scheduled.
 *
 * @example
 * ```ts
 * const loop = createHeartbeatLoop((beat) => console.log(beat.seq, beat.lagMs), {
 *   intervalMs: 1000,
 *   onError: (error, beat) => console.error(`beat ${beat.seq} failed: ${error}`),
 * });
 * loop.start();
 * // ...
 * loop.stop();
 * ```
 *
 * @throws {RangeError} when `intervalMs` is not a number > 0
 */
export function createHeartbeatLoop(
  onBeat: (beat: Heartbeat) => void,
  options: HeartbeatLoopOptions,
): HeartbeatLoop {
  const { intervalMs } = options;
  if (!(Number.isFinite(intervalMs) && intervalMs > 0)) {
    throw new RangeError(
      `createHeartbeatLoop: option intervalMs must be a number > 0, got ${intervalMs}`,
    );
  }
  const timers = options.timers ?? _DEFAULT_TIMERS;
  let timer: unknown;
  let intendedMs = 0;
  let seq = 0;
  let running = false;

  function schedule(): void {
    timer = timers.setTimeout(fire, Math.max(0, intendedMs - timers.now()));
  }

  function fire(): void {
    timer = undefined;
    if (!running) return;
    const actualMs = timers.now();
    const lagMs = Math.max(0, actualMs - intendedMs);
    const skipped = Math.floor(lagMs / intervalMs);
    seq++;
    const beat: Heartbeat = { seq, intendedMs, actualMs, lagMs, skipped };
    intendedMs += (skipped + 1) * intervalMs;
    let failed = false;
    let failure: unknown;
    try {
      onBeat(beat);
    } catch (error) {
      failed = true;
      failure = error;
    }
    if (running) schedule();
    if (failed) options.onError(failure, beat);
  }

  return {
    start() {
      if (running) return;
      running = true;
      intendedMs = timers.now() + intervalMs;
      schedule();
    },
    stop() {
      running = false;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
    },
  };
}
