import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { incidents, type StatusUpdateRow, statusUpdates, timelineEvents } from '../schema/index.js';

export type NewStatusUpdate = typeof statusUpdates.$inferInsert;

/** Claims a slot: the first insert of a slot key wins; later ones (another replica, a retry) get undefined. */
export async function claimStatusSlot(db: Db, values: NewStatusUpdate): Promise<StatusUpdateRow | undefined> {
  const [row] = await db
    .insert(statusUpdates)
    .values(values)
    .onConflictDoNothing({ target: statusUpdates.slotKey })
    .returning();
  return row;
}

export async function markStatusPosted(
  db: Db,
  id: string,
  values: { postedAt: Date; channelTs: string; broadcastTs?: string | null; onTime: boolean; text?: string },
): Promise<void> {
  await db.update(statusUpdates).set(values).where(eq(statusUpdates.id, id));
}

/**
 * Updates claimed but never marked posted, older than `before`: an automatic one interrupted by a
 * crash or a Slack error, or a human's cut off by a crash. (A human's update that Slack refused was
 * undone at once and the person asked to send it again, so it is not here.)
 */
export async function findInterruptedUpdates(db: Db, before: Date): Promise<StatusUpdateRow[]> {
  return db
    .select()
    .from(statusUpdates)
    .where(and(isNull(statusUpdates.postedAt), lt(statusUpdates.claimedAt, before)))
    .limit(50);
}

export async function listStatusUpdates(db: Db, incidentId: string): Promise<StatusUpdateRow[]> {
  return db
    .select()
    .from(statusUpdates)
    .where(eq(statusUpdates.incidentId, incidentId))
    .orderBy(statusUpdates.claimedAt);
}

/** The update clock of an incident as it was before a human's update claimed a slot. */
export interface UpdateClock {
  nextUpdateAt: Date | null;
  lastUpdateAt: Date | null;
  lastUpdateMissed: boolean;
  updateReminderFor: Date | null;
}

/**
 * Undoes the claim of a human's status update that never reached Slack: the slot and its timeline
 * event go, and the clock is put back, so the automatic update and its reminder come as if the
 * attempt had not happened. The clock is restored only if it is still the one the claim set (a
 * severity change in between wins). One transaction: nothing half-undone either.
 */
export async function releaseStatusSlot(
  db: Db,
  a: { slotId: string; eventId: string | undefined; incidentId: string; before: UpdateClock; claimedAt: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(statusUpdates).where(eq(statusUpdates.id, a.slotId));
    if (a.eventId) await tx.delete(timelineEvents).where(eq(timelineEvents.id, a.eventId));
    await tx
      .update(incidents)
      .set({ ...a.before, updatedAt: sql`now()` })
      .where(and(eq(incidents.id, a.incidentId), eq(incidents.lastUpdateAt, a.claimedAt)));
  });
}

/** Reads the clock under a row lock, inside the claim's transaction. */
export async function lockUpdateClock(db: Db, incidentId: string): Promise<UpdateClock> {
  const [row] = await db
    .select({
      nextUpdateAt: incidents.nextUpdateAt,
      lastUpdateAt: incidents.lastUpdateAt,
      lastUpdateMissed: incidents.lastUpdateMissed,
      updateReminderFor: incidents.updateReminderFor,
    })
    .from(incidents)
    .where(eq(incidents.id, incidentId))
    .for('no key update');
  return row!;
}
