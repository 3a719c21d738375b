/**
 * How the runs of a bench were run, as the report shows it: each cell's shards and the V8 flags
 * of the runs' processes, read from the runs' own results (a merged bench may mix them).
 *
 * @module
 */
import type { RunResult } from "../bench/mod.ts";

/** The shards each cell's counted runs used (the most common, should a bench mix them). */
export function cellShards(counted: readonly RunResult[]) {
  const byCell = new Map<string, { cell: RunResult["cell"]; counts: Map<number, number> }>();
  for (const result of counted) {
    const key = `${result.cell.hosts}/${result.cell.msgs}/${result.cell.variant}`;
    const entry = byCell.get(key) ?? { cell: result.cell, counts: new Map() };
    const shards = result.shards ?? 1;
    entry.counts.set(shards, (entry.counts.get(shards) ?? 0) + 1);
    byCell.set(key, entry);
  }
  return [...byCell.values()].map(({ cell, counts }) => ({
    ...cell,
    shards: [...counts].sort((a, b) => b[1] - a[1])[0][0],
  }));
}

/** The runs' distinct V8 flag sets, when any run had flags (a merged bench may mix them). */
export function v8FlagSets(results: readonly RunResult[]): { v8Flags?: string[] } {
  const sets = [...new Set(results.map((result) => (result.v8Flags ?? []).join(",")))];
  return sets.some((set) => set !== "") ? { v8Flags: sets } : {};
}
