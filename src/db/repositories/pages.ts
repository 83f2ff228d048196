import { and, asc, count, eq, inArray, isNotNull, isNull, lt, lte, ne, or, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type NewPageRow, type PageRow, pages, pagingMessages, timelineEvents } from '../schema/index.js';

/** Stores pages; a (incident, target, provider, round) already stored is left alone. Returns the new rows. */
export async function insertPages(db: Db, rows: NewPageRow[]): Promise<PageRow[]> {
  if (!rows.length) return [];
  return db
    .insert(pages)
    .values(rows)
    .onConflictDoNothing({ target: [pages.incidentId, pages.target, pages.provider, pages.round] })
    .returning();
}

/** The IC took the role: every page still only triggered should be acknowledged, by them. */
export async function wantAcknowledged(db: Db, incidentId: string, by: string, at: Date): Promise<number> {
  const rows = await db
    .update(pages)
    .set({ wanted: 'acknowledge', acknowledgedBy: by, acknowledgedAt: at, nextAttemptAt: at })
    .where(and(eq(pages.incidentId, incidentId), eq(pages.wanted, 'trigger')))
    .returning({ id: pages.id });
  return rows.length;
}

/** The incident is resolved: every page should be resolved. */
export async function wantResolved(db: Db, incidentId: string, at: Date): Promise<number> {
  const rows = await db
    .update(pages)
    .set({ wanted: 'resolve', nextAttemptAt: at })
    .where(and(eq(pages.incidentId, incidentId), ne(pages.wanted, 'resolve')))
    .returning({ id: pages.id });
  return rows.length;
}

/**
 * The incident's paging round: how often it was reopened (each reopening pages again, under new
 * dedup keys). Counted from the timeline so a raise after a reopening lands in that round.
 */
export async function pageRound(db: Db, incidentId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(timelineEvents)
    .where(and(eq(timelineEvents.incidentId, incidentId), eq(timelineEvents.kind, 'reopened')));
  return Number(row?.n ?? 0);
}

/**
 * Pages whose state is behind what is wanted (the SQL twin of the domain's `nextPageStep`), or
 * whose on-call is still to be looked up once the page reached its provider.
 */
const hasWork = (): SQL =>
  or(
    and(eq(pages.wanted, 'trigger'), eq(pages.state, 'pending')),
    and(eq(pages.wanted, 'acknowledge'), inArray(pages.state, ['pending', 'triggered'])),
    and(eq(pages.wanted, 'resolve'), inArray(pages.state, ['pending', 'triggered', 'acknowledged'])),
    and(eq(pages.oncallState, 'wanted'), inArray(pages.state, ['triggered', 'acknowledged'])),
  )!;

const claimable = (now: Date): SQL =>
  and(
    hasWork(),
    isNull(pages.failedAt),
    lte(pages.nextAttemptAt, now),
    or(isNull(pages.claimedUntil), lt(pages.claimedUntil, now)),
  )!;

/** Ids of pages due for delivery now (of one incident, or all), oldest first. */
export async function findDuePages(db: Db, now: Date, limit = 50, incidentId?: string): Promise<string[]> {
  const rows = await db
    .select({ id: pages.id })
    .from(pages)
    .where(incidentId ? and(claimable(now), eq(pages.incidentId, incidentId)) : claimable(now))
    .orderBy(asc(pages.nextAttemptAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Takes a page for delivery. A conditional update, so of two replicas (or a retry racing the
 * tick) exactly one gets the row; the other gets undefined and sends nothing.
 */
export async function claimPage(db: Db, id: string, now: Date, leaseMs: number): Promise<PageRow | undefined> {
  const [row] = await db
    .update(pages)
    .set({ claimedUntil: new Date(now.getTime() + leaseMs) })
    .where(and(eq(pages.id, id), claimable(now)))
    .returning();
  return row;
}

/** A step was accepted by the provider. Keeps the claim: the caller may go on to the next step. */
export async function recordPageStep(
  db: Db,
  id: string,
  values: Pick<NewPageRow, 'state'> & Partial<Pick<NewPageRow, 'triggeredAt' | 'resolvedAt' | 'providerRef'>>,
): Promise<PageRow> {
  const [row] = await db
    .update(pages)
    .set({ ...values, attempts: 0, lastError: null })
    .where(eq(pages.id, id))
    .returning();
  return row!;
}

/** A step failed: try again at `retryAt`, or (null) stop retrying and let a person decide. Frees the claim. */
export async function recordPageFailure(
  db: Db,
  id: string,
  failure: { error: string; attempts: number; retryAt: Date | null; at: Date },
): Promise<PageRow> {
  const [row] = await db
    .update(pages)
    .set({
      attempts: failure.attempts,
      lastError: failure.error,
      claimedUntil: null,
      ...(failure.retryAt ? { nextAttemptAt: failure.retryAt } : { failedAt: failure.at }),
    })
    .where(eq(pages.id, id))
    .returning();
  return row!;
}

/**
 * The on-call look-up's outcome, under the page's claim: `done`/`failed` with the people and what
 * to say, or still `wanted` with the time of the next try.
 */
export async function recordOnCall(
  db: Db,
  id: string,
  values: {
    state: 'wanted' | 'done' | 'failed';
    attempts: number;
    slackIds?: string[];
    note: string | null;
    retryAt?: Date;
  },
): Promise<PageRow> {
  const [row] = await db
    .update(pages)
    .set({
      oncallState: values.state,
      oncallAttempts: values.attempts,
      oncallNote: values.note,
      ...(values.slackIds && { oncallSlackIds: values.slackIds }),
      ...(values.retryAt && { nextAttemptAt: values.retryAt }),
    })
    .where(eq(pages.id, id))
    .returning();
  return row!;
}

export async function releasePage(db: Db, id: string): Promise<void> {
  await db.update(pages).set({ claimedUntil: null }).where(eq(pages.id, id));
}

/** The Retry button: a page that stopped retrying is due again now, with a fresh count. */
export async function retryFailedPage(db: Db, id: string, now: Date): Promise<PageRow | undefined> {
  const [row] = await db
    .update(pages)
    .set({ failedAt: null, attempts: 0, nextAttemptAt: now })
    .where(and(eq(pages.id, id), isNotNull(pages.failedAt)))
    .returning();
  return row;
}

export async function findPage(db: Db, id: string): Promise<PageRow | undefined> {
  const [row] = await db.select().from(pages).where(eq(pages.id, id));
  return row;
}

/** Every page of an incident, in the order they were asked for. */
export async function listIncidentPages(db: Db, incidentId: string): Promise<PageRow[]> {
  return db
    .select()
    .from(pages)
    .where(eq(pages.incidentId, incidentId))
    .orderBy(asc(pages.requestedAt), asc(pages.target), asc(pages.provider));
}

export type PagingMessageRow = typeof pagingMessages.$inferSelect;

/**
 * The incident's paging message: its row if one exists, else a new row claimed by this caller
 * (`claimed: true`), who must post it. An expired claim without a ts is taken over.
 */
export async function claimPagingMessage(
  db: Db,
  incidentId: string,
  channelId: string,
  now: Date,
  leaseMs: number,
): Promise<{ row: PagingMessageRow; claimed: boolean }> {
  const until = new Date(now.getTime() + leaseMs);
  const [fresh] = await db
    .insert(pagingMessages)
    .values({ incidentId, channelId, claimedUntil: until })
    .onConflictDoNothing()
    .returning();
  if (fresh) return { row: fresh, claimed: true };
  const [taken] = await db
    .update(pagingMessages)
    .set({ claimedUntil: until })
    .where(
      and(eq(pagingMessages.incidentId, incidentId), isNull(pagingMessages.ts), lt(pagingMessages.claimedUntil, now)),
    )
    .returning();
  if (taken) return { row: taken, claimed: true };
  const [row] = await db.select().from(pagingMessages).where(eq(pagingMessages.incidentId, incidentId));
  return { row: row!, claimed: false };
}

export async function setPagingMessageTs(db: Db, incidentId: string, ts: string): Promise<void> {
  await db.update(pagingMessages).set({ ts, claimedUntil: null }).where(eq(pagingMessages.incidentId, incidentId));
}
