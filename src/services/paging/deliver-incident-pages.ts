import { findDuePages, findPage } from '../../db/repositories/pages.js';
import type { ServiceDeps } from '../deps.js';
import { deliverPage } from './deliver-page.js';
import { showPages } from './show-pages.js';

/**
 * Delivers an incident's due pages now and redraws its paging message. Called right after the
 * change that asked for them (declare, raise, IC, resolve); whatever fails here is already stored
 * and the scheduler's tick tries again, so a failure is logged, never lost.
 */
export async function deliverIncidentPages(deps: ServiceDeps, incidentId: string): Promise<void> {
  if (!deps.config.paging) return;
  try {
    const due = await findDuePages(deps.db, deps.now(), 50, incidentId);
    let changed = false;
    for (const id of due) changed = (await deliverPage(deps, id)) || changed;
    if (changed) await showPages(deps, incidentId);
  } catch (err) {
    deps.logger.warn({ err, module: 'paging', incidentId }, 'paging step failed; the scheduler will retry');
  }
}

/** The scheduler's job: every page due now (a retry, or work a crashed replica left), then each incident's message. */
export async function deliverDuePages(deps: ServiceDeps): Promise<number> {
  if (!deps.config.paging) return 0;
  const due = await findDuePages(deps.db, deps.now());
  const incidents = new Set<string>();
  for (const id of due) {
    const page = await findPage(deps.db, id);
    if (!page) continue;
    try {
      if (await deliverPage(deps, id)) incidents.add(page.incidentId);
    } catch (err) {
      deps.logger.error({ err, module: 'paging', pageId: id, incidentId: page.incidentId }, 'page delivery failed');
    }
  }
  for (const incidentId of incidents)
    await showPages(deps, incidentId).catch((err) =>
      deps.logger.warn({ err, module: 'paging', incidentId }, 'could not redraw the paging message; next change will'),
    );
  return due.length;
}
