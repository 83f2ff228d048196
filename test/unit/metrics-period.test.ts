import { describe, expect, it } from 'vitest';
import { postmortemDeadline } from '../../src/domain/metrics/business-days.js';
import { lastCompleteWeek, lastSevenDays, periodLabel, weekStarting } from '../../src/domain/metrics/period.js';
import { addDays, isoWeekday, localDate, startOfDay } from '../../src/domain/zoned-date.js';

const iso = (d: Date) => d.toISOString();

describe('calendar dates in a time zone', () => {
  it('reads the local date of an instant', () => {
    expect(localDate(new Date('2026-11-20T23:30:00Z'), 'UTC')).toBe('2026-11-20');
    expect(localDate(new Date('2026-11-20T23:30:00Z'), 'Europe/Paris')).toBe('2026-11-21');
    expect(localDate(new Date('2026-11-21T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-20');
  });

  it('adds days across months and years, and knows the weekday', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect([isoWeekday('2026-11-16'), isoWeekday('2026-11-22')]).toEqual([1, 7]);
  });

  it('finds the instant a local day begins, across DST changes', () => {
    expect(iso(startOfDay('2026-11-28', 'Europe/Paris'))).toBe('2026-11-27T23:00:00.000Z');
    expect(iso(startOfDay('2026-07-01', 'Europe/Paris'))).toBe('2026-06-30T22:00:00.000Z');
    expect(iso(startOfDay('2026-03-29', 'Europe/Paris'))).toBe('2026-03-28T23:00:00.000Z'); // the 23-hour day
    expect(iso(startOfDay('2026-11-01', 'America/New_York'))).toBe('2026-11-01T04:00:00.000Z');
  });

  it('begins a day whose midnight does not exist at the end of the gap', () => {
    // Chile moves 2026-09-06 00:00 to 01:00: that day begins at 01:00 -03.
    expect(iso(startOfDay('2026-09-06', 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
  });
});

describe('the digest week', () => {
  it('is [start, start + 7 days) in the zone, with the 7 days before', () => {
    expect(weekStarting('2026-11-16', 'UTC')).toEqual({
      start: '2026-11-16',
      timeZone: 'UTC',
      from: new Date('2026-11-16T00:00:00Z'),
      to: new Date('2026-11-23T00:00:00Z'),
      prevFrom: new Date('2026-11-09T00:00:00Z'),
    });
  });

  it('lasts 167 hours across the spring DST change and 169 across the autumn one', () => {
    const spring = weekStarting('2026-03-23', 'Europe/Paris');
    const autumn = weekStarting('2026-10-19', 'Europe/Paris');
    expect((spring.to.getTime() - spring.from.getTime()) / 3_600_000).toBe(167);
    expect((autumn.to.getTime() - autumn.from.getTime()) / 3_600_000).toBe(169);
  });

  it('on a Monday reports the week that just ended, in the local calendar', () => {
    expect(lastCompleteWeek(new Date('2026-11-23T09:00:00Z'), 'UTC').start).toBe('2026-11-16');
    expect(lastCompleteWeek(new Date('2026-11-22T23:30:00Z'), 'UTC').start).toBe('2026-11-09');
    // Already Monday 00:30 in Paris while still Sunday in UTC.
    expect(lastCompleteWeek(new Date('2026-11-22T23:30:00Z'), 'Europe/Paris').start).toBe('2026-11-16');
    expect(lastCompleteWeek(new Date('2026-11-25T12:00:00Z'), 'UTC', 7).start).toBe('2026-11-15');
  });

  it('can also be the last 7 × 24 hours', () => {
    const now = new Date('2026-11-23T09:00:00Z');
    expect(lastSevenDays(now)).toEqual({
      from: new Date('2026-11-16T09:00:00Z'),
      to: now,
      prevFrom: new Date('2026-11-09T09:00:00Z'),
    });
  });

  it('is labelled with the local dates it covers', () => {
    expect(periodLabel(weekStarting('2026-11-16', 'UTC'), 'UTC')).toBe('16–22 Nov 2026');
    expect(periodLabel(weekStarting('2026-11-30', 'Europe/Paris'), 'Europe/Paris')).toBe('30 Nov – 6 Dec 2026');
    expect(periodLabel(weekStarting('2026-12-28', 'UTC'), 'UTC')).toBe('28 Dec 2026 – 3 Jan 2027');
  });
});

describe('postmortem deadline: end of the 5th business day after resolution', () => {
  const deadline = (resolved: string, tz = 'UTC') => iso(postmortemDeadline(new Date(resolved), tz));

  it('from a weekday is the end of the same weekday next week', () => {
    expect(deadline('2026-11-16T10:00:00Z')).toBe('2026-11-24T00:00:00.000Z'); // Mon → end of Mon 23
    expect(deadline('2026-11-13T09:00:00Z')).toBe('2026-11-21T00:00:00.000Z'); // Fri → end of Fri 20
  });

  it('from a weekend is the end of the next Friday', () => {
    expect(deadline('2026-11-21T04:00:00Z')).toBe('2026-11-28T00:00:00.000Z'); // Sat
    expect(deadline('2026-11-22T08:05:00Z')).toBe('2026-11-28T00:00:00.000Z'); // Sun
  });

  it('counts in the local calendar', () => {
    // Fri 23:30 UTC is Saturday in Paris: due at the end of Friday 27, Paris time.
    expect(deadline('2026-11-20T23:30:00Z', 'Europe/Paris')).toBe('2026-11-27T23:00:00.000Z');
  });
});
