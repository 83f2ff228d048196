import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { rowsOf } from '../rows.js';
import { type SlackInboxRow, slackInbox } from '../schema/index.js';

export interface NewInboxRequest {
  key: string;
  kind: string;
  payload: Record<string, unknown>;
  receivedAt: Date;
  /** The instance that will process it right away: its lease starts now. */
  claimedBy: string;
}

/** A request as the intake stores it: its payload already serialised (see `storableJson`). */
export type SerialisedInboxRequest = Omit<NewInboxRequest, 'payload'> & { payloadJson: string };

/**
 * Stores a request before it is acknowledged: one insert. Returns the new row's id, or undefined when
 * the key is already there (Slack's retry of an event, a replayed signed request).
 */
export async function recordInboxRequest(db: Db, req: NewInboxRequest): Promise<string | undefined> {
  const [row] = await db
    .insert(slackInbox)
    .values({ ...req, claimedAt: req.receivedAt })
    .onConflictDoNothing({ target: slackInbox.key })
    .returning({ id: slackInbox.id });
  return row?.id;
}

/**
 * Stores several requests in one insert (one commit): the intake's group commit under load. Returns
 * key → new id for the rows stored; a key already there (or repeated in `reqs`) is stored once.
 * One statement text whatever the batch size — the rows go as five arrays through `unnest` — so it is
 * cheap to build on the ack path and planned alike every time.
 */
export async function recordInboxRequests(db: Db, reqs: SerialisedInboxRequest[]): Promise<Map<string, string>> {
  const column = <T>(pick: (r: (typeof reqs)[number]) => T) => sql.param(reqs.map(pick));
  const result = await db.execute(sql`
    insert into ${slackInbox} (key, kind, payload, received_at, claimed_by, claimed_at)
    select k, kd, p::jsonb, r, c, r
    from unnest(
      ${column((r) => r.key)}::text[],
      ${column((r) => r.kind)}::text[],
      ${column((r) => r.payloadJson)}::text[],
      ${column((r) => r.receivedAt.toISOString())}::timestamptz[],
      ${column((r) => r.claimedBy)}::text[]
    ) as t(k, kd, p, r, c)
    on conflict (key) do nothing
    returning id, key`);
  return new Map(rowsOf<{ id: string; key: string }>(result).map((r) => [r.key, String(r.id)]));
}

/** Extends the leases of rows still being worked on (one statement for all of them), so no other replica takes them. */
export async function renewInboxLeases(db: Db, ids: string[], owner: string, now: Date): Promise<void> {
  if (!ids.length) return;
  await db
    .update(slackInbox)
    .set({ claimedAt: now })
    .where(and(inArray(slackInbox.id, ids), eq(slackInbox.claimedBy, owner), eq(slackInbox.status, 'pending')));
}

export async function finishInboxRequest(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(slackInbox)
    .set({ status: 'done', finishedAt: now, lastError: null, claimedAt: null, claimedBy: null })
    .where(and(eq(slackInbox.id, id), eq(slackInbox.status, 'pending')));
}

/**
 * Records a failed attempt. Below `maxAttempts` the row stays pending and is tried again once its
 * lease (now) has aged past the grace; at `maxAttempts` it is parked. Returns the row as it now is.
 */
export async function failInboxRequest(
  db: Db,
  id: string,
  args: { error: string; now: Date; maxAttempts: number },
): Promise<SlackInboxRow | undefined> {
  const [row] = await db
    .update(slackInbox)
    .set({
      lastError: args.error.slice(0, 2000),
      claimedAt: args.now,
      status: sql`case when ${slackInbox.attempts} >= ${args.maxAttempts} then 'parked' else 'pending' end`,
      finishedAt: sql`case when ${slackInbox.attempts} >= ${args.maxAttempts} then ${args.now.toISOString()}::timestamptz else null end`,
    })
    .where(and(eq(slackInbox.id, id), eq(slackInbox.status, 'pending')))
    .returning();
  return row;
}

/**
 * Claims pending rows whose lease has lapsed (their worker crashed, or their last attempt failed a
 * grace ago), oldest first, counting the attempt. `skip locked` and the lease in one statement: two
 * replicas sweeping at once never take the same row.
 */
export async function claimStaleInboxRequests(
  db: Db,
  args: { owner: string; now: Date; leaseExpiredBefore: Date; limit: number },
): Promise<SlackInboxRow[]> {
  const stale = db
    .select({ id: slackInbox.id })
    .from(slackInbox)
    .where(
      and(
        eq(slackInbox.status, 'pending'),
        or(isNull(slackInbox.claimedAt), lt(slackInbox.claimedAt, args.leaseExpiredBefore)),
      ),
    )
    .orderBy(asc(slackInbox.receivedAt))
    .limit(args.limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(slackInbox)
    .set({ claimedAt: args.now, claimedBy: args.owner, attempts: sql`${slackInbox.attempts} + 1` })
    .where(sql`${slackInbox.id} in ${stale}`)
    .returning();
  return rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}

export type InboxSummary = Omit<SlackInboxRow, 'payload'>;

/** Pending and parked rows for the operator, oldest first; the payload stays in the database. */
export async function listUnfinishedInbox(db: Db, limit = 200): Promise<InboxSummary[]> {
  const { payload: _payload, ...columns } = slackInbox._.columns;
  return db
    .select(columns)
    .from(slackInbox)
    .where(inArray(slackInbox.status, ['pending', 'parked']))
    .orderBy(asc(slackInbox.receivedAt))
    .limit(limit);
}

export async function findInboxRequest(db: Db, id: string): Promise<SlackInboxRow | undefined> {
  const [row] = await db.select().from(slackInbox).where(eq(slackInbox.id, id));
  return row;
}

/** Puts a parked (or stuck) row back in line with fresh attempts; the next sweep runs it. */
export async function requeueInboxRequest(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(slackInbox)
    .set({ status: 'pending', attempts: 0, claimedAt: null, claimedBy: null, finishedAt: null })
    .where(and(eq(slackInbox.id, id), inArray(slackInbox.status, ['pending', 'parked'])))
    .returning({ id: slackInbox.id });
  return rows.length > 0;
}

export async function deleteInboxRequest(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(slackInbox).where(eq(slackInbox.id, id)).returning({ id: slackInbox.id });
  return rows.length > 0;
}

/** Deletes done rows finished before `before`; returns how many. */
export async function pruneInbox(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(slackInbox)
    .where(and(eq(slackInbox.status, 'done'), lt(slackInbox.finishedAt, before)))
    .returning({ id: slackInbox.id });
  return rows.length;
}

export async function countPendingInbox(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(slackInbox)
    .where(eq(slackInbox.status, 'pending'));
  return row?.n ?? 0;
}
