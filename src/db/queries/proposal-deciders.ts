import { and, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { remediationAudit } from '../schema/index.js';

/**
 * Who approved, rejected or stopped a proposal in [from, to): the people the month's trust survey
 * asks. Automatic decisions have no actor and are not anyone's.
 */
export async function proposalDeciders(db: Db, from: Date, to: Date): Promise<string[]> {
  const a = remediationAudit;
  const rows = await db
    .selectDistinct({ actorId: a.actorId })
    .from(a)
    .where(
      and(inArray(a.event, ['approved', 'rejected', 'stopped']), isNotNull(a.actorId), gte(a.at, from), lt(a.at, to)),
    );
  return rows.map((r) => r.actorId!).sort();
}
