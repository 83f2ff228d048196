import { type SQL, sql } from 'drizzle-orm';
import { compare } from '../../domain/metrics/comparison.js';
import type { Digest } from '../../domain/metrics/digest.js';
import type { Db } from '../client.js';
import { at, type DigestQuery, inScope, rowsOf, weeks } from './digest-scope.js';

/**
 * Action items open and overdue (snapshots at `now`, and at `from` for last week, from the stored
 * `closed_at`) and closed in each week. Overdue = still open past `due_on`, as the reminders count it.
 */
export async function loadActionItemFigures(
  db: Db,
  q: DigestQuery,
): Promise<Pick<Digest['followUp'], 'actionItemsOpen' | 'actionItemsOverdue' | 'actionItemsClosed'>> {
  const w = weeks(q);
  const openAt = (t: SQL) =>
    sql`(a.created_at <= ${t} and (a.closed_at > ${t} or (a.closed_at is null and a.status = 'open')))`;
  const closed = sql`a.status in ('done', 'wont-do')`;
  const [now, from] = [at(q.now), at(q.from)];
  const result = await db.execute(sql`
    select count(*) filter (where ${openAt(now)})::int as open,
      count(*) filter (where ${openAt(from)})::int as open_prev,
      count(*) filter (where ${openAt(now)} and a.due_on < ${now})::int as overdue,
      count(*) filter (where ${openAt(from)} and a.due_on < ${from})::int as overdue_prev,
      count(*) filter (where ${w.cur(sql`a.closed_at`)} and ${closed})::int as closed,
      count(*) filter (where ${w.prev(sql`a.closed_at`)} and ${closed})::int as closed_prev
    from action_items a join incidents i on i.id = a.incident_id
    -- Everything counted is open at one of the snapshots or closed in one of the weeks.
    where ${inScope(q)} and (a.closed_at >= ${at(q.prevFrom)} or (a.closed_at is null and a.status = 'open'))`);
  const row = rowsOf<Record<string, number>>(result)[0]!;
  const pair = (name: string) => compare(Number(row[name]), Number(row[`${name}_prev`]));
  return { actionItemsOpen: pair('open'), actionItemsOverdue: pair('overdue'), actionItemsClosed: pair('closed') };
}
