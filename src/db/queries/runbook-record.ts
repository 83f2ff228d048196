import { and, count, eq, gte, inArray, min, type SQL, sql } from 'drizzle-orm';
import type { TrackRecord } from '../../domain/autonomy.js';
import type { Db } from '../client.js';
import { remediationAudit, remediationProposals, remediationWatches } from '../schema/index.js';
import { at, rowsOf } from './digest-scope.js';

/** What one runbook did since a date: executed, verified, regressed, rolled back; and when it was first proposed (ever). */
export interface RunbookRecord extends TrackRecord {
  rolledBack: number;
}

const empty = (): RunbookRecord => ({ executed: 0, verified: 0, regressed: 0, rolledBack: 0, firstProposedAt: null });

/**
 * Every runbook's record since `since` (the 90-day window), by runbook id; `only` narrows it to some
 * runbooks (one proposal's message). Executed: proposals executed in the window, except those whose
 * verification is still running (an execution that cannot be verified counts as not verified). Verified: their
 * watches that ended verified in it. Regressed: executions in the window whose watch regressed or
 * that were rolled back (by Firebreak or a person), each counted once — what the autonomy gate's
 * regression rate divides by the executions.
 */
export async function runbookRecords(
  db: Db,
  since: Date,
  only?: readonly string[],
): Promise<Map<string, RunbookRecord>> {
  const records = new Map<string, RunbookRecord>();
  const get = (id: string) => {
    const found = records.get(id);
    if (found) return found;
    const fresh = empty();
    records.set(id, fresh);
    return fresh;
  };
  const p = remediationProposals;
  const w = remediationWatches;
  const a = remediationAudit;
  const of = (column: typeof p.runbookId | typeof w.runbookId): SQL[] => (only ? [inArray(column, [...only])] : []);
  const [first, executed, verified, rolledBack, regressed] = await Promise.all([
    db
      .select({ id: p.runbookId, first: min(p.createdAt) })
      .from(p)
      .where(and(...of(p.runbookId)))
      .groupBy(p.runbookId),
    db
      .select({ id: p.runbookId, n: count() })
      .from(p)
      .where(
        and(
          eq(p.status, 'executed'),
          gte(p.executedAt, since),
          ...of(p.runbookId),
          // Still being verified: not known yet either way, so not counted against the record.
          sql`not exists (select 1 from ${w} where ${w.proposalId} = ${p.id} and ${w.status} = 'watching')`,
        ),
      )
      .groupBy(p.runbookId),
    db
      .select({ id: w.runbookId, n: count() })
      .from(w)
      .where(and(eq(w.status, 'verified'), gte(w.endedAt, since), ...of(w.runbookId)))
      .groupBy(w.runbookId),
    db
      .select({ id: p.runbookId, n: count() })
      .from(a)
      .innerJoin(p, eq(a.proposalId, p.id))
      .where(and(eq(a.event, 'rolled_back'), gte(a.at, since), ...of(p.runbookId)))
      .groupBy(p.runbookId),
    db
      .select({ id: p.runbookId, n: count() })
      .from(p)
      .where(
        and(
          eq(p.status, 'executed'),
          gte(p.executedAt, since),
          ...of(p.runbookId),
          sql`(exists (select 1 from ${w} where ${w.proposalId} = ${p.id} and ${w.status} = 'regressed')
            or exists (select 1 from ${a} where ${a.proposalId} = ${p.id} and ${a.event} = 'rolled_back'))`,
        ),
      )
      .groupBy(p.runbookId),
  ]);
  for (const row of first) get(row.id).firstProposedAt = row.first;
  for (const row of executed) get(row.id).executed = row.n;
  for (const row of verified) get(row.id).verified = row.n;
  for (const row of rolledBack) get(row.id).rolledBack = row.n;
  for (const row of regressed) get(row.id).regressed = row.n;
  return records;
}

/** One runbook's record since `since` (all zero when it never ran). */
export async function runbookRecord(db: Db, runbookId: string, since: Date): Promise<RunbookRecord> {
  return (await runbookRecords(db, since, [runbookId])).get(runbookId) ?? empty();
}

/** A runbook's shadow-mode record: shadow proposals judged (their incident resolved) and accurate ones. */
export interface ShadowRecord {
  evaluated: number;
  accurate: number;
}

/**
 * Shadow proposals made since `since`, judged as the digest's shadow accuracy judges them
 * (DIGEST_DEFINITIONS.shadowAccuracy), by runbook: what "ready to leave shadow mode" is decided on.
 */
export async function shadowRecords(db: Db, since: Date, now: Date): Promise<Map<string, ShadowRecord>> {
  const result = await db.execute(sql`
    select p.runbook_id as id,
      count(*) filter (where i.resolved_at <= ${at(now)})::int as evaluated,
      count(*) filter (where i.resolved_at <= ${at(now)}
        and i.resolution is distinct from 'false_alarm'
        and exists (
          select 1 from remediation_proposals h
          where h.incident_id = p.incident_id and h.runbook_id = p.runbook_id and h.mode = 'propose'
            and h.status = 'executed' and h.auto_approved is null
            and h.executed_at > p.created_at and h.executed_at <= i.resolved_at
            and not exists (select 1 from remediation_audit a where a.proposal_id = h.id and a.event = 'rolled_back')
        ))::int as accurate
    from remediation_proposals p join incidents i on i.id = p.incident_id
    where p.mode = 'shadow' and p.created_at >= ${at(since)} and i.is_drill = false
    group by p.runbook_id`);
  return new Map(
    rowsOf<{ id: string; evaluated: number; accurate: number }>(result).map((r) => [
      r.id,
      { evaluated: Number(r.evaluated), accurate: Number(r.accurate) },
    ]),
  );
}
