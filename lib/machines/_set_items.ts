/**
 * Copy-on-write helpers for the string sets of machine contexts: `assign` must return new values,
 * and an unchanged set is returned as is so xstate sees no change.
 *
 * @module
 */

/** A copy of `set` with `item` added. */
export function withItem(set: ReadonlySet<string>, item: string): Set<string> {
  const next = new Set(set);
  next.add(item);
  return next;
}

/** `set` without `item`: the same set when `item` is not in it, else a copy. */
export function withoutItem(set: ReadonlySet<string>, item: string): ReadonlySet<string> {
  if (!set.has(item)) return set;
  const next = new Set(set);
  next.delete(item);
  return next;
}
