import { addDays, isoWeekday, localDate, startOfDay } from '../zoned-date.js';

/** docs/domain.md: "a blameless postmortem within 5 business days". */
export const POSTMORTEM_BUSINESS_DAYS = 5;

/**
 * When an incident's postmortem is due: the end (next local midnight) of the 5th business day
 * after the local date of resolution. Business days are Monday to Friday; holidays are not known
 * to Firebreak and count as business days. Resolved on a Monday → due by the end of the next
 * Monday; on a Saturday or Sunday → by the end of the next Friday. The digest's SQL computes the
 * same deadline (`postmortemDeadlineSql`); a test holds the two together.
 */
export function postmortemDeadline(resolvedAt: Date, timeZone: string, businessDays = POSTMORTEM_BUSINESS_DAYS): Date {
  let day = localDate(resolvedAt, timeZone);
  for (let counted = 0; counted < businessDays; ) {
    day = addDays(day, 1);
    if (isoWeekday(day) <= 5) counted++;
  }
  return startOfDay(addDays(day, 1), timeZone);
}
