import type { RemediationProposalRow, RemediationWatchRow } from '../../db/schema/index.js';
import type { Incident } from '../../domain/incident.js';
import type { ServiceDeps } from '../deps.js';
import type { Notice } from '../ports.js';
import type { RemediationDeps } from './ports.js';
import { type ChartMoment, chartNote, drawMetricChart, postMetricChart } from './post-metric-chart.js';

/**
 * A verification's ending said in the channel (the keyed message, then its after chart: the analysis's
 * chart again, with the action marked, so the channel shows before and after), each once.
 * Told again after a crash (`recovering`), the message is looked for by its key and the chart by its
 * filename, so whichever of the two the crash cut off is posted, and only that one.
 */
export async function postEnding(
  deps: ServiceDeps,
  r: RemediationDeps,
  args: {
    incident: Incident;
    proposal: RemediationProposalRow;
    watch: RemediationWatchRow;
    moment: ChartMoment;
    key: string;
    recovering: boolean;
    /** The message, given the chart's note (why there is no chart) when it could not be drawn. */
    notice: (chartNote: string | undefined) => Promise<Notice>;
  },
): Promise<void> {
  const channel = args.incident.channelId;
  if (!channel) return;
  const posted = args.recovering ? await deps.chat.findPosted(channel, args.key) : undefined;
  const chart = await drawMetricChart(deps, r, {
    incident: args.incident,
    runbookId: args.proposal.runbookId,
    params: args.proposal.params,
    moment: args.moment,
    actionAt: args.proposal.executedAt ?? args.watch.startedAt,
    id: args.watch.id,
  });
  if (!posted) await deps.chat.post(channel, await args.notice(chartNote(chart)), { key: args.key });
  await postMetricChart(deps, channel, chart, { recovering: args.recovering });
}
