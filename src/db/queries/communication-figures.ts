import { sql } from 'drizzle-orm';
import { compare, compareRate } from '../../domain/metrics/comparison.js';
import type { Digest } from '../../domain/metrics/digest.js';
import type { Db } from '../client.js';
import { type DigestQuery, inScope, rowsOf, weeks } from './digest-scope.js';

/**
 * Status updates posted in each week that had a due time, on time or late. Updates with no due
 * time (no cadence, e.g. SEV3) are stored as on time but were never late-able, so they are left out.
 */
export async function loadCommunicationFigures(db: Db, q: DigestQuery): Promise<Digest['communication']> {
  const w = weeks(q);
  const posted = sql`u.posted_at`;
  const result = await db.execute(sql`
    select
      count(*) filter (where ${w.cur(posted)} and u.on_time)::int as on_time,
      count(*) filter (where ${w.cur(posted)} and not u.on_time)::int as late,
      count(*) filter (where ${w.prev(posted)} and u.on_time)::int as on_time_prev,
      count(*) filter (where ${w.prev(posted)} and not u.on_time)::int as late_prev
    from status_updates u join incidents i on i.id = u.incident_id
    where ${inScope(q)} and u.due_at is not null and u.on_time is not null and ${w.both(posted)}`);
  const row = rowsOf<Record<string, number>>(result)[0]!;
  const [onTime, late, onTimePrev, latePrev] = [row.on_time, row.late, row.on_time_prev, row.late_prev].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  return {
    onTime: compare(onTime, onTimePrev),
    late: compare(late, latePrev),
    onTimeRate: compareRate(onTime, onTime + late, onTimePrev, onTimePrev + latePrev),
  };
}
