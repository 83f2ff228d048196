import { and, eq, gt, inArray, isNotNull, isNull, lt, lte, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  type RemediationProposalRow,
  type RemediationWatchRow,
  type RunbookSuspensionRow,
  remediationProposals,
  remediationWatches,
  runbookSuspensions,
} from '../schema/index.js';

export type NewWatch = typeof remediationWatches.$inferInsert;

/** Starts watching a proposal; a second start for the same proposal is a no-op (undefined). */
export async function insertWatch(db: Db, values: NewWatch): Promise<RemediationWatchRow | undefined> {
  const [row] = await db.insert(remediationWatches).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findWatchOfProposal(db: Db, proposalId: string): Promise<RemediationWatchRow | undefined> {
  const [row] = await db.select().from(remediationWatches).where(eq(remediationWatches.proposalId, proposalId));
  return row;
}

/**
 * Claims every watch nobody holds (or whose holder's lease ran out) until `leaseUntil`, in one
 * conditional update: of two replicas ticking together, each watch goes to exactly one.
 */
export async function claimWatches(db: Db, now: Date, leaseUntil: Date): Promise<RemediationWatchRow[]> {
  return db
    .update(remediationWatches)
    .set({ leaseUntil })
    .where(
      and(
        eq(remediationWatches.status, 'watching'),
        or(isNull(remediationWatches.leaseUntil), lte(remediationWatches.leaseUntil, now)),
      ),
    )
    .returning();
}

/** Records a sample of a watch still running, and releases it for the next tick. */
export async function recordWatchSample(
  db: Db,
  id: string,
  values: Pick<NewWatch, 'healthySince' | 'lastValue' | 'lastAt' | 'lastError'>,
): Promise<void> {
  await db
    .update(remediationWatches)
    .set({ ...values, leaseUntil: null })
    .where(and(eq(remediationWatches.id, id), eq(remediationWatches.status, 'watching')));
}

/** Ends a watch, only if it is still watching: the caller that gets the row back acts on the ending. */
export async function endWatch(
  db: Db,
  id: string,
  values: Partial<NewWatch> & { status: string; endedAt: Date },
): Promise<RemediationWatchRow | undefined> {
  const [row] = await db
    .update(remediationWatches)
    .set({ ...values, leaseUntil: null })
    .where(and(eq(remediationWatches.id, id), eq(remediationWatches.status, 'watching')))
    .returning();
  return row;
}

/** The ending's follow-up is done: nothing is left to tell. */
export async function markWatchTold(db: Db, id: string, at: Date): Promise<void> {
  await db
    .update(remediationWatches)
    .set({ toldAt: at, leaseUntil: null })
    .where(and(eq(remediationWatches.id, id), isNull(remediationWatches.toldAt)));
}

/**
 * Endings stored but never told (the process died between ending a watch and telling the channel),
 * ended between `endedAfter` and `endedBefore`, claimed with a lease so one replica tells each.
 * A regression whose rollback is claimed but unanswered is left to the rollback sweeper, which tells it.
 */
export async function claimUntoldWatches(
  db: Db,
  window: { now: Date; endedBefore: Date; endedAfter: Date; leaseUntil: Date },
): Promise<RemediationWatchRow[]> {
  const w = remediationWatches;
  const p = remediationProposals;
  const rollbackPending = db
    .select({ id: p.id })
    .from(p)
    .where(and(isNotNull(p.rollbackAt), isNull(p.rollbackStatus)));
  return db
    .update(w)
    .set({ leaseUntil: window.leaseUntil })
    .where(
      and(
        inArray(w.status, ['verified', 'regressed', 'inconclusive']),
        isNull(w.toldAt),
        lt(w.endedAt, window.endedBefore),
        gt(w.endedAt, window.endedAfter),
        or(isNull(w.leaseUntil), lte(w.leaseUntil, window.now)),
        notInArray(w.proposalId, rollbackPending),
      ),
    )
    .returning();
}

/** STOP: every watch of the incident ends as cancelled. */
export async function cancelWatches(db: Db, incidentId: string, at: Date): Promise<RemediationWatchRow[]> {
  return db
    .update(remediationWatches)
    .set({ status: 'cancelled', cause: 'stopped', endedAt: at, leaseUntil: null })
    .where(and(eq(remediationWatches.incidentId, incidentId), eq(remediationWatches.status, 'watching')))
    .returning();
}

/**
 * Whether the incident's automation is stopped, holding a share lock on its row until the
 * transaction ends: STOP updates that row, so it waits for (or wins against) whatever follows here.
 */
export async function automationStoppedForShare(db: Db, incidentId: string): Promise<boolean> {
  const res = await db.execute(sql`select automation_stopped_at from incidents where id = ${incidentId} for share`);
  const rows = (res as unknown as { rows: { automation_stopped_at: Date | null }[] }).rows;
  return !!rows[0]?.automation_stopped_at;
}

/**
 * Claims a proposal's rollback, once: for Firebreak itself (`by` null, after a regression) or a
 * person (the Roll back button). Stored before anything is sent, with a lease: a claim still
 * without an answer when the lease runs out (the process died before or while sending) is swept
 * and sent again with the same idempotency key (resume-rollbacks).
 */
export async function claimRollback(
  db: Db,
  proposalId: string,
  by: string | null,
  at: Date,
  leaseUntil: Date,
): Promise<RemediationProposalRow | undefined> {
  const [row] = await db
    .update(remediationProposals)
    .set({ rollbackAt: at, rollbackBy: by, rollbackLeaseUntil: leaseUntil })
    .where(and(eq(remediationProposals.id, proposalId), isNull(remediationProposals.rollbackAt)))
    .returning();
  return row;
}

/** Suspends a runbook; a runbook already suspended stays so (undefined: nothing new). */
export async function suspendRunbook(
  db: Db,
  values: { runbookId: string; proposalId: string; suspendedAt: Date; cause: string },
): Promise<RunbookSuspensionRow | undefined> {
  const [row] = await db.insert(runbookSuspensions).values(values).onConflictDoNothing().returning();
  return row;
}

/** Open suspensions, by runbook id. */
export async function openSuspensions(db: Db): Promise<Map<string, RunbookSuspensionRow>> {
  const rows = await db.select().from(runbookSuspensions).where(isNull(runbookSuspensions.liftedAt));
  return new Map(rows.map((r) => [r.runbookId, r]));
}

/** Lifts a runbook's open suspension; undefined when it was not suspended. */
export async function liftSuspension(
  db: Db,
  runbookId: string,
  by: string,
  reason: string | null,
  at: Date,
): Promise<RunbookSuspensionRow | undefined> {
  const [row] = await db
    .update(runbookSuspensions)
    .set({ liftedAt: at, liftedBy: by, liftedReason: reason })
    .where(and(eq(runbookSuspensions.runbookId, runbookId), isNull(runbookSuspensions.liftedAt)))
    .returning();
  return row;
}
