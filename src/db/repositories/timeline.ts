import { and, asc, eq, sql } from 'drizzle-orm';
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

/**
 * Records what one of the bot's own posts means (a note, …) under the post's `msg:<ts>` key. Slack's echo
 * of that post may have been captured first as a plain bot `message` (it can arrive before the poster
 * records it, e.g. when the post had to be looked up after Slack failed); that row then becomes this event.
 * A human's message under the same key is never overwritten.
 */
export async function recordOwnPost(db: Db, event: NewTimelineEventRow): Promise<void> {
  await db
    .insert(timelineEvents)
    .values(event)
    .onConflictDoUpdate({
      target: [timelineEvents.incidentId, timelineEvents.dedupeKey],
      set: {
        kind: event.kind,
        actorId: event.actorId ?? null,
        actorType: event.actorType ?? 'human',
        text: event.text ?? null,
        data: event.data ?? {},
        at: event.at,
      },
      setWhere: sql`${timelineEvents.kind} = 'message' and ${timelineEvents.actorType} = 'bot'`,
    });
}

/** Appends many events at once (batches of 500); already-recorded dedupe keys are skipped. Returns how many were new. */
export async function insertTimelineEvents(db: Db, events: NewTimelineEventRow[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < events.length; i += 500) {
    const rows = await db
      .insert(timelineEvents)
      .values(events.slice(i, i + 500))
      .onConflictDoNothing({ target: [timelineEvents.incidentId, timelineEvents.dedupeKey] })
      .returning({ id: timelineEvents.id });
    added += rows.length;
  }
  return added;
}

export async function listTimeline(db: Db, incidentId: string): Promise<TimelineEventRow[]> {
  return db
    .select()
    .from(timelineEvents)
    .where(eq(timelineEvents.incidentId, incidentId))
    .orderBy(asc(timelineEvents.at), asc(timelineEvents.id));
}

/** The event recorded under a dedupe key, if any (a request already carried out). */
export async function findTimelineEventByKey(
  db: Db,
  incidentId: string,
  dedupeKey: string,
): Promise<TimelineEventRow | undefined> {
  const [row] = await db
    .select()
    .from(timelineEvents)
    .where(and(eq(timelineEvents.incidentId, incidentId), eq(timelineEvents.dedupeKey, dedupeKey)));
  return row;
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

/**
 * Points the newest event of `kinds` without a message at the bot's announcement of it, so the
 * postmortem can cite a permalink people can click instead of a bare record id.
 */
export async function linkAnnouncement(db: Db, incidentId: string, kinds: string[], ts: string): Promise<void> {
  await db.execute(sql`
    update timeline_events set message_ts = ${ts}
    where id = (
      select id from timeline_events
      where incident_id = ${incidentId} and kind in (${sql.join(
        kinds.map((k) => sql`${k}`),
        sql`, `,
      )}) and message_ts is null
      order by at desc limit 1
    )`);
}
