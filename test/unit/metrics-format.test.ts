import { describe, expect, it } from 'vitest';
import { compare, compareRate, ratio } from '../../src/domain/metrics/comparison.js';
import { formatDurationShort } from '../../src/domain/metrics/duration.js';
import { formatComparison, formatDelta, formatPercent, formatValue } from '../../src/domain/metrics/format.js';
import { meetsTarget, TARGETS } from '../../src/domain/metrics/targets.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

describe('comparing a week with the one before', () => {
  it('gives the change and the direction it went', () => {
    expect(compare(12, 9)).toEqual({ value: 12, previous: 9, delta: 3, arrow: '↑' });
    expect(compare(2, 5)).toEqual({ value: 2, previous: 5, delta: -3, arrow: '↓' });
    expect(compare(4, 4)).toEqual({ value: 4, previous: 4, delta: 0, arrow: '→' });
    expect(compare(0.1 + 0.2, 0.3).arrow).toBe('→');
  });

  it('has no change when either week has no data', () => {
    expect(compare(null, 4)).toEqual({ value: null, previous: 4, delta: null, arrow: null });
    expect(compare(4, null)).toEqual({ value: 4, previous: null, delta: null, arrow: null });
  });

  it('makes a rate of nothing "no data", and a rate of 0 of something 0', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(0, 4)).toBe(0);
    expect(compareRate(1, 4, 0, 0)).toEqual({
      rate: compare(0.25, null),
      count: compare(1, 0),
      of: compare(4, 0),
    });
  });
});

describe('formatting figures', () => {
  it('writes durations compactly, seconds only while they matter', () => {
    expect(formatDurationShort(18 * S)).toBe('18 s');
    expect(formatDurationShort(59.6 * S)).toBe('1 min');
    expect(formatDurationShort(4 * M + 10 * S)).toBe('4 min 10 s');
    expect(formatDurationShort(4 * M)).toBe('4 min');
    expect(formatDurationShort(42 * M + 20 * S)).toBe('42 min');
    expect(formatDurationShort(3 * H + 5 * M)).toBe('3 h 5 min');
    expect(formatDurationShort(59 * M + 50 * S)).toBe('1 h');
    expect(formatDurationShort(52 * H)).toBe('2 d 4 h');
    expect(formatDurationShort(-90 * S)).toBe('-1 min 30 s');
  });

  it('writes rates as percentages, with a decimal under 10 %', () => {
    expect(formatPercent(1 / 3)).toBe('33%');
    expect(formatPercent(0.015)).toBe('1.5%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('signs changes in the figure’s unit; rates change in percentage points', () => {
    expect(formatDelta(3, 'count')).toBe('+3');
    expect(formatDelta(-2 * M, 'duration')).toBe('-2 min');
    expect(formatDelta(0.05, 'percent')).toBe('+5 pp');
    expect(formatDelta(-0.005, 'percent')).toBe('-0.5 pp');
    expect(formatDelta(0, 'count')).toBe('±0');
  });

  it('says "no data", never 0, for a figure without data', () => {
    expect(formatValue(null, 'duration')).toBe('no data');
    expect(formatComparison(compare(12, 9), 'count')).toBe('12 ↑ +3');
    expect(formatComparison(compare(4 * M, 5 * M), 'duration')).toBe('4 min ↓ -1 min');
    expect(formatComparison(compare(0.5, 0.5), 'percent')).toBe('50% → ±0');
    expect(formatComparison(compare(null, null), 'count')).toBe('no data');
    expect(formatComparison(compare(7, null), 'count')).toBe('7 (last week: no data)');
    expect(formatComparison(compare(null, 12 * S), 'duration')).toBe('no data (last week: 12 s)');
  });
});

describe('targets', () => {
  it('are met, missed, or cannot be judged without data', () => {
    expect(meetsTarget(22_500, TARGETS.timeToApproval)).toBe(true);
    expect(meetsTarget(45_000, TARGETS.timeToApproval)).toBe(false);
    expect(meetsTarget(0.75, TARGETS.autoResolution)).toBe(true);
    expect(meetsTarget(0.7, TARGETS.autoResolution)).toBe(false);
    expect(meetsTarget(null, TARGETS.regression)).toBeNull();
  });
});
