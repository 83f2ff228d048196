import { and, count, eq, gte, inArray, min } from 'drizzle-orm';
import type { Db } from '../client.js';
import { remediationAudit, remediationProposals, remediationWatches } from '../schema/index.js';

/** What one runbook did since a date: executed, verified, rolled back; and when it was first proposed (ever). */
export interface RunbookRecord {
  executed: number;
  verified: number;
  rolledBack: number;
  firstProposedAt: Date | null;
}

/** Every runbook's record since `since` (the 90-day window), by runbook id. */
export async function runbookRecords(db: Db, since: Date): Promise<Map<string, RunbookRecord>> {
  const records = new Map<string, RunbookRecord>();
  const get = (id: string) => {
    const found = records.get(id);
    if (found) return found;
    const fresh: RunbookRecord = { executed: 0, verified: 0, rolledBack: 0, firstProposedAt: null };
    records.set(id, fresh);
    return fresh;
  };
  const p = remediationProposals;
  for (const row of await db
    .select({ id: p.runbookId, first: min(p.createdAt) })
    .from(p)
    .groupBy(p.runbookId))
    get(row.id).firstProposedAt = row.first;
  for (const row of await db
    .select({ id: p.runbookId, n: count() })
    .from(p)
    .where(and(eq(p.status, 'executed'), gte(p.executedAt, since)))
    .groupBy(p.runbookId))
    get(row.id).executed = row.n;
  const w = remediationWatches;
  for (const row of await db
    .select({ id: w.runbookId, n: count() })
    .from(w)
    .where(and(eq(w.status, 'verified'), gte(w.endedAt, since)))
    .groupBy(w.runbookId))
    get(row.id).verified = row.n;
  const a = remediationAudit;
  for (const row of await db
    .select({ id: p.runbookId, n: count() })
    .from(a)
    .innerJoin(p, eq(a.proposalId, p.id))
    .where(and(inArray(a.event, ['rolled_back']), gte(a.at, since)))
    .groupBy(p.runbookId))
    get(row.id).rolledBack = row.n;
  return records;
}
