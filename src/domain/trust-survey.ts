import { localDate, startOfDay } from './zoned-date.js';

/**
 * The monthly team-trust survey (docs/domain.md: "do responders trust the AI?", 0–10, target > 8).
 * A month's survey asks the people who approved, rejected or stopped a proposal in that month; it
 * goes out with the first digest firing of the next month (a Monday morning by default, not a
 * midnight DM) and may be caught up until that month ends.
 */
export interface SurveyMonth {
  /** `YYYY-MM` in the configured time zone. */
  month: string;
  /** Local midnight of the 1st, and of the 1st of the next month: [from, to). */
  from: Date;
  to: Date;
}

/** The question, as the DM asks it. */
export const TRUST_QUESTION = "How far do you trust Firebreak's proposals?";
/** docs/domain.md's target for the team's answer. */
export const TRUST_TARGET = { above: 8, label: '> 8/10' } as const;

const MONTH = /^(\d{4})-(\d{2})$/;
const NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const parse = (month: string): [number, number] => {
  const m = MONTH.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`expected a YYYY-MM month, got "${month}"`);
  return [Number(m[1]), Number(m[2])];
};
const format = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [y, m] = parse(month);
  return m === 1 ? format(y - 1, 12) : format(y, m - 1);
}

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  const [y, m] = parse(month);
  return m === 12 ? format(y + 1, 1) : format(y, m + 1);
}

/** A month's bounds in `timeZone`. */
export function surveyMonth(month: string, timeZone: string): SurveyMonth {
  return { month, from: startOfDay(`${month}-01`, timeZone), to: startOfDay(`${nextMonth(month)}-01`, timeZone) };
}

/** `November 2026`. */
export function monthLabel(month: string): string {
  const [y, m] = parse(month);
  return `${NAMES[m - 1]} ${y}`;
}

/**
 * The survey due at `now`: last month's, once the digest schedule has fired this month (in
 * `timeZone`); undefined before that.
 */
export function surveyDue(lastFiring: Date, now: Date, timeZone: string): SurveyMonth | undefined {
  const current = localDate(now, timeZone).slice(0, 7);
  if (localDate(lastFiring, timeZone).slice(0, 7) !== current) return undefined;
  return surveyMonth(previousMonth(current), timeZone);
}
