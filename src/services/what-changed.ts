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

const line = (r: { kind: string; text: string | null }) => `${LABEL[r.kind]}: ${(r.text ?? '').slice(0, 200)}`;

/** The latest timeline highlights since `since`, oldest first, as one line each (the `{changes}` of an update). */
export async function changesSince(db: Db, incidentId: string, since: Date): Promise<string[]> {
  const rows = await db
    .select({ kind: timelineEvents.kind, text: timelineEvents.text })
    .from(timelineEvents)
    .where(
      and(
        eq(timelineEvents.incidentId, incidentId),
        gt(timelineEvents.at, since),
        inArray(timelineEvents.kind, HIGHLIGHTS),
      ),
    )
    .orderBy(asc(timelineEvents.at));
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
        gt(timelineEvents.at, sql`coalesce(${incidents.lastUpdateAt}, ${incidents.declaredAt})`),
      ),
    )
    .orderBy(asc(timelineEvents.at));
  for (const r of rows) out.get(r.incidentId)!.push(line(r));
  for (const [id, lines] of out) out.set(id, lines.slice(-MAX_CHANGES));
  return out;
}
