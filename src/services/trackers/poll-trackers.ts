import { claimItemsToPoll } from '../../db/repositories/action-item-trackers.js';
import type { ServiceDeps } from '../deps.js';
import { applyTrackerState } from './apply-tracker-state.js';

/**
 * The safety net under the webhooks: items open in their tracker and not read back for
 * `trackers.poll_every` are read now; what changed there is applied as a webhook would have.
 * A tracker that does not answer is asked again next round.
 */
export async function pollTrackers(deps: ServiceDeps): Promise<number> {
  if (!deps.trackers || !Object.keys(deps.trackers).length) return 0;
  const now = deps.now();
  const items = await claimItemsToPoll(deps.db, now, new Date(now.getTime() - deps.config.trackers.poll_every));
  for (const item of items) {
    const port = deps.trackers[item.tracker as keyof typeof deps.trackers];
    if (!port) continue;
    const read = await port.read(item.trackerPlace!, item.trackerId!);
    if (!read.ok) {
      deps.logger.warn({ module: 'trackers', actionItemId: item.id }, `poll failed: ${read.reason}`);
      continue;
    }
    // Gone from the tracker (deleted): nothing to follow any more, the item stays as it is here.
    if (!read.value) {
      deps.logger.warn({ module: 'trackers', actionItemId: item.id }, 'tracker issue is gone');
      continue;
    }
    if (read.value.state !== item.trackerState)
      await applyTrackerState(deps, item.tracker!, item.trackerId!, read.value.state);
  }
  return items.length;
}
