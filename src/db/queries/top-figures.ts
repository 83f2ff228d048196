import { type SQL, sql } from 'drizzle-orm';
import { compare } from '../../domain/metrics/comparison.js';
import { type Digest, type Ranked, TOP_RANKED } from '../../domain/metrics/digest.js';
import type { Db } from '../client.js';
import { type DigestQuery, inScope, rowsOf, weeks } from './digest-scope.js';

interface Row {
  kind: 'service' | 'type';
  name: string | null;
  cur: number;
  prev: number;
}

/**
 * The top services and incident types of the week, with last week's count of each. An incident's
 * type is its runbook pattern: the runbook of its first executed remediation, else of its first
 * proposal (DIGEST_DEFINITIONS.types says why not the title). One statement; the groups are few
 * (services, runbooks), so ranking them here costs nothing.
 */
export async function loadTopFigures(db: Db, q: DigestQuery): Promise<Digest['top']> {
  const w = weeks(q);
  const cur = w.cur(sql`i.declared_at`);
  const prev = w.prev(sql`i.declared_at`);
  const result = await db.execute(sql`
    select 'service' as kind, s.name, count(*) filter (where ${cur})::int as cur, count(*) filter (where ${prev})::int as prev
    from incidents i cross join lateral jsonb_array_elements_text(i.services) as s(name)
    where ${inScope(q)} and ${w.both(sql`i.declared_at`)} and ${ownService(q)}
    group by s.name
    union all
    select 'type', t.runbook_id, count(*) filter (where ${cur})::int, count(*) filter (where ${prev})::int
    from incidents i left join lateral (
      select p.runbook_id from remediation_proposals p where p.incident_id = i.id
      order by (p.status = 'executed') desc, p.created_at, p.id limit 1
    ) t on true
    where ${inScope(q)} and ${w.both(sql`i.declared_at`)}
    group by t.runbook_id`);
  const rows = rowsOf<Row>(result);
  const types = rows.filter((r) => r.kind === 'type');
  // Every incident has exactly one type row (unclassified included), so they add up to the week's incidents.
  const incidents = types.reduce((sum, r) => sum + r.cur, 0);
  const unclassified = types.find((r) => r.name === null);
  return {
    services: rank(
      rows.filter((r) => r.kind === 'service'),
      incidents,
    ),
    types: rank(
      types.filter((r) => r.name !== null),
      incidents,
    ),
    unclassified: compare(unclassified?.cur ?? 0, unclassified?.prev ?? 0),
  };
}

/**
 * A team's digest ranks only the team's own services: an incident shared with another team counts
 * for the team, but the other team's service is not this team's to watch.
 */
function ownService(q: DigestQuery): SQL {
  if (!q.teamServices) return sql`true`;
  const names = q.teamServices.map((name) => sql`${name}`);
  return sql`s.name = any(array[${sql.join(names, sql`, `)}]::text[])`;
}

/** Most incidents first, then by name so equal counts always come out in the same order. */
function rank(rows: Row[], total: number): Ranked[] {
  return rows
    .filter((r) => r.cur > 0)
    .sort((a, b) => b.cur - a.cur || a.name!.localeCompare(b.name!))
    .slice(0, TOP_RANKED)
    .map((r) => ({ name: r.name!, count: compare(r.cur, r.prev), share: r.cur / total }));
}
