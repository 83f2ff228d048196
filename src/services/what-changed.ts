import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { incidents, timelineEvents } from '../db/schema/index.js';

// What stakeholders care about between two updates; chatter and bot posts are left to the channel.
const HIGHLIGHTS = [
  'severity_changed',
  'status_changed',
  'note',
  'pinned',
  'highlighted',
  'role_handoff',
  'role_assigned',
  'reopened',
];
const LABEL: Record<string, string> = {
  severity_changed: 'Severity',
  status_changed: 'Status',
  note: 'Note',
  pinned: 'Pinned',
  highlighted: 'Flagged',
  role_handoff: 'Role',
  role_assigned: 'Role',
  reopened: 'Reopened',
};
const MAX_CHANGES = 5;
// A pinned or flagged message sits in the timeline when it was said; for "what changed since the
// last update" it counts from when it was pinned or flagged.
const noticedAt = sql`coalesce((${timelineEvents.data}->>'markedAt')::timestamptz, ${timelineEvents.at})`;

const line = (r: { kind: string; text: string | null }) => `${LABEL[r.kind]}: ${(r.text ?? '').slice(0, 200)}`;

/** The latest timeline highlights since `since`, oldest first, as one line each (the `{changes}` of an update). */
export async function changesSince(db: Db, incidentId: string, since: Date): Promise<string[]> {
  const rows = await db
    .select({ kind: timelineEvents.kind, text: timelineEvents.text })
    .from(timelineEvents)
    .where(
      and(
        eq(timelineEvents.incidentId, incidentId),
        sql`${noticedAt} > ${since.toISOString()}::timestamptz`,
        inArray(timelineEvents.kind, HIGHLIGHTS),
      ),
    )
    .orderBy(asc(noticedAt));
  return rows.slice(-MAX_CHANGES).map(line);
}

/** `changesSince` for many incidents at once, each since its own last update (or declaration): one query. */
export async function changesSinceLastUpdate(db: Db, incidentIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(incidentIds.map((id) => [id, []]));
  if (!incidentIds.length) return out;
  const rows = await db
    .select({ incidentId: timelineEvents.incidentId, kind: timelineEvents.kind, text: timelineEvents.text })
    .from(timelineEvents)
    .innerJoin(incidents, eq(incidents.id, timelineEvents.incidentId))
    .where(
      and(
        inArray(timelineEvents.incidentId, incidentIds),
        inArray(timelineEvents.kind, HIGHLIGHTS),
        gt(noticedAt, sql`coalesce(${incidents.lastUpdateAt}, ${incidents.declaredAt})`),
      ),
    )
    .orderBy(asc(noticedAt));
  for (const r of rows) out.get(r.incidentId)!.push(line(r));
  for (const [id, lines] of out) out.set(id, lines.slice(-MAX_CHANGES));
  return out;
}
