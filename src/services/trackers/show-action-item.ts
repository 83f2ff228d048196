import { findActionItem } from '../../db/repositories/action-items.js';
import type { Incident } from '../../domain/incident.js';
import { toActionItemView } from '../add-action-item.js';
import type { ServiceDeps } from '../deps.js';

/**
 * Redraws the item's channel message (tracker link and state, Done, Retry). Only the look is lost
 * if Slack fails here: the next change redraws it.
 */
export async function showActionItem(deps: ServiceDeps, incident: Incident, itemId: string): Promise<void> {
  const row = await findActionItem(deps.db, itemId);
  if (!row?.messageTs || !incident.channelId) return;
  const item = toActionItemView(incident, row, deps.config.timezone);
  await deps.chat
    .update(incident.channelId, row.messageTs, { kind: 'action-item-added', item, actorId: row.createdBy ?? '' })
    .catch((err) =>
      deps.logger.warn({ err, module: 'trackers', actionItemId: itemId }, 'could not redraw the action item message'),
    );
}
