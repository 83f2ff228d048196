import { type SQL, sql } from 'drizzle-orm';
import { compare } from '../../domain/metrics/comparison.js';
import { type Digest, OPEN_LISTED, type OpenIncident } from '../../domain/metrics/digest.js';
import type { Severity } from '../../domain/severity.js';
import type { Db } from '../client.js';
import { at, type DigestQuery, inScope, rowsOf } from './digest-scope.js';

interface Listed {
  number: number;
  title: string;
  severity: number;
  channel_id: string | null;
  declared_at: string;
}

/**
 * Incidents open at `now` (and at `from`, for the comparison), how many are private, and the
 * oldest non-private ones by name. Private incidents are counted, never listed: their titles do
 * not leave the query.
 */
export async function loadOpenIncidents(db: Db, q: DigestQuery): Promise<Digest['open']> {
  const openAt = (t: SQL) => sql`(i.declared_at <= ${t} and (i.resolved_at is null or i.resolved_at > ${t}))`;
  const [now, from] = [at(q.now), at(q.from)];
  const result = await db.execute(sql`
    select
      count(*) filter (where ${openAt(now)})::int as open,
      count(*) filter (where ${openAt(from)})::int as open_prev,
      count(*) filter (where ${openAt(now)} and i.is_private)::int as private,
      (select coalesce(json_agg(o), '[]'::json) from (
        select i.number, i.title, i.severity, i.channel_id, i.declared_at from incidents i
        where ${inScope(q)} and not i.is_private and ${openAt(now)}
        order by i.declared_at, i.number limit ${OPEN_LISTED}
      ) o) as oldest
    from incidents i
    where ${inScope(q)} and i.declared_at <= ${now} and (i.resolved_at is null or i.resolved_at > ${from})`);
  const row = rowsOf<{ open: number; open_prev: number; private: number; oldest: Listed[] | string }>(result)[0]!;
  // node-postgres parses json; PGlite does too, but a string is accepted in case a driver does not.
  const listed = typeof row.oldest === 'string' ? (JSON.parse(row.oldest) as Listed[]) : row.oldest;
  return {
    count: compare(Number(row.open), Number(row.open_prev)),
    private: Number(row.private),
    oldest: listed.map((r): OpenIncident => {
      const declaredAt = new Date(r.declared_at);
      return {
        number: r.number,
        title: r.title,
        severity: r.severity as Severity,
        channelId: r.channel_id,
        declaredAt,
        ageMs: q.now.getTime() - declaredAt.getTime(),
      };
    }),
  };
}
