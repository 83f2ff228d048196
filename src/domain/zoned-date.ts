/**
 * Calendar dates in an IANA time zone without a date library: `Intl` knows every zone's offsets
 * (DST included), and dates travel as `YYYY-MM-DD` strings so day arithmetic never meets a DST hour.
 */

const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of `at` in `timeZone`, as if that wall clock were UTC (ms). */
function wallClock(at: Date, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoOf = (utcMidnight: number): string => {
  const d = new Date(utcMidnight);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const utcOf = (date: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`expected a YYYY-MM-DD date, got "${date}"`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
};

/** The local calendar date of an instant, `YYYY-MM-DD`. */
export function localDate(at: Date, timeZone: string): string {
  const day = 24 * HOUR;
  return isoOf(Math.floor(wallClock(at, timeZone) / day) * day);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return isoOf(utcOf(date) + days * 24 * HOUR);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(utcOf(date)).getUTCDay() || 7;
}

/**
 * The instant a local calendar day begins: its midnight, or — in a zone whose DST jump skips
 * midnight — the first instant after the gap (the day still begins exactly once).
 */
export function startOfDay(date: string, timeZone: string): Date {
  const wall = utcOf(date);
  // Two passes: the offset at the first guess may differ from the offset at the answer across a DST change.
  const offsetAt = (instant: number) => wallClock(new Date(instant), timeZone) - instant;
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  while (localDate(new Date(t), timeZone) < date) t += HOUR / 4;
  return new Date(t);
}
