import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type ActionItemRow, actionItems, type NewActionItemRow } from '../schema/index.js';

/**
 * Adds an action item with the next number of its incident. With a `sourceKey` (an item the draft
 * proposed) or a `requestKey` (the command or form that added it) a second insert of the same key is a
 * no-op and returns undefined: re-drafting a postmortem, or carrying a request out again after a
 * crash, never duplicates an action item.
 */
export async function insertActionItem(
  db: Db,
  values: Omit<NewActionItemRow, 'seq'>,
): Promise<ActionItemRow | undefined> {
  const [row] = await db
    .insert(actionItems)
    .values({
      ...values,
      seq: sql`(select coalesce(max(${actionItems.seq}), 0) + 1 from ${actionItems} where ${actionItems.incidentId} = ${values.incidentId})`,
    })
    .onConflictDoNothing({
      target: values.requestKey ? actionItems.requestKey : [actionItems.incidentId, actionItems.sourceKey],
    })
    .returning();
  return row;
}

/** The action item a request added, if it did (the request is being carried out again). */
export async function findActionItemByRequestKey(db: Db, requestKey: string): Promise<ActionItemRow | undefined> {
  const [row] = await db.select().from(actionItems).where(eq(actionItems.requestKey, requestKey));
  return row;
}

export async function listActionItems(db: Db, incidentId: string): Promise<ActionItemRow[]> {
  return db.select().from(actionItems).where(eq(actionItems.incidentId, incidentId)).orderBy(asc(actionItems.seq));
}

export async function findActionItem(db: Db, id: string): Promise<ActionItemRow | undefined> {
  const [row] = await db.select().from(actionItems).where(eq(actionItems.id, id));
  return row;
}

/**
 * Open items past due that were not reminded since `remindedBefore`, claimed by stamping
 * `reminded_at` in the same statement: two replicas cannot both remind the same item.
 */
export async function claimOverdueActionItems(
  db: Db,
  now: Date,
  remindedBefore: Date,
  limit = 100,
): Promise<ActionItemRow[]> {
  const due = db
    .select({ id: actionItems.id })
    .from(actionItems)
    .where(
      and(
        eq(actionItems.status, 'open'),
        lt(actionItems.dueOn, now),
        or(isNull(actionItems.remindedAt), lt(actionItems.remindedAt, remindedBefore)),
      ),
    )
    .orderBy(asc(actionItems.dueOn))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db.update(actionItems).set({ remindedAt: now }).where(sql`${actionItems.id} in ${due}`).returning();
}

/**
 * Closes an open item (done), once: of a click and a tracker webhook racing, one wins and the
 * other gets undefined. `via` says where it was closed (a tracker close is not sent back).
 */
export async function closeActionItem(
  db: Db,
  id: string,
  now: Date,
  via: 'slack' | 'tracker',
): Promise<ActionItemRow | undefined> {
  const [row] = await db
    .update(actionItems)
    .set({ status: 'done', closedAt: now, closedVia: via, ...(via === 'slack' && { trackerNextAttemptAt: now }) })
    .where(and(eq(actionItems.id, id), eq(actionItems.status, 'open')))
    .returning();
  return row;
}

/** Reopened in the tracker: the item is open again here. */
export async function reopenActionItem(db: Db, id: string): Promise<ActionItemRow | undefined> {
  const [row] = await db
    .update(actionItems)
    .set({ status: 'open', closedAt: null, closedVia: null })
    .where(and(eq(actionItems.id, id), eq(actionItems.status, 'done')))
    .returning();
  return row;
}

export async function setActionItemMessage(db: Db, id: string, ts: string): Promise<void> {
  await db.update(actionItems).set({ messageTs: ts }).where(eq(actionItems.id, id));
}
