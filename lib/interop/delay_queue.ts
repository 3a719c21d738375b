/**
 * The scheduling core of the link emulator: packets go in with a delay and come out, in order,
 * when it has passed. Packets with the same delay keep their order (one FIFO per delay value), so
 * a TCP flow, whose packets all share one delay, is never reordered. One timer is pending at a
 * time, for the earliest packet due. Pure: the clock and the timer are arguments.
 *
 * @module
 */

/** Options of {@linkcode createDelayQueue}. */
export interface DelayQueueOptions<T> {
  /** Milliseconds on a monotonic clock. */
  nowMs(): number;
  /** Calls `fire` once, `ms` from now; returns a handle for `clearTimer`. */
  setTimer(fire: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Receives each item when its delay has passed. */
  deliver(item: T): void;
}

/** A running delay queue. */
export interface DelayQueue<T> {
  /** Delivers `item` `delayMs` from now (at once, synchronously, when `delayMs` is 0). */
  push(item: T, delayMs: number): void;
  /** Items waiting. */
  size(): number;
  /** Drops every waiting item and the pending timer. */
  close(): void;
}

/**
 * Creates a delay queue.
 *
 * @example
 * ```ts
 * import { createDelayQueue } from "./delay_queue.ts";
 *
 * const out: string[] = [];
 * const queue = createDelayQueue<string>({
 *   nowMs: () => performance.now(),
 *   setTimer: (fire, ms) => setTimeout(fire, ms),
 *   clearTimer: (handle) => clearTimeout(handle as number),
 *   deliver: (item) => out.push(item),
 * });
 * queue.push("now", 0);
 * console.assert(out[0] === "now");
 * ```
 */
export function createDelayQueue<T>(options: DelayQueueOptions<T>): DelayQueue<T> {
  const lanes = new Map<number, Array<{ dueMs: number; item: T }>>();
  let waiting = 0;
  let timer: unknown;
  let timerDueMs = Infinity;

  const earliest = (): number => {
    let due = Infinity;
    for (const lane of lanes.values()) {
      if (lane.length > 0 && lane[0].dueMs < due) due = lane[0].dueMs;
    }
    return due;
  };
  const arm = (): void => {
    const due = earliest();
    if (due === timerDueMs) return;
    if (timer !== undefined) options.clearTimer(timer);
    timer = undefined;
    timerDueMs = due;
    if (due === Infinity) return;
    timer = options.setTimer(fire, Math.max(0, due - options.nowMs()));
  };
  const fire = (): void => {
    timer = undefined;
    timerDueMs = Infinity;
    const now = options.nowMs();
    // Deliver everything due, oldest due first across lanes.
    for (;;) {
      let next: Array<{ dueMs: number; item: T }> | undefined;
      for (const lane of lanes.values()) {
        if (
          lane.length > 0 && lane[0].dueMs <= now &&
          (next === undefined || lane[0].dueMs < next[0].dueMs)
        ) {
          next = lane;
        }
      }
      if (next === undefined) break;
      const { item } = next.shift()!;
      waiting--;
      options.deliver(item);
    }
    arm();
  };

  return {
    push(item, delayMs) {
      if (delayMs <= 0) {
        options.deliver(item);
        return;
      }
      let lane = lanes.get(delayMs);
      if (lane === undefined) {
        lane = [];
        lanes.set(delayMs, lane);
      }
      lane.push({ dueMs: options.nowMs() + delayMs, item });
      waiting++;
      if (lane.length === 1) arm();
    },
    size: () => waiting,
    close() {
      if (timer !== undefined) options.clearTimer(timer);
      timer = undefined;
      timerDueMs = Infinity;
      lanes.clear();
      waiting = 0;
    },
  };
}
