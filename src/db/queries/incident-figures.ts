import { type SQL, sql } from 'drizzle-orm';
import { compare, compareRate } from '../../domain/metrics/comparison.js';
import type { Digest, ResponseTimes, Spread } from '../../domain/metrics/digest.js';
import { SEVERITIES, type Severity } from '../../domain/severity.js';
import type { Db } from '../client.js';
import { type DigestQuery, inScope, rowsOf, spreadOf, weeks } from './digest-scope.js';

type Row = Record<string, unknown> & { severity: number | null; whole: number };

// Who is in each sample (DIGEST_DEFINITIONS): the incidents that reached the milestone in the period.
const MILESTONES = {
  mtta: { column: sql`i.acknowledged_at`, extra: sql`true` },
  mttm: { column: sql`i.mitigated_at`, extra: sql`i.resolution is distinct from 'false_alarm'` },
  mttr: { column: sql`i.resolved_at`, extra: sql`i.resolution is distinct from 'false_alarm'` },
} as const;
type Milestone = keyof typeof MILESTONES;

/**
 * Incident counts by severity, false alarms, and MTTA / MTTM / MTTR (median, p90) per severity and
 * overall, for the week and the week before: one statement, one row per severity plus the total
 * (grouping sets), percentiles by `percentile_cont` in the database.
 */
export async function loadIncidentFigures(db: Db, q: DigestQuery): Promise<Pick<Digest, 'incidents' | 'response'>> {
  const w = weeks(q);
  const spreads: SQL[] = [];
  for (const [name, m] of Object.entries(MILESTONES)) {
    const ms = sql`(extract(epoch from ${m.column} - i.declared_at) * 1000)::float8`;
    for (const [period, inPeriod] of [
      ['cur', w.cur],
      ['prev', w.prev],
    ] as const) {
      const where = sql`${inPeriod(m.column)} and ${m.extra}`;
      spreads.push(sql`percentile_cont(array[0.5, 0.9]) within group (order by ${ms}) filter (where ${where})
        as ${sql.raw(`${name}_${period}`)}`);
      spreads.push(sql`count(*) filter (where ${where})::int as ${sql.raw(`${name}_${period}_n`)}`);
    }
  }
  const falseAlarm = sql`i.resolution = 'false_alarm'`;
  const result = await db.execute(sql`
    select i.severity, grouping(i.severity) as whole,
      count(*) filter (where ${w.cur(sql`i.declared_at`)})::int as declared_cur,
      count(*) filter (where ${w.prev(sql`i.declared_at`)})::int as declared_prev,
      count(*) filter (where ${w.cur(sql`i.resolved_at`)})::int as resolved_cur,
      count(*) filter (where ${w.prev(sql`i.resolved_at`)})::int as resolved_prev,
      count(*) filter (where ${w.cur(sql`i.resolved_at`)} and ${falseAlarm})::int as false_cur,
      count(*) filter (where ${w.prev(sql`i.resolved_at`)} and ${falseAlarm})::int as false_prev,
      ${sql.join(spreads, sql`, `)}
    from incidents i
    where ${inScope(q)} and (${w.both(sql`i.declared_at`)} or ${w.both(sql`i.acknowledged_at`)}
      or ${w.both(sql`i.mitigated_at`)} or ${w.both(sql`i.resolved_at`)})
    group by grouping sets ((i.severity), ())`);
  const rows = rowsOf<Row>(result);
  const total = rows.find((r) => Number(r.whole) === 1);
  const bySeverity = (s: Severity) => rows.find((r) => Number(r.whole) === 0 && r.severity === s);
  const count = (r: Row | undefined, key: string) => (r ? Number(r[key]) : 0);
  return {
    incidents: {
      total: compare(count(total, 'declared_cur'), count(total, 'declared_prev')),
      bySeverity: perSeverity((s) =>
        compare(count(bySeverity(s), 'declared_cur'), count(bySeverity(s), 'declared_prev')),
      ),
      falseAlarms: compareRate(
        count(total, 'false_cur'),
        count(total, 'resolved_cur'),
        count(total, 'false_prev'),
        count(total, 'resolved_prev'),
      ),
    },
    response: { ...responseTimes(total), bySeverity: perSeverity((s) => responseTimes(bySeverity(s))) },
  };
}

function responseTimes(row: Row | undefined): ResponseTimes {
  const spread = (m: Milestone): Spread => {
    const cur = spreadOf(row?.[`${m}_cur`] ?? null);
    const prev = spreadOf(row?.[`${m}_prev`] ?? null);
    return {
      median: compare(cur.median, prev.median),
      p90: compare(cur.p90, prev.p90),
      n: Number(row?.[`${m}_cur_n`] ?? 0),
    };
  };
  return { mtta: spread('mtta'), mttm: spread('mttm'), mttr: spread('mttr') };
}

const perSeverity = <T>(fn: (s: Severity) => T): Record<Severity, T> =>
  Object.fromEntries(SEVERITIES.map((s) => [s, fn(s)])) as Record<Severity, T>;
