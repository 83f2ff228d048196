import { claimAutoAnalysis } from '../../db/repositories/incidents.js';
import type { ServiceDeps } from '../deps.js';
import { type AnalyzeResult, analyzeIncident } from './analyze-incident.js';

/**
 * The analysis that runs by itself once a declaration is done, when there is something to analyse
 * (a description, an impact statement or an alert — a bare title gives the engines nothing to
 * match). Claimed with a conditional update, so a Slack retry, a resumed declaration or a second
 * replica cannot run it twice. A stopped incident is left alone: only the IC re-enables.
 */
export async function autoAnalyzeIncident(
  deps: ServiceDeps,
  args: { incidentId: string; hasAlert?: boolean },
): Promise<AnalyzeResult | undefined> {
  if (!deps.remediation) return undefined;
  const claimed = await claimAutoAnalysis(deps.db, {
    incidentId: args.incidentId,
    now: deps.now(),
    hasAlert: !!args.hasAlert,
  });
  if (!claimed?.channelId) return undefined;
  return analyzeIncident(deps, { channelId: claimed.channelId, actorId: null, recovering: false });
}
