/**
 * Turns a matrix config into the ordered list of runs to do.
 *
 * @module
 */
import type { MatrixConfig } from "../config/types.ts";
import { createFnv1a32 } from "./fnv1a.ts";
import type { RunCell } from "./run_result.ts";

/** One run to do. */
export interface PlannedRun {
  /** Unique within a bench: `h<hosts>-m<msgs>-<variant>-<w|i|t><iteration>`. */
  key: string;
  cell: RunCell;
  iteration: number;
  warmup: boolean;
  /** The extra run per cell that records telemetry; never counted. */
  traced: boolean;
  seed: number;
}

/** Options of {@linkcode planMatrix}. */
export interface PlanMatrixOptions {
  /** Adds one traced run per cell after its counted runs. @default false */
  traced?: boolean;
}

type _Round = "warmup" | "counted" | "traced";
const _ROUND_LETTER: Record<_Round, string> = { warmup: "w", counted: "i", traced: "t" };
/** Seed part per round kind; warm-up and counted keep their values of before traced runs existed. */
const _ROUND_SEED_PART: Record<_Round, number> = { warmup: 1, counted: 0, traced: 2 };

/**
 * Plans every run of the matrix. Per (hosts, msgs) the warm-ups come first, then the counted
 * iterations, then (with `traced`) one traced run per variant; within each round every variant runs once, and the order rotates from round to
 * round (A B, B A, ...), so that neither slow drift of the machine nor going first or second in a
 * round favours one variant. A run's seed depends on its cell's hosts and msgs, its iteration and the
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
  const rounds: [_Round, number][] = [
    ["warmup", matrix.warmups],
    ["counted", matrix.iterations],
    ["traced", options.traced ? 1 : 0],
  ];
  for (const hosts of matrix.hosts) {
    for (const msgs of matrix.msgs) {
      for (const [round, count] of rounds) {
        for (let iteration = 0; iteration < count; iteration++) {
          const seed = deriveRunSeed(matrix.seed, [
            hosts,
            msgs,
            iteration,
            _ROUND_SEED_PART[round],
          ]);
          for (const variant of _rotate(matrix.variants, iteration)) {
            runs.push({
              key: `h${hosts}-m${msgs}-${variant}-${_ROUND_LETTER[round]}${iteration}`,
              cell: { hosts, msgs, variant },
              iteration,
              warmup: round === "warmup",
              traced: round === "traced",
              seed,
            });
          }
        }
      }
    }
  }
  return runs;
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
