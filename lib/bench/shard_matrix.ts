/**
 * Slices a matrix into disjoint shards for running on several machines (`--shard I/N`). The unit
 * is the cell (hosts x msgs): every variant, warm-up and iteration of a cell runs in the same
 * shard, on the same machine, so each cell's variant ratios stay paired.
 *
 * @module
 */
import type { MatrixConfig, ShardSpec } from "../config/types.ts";

/** A cell of the matrix without its variant. */
export interface MatrixCell {
  hosts: number;
  msgs: number;
}

/**
 * A cell's estimated cost, for balancing: every message reaches every host, so a run's work
 * grows with hosts x (msgs + 1).
 */
export function cellCost(cell: MatrixCell): number {
  return cell.hosts * (cell.msgs + 1);
}

/**
 * Deals the cells of `matrix` to `count` shards: the costliest cell first, each to the shard with
 * the least cost so far (ties: the lower shard). Deterministic for a matrix and a count, so a
 * resumed shard gets the same cells. Each shard's cells are in the matrix's order.
 *
 * @example
 * ```ts
 * assignCellsToShards({ hosts: [5, 20], msgs: [20], ... }, 2);
 * // [[{ hosts: 20, msgs: 20 }], [{ hosts: 5, msgs: 20 }]]
 * ```
 */
export function assignCellsToShards(
  matrix: Pick<MatrixConfig, "hosts" | "msgs">,
  count: number,
): MatrixCell[][] {
  const cells = matrix.hosts.flatMap((hosts) => matrix.msgs.map((msgs) => ({ hosts, msgs })));
  const order = cells.map((cell, index) => ({ cell, index }))
    .sort((a, b) => cellCost(b.cell) - cellCost(a.cell) || a.index - b.index);
  const loads = Array.from({ length: count }, () => 0);
  const owner = new Map<number, number>();
  for (const { cell, index } of order) {
    let least = 0;
    for (let shard = 1; shard < count; shard++) if (loads[shard] < loads[least]) least = shard;
    loads[least] += cellCost(cell);
    owner.set(index, least);
  }
  return Array.from(
    { length: count },
    (_, shard) => cells.filter((_, index) => owner.get(index) === shard),
  );
}

/** The cells of shard `shard.index` (1-based) of `shard.count`, in the matrix's order. */
export function cellsOfShard(
  matrix: Pick<MatrixConfig, "hosts" | "msgs">,
  shard: ShardSpec,
): MatrixCell[] {
  return assignCellsToShards(matrix, shard.count)[shard.index - 1] ?? [];
}

/** `2/4`. */
export function formatShard(shard: ShardSpec): string {
  return `${shard.index}/${shard.count}`;
}
