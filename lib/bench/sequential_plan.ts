/**
 * The runs of a bench as a plan decided on the way: under sequential sampling a cell's optional
 * rounds (past `iterations`) run only while its stop rule asks for more. Once a cell says stop,
 * its later optional rounds are dropped; everything else runs as planned.
 *
 * @module
 */
import { batchRuns, type PlannedRun } from "./plan_matrix.ts";
import type { RunPlan } from "./schedule_runs.ts";

/** Where a run stands in a {@linkcode SequentialPlan}. */
export type PlannedRunStatus =
  /** It runs (or ran): not optional, or its round was decided for. */
  | "planned"
  /** An optional round not decided yet. */
  | "optional"
  /** Its cell stopped before its round: it never runs. */
  | "dropped";

/** A {@linkcode RunPlan} of planned runs that also says where each run stands. */
export interface SequentialPlan extends RunPlan<PlannedRun> {
  status(run: PlannedRun): PlannedRunStatus;
}

/** Options of {@linkcode createSequentialPlan}. */
export interface SequentialPlanOptions {
  /** Runs at once: the batches of `batchRuns`. */
  jobs: number;
  /**
   * Rounds (`PlannedRun.round`) that already have a result: a resumed bench finishes such a
   * round whatever its cell's rule says, so its variants stay paired. @default none
   */
  startedRounds?: Iterable<string>;
  /**
   * Asked once per optional round, when the plan reaches it: whether the cell of `run` (the
   * round's first run) needs it. Every run of the rounds before it has reported by then.
   */
  goOn(run: PlannedRun): Promise<boolean> | boolean;
}

/**
 * A plan of `runs` (in plan order, e.g. a bench's pending runs) batched for `jobs` that asks
 * `goOn` before each optional round; once a cell's answer is no, its later optional rounds are
 * dropped without asking. `upcoming()` guesses that every undecided cell goes on (most answers
 * are yes: a cell stops once).
 *
 * @example
 * ```ts
 * const plan = createSequentialPlan(planMatrix(matrix), { jobs: 1, goOn: (run) => run.iteration < 6 });
 * ```
 */
export function createSequentialPlan(
  runs: readonly PlannedRun[],
  options: SequentialPlanOptions,
): SequentialPlan {
  const batches = batchRuns(runs, options.jobs);
  const decided = new Set(options.startedRounds ?? []);
  const stopped = new Set<string>();
  const dropped = new Set<string>();
  let cursor = 0;
  const cellOf = (run: PlannedRun): string => `${run.cell.hosts}x${run.cell.msgs}`;
  const undecided = (run: PlannedRun): boolean =>
    run.optional === true && !decided.has(run.round) && !dropped.has(run.round);
  const isDropped = (run: PlannedRun): boolean =>
    dropped.has(run.round) || (undecided(run) && stopped.has(cellOf(run)));
  const drop = (run: PlannedRun): void => {
    stopped.add(cellOf(run));
    dropped.add(run.round);
  };
  return {
    async next() {
      while (cursor < batches.length) {
        const batch = batches[cursor++];
        const run = batch[0];
        if (dropped.has(run.round)) continue;
        if (undecided(run)) {
          if (stopped.has(cellOf(run)) || !(await options.goOn(run))) {
            drop(run);
            continue;
          }
          decided.add(run.round);
        }
        return batch;
      }
      return undefined;
    },
    *upcoming() {
      for (let index = cursor; index < batches.length; index++) {
        if (!isDropped(batches[index][0])) yield batches[index];
      }
    },
    isDropped,
    status: (run) => isDropped(run) ? "dropped" : undecided(run) ? "optional" : "planned",
  };
}
