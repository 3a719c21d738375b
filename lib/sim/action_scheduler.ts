/**
 * When each of the world's actions is due: a randomised interval around each action's mean,
 * checked once a heartbeat. Pure: the caller passes the time and the random source.
 *
 * @module
 */

/** One action the scheduler times. */
export interface ScheduledAction<Name extends string = string> {
  name: Name;
  /** Mean interval in milliseconds; 0 never runs the action. */
  meanMs: number;
}

/** Options of {@linkcode createActionScheduler}. */
export interface ActionSchedulerOptions {
  /** Time of the start, in the same clock as {@linkcode ActionScheduler.tick}'s `nowMs`. */
  startMs: number;
  /** Each interval is `meanMs` times a factor drawn uniformly from [min, max]. @default {{min: 0.75, max: 1.25}} */
  spread?: { min: number; max: number };
}

/** The scheduler; see {@linkcode createActionScheduler}. */
export interface ActionScheduler<Name extends string = string> {
  /**
   * Tries every due action, in the order given at creation, by calling `tryRun(name)`; an action
   * whose `tryRun` returns false (its guard did not allow it) stays due and is tried again at the
   * next tick. Returns the names that ran.
   */
  tick(nowMs: number, tryRun: (name: Name) => boolean): Name[];
  /** When `name` is next due. */
  dueMs(name: Name): number;
}

/**
 * Creates a scheduler for `actions`. The first run of each action is due one random interval
 * after the start. After a run, the next one is due one fresh interval after the time the run
 * was *due*, not the time it happened, so a heartbeat's rounding does not slow an action down:
 * over many heartbeats an action runs once per `meanMs` on average (when `meanMs` is at least a
 * heartbeat; an action runs at most once a tick). When the run was so late that this time has
 * passed already (its guard held it back), the next one is due one interval after the run, so a
 * blocked action never fires in a burst to catch up.
 *
 * @example
 * ```ts
 * import { createSeededRandom } from "../bench/mod.ts";
 *
 * const random = createSeededRandom(1);
 * const scheduler = createActionScheduler([{ name: "gc", meanMs: 3000 }], () => random.next(), {
 *   startMs: 0,
 * });
 * scheduler.tick(4000, (name) => name === "gc"); // ["gc"]
 * ```
 *
 * @param random a source of floats in [0, 1)
 * @throws {RangeError} for a negative or non-finite `meanMs`, or a spread outside 0 < min <= max
 */
export function createActionScheduler<Name extends string>(
  actions: readonly ScheduledAction<Name>[],
  random: () => number,
  options: ActionSchedulerOptions,
): ActionScheduler<Name> {
  const spread = options.spread ?? { min: 0.75, max: 1.25 };
  if (!(spread.min > 0 && spread.min <= spread.max && Number.isFinite(spread.max))) {
    throw new RangeError(
      `createActionScheduler: option spread must have 0 < min <= max, got min ${spread.min}, max ${spread.max}`,
    );
  }
  for (const action of actions) {
    if (!(Number.isFinite(action.meanMs) && action.meanMs >= 0)) {
      throw new RangeError(
        `createActionScheduler: action "${action.name}" meanMs must be a number >= 0, got ${action.meanMs}`,
      );
    }
  }
  const interval = (meanMs: number): number =>
    meanMs * (spread.min + random() * (spread.max - spread.min));
  const due = new Map<Name, number>();
  for (const action of actions) {
    due.set(
      action.name,
      action.meanMs === 0 ? Infinity : options.startMs + interval(action.meanMs),
    );
  }
  return {
    tick(nowMs, tryRun) {
      const ran: Name[] = [];
      for (const action of actions) {
        const dueMs = due.get(action.name) as number;
        if (nowMs < dueMs || !tryRun(action.name)) continue;
        ran.push(action.name);
        const step = interval(action.meanMs);
        due.set(action.name, dueMs + step > nowMs ? dueMs + step : nowMs + step);
      }
      return ran;
    },
    dueMs: (name) => due.get(name) ?? Infinity,
  };
}
