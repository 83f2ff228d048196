import { describe, expect, it } from 'vitest';
import { median, p90, percentile } from '../../src/domain/metrics/percentile.js';

describe('percentiles by linear interpolation between closest ranks', () => {
  it('interpolates at (n − 1) × p of the sorted sample', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(p90([10, 20])).toBe(19);
    // 1 1 2 3 5 10 10 30: rank 6.3 → 10 + 0.3 × 20
    expect(p90([30, 10, 1, 5, 2, 10, 3, 1])).toBeCloseTo(16, 9);
    expect(percentile([7, 9], 0)).toBe(7);
    expect(percentile([7, 9], 1)).toBe(9);
  });

  it('gives one sample back for every percentile', () => {
    expect([median([42]), p90([42])]).toEqual([42, 42]);
  });

  it('has no percentile of nothing: null, not 0', () => {
    expect(median([])).toBeNull();
    expect(p90([])).toBeNull();
  });

  it('does not reorder the caller’s array, and refuses p outside [0, 1]', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
    expect(() => percentile(values, 1.5)).toThrow(RangeError);
  });
});
