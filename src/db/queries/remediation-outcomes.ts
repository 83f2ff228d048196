import { sql } from 'drizzle-orm';
import { compare, compareRate } from '../../domain/metrics/comparison.js';
import type { Digest } from '../../domain/metrics/digest.js';
import type { Db } from '../client.js';
import { at, type DigestQuery, inScope, rowsOf, severityIncreased } from './digest-scope.js';

type Outcomes = Pick<Digest['automation'], 'autoResolution' | 'aiHandledMttr' | 'regression'>;

/**
 * Auto-resolution rate, the MTTR of auto-resolved incidents and the regression rate, for the week
 * and the week before (DIGEST_DEFINITIONS.autoResolution / regression, word for word). One
 * statement: each resolved incident looks up only its last remediation and the events after it,
 * through the (incident_id, …) indexes, so the cost follows the week's incidents, not the history.
 * A rollback is a `rolled_back` audit row of that proposal.
 */
export async function loadRemediationOutcomes(db: Db, q: DigestQuery): Promise<Outcomes> {
  const cur = at(q.from);
  const result = await db.execute(sql`
    with resolved as (
      select i.id, i.declared_at, i.resolved_at, i.mitigated_at, i.resolved_at >= ${cur} as cur,
        last.id as proposal_id, last.status, last.executed_at
      from incidents i
      left join lateral (
        select p.id, p.status, p.executed_at from remediation_proposals p
        where p.incident_id = i.id and p.mode = 'propose' and p.status in ('executed', 'failed')
          and p.executed_at <= i.resolved_at
        order by p.executed_at desc, p.id desc limit 1
      ) last on true
      where ${inScope(q)} and i.resolution is distinct from 'false_alarm'
        and i.resolved_at >= ${at(q.prevFrom)} and i.resolved_at < ${at(q.to)}
    ), judged as (
      select r.cur, (extract(epoch from r.resolved_at - r.declared_at) * 1000)::float8 as ttr_ms,
        coalesce(r.status = 'executed'
          and (r.mitigated_at is null or r.mitigated_at >= r.executed_at)
          and not exists (
            select 1 from timeline_events e
            where e.incident_id = r.id and e.at > r.executed_at and e.at <= r.resolved_at
              and (e.kind in ('reopened', 'automation_stopped') or ${severityIncreased}))
          and not exists (
            select 1 from remediation_audit a where a.proposal_id = r.proposal_id and a.event = 'rolled_back'),
        false) as auto
      from resolved r
    ), executed as (
      select p.executed_at >= ${cur} as cur,
        exists (
          select 1 from timeline_events e
          where e.incident_id = p.incident_id and e.at > p.executed_at
            and e.at <= p.executed_at + interval '30 minutes' and ${severityIncreased})
        or exists (select 1 from remediation_audit a where a.proposal_id = p.id and a.event = 'rolled_back')
        as regressed
      from remediation_proposals p join incidents i on i.id = p.incident_id
      where ${inScope(q)} and p.status = 'executed'
        and p.executed_at >= ${at(q.prevFrom)} and p.executed_at < ${at(q.to)}
    )
    select
      (select count(*) filter (where cur) from judged)::int as resolved,
      (select count(*) filter (where not cur) from judged)::int as resolved_prev,
      (select count(*) filter (where cur and auto) from judged)::int as auto,
      (select count(*) filter (where not cur and auto) from judged)::int as auto_prev,
      (select percentile_cont(0.5) within group (order by ttr_ms) filter (where cur and auto) from judged) as ttr,
      (select percentile_cont(0.5) within group (order by ttr_ms) filter (where not cur and auto) from judged)
        as ttr_prev,
      (select count(*) filter (where cur) from executed)::int as executed,
      (select count(*) filter (where not cur) from executed)::int as executed_prev,
      (select count(*) filter (where cur and regressed) from executed)::int as regressed,
      (select count(*) filter (where not cur and regressed) from executed)::int as regressed_prev`);
  const row = rowsOf<Record<string, number | null>>(result)[0]!;
  const n = (name: string) => Number(row[name] ?? 0);
  return {
    autoResolution: compareRate(n('auto'), n('resolved'), n('auto_prev'), n('resolved_prev')),
    aiHandledMttr: compare(row.ttr ?? null, row.ttr_prev ?? null),
    regression: compareRate(n('regressed'), n('executed'), n('regressed_prev'), n('executed_prev')),
  };
}
