import { type SQL, sql } from 'drizzle-orm';
import { compare, compareRate } from '../../domain/metrics/comparison.js';
import type { Digest } from '../../domain/metrics/digest.js';
import type { Db } from '../client.js';
import { at, type DigestQuery, inScope, rowsOf, spreadOf } from './digest-scope.js';

type ProposalFigures = Pick<
  Digest['automation'],
  'made' | 'approved' | 'autoApproved' | 'rejected' | 'expired' | 'stopped' | 'timeToApproval' | 'shadowAccuracy'
>;

/**
 * What became of the proposals made in the week and the week before, human time to approval
 * (median, p90), and shadow-mode accuracy — one statement over the proposals of both weeks.
 * `approval_ms` is set by every approval (0 for policy ones), so "approved" stays counted when a
 * STOP later cancels the approved proposal before it ran (it is then also counted as stopped).
 */
export async function loadProposalFigures(db: Db, q: DigestQuery): Promise<ProposalFigures> {
  const propose = sql`x.mode = 'propose'`;
  const human = sql`${propose} and x.approval_ms is not null and x.auto_approved is null`;
  const aggregates = (cur: boolean) => {
    const p = sql.raw(cur ? 'x.cur' : 'not x.cur');
    const suffix = cur ? '' : '_prev';
    const count = (name: string, where: SQL) =>
      sql`count(*) filter (where ${p} and ${where})::int as ${sql.raw(name + suffix)}`;
    return sql.join(
      [
        count('made', propose),
        count('approved', sql`${propose} and x.approval_ms is not null`),
        count('auto_approved', sql`${propose} and x.approval_ms is not null and x.auto_approved is not null`),
        count('rejected', sql`${propose} and x.status = 'rejected'`),
        count('expired', sql`${propose} and x.status = 'expired'`),
        count('stopped', sql`${propose} and x.status = 'stopped'`),
        sql`percentile_cont(array[0.5, 0.9]) within group (order by x.approval_ms::float8)
              filter (where ${p} and ${human}) as ${sql.raw(`tta${suffix}`)}`,
        count('tta_n', human),
        count('evaluated', sql`x.evaluated`),
        count('accurate', sql`x.accurate`),
      ],
      sql`, `,
    );
  };
  const result = await db.execute(sql`
    select ${aggregates(true)}, ${aggregates(false)}
    from (
      select p.mode, p.status, p.approval_ms, p.auto_approved, p.created_at >= ${at(q.from)} as cur,
        -- Shadow accuracy (DIGEST_DEFINITIONS.shadowAccuracy): judged once the incident is resolved.
        (p.mode = 'shadow' and i.resolved_at <= ${at(q.now)}) as evaluated,
        (p.mode = 'shadow' and i.resolved_at <= ${at(q.now)} and i.resolution is distinct from 'false_alarm'
          and exists (
            select 1 from remediation_proposals h
            where h.incident_id = p.incident_id and h.runbook_id = p.runbook_id and h.mode = 'propose'
              and h.status = 'executed' and h.auto_approved is null
              and h.executed_at > p.created_at and h.executed_at <= i.resolved_at
              and not exists (select 1 from remediation_audit a where a.proposal_id = h.id and a.event = 'rolled_back')
          )) as accurate
      from remediation_proposals p join incidents i on i.id = p.incident_id
      where ${inScope(q)} and p.created_at >= ${at(q.prevFrom)} and p.created_at < ${at(q.to)}
    ) x`);
  const row = rowsOf<Record<string, unknown>>(result)[0] ?? {};
  const n = (name: string) => Number(row[name] ?? 0);
  const pair = (name: string) => compare(n(name), n(`${name}_prev`));
  const tta = spreadOf(row.tta ?? null);
  const ttaPrev = spreadOf(row.tta_prev ?? null);
  return {
    made: pair('made'),
    approved: pair('approved'),
    autoApproved: pair('auto_approved'),
    rejected: pair('rejected'),
    expired: pair('expired'),
    stopped: pair('stopped'),
    timeToApproval: { median: compare(tta.median, ttaPrev.median), p90: compare(tta.p90, ttaPrev.p90), n: n('tta_n') },
    shadowAccuracy: compareRate(n('accurate'), n('evaluated'), n('accurate_prev'), n('evaluated_prev')),
  };
}
