import { findItemByTrackerId, setTrackerState } from '../../db/repositories/action-item-trackers.js';
import { closeActionItem, reopenActionItem } from '../../db/repositories/action-items.js';
import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import type { TrackerState } from '../../domain/tracker.js';
import { toActionItemView } from '../add-action-item.js';
import type { ServiceDeps } from '../deps.js';
import { showActionItem } from './show-action-item.js';
import { trackerLabel } from './tracker-of-item.js';

/**
 * What a tracker reported (webhook or poll) about one of our issues. Closed there → done here, once
 * (a conditional update: a webhook and the poll racing close it once), which stops the overdue
 * reminder and counts in the digest; reopened there (after being closed there) → open again here.
 * Issues that are not ours are ignored. Returns whether the item changed.
 */
export async function applyTrackerState(
  deps: ServiceDeps,
  tracker: string,
  issueId: string,
  state: TrackerState,
): Promise<boolean> {
  const item = await findItemByTrackerId(deps.db, tracker, issueId);
  if (!item) return false;
  const now = deps.now();
  // "Open" from the tracker about an item closed here whose close has not reached the tracker yet
  // (any edit sends an update event) is old news: the close is on its way, not a reopening.
  const reopening =
    state === 'open' && item.status !== 'open' && (item.closedVia === 'tracker' || item.trackerState === 'closed');
  if (state === 'open' && item.status !== 'open' && !reopening) return false;
  await setTrackerState(deps.db, item.id, state, now);
  const changed =
    state === 'closed'
      ? await closeActionItem(deps.db, item.id, now, 'tracker')
      : await reopenActionItem(deps.db, item.id);
  if (!changed) return false;
  const row = await findIncidentById(deps.db, item.incidentId);
  if (!row) return true;
  const incident = toIncident(row);
  const view = toActionItemView(incident, changed, deps.config.timezone);
  const where = `${trackerLabel(tracker)} (${item.trackerKey})`;
  await insertTimelineEvent(deps.db, {
    incidentId: incident.id,
    kind: state === 'closed' ? 'action_item_closed' : 'action_item_reopened',
    actorType: 'bot',
    actorId: deps.chat.botUserId,
    at: now,
    text: `${view.ref} was ${state === 'closed' ? 'closed' : 'reopened'} in ${where}`,
    data: { actionItemId: item.id, tracker, trackerId: issueId },
    dedupeKey: `tracker:${item.id}:${state}:${now.getTime()}`,
  });
  if (incident.channelId && state === 'closed')
    await deps.chat.post(incident.channelId, { kind: 'action-item-closed', item: view }, { key: `closed:${item.id}` });
  await showActionItem(deps, incident, item.id);
  return true;
}
