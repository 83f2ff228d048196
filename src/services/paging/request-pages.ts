import type { Db } from '../../db/client.js';
import { insertPages, pageRound } from '../../db/repositories/pages.js';
import type { PageRow } from '../../db/schema/index.js';
import { type PageableIncident, pageDedupKey, plannedPages } from '../../domain/paging.js';
import type { ServiceDeps } from '../deps.js';
import { onCallSource, pagingPolicy } from './paging-policy.js';

export interface IncidentToPage extends PageableIncident {
  id: string;
  isDrill: boolean;
}

/**
 * Stores the pages an incident's severity calls for (nothing is sent here). Runs inside the
 * transaction that declares, raises or reopens the incident, so the pages exist exactly when the
 * change does; the unique (incident, target, provider, round) key makes a repeat — a raise, a Slack
 * retry, a second replica — add only pages not already there. A reopening starts a new round, so
 * the same targets are paged again under new dedup keys. Drills page nobody unless asked to.
 */
export async function requestPages(
  tx: Db,
  deps: Pick<ServiceDeps, 'config' | 'paging'>,
  incident: IncidentToPage,
  opts: { at: Date; by: string; pageDrill?: boolean },
): Promise<PageRow[]> {
  const policy = pagingPolicy(deps.config);
  if (!policy || (incident.isDrill && !opts.pageDrill)) return [];
  const planned = plannedPages(incident, policy);
  if (!planned.length) return [];
  const round = await pageRound(tx, incident.id);
  return insertPages(
    tx,
    planned.map((p) => ({
      incidentId: incident.id,
      target: p.target,
      provider: p.provider,
      round,
      dedupKey: pageDedupKey(incident.id, p.target, round),
      severity: incident.severity,
      requestedBy: opts.by,
      requestedAt: opts.at,
      nextAttemptAt: opts.at,
      oncallState: onCallSource(deps.config, deps.paging, p.target, p.provider) ? 'wanted' : null,
    })),
  );
}
