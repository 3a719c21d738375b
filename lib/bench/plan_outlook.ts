/**
 * The runs a bench still has ahead of it: every one that may run, and those expected when
 * sequential sampling stops cells early (what the progress line and the ETA count).
 *
 * @module
 */
import type { PlannedRun } from "./plan_matrix.ts";
import type { SequentialPlan } from "./sequential_plan.ts";
import { type CellPrecision, predictRounds, type SequentialRule } from "./sequential_rule.ts";

/** The runs not finished yet (in flight or to come), in the plan's order. */
export interface PlanOutlook {
  /**
   * The runs expected: every planned run, and of each open cell's optional rounds those its
   * width predicts (`predictRounds`; a cell not begun yet as many as the cells that stopped took,
   * on average).
   */
  likely: readonly PlannedRun[];
  /** Every run that may still run: each open cell to its maximum. Same as `likely` without sequential sampling. */
  atMost: readonly PlannedRun[];
}

/** The key of `cell` in the precision map: `<hosts>x<msgs>`. */
export function cellKeyOf(cell: { hosts: number; msgs: number }): string {
  return `${cell.hosts}x${cell.msgs}`;
}

/** The runs not finished yet, expected and at most (see {@linkcode PlanOutlook}). */
export function planOutlook(
  pending: readonly PlannedRun[],
  state: {
    plan: SequentialPlan;
    finished: ReadonlySet<string>;
    rule: SequentialRule | undefined;
    precisions: ReadonlyMap<string, CellPrecision>;
  },
): PlanOutlook {
  const { plan, finished, rule, precisions } = state;
  const atMost = pending.filter((run) => !finished.has(run.key) && plan.status(run) !== "dropped");
  if (rule === undefined) return { likely: atMost, atMost };
  const stopped = [...precisions.values()].filter((precision) => precision.state !== "open");
  const usual = stopped.length > 0
    ? Math.round(stopped.reduce((sum, precision) => sum + precision.rounds, 0) / stopped.length)
    : rule.minIterations;
  const likely = atMost.filter((run) => {
    if (plan.status(run) !== "optional") return true;
    const precision = precisions.get(cellKeyOf(run.cell));
    return run.iteration < (precision ? predictRounds(precision, rule) : usual);
  });
  return { likely, atMost };
}
