import { findDueTrackerItems } from '../../db/repositories/action-item-trackers.js';
import type { ServiceDeps } from '../deps.js';
import { syncTrackerItem } from './sync-tracker-item.js';

/**
 * Syncs an incident's due items now, right after the change that asked for it. Everything is stored
 * first; a failure here is logged and the scheduler's tick tries again.
 */
export async function syncIncidentTrackerItems(deps: ServiceDeps, incidentId: string): Promise<void> {
  try {
    for (const id of await findDueTrackerItems(deps.db, deps.now(), 50, incidentId)) await syncTrackerItem(deps, id);
  } catch (err) {
    deps.logger.warn({ err, module: 'trackers', incidentId }, 'tracker sync failed; the scheduler will retry');
  }
}

/** The scheduler's job: every item due now (a retry, a close, or work a crashed replica left). */
export async function syncDueTrackerItems(deps: ServiceDeps): Promise<number> {
  const due = await findDueTrackerItems(deps.db, deps.now());
  for (const id of due)
    await syncTrackerItem(deps, id).catch((err) =>
      deps.logger.error({ err, module: 'trackers', actionItemId: id }, 'tracker sync failed'),
    );
  return due.length;
}
