import {
  findPendingDeliveries,
  insertTrackerDelivery,
  markDeliveryProcessed,
} from '../../db/repositories/tracker-deliveries.js';
import type { TrackerDeliveryRow } from '../../db/schema/index.js';
import type { TrackerState } from '../../domain/tracker.js';
import type { ServiceDeps } from '../deps.js';
import { applyTrackerState } from './apply-tracker-state.js';

/**
 * Stores a verified delivery before it is answered. A delivery id seen before is a replay: refused
 * (undefined), nothing changes.
 */
export async function receiveTrackerDelivery(
  deps: ServiceDeps,
  d: { tracker: string; deliveryId: string; issueId: string; state: TrackerState; payload: unknown },
): Promise<TrackerDeliveryRow | undefined> {
  return insertTrackerDelivery(deps.db, { ...d, receivedAt: deps.now() });
}

/** Applies one stored delivery; applying twice changes nothing (conditional updates), so a crash here is safe. */
export async function processTrackerDelivery(deps: ServiceDeps, delivery: TrackerDeliveryRow): Promise<void> {
  await applyTrackerState(deps, delivery.tracker, delivery.issueId, delivery.state as TrackerState);
  await markDeliveryProcessed(deps.db, delivery.id, deps.now());
}

/** The scheduler's job: deliveries answered but not applied (the process died in between). */
export async function processPendingDeliveries(deps: ServiceDeps): Promise<number> {
  const pending = await findPendingDeliveries(deps.db, new Date(deps.now().getTime() + 1));
  for (const d of pending)
    await processTrackerDelivery(deps, d).catch((err) =>
      deps.logger.error({ err, module: 'trackers', deliveryId: d.id }, 'tracker delivery could not be applied'),
    );
  return pending.length;
}
