import type { RemediationProposalRow, RemediationWatchRow } from '../../db/schema/index.js';
import type { Incident } from '../../domain/incident.js';
import type { ServiceDeps } from '../deps.js';
import type { RemediationDeps } from './ports.js';
import { type ChartMoment, drawMetricChart } from './post-metric-chart.js';

/** The same chart as the analysis's, now with the action marked: the channel shows before and after. */
export function afterChart(
  deps: ServiceDeps,
  r: RemediationDeps,
  incident: Incident,
  proposal: RemediationProposalRow,
  w: RemediationWatchRow,
  moment: ChartMoment,
) {
  return drawMetricChart(deps, r, {
    incident,
    runbookId: proposal.runbookId,
    params: proposal.params,
    moment,
    actionAt: proposal.executedAt ?? w.startedAt,
    id: w.id,
  });
}
