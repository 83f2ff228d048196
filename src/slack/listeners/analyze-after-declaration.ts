import { autoAnalyzeIncident } from '../../services/remediation/auto-analyze.js';
import type { ListenerContext } from '../context.js';

/**
 * The automatic analysis, run once the declarer has their reply (the channel matters more than the
 * analysis). A failure here is logged with the incident and does not turn into "declaration failed":
 * the incident exists, and `/incident analyze` can be run by hand.
 */
export async function analyzeAfterDeclaration(ctx: ListenerContext, incidentId: string): Promise<void> {
  try {
    await autoAnalyzeIncident(ctx.services, { incidentId });
  } catch (err) {
    ctx.logger.error({ err, incidentId }, 'automatic analysis after declaration failed');
  }
}
