import { z } from 'zod';
import { closeActionItem as closeRow, findActionItem } from '../../db/repositories/action-items.js';
import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import { DomainError } from '../../domain/errors.js';
import { toActionItemView } from '../add-action-item.js';
import type { ServiceDeps } from '../deps.js';
import { parseInput } from '../parse-input.js';
import { showActionItem } from './show-action-item.js';
import { syncIncidentTrackerItems } from './sync-due-tracker-items.js';

export const CloseActionItemInput = z.object({
  itemId: z.string().uuid('That is not an action item of mine.'),
  actorId: z.string().min(1),
});

/**
 * The Done button: the item is done in Firebreak at once (the overdue reminder stops), and closed
 * in its tracker — now, or by the tick's retries if the tracker is down.
 */
export async function closeActionItem(deps: ServiceDeps, raw: z.input<typeof CloseActionItemInput>): Promise<void> {
  const input = parseInput(CloseActionItemInput, raw);
  const now = deps.now();
  const row = await closeRow(deps.db, input.itemId, now, 'slack');
  if (!row) {
    const existing = await findActionItem(deps.db, input.itemId);
    if (!existing) throw new DomainError('NOT_FOUND', 'That action item no longer exists.');
    throw new DomainError('CONFLICT', 'That action item is already closed.');
  }
  const incident = toIncident((await findIncidentById(deps.db, row.incidentId))!);
  const view = toActionItemView(incident, row, deps.config.timezone);
  await insertTimelineEvent(deps.db, {
    incidentId: incident.id,
    kind: 'action_item_closed',
    actorId: input.actorId,
    at: now,
    text: `${view.ref} was marked done`,
    data: { actionItemId: row.id },
    dedupeKey: `action:${row.id}:closed`,
  });
  await showActionItem(deps, incident, row.id);
  await syncIncidentTrackerItems(deps, incident.id);
}
