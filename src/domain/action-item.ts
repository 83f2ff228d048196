import { DomainError } from './errors.js';
import { postmortemDeadline } from './metrics/business-days.js';
import { addDays, localDate, startOfDay } from './zoned-date.js';

/** docs/domain.md's action item types and priorities. */
export const ACTION_TYPES = ['prevent', 'detect', 'mitigate', 'process'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const PRIORITIES = ['P0', 'P1', 'P2'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Follow-up work is due five business days out unless someone says otherwise. */
export const DEFAULT_DUE_BUSINESS_DAYS = 5;

/** The furthest a due date may be: two years from today. */
export const MAX_DUE_DAYS = 730;

/** `INC-42-A3`: the third action item of INC-42, what people write in tickets and standups. */
export const actionItemRef = (incidentNumber: number, seq: number): string => `INC-${incidentNumber}-A${seq}`;

/**
 * Reads optional leading words of `/incident action` text: a priority (`P0`–`P2`) and a type
 * (`prevent`, `detect`, `mitigate`, `process`), in either order, so
 * `P1 detect Alert on pool saturation` needs no form. Without them: P1, prevent.
 */
export function parseActionText(text: string): { type: ActionType; priority: Priority; description: string } {
  const words = text.trim().split(/\s+/);
  let type: ActionType = 'prevent';
  let priority: Priority = 'P1';
  for (let i = 0; i < 2 && words.length > 1; i++) {
    const word = words[0]!;
    const asType = ACTION_TYPES.find((t) => t === word.toLowerCase());
    const asPriority = PRIORITIES.find((p) => p === word.toUpperCase());
    if (asType) type = asType;
    else if (asPriority) priority = asPriority;
    else break;
    words.shift();
  }
  return { type, priority, description: words.join(' ') };
}

/**
 * The instant an item dated `YYYY-MM-DD` falls due: the end of that day in the team's time zone
 * (due "on the 1st" means the 1st is still fine). A date that does not exist or has passed is refused.
 */
export function dueAtEndOf(date: string, timeZone: string, now: Date): Date {
  const [y, m, d] = date.split('-').map(Number);
  const check = new Date(Date.UTC(y!, m! - 1, d!));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m! - 1 || check.getUTCDate() !== d)
    throw new DomainError('VALIDATION', `${date} is not a date; write it like 2026-12-01.`);
  // Beyond this a date is a typo (9999-12-31), not a plan; it is also where date arithmetic stays sane.
  const latest = addDays(localDate(now, timeZone), MAX_DUE_DAYS);
  if (date > latest)
    throw new DomainError('VALIDATION', `Give a due date within two years, by ${latest} at the latest.`);
  const due = startOfDay(addDays(date, 1), timeZone);
  if (due <= now) throw new DomainError('VALIDATION', `${date} has already passed; give a due date from today on.`);
  return due;
}

/** The `YYYY-MM-DD` a due instant belongs to: the inverse of `dueAtEndOf` (its end-of-day midnight is still that day). */
export const dueDateOf = (dueOn: Date, timeZone: string): string => localDate(new Date(dueOn.getTime() - 1), timeZone);

/** The default due time: the end of the fifth business day from now. */
export const defaultDue = (now: Date, timeZone: string): Date =>
  postmortemDeadline(now, timeZone, DEFAULT_DUE_BUSINESS_DAYS);
