import { CronExpressionParser } from 'cron-parser';

/** Whether `expr` is a 5-field (or 6-field, with seconds) cron expression cron-parser accepts. */
export function isCronExpression(expr: string): boolean {
  const fields = expr.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) return false;
  try {
    CronExpressionParser.parse(expr, { tz: 'UTC' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The schedule's most recent firing at or before `now`, in `timeZone` ("0 9 * * 1" in Europe/Paris
 * is 08:00 UTC in winter, 07:00 in summer). The digest job compares it with what was already sent,
 * which is what lets a digest missed while Firebreak was down go out once when it comes back.
 */
export function lastFiring(expr: string, now: Date, timeZone: string): Date {
  // `prev()` is strictly before currentDate; a firing exactly at `now` counts as due.
  const it = CronExpressionParser.parse(expr, { currentDate: new Date(now.getTime() + 1), tz: timeZone });
  return it.prev().toDate();
}
