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
  /** Resolves when the run has reported (or the child ended). */
  readonly reported: Promise<unknown>;
}

/** Options of {@linkcode scheduleRuns}. */
export interface ScheduleRunsOptions<R, C extends ScheduledChild> {
  /** Spawns the child of `run`; called in plan order, each run once. */
  spawn(run: R): C;
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
 * Spawns and starts the runs of `batches` (each batch's runs start together, batches one after
 * another) by the rules above. Resolves once every started run has reported; the caller awaits
 * the children's exits itself. A child that ends before it is loaded is never started.
 */
export async function scheduleRuns<R, C extends ScheduledChild>(
  batches: readonly (readonly R[])[],
  options: ScheduleRunsOptions<R, C>,
): Promise<void> {
  const order = batches.flat();
  const largestBatch = Math.max(0, ...batches.map((batch) => batch.length));
  const poolSize = Math.max(options.poolSize ?? 2, largestBatch);
  const children = new Map<R, C>();
  const loading = new Set<Promise<boolean>>();
  let nextToSpawn = 0;
  let waiting = 0;
  const abortable = <T>(promise: Promise<T>): Promise<T> => _abortable(promise, options.signal);

  const fillPool = (): void => {
    while (nextToSpawn < order.length && waiting < poolSize) {
      const run = order[nextToSpawn++];
      const child = options.spawn(run);
      children.set(run, child);
      waiting++;
      const ready = child.ready;
      loading.add(ready);
      ready.finally(() => loading.delete(ready));
    }
  };
  const loadingDone = async (): Promise<void> => {
    while (loading.size > 0) await abortable(Promise.allSettled([...loading]));
  };

  let previous: C[] = [];
  let first = true;
  for (const batch of batches) {
    options.signal?.throwIfAborted();
    await abortable(Promise.all(previous.map((child) => child.measuredEnd)));
    if (batch.some((run) => !children.has(run))) fillPool();
    await abortable(Promise.all(previous.map((child) => child.reported)));
    await loadingDone();
    if (first) await abortable(Promise.resolve(options.beforeFirstStart));
    first = false;
    options.signal?.throwIfAborted();
    const started: C[] = [];
    for (const run of batch) {
      const child = children.get(run) as C;
      waiting--;
      if (!(await child.ready)) continue;
      child.start();
      started.push(child);
      options.onStarted?.(run, child);
    }
    previous = started;
  }
  await abortable(Promise.all(previous.map((child) => child.reported)));
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
