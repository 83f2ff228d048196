import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { timelineEvents } from '../db/schema/index.js';

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
  return rows.slice(-MAX_CHANGES).map((r) => `${LABEL[r.kind]}: ${(r.text ?? '').slice(0, 200)}`);
}
