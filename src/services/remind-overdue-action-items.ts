import { claimOverdueActionItems } from '../db/repositories/action-items.js';
import { findIncidentsByIds, toIncident } from '../db/repositories/incidents.js';
import { toActionItemView } from './add-action-item.js';
import type { ServiceDeps } from './deps.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Once a day per overdue open action item, a DM to its owner. The claim stamps `reminded_at` in
 * the same statement that selects, so replicas ticking together remind once; a failed DM waits
 * for the next day rather than retrying every tick (a deactivated owner must not flood the logs).
 */
export async function remindOverdueActionItems(deps: ServiceDeps): Promise<number> {
  const now = deps.now();
  const items = await claimOverdueActionItems(deps.db, now, new Date(now.getTime() - DAY_MS));
  if (!items.length) return 0;
  const incidents = await findIncidentsByIds(deps.db, [...new Set(items.map((i) => i.incidentId))]);
  for (const row of items) {
    const incident = toIncident(incidents.get(row.incidentId)!);
    if (!row.ownerId) continue;
    try {
      await deps.chat.post(row.ownerId, {
        kind: 'action-item-overdue',
        incident,
        item: toActionItemView(incident, row, deps.config.timezone),
      });
    } catch (err) {
      deps.logger.warn({ err, actionItemId: row.id }, 'could not remind the owner of an overdue action item');
    }
  }
  return items.length;
}
