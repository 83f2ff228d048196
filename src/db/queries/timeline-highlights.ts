import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { incidents, timelineEvents } from '../schema/index.js';

/** A timeline event as "what changed" lists it. */
export interface Highlight {
  incidentId: string;
  kind: string;
  text: string | null;
}

// A pinned or flagged message sits in the timeline when it was said; for "what changed since the
// last update" it counts from when it was pinned or flagged.
const noticedAt = sql`coalesce((${timelineEvents.data}->>'markedAt')::timestamptz, ${timelineEvents.at})`;

/** An incident's events of `kinds` noticed after `since`, oldest first. */
export async function listHighlightsSince(
  db: Db,
  incidentId: string,
  kinds: readonly string[],
  since: Date,
): Promise<Highlight[]> {
  return db
    .select({ incidentId: timelineEvents.incidentId, kind: timelineEvents.kind, text: timelineEvents.text })
    .from(timelineEvents)
    .where(
      and(
        eq(timelineEvents.incidentId, incidentId),
        sql`${noticedAt} > ${since.toISOString()}::timestamptz`,
        inArray(timelineEvents.kind, [...kinds]),
      ),
    )
    .orderBy(asc(noticedAt));
}

/** Events of `kinds` noticed since each incident's last update (or declaration), oldest first: one query. */
export async function listHighlightsSinceLastUpdate(
  db: Db,
  incidentIds: string[],
  kinds: readonly string[],
): Promise<Highlight[]> {
  return db
    .select({ incidentId: timelineEvents.incidentId, kind: timelineEvents.kind, text: timelineEvents.text })
    .from(timelineEvents)
    .innerJoin(incidents, eq(incidents.id, timelineEvents.incidentId))
    .where(
      and(
        inArray(timelineEvents.incidentId, incidentIds),
        inArray(timelineEvents.kind, [...kinds]),
        gt(noticedAt, sql`coalesce(${incidents.lastUpdateAt}, ${incidents.declaredAt})`),
      ),
    )
    .orderBy(asc(noticedAt));
}
