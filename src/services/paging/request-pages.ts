import type { ConfigFile } from '../../config/file.js';
import type { Db } from '../../db/client.js';
import { insertPages } from '../../db/repositories/pages.js';
import type { PageRow } from '../../db/schema/index.js';
import { type PageableIncident, pageDedupKey, plannedPages } from '../../domain/paging.js';
import { pagingPolicy } from './paging-policy.js';

export interface IncidentToPage extends PageableIncident {
  id: string;
  isDrill: boolean;
}

/**
 * Stores the pages an incident's severity calls for (nothing is sent here). Runs inside the
 * transaction that declares or raises the incident, so the pages exist exactly when the change
 * does; the unique (incident, target, provider) key makes a repeat — a raise, a Slack retry, a
 * second replica — add only pages not already there. Drills page nobody unless asked to.
 */
export async function requestPages(
  tx: Db,
  config: ConfigFile,
  incident: IncidentToPage,
  opts: { at: Date; by: string; pageDrill?: boolean },
): Promise<PageRow[]> {
  const policy = pagingPolicy(config);
  if (!policy || (incident.isDrill && !opts.pageDrill)) return [];
  return insertPages(
    tx,
    plannedPages(incident, policy).map((p) => ({
      incidentId: incident.id,
      target: p.target,
      provider: p.provider,
      dedupKey: pageDedupKey(incident.id, p.target),
      severity: incident.severity,
      requestedBy: opts.by,
      requestedAt: opts.at,
      nextAttemptAt: opts.at,
    })),
  );
}
