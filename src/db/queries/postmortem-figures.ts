import { type SQL, sql } from 'drizzle-orm';
import { compare } from '../../domain/metrics/comparison.js';
import type { Digest } from '../../domain/metrics/digest.js';
import type { Db } from '../client.js';
import { at, type DigestQuery, inScope, rowsOf, weeks, within } from './digest-scope.js';

/**
 * `postmortemDeadline` (src/domain/metrics/business-days.ts) in SQL: the local midnight ending the
 * 5th business day after the local date of `resolvedAt` — 8 days after a weekday, 7 after a
 * Saturday, 6 after a Sunday (both: the end of the next Friday). A test holds the two together.
 */
export function postmortemDeadlineSql(resolvedAt: SQL, timeZone: string): SQL {
  const local = sql`(${resolvedAt} at time zone ${timeZone}::text)`;
  return sql`((${local}::date + case extract(isodow from ${local}) when 6 then 7 when 7 then 6 else 8 end)::timestamp
    at time zone ${timeZone}::text)`;
}

const DAY = 86_400_000;
// A deadline is 5 to 8 days after the resolution's local date (plus an hour across a DST change):
// only incidents resolved within 10 days before a moment can fall due after it, so the deadline is
// computed for those alone; anything resolved earlier is already past it.
const DEADLINE_REACH = 10 * DAY;

/**
 * Postmortems due in each week, and overdue: a snapshot at `now`, and at `from` for last week,
 * from the stored `published_at` (last week's figure is what was true then). Every incident
 * resolved as fixed owes one; drills and false alarms do not. Overdue needs the whole history:
 * one anti-join finds the incidents with nothing published by `from` (every incident overdue at
 * `now` is among them), and the few postmortems published since tell which were still unpublished.
 */
export async function loadPostmortemFigures(
  db: Db,
  q: DigestQuery,
): Promise<Pick<Digest['followUp'], 'postmortemsDue' | 'postmortemsOverdue'>> {
  const w = weeks(q);
  const deadline = postmortemDeadlineSql(sql`i.resolved_at`, q.timeZone ?? 'UTC');
  const owed = sql`${inScope(q)} and i.resolved_at is not null and i.resolution is distinct from 'false_alarm'`;
  const [now, from] = [at(q.now), at(q.from)];
  const longAgo = at(new Date(q.from.getTime() - DEADLINE_REACH));
  const result = await db.execute(sql`
    select due.*, overdue.* from (
      select count(*) filter (where ${w.cur(sql`x.deadline`)})::int as due,
        count(*) filter (where ${w.prev(sql`x.deadline`)})::int as due_prev
      from (
        select ${deadline} as deadline from incidents i
        where ${owed} and ${within(sql`i.resolved_at`, new Date(q.prevFrom.getTime() - DEADLINE_REACH), q.to)}
      ) x
    ) due cross join (
      select count(*) filter (where x.recent is null and (x.long_ago or x.deadline <= ${now}))::int as overdue,
        count(*) filter (where x.long_ago or x.deadline <= ${from})::int as overdue_prev
      from (
        select i.resolved_at < ${longAgo} as long_ago,
          case when i.resolved_at >= ${longAgo} then ${deadline} end as deadline,
          recent.incident_id as recent
        from incidents i
        left join (
          select distinct pm.incident_id from postmortems pm where pm.published_at > ${from} and pm.published_at <= ${now}
        ) recent on recent.incident_id = i.id
        where ${owed} and i.resolved_at < ${now}
          and not exists (select 1 from postmortems pm where pm.incident_id = i.id and pm.published_at <= ${from})
      ) x
    ) overdue`);
  const row = rowsOf<Record<string, number>>(result)[0]!;
  return {
    postmortemsDue: compare(Number(row.due), Number(row.due_prev)),
    postmortemsOverdue: compare(Number(row.overdue), Number(row.overdue_prev)),
  };
}
