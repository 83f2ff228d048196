import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  incidents,
  type NewStatusPublicationRow,
  type StatusPublicationRow,
  statusPublications,
  statusUpdates,
} from '../schema/index.js';

/** Stores a publication once per request key; a repeat returns the row already stored (created: false). */
export async function insertPublication(
  db: Db,
  row: NewStatusPublicationRow,
): Promise<{ row: StatusPublicationRow; created: boolean }> {
  const [created] = await db
    .insert(statusPublications)
    .values(row)
    .onConflictDoNothing({ target: statusPublications.requestKey })
    .returning();
  if (created) return { row: created, created: true };
  const [found] = await db.select().from(statusPublications).where(eq(statusPublications.requestKey, row.requestKey));
  return { row: found!, created: false };
}

export async function findPublication(db: Db, id: string): Promise<StatusPublicationRow | undefined> {
  const [row] = await db.select().from(statusPublications).where(eq(statusPublications.id, id));
  return row;
}

/** An incident's publications, oldest first. */
export async function listIncidentPublications(db: Db, incidentId: string): Promise<StatusPublicationRow[]> {
  return db
    .select()
    .from(statusPublications)
    .where(eq(statusPublications.incidentId, incidentId))
    .orderBy(asc(statusPublications.seq));
}

const undone = () =>
  or(isNull(statusPublications.channelTs), inArray(statusPublications.statuspageState, ['pending', 'failed']));

/**
 * Takes the incident's earliest unfinished publication for delivery — only that one, so an incident's
 * publications reach Statuspage in order and one at a time (two workers never both create its
 * Statuspage incident). A conditional update: of two replicas exactly one gets the row. A failed
 * delivery holds the later ones back until someone presses Retry.
 */
export async function claimNextPublication(
  db: Db,
  incidentId: string,
  now: Date,
  leaseMs: number,
): Promise<StatusPublicationRow | undefined> {
  const [next] = await db
    .select({ id: statusPublications.id, state: statusPublications.statuspageState, ts: statusPublications.channelTs })
    .from(statusPublications)
    .where(and(eq(statusPublications.incidentId, incidentId), undone()))
    .orderBy(asc(statusPublications.seq))
    .limit(1);
  // Failed and recorded in the channel: nothing to do until Retry, and the later ones wait behind it.
  if (!next || (next.state === 'failed' && next.ts)) return undefined;
  const [row] = await db
    .update(statusPublications)
    .set({ claimedUntil: new Date(now.getTime() + leaseMs) })
    .where(
      and(
        eq(statusPublications.id, next.id),
        undone(),
        or(isNull(statusPublications.claimedUntil), lt(statusPublications.claimedUntil, now)),
      ),
    )
    .returning();
  return row;
}

export async function releasePublication(db: Db, id: string): Promise<void> {
  await db.update(statusPublications).set({ claimedUntil: null }).where(eq(statusPublications.id, id));
}

export async function setPublicationRecord(db: Db, id: string, channelTs: string): Promise<StatusPublicationRow> {
  const [row] = await db.update(statusPublications).set({ channelTs }).where(eq(statusPublications.id, id)).returning();
  return row!;
}

export async function recordStatuspageOutcome(
  db: Db,
  id: string,
  outcome: { state: 'sent' | 'failed'; attempts: number; error: string | null },
): Promise<StatusPublicationRow> {
  const [row] = await db
    .update(statusPublications)
    .set({ statuspageState: outcome.state, statuspageAttempts: outcome.attempts, statuspageError: outcome.error })
    .where(eq(statusPublications.id, id))
    .returning();
  return row!;
}

/** Retry: a failed delivery is pending again (once: a second click finds it pending already). */
export async function retryFailedPublication(db: Db, id: string): Promise<StatusPublicationRow | undefined> {
  const [row] = await db
    .update(statusPublications)
    .set({ statuspageState: 'pending', statuspageAttempts: 0 })
    .where(and(eq(statusPublications.id, id), eq(statusPublications.statuspageState, 'failed')))
    .returning();
  return row;
}

/** Incidents with publications whose record or delivery is unfinished (after a crash), oldest first. */
export async function incidentsWithUndonePublications(db: Db, limit = 50): Promise<string[]> {
  const rows = await db
    .selectDistinct({ incidentId: statusPublications.incidentId })
    .from(statusPublications)
    .where(or(isNull(statusPublications.channelTs), eq(statusPublications.statuspageState, 'pending')))
    .limit(limit);
  return rows.map((r) => r.incidentId);
}

export async function setStatuspageIncident(
  db: Db,
  incidentId: string,
  values: { statuspageIncidentId?: string; statuspageCreatingAt?: Date | null },
): Promise<void> {
  await db.update(incidents).set(values).where(eq(incidents.id, incidentId));
}

/**
 * What the public page may show: publications of incidents that are neither private nor drills,
 * for every incident published since `since` or still open on the page. Only public columns.
 */
export async function listPublicPublications(db: Db, since: Date) {
  const recent = db
    .select({ incidentId: statusPublications.incidentId })
    .from(statusPublications)
    .groupBy(statusPublications.incidentId)
    .having(
      sql`max(${statusPublications.publishedAt}) >= ${since} or (array_agg(${statusPublications.phase} order by ${statusPublications.seq} desc))[1] <> 'resolved'`,
    );
  return db
    .select({
      id: statusPublications.id,
      incidentId: statusPublications.incidentId,
      name: statusPublications.name,
      message: statusPublications.message,
      phase: statusPublications.phase,
      components: statusPublications.components,
      publishedAt: statusPublications.publishedAt,
    })
    .from(statusPublications)
    .innerJoin(incidents, eq(incidents.id, statusPublications.incidentId))
    .where(
      and(eq(incidents.isPrivate, false), eq(incidents.isDrill, false), inArray(statusPublications.incidentId, recent)),
    )
    .orderBy(desc(statusPublications.seq));
}
export type PublicPublication = Awaited<ReturnType<typeof listPublicPublications>>[number];

/**
 * A cheap fingerprint of what the public page may show: the visible publications' count and latest
 * time (an incident turned private drops out of both, so the page changes with it).
 */
export async function publicationsVersion(db: Db): Promise<string> {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      last: sql<string | null>`max(${statusPublications.publishedAt})::text`,
    })
    .from(statusPublications)
    .innerJoin(incidents, eq(incidents.id, statusPublications.incidentId))
    .where(and(eq(incidents.isPrivate, false), eq(incidents.isDrill, false)));
  return `${row?.count ?? 0}:${row?.last ?? '-'}`;
}

/** The customer-facing text of one status update of an incident (the "Publish to status page" button's source). */
export async function findCustomerText(
  db: Db,
  incidentId: string,
  statusUpdateId: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ text: statusUpdates.customerText })
    .from(statusUpdates)
    .where(and(eq(statusUpdates.id, statusUpdateId), eq(statusUpdates.incidentId, incidentId)));
  return row?.text ?? undefined;
}
