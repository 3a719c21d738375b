/**
 * Turns a matrix config into the ordered list of runs to do.
 *
 * @module
 */
import type { MatrixConfig, ShardSpec } from "../config/types.ts";
import { createFnv1a32 } from "./fnv1a.ts";
import type { RunCell } from "./run_result.ts";
import { cellsOfShard } from "./shard_matrix.ts";

/** One run to do. */
export interface PlannedRun {
  /**
   * Unique within a bench: `h<hosts>-m<msgs>-<variant>-<v|w|i|t><iteration>` (`v`: a warm-up
   * of the variant at the bench's start, `w`: a warm-up of the cell, `i`: counted, `t`: traced).
   */
  key: string;
  /** The round: the key without the variant. The variants of one round share a seed. */
  round: string;
  cell: RunCell;
  iteration: number;
  warmup: boolean;
  /** The extra run per cell that records telemetry; never counted. */
  traced: boolean;
  seed: number;
  /**
   * A counted round past the cell's `iterations` under sequential sampling (`untilCiWidth`): it
   * runs only while the cell's stop rule asks for more (see `sequential_plan.ts`).
   */
  optional?: true;
}

/** Options of {@linkcode planMatrix}. */
export interface PlanMatrixOptions {
  /** Adds one traced run per cell after its counted runs. @default false */
  traced?: boolean;
  /** Plans only this slice of the cells (see `shard_matrix.ts`). @default the whole matrix */
  shard?: ShardSpec;
}

type _Round = "variantWarmup" | "warmup" | "counted" | "traced";
const _ROUND_LETTER: Record<_Round, string> = {
  variantWarmup: "v",
  warmup: "w",
  counted: "i",
  traced: "t",
};
/** Seed part per round kind; warm-up and counted keep their values of before traced runs existed. */
const _ROUND_SEED_PART: Record<_Round, number> = {
  warmup: 1,
  counted: 0,
  traced: 2,
  variantWarmup: 3,
};

/**
 * Plans every run of the matrix. First `warmupsPerVariant` rounds at the first cell (the Go
 * project warmed each version up this way); then per (hosts, msgs) the cell's warm-ups, the
 * counted iterations (under sequential sampling up to `maxIterations`, those past `iterations`
 * marked `optional`), and (with `traced`) one traced run per variant. Within each round every
 * variant runs once, and the order rotates from round to round (A B, B A, ...), so that neither
 * slow drift of the machine nor going first or second in a round favours one variant. A run's seed depends on its cell's hosts and msgs, its iteration and the
 * base seed but not on its variant: variants compared in one cell see the same keys, publishers
 * and messages.
 *
 * @example
 * ```ts
 * planMatrix({ hosts: [5], msgs: [20], variants: ["default"], iterations: 1, warmups: 0, seed: 1 })
 *   .map((run) => run.key); // ["h5-m20-default-i0"]
 * ```
 */
export function planMatrix(matrix: MatrixConfig, options: PlanMatrixOptions = {}): PlannedRun[] {
  const runs: PlannedRun[] = [];
  const plan = (hosts: number, msgs: number, round: _Round, count: number): void => {
    for (let iteration = 0; iteration < count; iteration++) {
      const optional = round === "counted" && iteration >= matrix.iterations;
      const seed = deriveRunSeed(matrix.seed, [hosts, msgs, iteration, _ROUND_SEED_PART[round]]);
      const roundKey = `h${hosts}-m${msgs}-${_ROUND_LETTER[round]}${iteration}`;
      for (const variant of _rotate(matrix.variants, iteration)) {
        runs.push({
          key: `h${hosts}-m${msgs}-${variant}-${_ROUND_LETTER[round]}${iteration}`,
          round: roundKey,
          cell: { hosts, msgs, variant },
          iteration,
          warmup: round === "warmup" || round === "variantWarmup",
          traced: round === "traced",
          seed,
          ...(optional ? { optional: true as const } : {}),
        });
      }
    }
  };
  plan(matrix.hosts[0], matrix.msgs[0], "variantWarmup", matrix.warmupsPerVariant ?? 0);
  const cells = options.shard === undefined
    ? matrix.hosts.flatMap((hosts) => matrix.msgs.map((msgs) => ({ hosts, msgs })))
    : cellsOfShard(matrix, options.shard);
  for (const { hosts, msgs } of cells) {
    plan(hosts, msgs, "warmup", matrix.warmups);
    plan(hosts, msgs, "counted", countedRoundsOf(matrix));
    plan(hosts, msgs, "traced", options.traced ? 1 : 0);
  }
  return runs;
}

/**
 * Counted rounds planned per cell: `iterations`, or under sequential sampling `maxIterations`
 * (the rounds past `iterations` are optional).
 */
export function countedRoundsOf(matrix: MatrixConfig): number {
  return matrix.untilCiWidth === undefined
    ? matrix.iterations
    : Math.max(matrix.iterations, matrix.maxIterations ?? matrix.iterations);
}

/**
 * The runs of `runs` grouped into batches that start together: the runs of one round, in their
 * (rotated) order, at most `jobs` at a time. With `jobs` 1 every run is its own batch; with 2
 * and two variants, both variants of a round run at once, one per core.
 */
export function batchRuns<T extends Pick<PlannedRun, "round">>(
  runs: readonly T[],
  jobs: number,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  for (const run of runs) {
    if (current.length > 0 && (current.length >= jobs || current[0].round !== run.round)) {
      batches.push(current);
      current = [];
    }
    current.push(run);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function _rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** A 31-bit seed mixed from a base seed and integers (FNV-1a over their 32-bit words). */
export function deriveRunSeed(base: number, parts: readonly number[]): number {
  const hash = createFnv1a32();
  for (const value of [base, ...parts]) hash.uint32(value);
  return hash.value() & 0x7fffffff;
}
