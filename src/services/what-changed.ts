import type { Db } from '../db/client.js';
import { listHighlightsSince, listHighlightsSinceLastUpdate } from '../db/queries/timeline-highlights.js';

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
  const rows = await listHighlightsSince(db, incidentId, HIGHLIGHTS, since);
  return rows.slice(-MAX_CHANGES).map(line);
}

/** `changesSince` for many incidents at once, each since its own last update (or declaration): one query. */
export async function changesSinceLastUpdate(db: Db, incidentIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(incidentIds.map((id) => [id, []]));
  if (!incidentIds.length) return out;
  for (const r of await listHighlightsSinceLastUpdate(db, incidentIds, HIGHLIGHTS))
    out.get(r.incidentId)!.push(line(r));
  for (const [id, lines] of out) out.set(id, lines.slice(-MAX_CHANGES));
  return out;
}
