import { sql } from 'drizzle-orm';
import { compare } from '../../domain/metrics/comparison.js';
import type { Digest } from '../../domain/metrics/digest.js';
import type { Db } from '../client.js';
import { type DigestQuery, inScope, rowsOf, weeks } from './digest-scope.js';

/**
 * Actions verified by their runbook's `verify` query, and rollbacks Firebreak ran by itself after a
 * regression (claimed with no person, accepted by the executor), in the week and the week before
 * (DIGEST_DEFINITIONS.verified / autoRolledBack). One statement over both weeks.
 */
export async function loadClosedLoopFigures(db: Db, q: DigestQuery): Promise<Digest['closedLoop']> {
  const w = weeks(q);
  const result = await db.execute(sql`
    select
      (select count(*) filter (where ${w.cur(sql`v.ended_at`)}) from remediation_watches v
        join incidents i on i.id = v.incident_id
        where ${inScope(q)} and v.status = 'verified' and ${w.both(sql`v.ended_at`)})::int as verified,
      (select count(*) filter (where ${w.prev(sql`v.ended_at`)}) from remediation_watches v
        join incidents i on i.id = v.incident_id
        where ${inScope(q)} and v.status = 'verified' and ${w.both(sql`v.ended_at`)})::int as verified_prev,
      (select count(*) filter (where ${w.cur(sql`p.rollback_at`)}) from remediation_proposals p
        join incidents i on i.id = p.incident_id
        where ${inScope(q)} and p.rollback_by is null and p.rollback_status = 'accepted'
          and ${w.both(sql`p.rollback_at`)})::int as rolled_back,
      (select count(*) filter (where ${w.prev(sql`p.rollback_at`)}) from remediation_proposals p
        join incidents i on i.id = p.incident_id
        where ${inScope(q)} and p.rollback_by is null and p.rollback_status = 'accepted'
          and ${w.both(sql`p.rollback_at`)})::int as rolled_back_prev`);
  const row = rowsOf<Record<string, unknown>>(result)[0] ?? {};
  const n = (name: string) => Number(row[name] ?? 0);
  return {
    verified: compare(n('verified'), n('verified_prev')),
    autoRolledBack: compare(n('rolled_back'), n('rolled_back_prev')),
  };
}
