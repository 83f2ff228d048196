import { and, asc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type NewReminderRow, type ReminderRow, reminders } from '../schema/index.js';

/** Stores reminders to deliver; a key already stored is a no-op (a claim cannot owe a message twice). */
export async function insertReminders(db: Db, rows: NewReminderRow[]): Promise<void> {
  if (!rows.length) return;
  await db.insert(reminders).values(rows).onConflictDoNothing({ target: reminders.key });
}

/**
 * Takes the delivery lease on pending reminders of one kind: free ones, and ones whose holder let
 * the lease run out (it crashed). One statement with SKIP LOCKED, so replicas take disjoint rows.
 * A row taken over from an expired lease comes back `unsure`: its holder may have posted it.
 */
export async function claimPendingReminders(
  db: Db,
  kind: string,
  now: Date,
  leaseExpiredBefore: Date,
  limit = 50,
): Promise<ReminderRow[]> {
  const free = db
    .select({ id: reminders.id })
    .from(reminders)
    .where(
      and(
        eq(reminders.kind, kind),
        isNull(reminders.doneAt),
        or(isNull(reminders.notBefore), lte(reminders.notBefore, now)),
        or(isNull(reminders.claimedAt), lt(reminders.claimedAt, leaseExpiredBefore)),
      ),
    )
    .orderBy(asc(reminders.createdAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(reminders)
    .set({
      claimedAt: now,
      attempts: sql`${reminders.attempts} + 1`,
      // SET reads the old row: a lease still held means its holder never said how it ended.
      unsure: sql`${reminders.unsure} or ${reminders.claimedAt} is not null`,
    })
    .where(sql`${reminders.id} in ${free}`)
    .returning();
}

/** Delivered (`ts`), or dropped as no longer due (`ts` null). */
export async function finishReminder(db: Db, id: string, at: Date, ts: string | null, error?: string): Promise<void> {
  await db
    .update(reminders)
    .set({ doneAt: at, ts, claimedAt: null, ...(error && { lastError: error }) })
    .where(eq(reminders.id, id));
}

/** Frees the lease after a failed attempt so the next tick tries again. */
export async function releaseReminder(
  db: Db,
  id: string,
  args: { unsure: boolean; error: string; notBefore: Date },
): Promise<void> {
  await db
    .update(reminders)
    .set({ claimedAt: null, unsure: args.unsure, lastError: args.error, notBefore: args.notBefore })
    .where(eq(reminders.id, id));
}

/** Deletes reminders finished (delivered, dropped or given up) before `before`; returns how many. */
export async function pruneReminders(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(reminders).where(lt(reminders.doneAt, before)).returning({ id: reminders.id });
  return rows.length;
}
