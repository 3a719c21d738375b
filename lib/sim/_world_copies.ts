/**
 * Copy-on-write helpers of the world model: each returns a new map or totals object and leaves
 * the one it is given alone.
 *
 * @module
 */
import type { WorldTotals } from "./world_types.ts";

/** A copy of `map` with `key` set to `value`. */
export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): Map<K, V> {
  const copy = new Map(map);
  copy.set(key, value);
  return copy;
}

/** A copy of `map` without `key`. */
export function withoutEntry<K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}

/** A copy of `totals` with each amount of `change` added to its field. */
export function addTotals(totals: WorldTotals, change: Partial<WorldTotals>): WorldTotals {
  const next = { ...totals };
  for (const [key, amount] of Object.entries(change) as Array<[keyof WorldTotals, number]>) {
    next[key] += amount;
  }
  return next;
}
