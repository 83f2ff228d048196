import { sql } from 'drizzle-orm';
import { compare } from '../../domain/metrics/comparison.js';
import type { Digest } from '../../domain/metrics/digest.js';
import type { Db } from '../client.js';
import { type DigestQuery, inScope, rowsOf, spreadOf, weeks } from './digest-scope.js';

/**
 * Pages of each week: sent (triggered at the provider in the week), acknowledged (of those sent),
 * time to acknowledge (provider trigger → the IC's acknowledgement), and pages per incident
 * declared in the week — the "pages reduced" figure compares it with the week before.
 */
export async function loadPagingFigures(db: Db, q: DigestQuery): Promise<Digest['paging']> {
  const w = weeks(q);
  const sent = sql`p.triggered_at`;
  const declared = sql`i.declared_at`;
  const acked = sql`p.acknowledged_at is not null and p.state in ('acknowledged', 'resolved')`;
  const ttaMs = sql`extract(epoch from (p.acknowledged_at - p.triggered_at)) * 1000`;
  const [pageResult, incidentResult] = await Promise.all([
    db.execute(sql`
      select
        count(*) filter (where ${w.cur(sent)})::int as sent,
        count(*) filter (where ${w.prev(sent)})::int as sent_prev,
        count(*) filter (where ${w.cur(sent)} and ${acked})::int as acked,
        count(*) filter (where ${w.prev(sent)} and ${acked})::int as acked_prev,
        percentile_cont(array[0.5, 0.9]) within group (order by ${ttaMs}) filter (where ${w.cur(sent)} and ${acked}) as tta,
        percentile_cont(array[0.5, 0.9]) within group (order by ${ttaMs}) filter (where ${w.prev(sent)} and ${acked}) as tta_prev
      from pages p join incidents i on i.id = p.incident_id
      where ${inScope(q)} and ${w.both(sent)}`),
    db.execute(sql`
      select count(*) filter (where ${w.cur(declared)})::int as cur, count(*) filter (where ${w.prev(declared)})::int as prev
      from incidents i where ${inScope(q)} and ${w.both(declared)}`),
  ]);
  const row = rowsOf<Record<string, unknown>>(pageResult)[0] ?? {};
  const inc = rowsOf<Record<string, number>>(incidentResult)[0] ?? { cur: 0, prev: 0 };
  const n = (v: unknown) => Number(v ?? 0);
  const cur = spreadOf(row.tta ?? null);
  const prev = spreadOf(row.tta_prev ?? null);
  const perIncident = (pages: number, incidents: number) => (incidents > 0 ? pages / incidents : null);
  const perCur = perIncident(n(row.sent), n(inc.cur));
  const perPrev = perIncident(n(row.sent_prev), n(inc.prev));
  return {
    sent: compare(n(row.sent), n(row.sent_prev)),
    acknowledged: compare(n(row.acked), n(row.acked_prev)),
    timeToAcknowledge: {
      median: compare(cur.median, prev.median),
      p90: compare(cur.p90, prev.p90),
      n: n(row.acked),
    },
    perIncident: compare(perCur, perPrev),
    // 1 − this week's pages per incident ÷ last week's: 0.6 = 60 % fewer pages per incident.
    reduced: perCur !== null && perPrev ? 1 - perCur / perPrev : null,
  };
}
