import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type StatusUpdateRow, statusUpdates } from '../schema/index.js';

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
 * Automatic updates claimed but never marked posted, older than `before`: interrupted by a crash or a
 * Slack error. (A human's update that failed was answered with the error; it is theirs to retry.)
 */
export async function findInterruptedUpdates(db: Db, before: Date): Promise<StatusUpdateRow[]> {
  return db
    .select()
    .from(statusUpdates)
    .where(
      and(isNull(statusUpdates.postedAt), lt(statusUpdates.claimedAt, before), eq(statusUpdates.source, 'automatic')),
    )
    .limit(50);
}

export async function listStatusUpdates(db: Db, incidentId: string): Promise<StatusUpdateRow[]> {
  return db
    .select()
    .from(statusUpdates)
    .where(eq(statusUpdates.incidentId, incidentId))
    .orderBy(statusUpdates.claimedAt);
}
