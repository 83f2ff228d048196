/** Direction of a change: the arrow says which way the number moved, not whether that is good. */
export type Arrow = '↑' | '↓' | '→';

/** A figure for the reported week beside the same figure for the week before. null = no data. */
export interface Comparison {
  value: number | null;
  previous: number | null;
  /** value − previous; null when either side has no data. */
  delta: number | null;
  arrow: Arrow | null;
}

// Percentiles and rates are floats: a difference this small is rounding, not a change.
const EPSILON = 1e-9;

/** Compares this week's figure with last week's. Either may be null ("no data"); then there is no delta. */
export function compare(value: number | null, previous: number | null): Comparison {
  if (value === null || previous === null) return { value, previous, delta: null, arrow: null };
  const delta = Math.abs(value - previous) < EPSILON ? 0 : value - previous;
  return { value, previous, delta, arrow: delta > 0 ? '↑' : delta < 0 ? '↓' : '→' };
}

/** `count / of`, or null when there is nothing to divide by (a rate of nothing is "no data", not 0 %). */
export function ratio(count: number, of: number): number | null {
  return of > 0 ? count / of : null;
}

/** A rate of this week against last week's, keeping the counts it came from. */
export function compareRate(
  count: number,
  of: number,
  previousCount: number,
  previousOf: number,
): { rate: Comparison; count: Comparison; of: Comparison } {
  return {
    rate: compare(ratio(count, of), ratio(previousCount, previousOf)),
    count: compare(count, previousCount),
    of: compare(of, previousOf),
  };
}
