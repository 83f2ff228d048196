import { describe, expect, it } from 'vitest';
import { isCronExpression, lastFiring } from '../../src/domain/digest-schedule.js';

describe('the digest schedule', () => {
  it('finds the last Monday 09:00 in the configured time zone, daylight saving included', () => {
    const monday9 = '0 9 * * 1';
    expect(lastFiring(monday9, new Date('2026-11-23T08:59:00Z'), 'UTC').toISOString()).toBe('2026-11-16T09:00:00.000Z');
    expect(lastFiring(monday9, new Date('2026-11-23T09:00:00Z'), 'UTC').toISOString()).toBe('2026-11-23T09:00:00.000Z');
    // Paris is UTC+1 in November and UTC+2 in June.
    expect(lastFiring(monday9, new Date('2026-11-23T10:00:00Z'), 'Europe/Paris').toISOString()).toBe(
      '2026-11-23T08:00:00.000Z',
    );
    expect(lastFiring(monday9, new Date('2026-06-15T10:00:00Z'), 'Europe/Paris').toISOString()).toBe(
      '2026-06-15T07:00:00.000Z',
    );
    expect(lastFiring('30 0 9 * * 1', new Date('2026-11-23T10:00:00Z'), 'UTC').toISOString()).toBe(
      '2026-11-23T09:00:30.000Z',
    );
  });

  it('accepts 5 or 6 fields and nothing else', () => {
    expect(isCronExpression('0 9 * * 1')).toBe(true);
    expect(isCronExpression('0 0 9 * * MON')).toBe(true);
    for (const bad of ['', 'every monday', '0 9 * *', '61 9 * * 1', '0 9 * * 1 2026 x'])
      expect(isCronExpression(bad), bad).toBe(false);
  });
});
