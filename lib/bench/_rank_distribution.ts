/**
 * Exact null distributions of rank statistics, counted by dynamic programming over integer rank
 * sums. Mid-ranks of ties are halves, so callers pass doubled ranks: every sum stays an integer
 * and equal sums are compared exactly.
 *
 * @module
 */

/**
 * 1-based ranks of `values`, ties sharing the mean of the ranks they span (mid-ranks):
 * `[10, 20, 20, 30]` -> `[1, 2.5, 2.5, 4]`.
 */
export function assignMidRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    const midRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i].index] = midRank;
    start = end + 1;
  }
  return ranks;
}

/**
 * P(sum = s) for s = 0..sum(weights), when each weight is in the sum with probability 1/2,
 * independently: the null distribution of the signed-rank statistic.
 *
 * @param weights non-negative integers (ranks, or doubled mid-ranks)
 */
export function signFlipDistribution(weights: readonly number[]): Float64Array {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let probabilities = new Float64Array(total + 1);
  probabilities[0] = 1;
  let reach = 0;
  for (const weight of weights) {
    const next = new Float64Array(total + 1);
    for (let sum = 0; sum <= reach; sum++) {
      const p = probabilities[sum];
      if (p === 0) continue;
      next[sum] += p / 2;
      next[sum + weight] += p / 2;
    }
    reach += weight;
    probabilities = next;
  }
  return probabilities;
}

/**
 * P(sum = s) for s = 0..sum(weights), when the sum is over a subset of `size` weights drawn
 * uniformly among all such subsets: the null distribution of the rank-sum statistic.
 *
 * Counts are kept as ratios to C(i, j) while they grow, so nothing overflows for a few hundred
 * samples.
 *
 * @param weights non-negative integers (ranks, or doubled mid-ranks)
 * @param size how many are drawn, 0 <= size <= weights.length
 */
export function fixedSizeSubsetDistribution(
  weights: readonly number[],
  size: number,
): Float64Array {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  // table[j][s]: P(sum = s | j of the first i items drawn uniformly), for the current i.
  let table: Float64Array[] = [Float64Array.from({ length: total + 1 }, (_, s) => s === 0 ? 1 : 0)];
  let reach = 0;
  weights.forEach((weight, index) => {
    const items = index + 1;
    const next: Float64Array[] = [];
    for (let j = 0; j <= Math.min(items, size); j++) {
      const row = new Float64Array(total + 1);
      // A uniform j-subset of `items` items holds the newest item with probability j / items.
      const withNewest = j / items;
      const without = table[j];
      const withOthers = j > 0 ? table[j - 1] : undefined;
      for (let s = 0; s <= reach + weight; s++) {
        let p = 0;
        if (without && s <= reach) p += (1 - withNewest) * without[s];
        if (withOthers && s >= weight) p += withNewest * withOthers[s - weight];
        row[s] = p;
      }
      next.push(row);
    }
    reach += weight;
    table = next;
  });
  return table[size];
}

/** Two-sided exact p-value: 2 x the smaller of P(S <= observed) and P(S >= observed), at most 1. */
export function twoSidedPValue(distribution: Float64Array, observed: number): number {
  let lower = 0;
  let upper = 0;
  for (let sum = 0; sum < distribution.length; sum++) {
    if (sum <= observed) lower += distribution[sum];
    if (sum >= observed) upper += distribution[sum];
  }
  return Math.min(1, 2 * Math.min(lower, upper));
}
