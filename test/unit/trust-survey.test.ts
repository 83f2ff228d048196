import { describe, expect, it } from 'vitest';
import { lastFiring } from '../../src/domain/digest-schedule.js';
import { monthLabel, nextMonth, previousMonth, surveyDue, surveyMonth } from '../../src/domain/trust-survey.js';

const MONDAYS_9 = '0 9 * * 1';
const due = (now: string, tz = 'UTC') => surveyDue(lastFiring(MONDAYS_9, new Date(now), tz), new Date(now), tz);

describe('the trust survey calendar', () => {
  it('is due for last month from the first digest firing of a month, until the month ends', () => {
    // Tue 1 Dec 2026: the last firing was Mon 30 Nov, still November — not yet.
    expect(due('2026-12-01T10:00:00Z')).toBeUndefined();
    expect(due('2026-12-07T08:59:59Z')).toBeUndefined();
    expect(due('2026-12-07T09:00:00Z')?.month).toBe('2026-11');
    expect(due('2026-12-31T23:59:59Z')?.month).toBe('2026-11');
    expect(due('2027-01-04T09:00:00Z')?.month).toBe('2026-12');
  });

  it('reads months in the configured time zone', () => {
    // 09:00 in Auckland on Mon 7 Dec is still Sunday 6 Dec in UTC.
    const tz = 'Pacific/Auckland';
    expect(due('2026-12-06T20:00:00Z', tz)?.month).toBe('2026-11');
    const m = surveyMonth('2026-11', tz);
    expect(m.from.toISOString()).toBe('2026-10-31T11:00:00.000Z');
    expect(m.to.toISOString()).toBe('2026-11-30T11:00:00.000Z');
  });

  it('steps across years, names months, and refuses a month that is not one', () => {
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(monthLabel('2026-11')).toBe('November 2026');
    expect(() => monthLabel('2026-13')).toThrow(RangeError);
  });
});
