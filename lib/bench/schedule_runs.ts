/**
 * When to spawn each run's child and when to start its run, so that the bench wastes no time
 * between runs and nothing of its own competes for the CPU while a run is measured.
 *
 * The rules:
 * 1. Children are spawned (and load their modules) only while no run is inside its measured
 *    phases (init .. randomMessages): at the bench's start, and once every run of the previous
 *    batch has said its measured phases are over (its stop phase runs alongside).
 * 2. A batch starts only when every run of the previous batch has reported and no child is
 *    loading. Its children are already loaded, so it starts at once.
 * 3. The previous runs' processes may still be exiting (the exit is watched and timed by the
 *    caller); they are idle then, and the next batch does not wait for them.
 * 4. The pool is refilled only when it cannot cover the next batch, and then to `poolSize`
 *    children at once: loading several at once uses every core, and leaves the following
 *    batches without any loading in their way.
 *
 * Pure orchestration: the children are whatever `spawn` returns, so tests drive it with fakes.
 *
 * @module
 */

/** What the scheduler needs of a spawned child (see `RunChild` in `run_in_child.ts`). */
export interface ScheduledChild {
  /** True once loaded and waiting for its start; false if it ended before. */
  readonly ready: Promise<boolean>;
  /** Starts the run. */
  start(): void;
  /** Resolves when the run's measured phases are over (or the child ended). */
  readonly measuredEnd: Promise<void>;
  /** Resolves when the run has reported (or the child ended); its value is the caller's. */
  readonly reported: Promise<unknown>;
}

/**
 * The runs to start, batch by batch, decided as the bench goes: under sequential sampling whether
 * a cell gets another round depends on the rounds before it. A plain list of batches is
 * {@linkcode fixedRunPlan}.
 */
export interface RunPlan<R> {
  /**
   * The next batch to start, or `undefined` when none is left. Called once every run of the
   * previous batch has reported, so a decision may look at their reports.
   */
  next(): Promise<readonly R[] | undefined> | readonly R[] | undefined;
  /**
   * The runs expected after the last batch `next()` gave, in order, as batches: what is spawned
   * ahead. A guess where the plan is undecided (it may name runs that will be dropped).
   */
  upcoming(): Iterable<readonly R[]>;
  /** Whether `run` will never start: a spawned child of it is discarded. */
  isDropped(run: R): boolean;
}

/** A plan that starts `batches` as they are, one after another. */
export function fixedRunPlan<R>(batches: readonly (readonly R[])[]): RunPlan<R> {
  let cursor = 0;
  return {
    next: () => batches[cursor++],
    upcoming: () => batches.slice(cursor),
    isDropped: () => false,
  };
}

/** Options of {@linkcode scheduleRuns}. */
export interface ScheduleRunsOptions<R, C extends ScheduledChild> {
  /** Spawns the child of `run`; called in plan order, each run at most once. */
  spawn(run: R): C;
  /**
   * Ends the child of a run the plan dropped after it was spawned ahead (it never starts); the
   * caller kills it and records nothing. @default nothing is done
   */
  discard?(run: R, child: C): void;
  /** Children kept loaded ahead of their start. Raised to the largest batch. @default 2 */
  poolSize?: number;
  /**
   * Work of the caller's that must be over before the first run starts (it runs while the first
   * children load, so it costs no time of its own).
   */
  beforeFirstStart?: Promise<unknown>;
  /** Called right after a run was started. */
  onStarted?(run: R, child: C): void;
  /** Stops starting runs; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Spawns and starts the runs of `plan` (each batch's runs start together, batches one after
 * another) by the rules above. Children are spawned ahead along `plan.upcoming()`; one whose run
 * the plan then drops is discarded. Resolves once every started run has reported; the caller
 * awaits the children's exits itself. A child that ends before it is loaded is never started.
 */
export async function scheduleRuns<R, C extends ScheduledChild>(
  plan: RunPlan<R> | readonly (readonly R[])[],
  options: ScheduleRunsOptions<R, C>,
): Promise<void> {
  const runPlan = Array.isArray(plan)
    ? fixedRunPlan(plan as readonly (readonly R[])[])
    : plan as RunPlan<R>;
  const basePoolSize = options.poolSize ?? 2;
  const children = new Map<R, C>();
  const spawned = new Set<R>();
  const loading = new Set<Promise<boolean>>();
  const abortable = <T>(promise: Promise<T>): Promise<T> => _abortable(promise, options.signal);

  /** Spawns the runs of `batches` not spawned yet, in order, until `poolSize` children wait. */
  const fillPool = (batches: Iterable<readonly R[]>, poolSize: number): void => {
    for (const batch of batches) {
      for (const run of batch) {
        if (children.size >= poolSize) return;
        if (spawned.has(run)) continue;
        const child = options.spawn(run);
        spawned.add(run);
        children.set(run, child);
        const ready = child.ready;
        loading.add(ready);
        ready.finally(() => loading.delete(ready));
      }
    }
  };
  const discardDropped = (): void => {
    for (const [run, child] of children) {
      if (!runPlan.isDropped(run)) continue;
      children.delete(run);
      options.discard?.(run, child);
    }
  };
  const loadingDone = async (): Promise<void> => {
    while (loading.size > 0) await abortable(Promise.allSettled([...loading]));
  };
  const firstOf = (batches: Iterable<readonly R[]>): readonly R[] | undefined => {
    for (const batch of batches) return batch;
    return undefined;
  };

  let previous: C[] = [];
  let first = true;
  for (;;) {
    options.signal?.throwIfAborted();
    await abortable(Promise.all(previous.map((child) => child.measuredEnd)));
    // Spawned ahead while nothing is measured: the batch expected next, and the pool after it.
    const expected = firstOf(runPlan.upcoming());
    if (expected !== undefined && expected.some((run) => !spawned.has(run))) {
      fillPool(runPlan.upcoming(), Math.max(basePoolSize, expected.length));
    }
    await abortable(Promise.all(previous.map((child) => child.reported)));
    const batch = await abortable(Promise.resolve(runPlan.next()));
    discardDropped();
    if (batch === undefined) break;
    if (batch.some((run) => !children.has(run))) {
      // The plan took another way than expected (or nothing was spawned yet): nothing is
      // measured now, so its children load at once, the pool behind them.
      fillPool([batch], children.size + batch.length);
      fillPool(runPlan.upcoming(), Math.max(basePoolSize, batch.length));
    }
    await loadingDone();
    if (first) await abortable(Promise.resolve(options.beforeFirstStart));
    first = false;
    options.signal?.throwIfAborted();
    const started: C[] = [];
    for (const run of batch) {
      const child = children.get(run) as C;
      children.delete(run);
      if (!(await child.ready)) continue;
      child.start();
      started.push(child);
      options.onStarted?.(run, child);
    }
    previous = started;
  }
  await abortable(Promise.all(previous.map((child) => child.reported)));
  // Children spawned for runs the plan never reached (it ended sooner than expected).
  for (const [run, child] of children) options.discard?.(run, child);
}

function _abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
