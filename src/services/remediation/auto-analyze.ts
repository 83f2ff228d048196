import { and, eq, isNotNull, isNull, ne, or } from 'drizzle-orm';
import { incidents } from '../../db/schema/index.js';
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
  const [claimed] = await deps.db
    .update(incidents)
    .set({ autoAnalyzedAt: deps.now() })
    .where(
      and(
        eq(incidents.id, args.incidentId),
        isNull(incidents.autoAnalyzedAt),
        isNull(incidents.automationStoppedAt),
        eq(incidents.declareState, 'complete'),
        ne(incidents.status, 'resolved'),
        args.hasAlert ? undefined : or(isNotNull(incidents.description), isNotNull(incidents.impact)),
      ),
    )
    .returning();
  if (!claimed?.channelId) return undefined;
  return analyzeIncident(deps, { channelId: claimed.channelId, actorId: null, recovering: false });
}
