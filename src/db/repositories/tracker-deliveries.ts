import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type TrackerDeliveryRow, trackerDeliveries } from '../schema/index.js';

/** Stores a delivery; a delivery id already stored (a replay) returns undefined and changes nothing. */
export async function insertTrackerDelivery(
  db: Db,
  values: Omit<TrackerDeliveryRow, 'id' | 'processedAt'>,
): Promise<TrackerDeliveryRow | undefined> {
  const [row] = await db
    .insert(trackerDeliveries)
    .values(values)
    .onConflictDoNothing({ target: [trackerDeliveries.tracker, trackerDeliveries.deliveryId] })
    .returning();
  return row;
}

/** Deliveries stored but not processed, received before `before` (the one being answered is left to its request). */
export async function findPendingDeliveries(db: Db, before: Date, limit = 100): Promise<TrackerDeliveryRow[]> {
  return db
    .select()
    .from(trackerDeliveries)
    .where(and(isNull(trackerDeliveries.processedAt), lt(trackerDeliveries.receivedAt, before)))
    .orderBy(asc(trackerDeliveries.receivedAt))
    .limit(limit);
}

export async function markDeliveryProcessed(db: Db, id: string, now: Date): Promise<void> {
  await db.update(trackerDeliveries).set({ processedAt: now }).where(eq(trackerDeliveries.id, id));
}
