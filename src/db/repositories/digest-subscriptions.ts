import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { digestSubscriptions } from '../schema/index.js';

/**
 * Subscribes a channel to the digest, or changes its team when it already is. Returns whether a
 * subscription was already there (replaced).
 */
export async function upsertDigestSubscription(
  db: Db,
  values: { channelId: string; team: string | null; createdBy: string; createdAt: Date },
): Promise<{ replaced: boolean }> {
  const [existing] = await db
    .select({ channelId: digestSubscriptions.channelId })
    .from(digestSubscriptions)
    .where(eq(digestSubscriptions.channelId, values.channelId));
  await db
    .insert(digestSubscriptions)
    .values(values)
    .onConflictDoUpdate({
      target: digestSubscriptions.channelId,
      set: { team: values.team, createdBy: values.createdBy },
    });
  return { replaced: !!existing };
}

/** Removes a channel's subscription; false when there was none. */
export async function deleteDigestSubscription(db: Db, channelId: string): Promise<boolean> {
  const removed = await db
    .delete(digestSubscriptions)
    .where(eq(digestSubscriptions.channelId, channelId))
    .returning({ channelId: digestSubscriptions.channelId });
  return removed.length > 0;
}
