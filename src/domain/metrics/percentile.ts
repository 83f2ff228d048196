/**
 * Percentiles by linear interpolation between closest ranks: the value at position (n − 1) × p of
 * the sorted sample. This is PostgreSQL's `percentile_cont`, Excel's PERCENTILE.INC and numpy's
 * default, so a figure computed in SQL and one computed here agree. p50 of [1, 2, 3, 4] is 2.5;
 * p90 of [10, 20] is 19. An empty sample has no percentile (null, shown as "no data").
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (p < 0 || p > 1 || Number.isNaN(p)) throw new RangeError(`percentile wants 0 ≤ p ≤ 1, got ${p}`);
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}

/** The median (p50) by the same method. */
export const median = (values: readonly number[]): number | null => percentile(values, 0.5);

/** The 90th percentile by the same method. */
export const p90 = (values: readonly number[]): number | null => percentile(values, 0.9);
