import { and, asc, eq, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type ActionItemRow, actionItems } from '../schema/index.js';

/**
 * Items with tracker work: not created yet, closed in Firebreak (not by the tracker) while the
 * tracker still shows them open, or whose issue text should be written again.
 */
const hasTrackerWork = (): SQL =>
  and(
    isNotNull(actionItems.tracker),
    or(
      isNull(actionItems.trackerId),
      and(eq(actionItems.status, 'done'), eq(actionItems.closedVia, 'slack'), eq(actionItems.trackerState, 'open')),
      and(isNotNull(actionItems.trackerId), eq(actionItems.trackerUpdateWanted, true)),
    ),
  )!;

const claimable = (now: Date): SQL =>
  and(
    hasTrackerWork(),
    isNull(actionItems.trackerFailedAt),
    lte(actionItems.trackerNextAttemptAt, now),
    or(isNull(actionItems.trackerClaimedUntil), lt(actionItems.trackerClaimedUntil, now)),
  )!;

/** Ids of items whose tracker work is due now (of one incident, or all), oldest first. */
export async function findDueTrackerItems(db: Db, now: Date, limit = 50, incidentId?: string): Promise<string[]> {
  const rows = await db
    .select({ id: actionItems.id })
    .from(actionItems)
    .where(incidentId ? and(claimable(now), eq(actionItems.incidentId, incidentId)) : claimable(now))
    .orderBy(asc(actionItems.trackerNextAttemptAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Takes an item's tracker work: a conditional update, so of two replicas exactly one talks to the tracker. */
export async function claimTrackerItem(
  db: Db,
  id: string,
  now: Date,
  leaseMs: number,
): Promise<ActionItemRow | undefined> {
  const [row] = await db
    .update(actionItems)
    .set({ trackerClaimedUntil: new Date(now.getTime() + leaseMs) })
    .where(and(eq(actionItems.id, id), claimable(now)))
    .returning();
  return row;
}

/** Records the tracker's issue once: only an item without a tracker id takes one. */
export async function recordTrackerIssue(
  db: Db,
  id: string,
  issue: { id: string; key: string; url: string; state: string },
  now: Date,
): Promise<ActionItemRow | undefined> {
  const [row] = await db
    .update(actionItems)
    .set({
      trackerId: issue.id,
      trackerKey: issue.key,
      trackerUrl: issue.url,
      trackerState: issue.state,
      trackerAttempts: 0,
      trackerError: null,
      trackerPolledAt: now,
    })
    .where(and(eq(actionItems.id, id), isNull(actionItems.trackerId)))
    .returning();
  return row;
}

/** The tracker's state as last seen (a close sent, a webhook, a poll). */
export async function setTrackerState(db: Db, id: string, state: string, now: Date): Promise<void> {
  await db
    .update(actionItems)
    .set({ trackerState: state, trackerPolledAt: now, trackerAttempts: 0, trackerError: null })
    .where(eq(actionItems.id, id));
}

/** A failed attempt: due again at `retryAt`, or (null) retries stop until someone clicks Retry. Frees the claim. */
export async function recordTrackerFailure(
  db: Db,
  id: string,
  failure: { error: string; attempts: number; retryAt: Date | null; at: Date },
): Promise<ActionItemRow> {
  const [row] = await db
    .update(actionItems)
    .set({
      trackerAttempts: failure.attempts,
      trackerError: failure.error,
      trackerClaimedUntil: null,
      ...(failure.retryAt ? { trackerNextAttemptAt: failure.retryAt } : { trackerFailedAt: failure.at }),
    })
    .where(eq(actionItems.id, id))
    .returning();
  return row!;
}

export async function releaseTrackerItem(db: Db, id: string): Promise<void> {
  await db.update(actionItems).set({ trackerClaimedUntil: null }).where(eq(actionItems.id, id));
}

/** The Retry button: due again now with a fresh count; undefined when nothing had failed. */
export async function retryTrackerItem(db: Db, id: string, now: Date): Promise<ActionItemRow | undefined> {
  const [row] = await db
    .update(actionItems)
    .set({ trackerFailedAt: null, trackerAttempts: 0, trackerNextAttemptAt: now })
    .where(and(eq(actionItems.id, id), or(isNotNull(actionItems.trackerFailedAt), isNotNull(actionItems.trackerError))))
    .returning();
  return row;
}

export async function findItemByTrackerId(
  db: Db,
  tracker: string,
  trackerId: string,
): Promise<ActionItemRow | undefined> {
  const [row] = await db
    .select()
    .from(actionItems)
    .where(and(eq(actionItems.tracker, tracker), eq(actionItems.trackerId, trackerId)));
  return row;
}

/**
 * Open items in a tracker not read back since `polledBefore`, claimed by stamping `tracker_polled_at`
 * in the same statement (two replicas never poll the same item twice).
 */
export async function claimItemsToPoll(db: Db, now: Date, polledBefore: Date, limit = 50): Promise<ActionItemRow[]> {
  const due = db
    .select({ id: actionItems.id })
    .from(actionItems)
    .where(
      and(
        isNotNull(actionItems.trackerId),
        eq(actionItems.trackerState, 'open'),
        or(isNull(actionItems.trackerPolledAt), lt(actionItems.trackerPolledAt, polledBefore)),
      ),
    )
    .orderBy(asc(actionItems.trackerPolledAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db.update(actionItems).set({ trackerPolledAt: now }).where(sql`${actionItems.id} in ${due}`).returning();
}

/** A postmortem now exists: the incident's tracker issues get their text again, with its link. */
export async function wantTrackerUpdates(db: Db, incidentId: string, now: Date): Promise<number> {
  const rows = await db
    .update(actionItems)
    .set({ trackerUpdateWanted: true, trackerNextAttemptAt: now })
    .where(and(eq(actionItems.incidentId, incidentId), isNotNull(actionItems.trackerId)))
    .returning({ id: actionItems.id });
  return rows.length;
}

export async function recordTrackerUpdated(db: Db, id: string): Promise<void> {
  await db
    .update(actionItems)
    .set({ trackerUpdateWanted: false, trackerAttempts: 0, trackerError: null })
    .where(eq(actionItems.id, id));
}
