import { addDays, isoWeekday, localDate, startOfDay } from '../zoned-date.js';

/** A reported window and the one before it: [from, to) compared with [prevFrom, from). */
export interface Period {
  from: Date;
  to: Date;
  prevFrom: Date;
}

/** A calendar week in a time zone; `start` is its first local date (the digest run's `period` key). */
export interface Week extends Period {
  start: string;
  timeZone: string;
}

const DAY = 86_400_000;

/**
 * The week [start, start + 7 days) in `timeZone`, and the 7 days before. Bounds are local
 * midnights, so a week across a DST change lasts 167 or 169 hours: it is the week people lived.
 */
export function weekStarting(start: string, timeZone: string): Week {
  return {
    start,
    timeZone,
    from: startOfDay(start, timeZone),
    to: startOfDay(addDays(start, 7), timeZone),
    prevFrom: startOfDay(addDays(start, -7), timeZone),
  };
}

/**
 * The last complete week before `now` (what the Monday digest reports). Weeks begin on
 * `firstDay` (ISO weekday, 1 = Monday).
 */
export function lastCompleteWeek(now: Date, timeZone: string, firstDay = 1): Week {
  const today = localDate(now, timeZone);
  const thisWeek = addDays(today, -((isoWeekday(today) - firstDay + 7) % 7));
  return weekStarting(addDays(thisWeek, -7), timeZone);
}

/** The 7 × 24 hours before `now` and the 7 × 24 before those (the on-demand `/incident digest`). */
export function lastSevenDays(now: Date): Period {
  return { from: new Date(now.getTime() - 7 * DAY), to: now, prevFrom: new Date(now.getTime() - 14 * DAY) };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `16–22 Nov 2026`, `30 Nov – 6 Dec 2026`, `28 Dec 2026 – 3 Jan 2027`: the local dates the period covers. */
export function periodLabel(period: Pick<Period, 'from' | 'to'>, timeZone: string): string {
  const [y1, m1, d1] = localDate(period.from, timeZone).split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = localDate(new Date(period.to.getTime() - 1), timeZone)
    .split('-')
    .map(Number) as [number, number, number];
  const month = (m: number) => MONTHS[m - 1]!;
  if (y1 !== y2) return `${d1} ${month(m1)} ${y1} – ${d2} ${month(m2)} ${y2}`;
  if (m1 !== m2) return `${d1} ${month(m1)} – ${d2} ${month(m2)} ${y2}`;
  return d1 === d2 ? `${d1} ${month(m1)} ${y1}` : `${d1}–${d2} ${month(m1)} ${y1}`;
}
