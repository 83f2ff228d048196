import { listClaimableGroupIds } from '../../db/repositories/alerts.js';
import type { ServiceDeps } from '../deps.js';
import { postResolvedAlerts } from './post-resolved-alerts.js';
import { processAlertGroup } from './process-alert-group.js';

/**
 * The scheduler's safety net for alert intake: groups whose Slack work never ran (the process died
 * after answering the webhook) or failed (Slack was down) are processed again, and resolved alerts
 * not yet shown are posted. Normally the intake route does both right after answering.
 */
export async function processPendingAlerts(deps: ServiceDeps): Promise<number> {
  const now = deps.now();
  const due = await listClaimableGroupIds(deps.db, now);
  for (const id of due) await processAlertGroup(deps, id);
  return due.length + (await postResolvedAlerts(deps));
}
