import { and, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { incidents, type RemediationProposalRow, remediationAudit, remediationProposals } from '../schema/index.js';

export type NewProposal = typeof remediationProposals.$inferInsert;

export async function insertProposal(db: Db, values: NewProposal): Promise<RemediationProposalRow> {
  const [row] = await db.insert(remediationProposals).values(values).returning();
  return row!;
}

export async function findProposal(db: Db, id: string): Promise<RemediationProposalRow | undefined> {
  const [row] = await db.select().from(remediationProposals).where(eq(remediationProposals.id, id));
  return row;
}

/** The proposal an `/incident analyze` request stored at one rank, if it got that far (it is being carried out again). */
export async function findProposalByRequestKey(
  db: Db,
  requestKey: string,
): Promise<RemediationProposalRow | undefined> {
  const [row] = await db.select().from(remediationProposals).where(eq(remediationProposals.requestKey, requestKey));
  return row;
}

/** Proposals by id (those a STOP cancelled, for example), in no particular order. */
export async function findProposals(db: Db, ids: string[]): Promise<RemediationProposalRow[]> {
  if (!ids.length) return [];
  return db.select().from(remediationProposals).where(inArray(remediationProposals.id, ids));
}

export async function setProposal(db: Db, id: string, values: Partial<NewProposal>): Promise<RemediationProposalRow> {
  const [row] = await db.update(remediationProposals).set(values).where(eq(remediationProposals.id, id)).returning();
  return row!;
}

/**
 * Moves a proposal from one status to another only if it is still in `from` (and, for a pending
 * one, not expired at `now`). The database decides the race: exactly one caller gets the row back.
 */
export async function transitionProposal(
  db: Db,
  id: string,
  from: string,
  values: Partial<NewProposal> & { status: string },
  now?: Date,
): Promise<RemediationProposalRow | undefined> {
  const [row] = await db
    .update(remediationProposals)
    .set(values)
    .where(
      and(
        eq(remediationProposals.id, id),
        eq(remediationProposals.status, from),
        ...(now ? [gt(remediationProposals.expiresAt, now)] : []),
      ),
    )
    .returning();
  return row;
}

/**
 * Sets the service a pending proposal acts on, only while it is pending (and not expired at `now`)
 * and has none yet: of two people choosing at once, the first choice stands.
 */
export async function setProposalTarget(
  db: Db,
  id: string,
  params: Record<string, string>,
  now: Date,
): Promise<RemediationProposalRow | undefined> {
  const [row] = await db
    .update(remediationProposals)
    .set({ params })
    .where(
      and(
        eq(remediationProposals.id, id),
        eq(remediationProposals.status, 'pending'),
        gt(remediationProposals.expiresAt, now),
        isNull(sql`${remediationProposals.params} ->> 'service'`),
      ),
    )
    .returning();
  return row;
}

/** The newest audit entry of one kind for a proposal (who chose its target, for example). */
export async function findProposalAudit(
  db: Db,
  proposalId: string,
  event: string,
): Promise<{ actorId: string | null; at: Date; detail: Record<string, unknown> } | undefined> {
  const [row] = await db
    .select({ actorId: remediationAudit.actorId, at: remediationAudit.at, detail: remediationAudit.detail })
    .from(remediationAudit)
    .where(and(eq(remediationAudit.proposalId, proposalId), eq(remediationAudit.event, event)))
    .orderBy(desc(remediationAudit.at))
    .limit(1);
  return row;
}

/** Cancels every proposal of an incident that has not been sent to an executor (STOP). */
export async function stopOpenProposals(
  db: Db,
  incidentId: string,
  actorId: string,
  at: Date,
): Promise<RemediationProposalRow[]> {
  return db
    .update(remediationProposals)
    .set({ status: 'stopped', decidedBy: actorId, decidedAt: at })
    .where(
      and(
        eq(remediationProposals.incidentId, incidentId),
        inArray(remediationProposals.status, ['pending', 'approved']),
      ),
    )
    .returning();
}

/**
 * approved → executing, unless the incident's automation is stopped: the incident row is read FOR
 * SHARE in the same transaction, so a STOP committing meanwhile waits for this or wins before it.
 */
export async function beginExecution(
  db: Db,
  proposal: { id: string; incidentId: string },
  now: Date,
): Promise<RemediationProposalRow | undefined> {
  return db.transaction(async (tx) => {
    const [incident] = await tx
      .select({ stoppedAt: incidents.automationStoppedAt })
      .from(incidents)
      .where(eq(incidents.id, proposal.incidentId))
      .for('share');
    if (incident?.stoppedAt) return undefined;
    return transitionProposal(tx, proposal.id, 'approved', { status: 'executing', executingSince: now });
  });
}

/**
 * Executions with no recorded answer since before `cutoff` (the process died, or recording the
 * answer failed), claimed by moving their clock to `now`: of two replicas sweeping, one gets each.
 */
export async function claimStuckExecutions(db: Db, now: Date, cutoff: Date): Promise<RemediationProposalRow[]> {
  return db
    .update(remediationProposals)
    .set({ executingSince: now, resends: sql`${remediationProposals.resends} + 1` })
    .where(and(eq(remediationProposals.status, 'executing'), lt(remediationProposals.executingSince, cutoff)))
    .returning();
}

/**
 * Rollbacks claimed but never answered whose lease ran out (the sender died between the claim and
 * the answer), claimed again until `leaseUntil`: of two replicas sweeping, one gets each.
 */
export async function claimUnsentRollbacks(db: Db, now: Date, leaseUntil: Date): Promise<RemediationProposalRow[]> {
  const p = remediationProposals;
  return db
    .update(p)
    .set({ rollbackLeaseUntil: leaseUntil })
    .where(
      and(
        isNotNull(p.rollbackAt),
        isNull(p.rollbackStatus),
        or(isNull(p.rollbackLeaseUntil), lte(p.rollbackLeaseUntil, now)),
      ),
    )
    .returning();
}

/** Records a rollback's answer, only the first time: of a slow sender and a sweeper, one records. */
export async function recordRollbackAnswer(
  db: Db,
  id: string,
  answer: { rollbackStatus: string; rollbackDetail: string },
): Promise<RemediationProposalRow | undefined> {
  const p = remediationProposals;
  const [row] = await db
    .update(p)
    .set({ ...answer, rollbackLeaseUntil: null })
    .where(and(eq(p.id, id), isNull(p.rollbackStatus)))
    .returning();
  return row;
}

/** Closes an incident's proposals nobody may act on any more (it was resolved). */
export async function closeOpenProposals(db: Db, incidentId: string, at: Date): Promise<RemediationProposalRow[]> {
  return db
    .update(remediationProposals)
    .set({ status: 'closed', decidedAt: at })
    .where(
      and(
        eq(remediationProposals.incidentId, incidentId),
        inArray(remediationProposals.status, ['pending', 'approved']),
      ),
    )
    .returning();
}

export async function expireDueProposals(db: Db, now: Date): Promise<RemediationProposalRow[]> {
  return db
    .update(remediationProposals)
    .set({ status: 'expired', decidedAt: now })
    .where(and(eq(remediationProposals.status, 'pending'), lte(remediationProposals.expiresAt, now)))
    .returning();
}

/** Whether the audit holds `event` for the incident recorded by the request `requestKey` (its `detail.requestKey`). */
export async function findAuditByRequest(
  db: Db,
  incidentId: string,
  event: string,
  requestKey: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: remediationAudit.id })
    .from(remediationAudit)
    .where(
      and(
        eq(remediationAudit.incidentId, incidentId),
        eq(remediationAudit.event, event),
        sql`${remediationAudit.detail}->>'requestKey' = ${requestKey}`,
      ),
    )
    .limit(1);
  return !!row;
}

export async function audit(
  db: Db,
  entry: {
    incidentId: string;
    proposalId?: string;
    event: string;
    actorId?: string | null;
    at: Date;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(remediationAudit).values({ ...entry, actorId: entry.actorId ?? null, detail: entry.detail ?? {} });
}
