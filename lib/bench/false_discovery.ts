/**
 * Benjamini-Hochberg control of the false discovery rate across the many figures of a report.
 *
 * @module
 */

/**
 * Benjamini-Hochberg adjusted p-values ("q-values", R's `p.adjust(p, "BH")`): rejecting every
 * test whose adjusted value is at most q keeps the expected share of false discoveries among the
 * rejections at most q, for independent or positively dependent tests.
 *
 * `null` entries (figures without a test, e.g. too few runs) are not counted in the family and
 * stay `null`; the order of the input is kept.
 *
 * @example
 * ```ts
 * adjustBenjaminiHochberg([0.01, 0.04, 0.03, 0.005]); // [0.02, 0.04, 0.04, 0.02]
 * ```
 *
 * @param pValues p-values in [0, 1], or `null`; not modified
 * @throws {RangeError} if a p-value is not in [0, 1]
 */
export function adjustBenjaminiHochberg(
  pValues: readonly (number | null)[],
): (number | null)[] {
  const tested: { p: number; index: number }[] = [];
  pValues.forEach((p, index) => {
    if (p === null) return;
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(
        `adjustBenjaminiHochberg: pValues[${index}] must be in [0, 1] or null, got ${String(p)}`,
      );
    }
    tested.push({ p, index });
  });
  const m = tested.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  tested.sort((a, b) => b.p - a.p); // largest first, so the running minimum is a step-up
  let running = 1;
  tested.forEach(({ p, index }, position) => {
    const rank = m - position;
    running = Math.min(running, (p * m) / rank);
    adjusted[index] = running;
  });
  return adjusted;
}
