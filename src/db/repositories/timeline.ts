import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type NewTimelineEventRow, type TimelineEventRow, timelineEvents } from '../schema/index.js';

/**
 * Appends an event. With a `dedupeKey`, a second insert of the same key is a no-op and returns
 * undefined — that is how Slack's redeliveries and our own retries stay single.
 */
export async function insertTimelineEvent(db: Db, event: NewTimelineEventRow): Promise<TimelineEventRow | undefined> {
  const [row] = await db
    .insert(timelineEvents)
    .values(event)
    .onConflictDoNothing({ target: [timelineEvents.incidentId, timelineEvents.dedupeKey] })
    .returning();
  return row;
}

export async function listTimeline(db: Db, incidentId: string): Promise<TimelineEventRow[]> {
  return db
    .select()
    .from(timelineEvents)
    .where(eq(timelineEvents.incidentId, incidentId))
    .orderBy(asc(timelineEvents.at), asc(timelineEvents.id));
}

/** The recorded message with this ts in an incident, if any. */
export async function findTimelineMessage(
  db: Db,
  incidentId: string,
  ts: string,
): Promise<TimelineEventRow | undefined> {
  const [row] = await db
    .select()
    .from(timelineEvents)
    .where(and(eq(timelineEvents.incidentId, incidentId), eq(timelineEvents.dedupeKey, `msg:${ts}`)));
  return row;
}
