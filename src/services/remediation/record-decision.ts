import { audit } from '../../db/repositories/proposals.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import type { ServiceDeps } from '../deps.js';

/** An audit row and a timeline event for one decision. */
export async function record(
  deps: ServiceDeps,
  p: RemediationProposalRow,
  event: string,
  actorId: string | null | undefined,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const at = deps.now();
  await audit(deps.db, { incidentId: p.incidentId, proposalId: p.id, event, actorId: actorId ?? null, at, detail });
  await insertTimelineEvent(deps.db, {
    incidentId: p.incidentId,
    kind: `remediation_${event}`,
    actorId: actorId ?? null,
    actorType: actorId ? 'human' : 'system',
    at,
    text: `${p.runbookId}: ${event}${detail.detail ? ` (${String(detail.detail)})` : ''}`,
    data: { proposalId: p.id, runbookId: p.runbookId, ...detail },
    // The proposal's message, redrawn with each decision: what the postmortem links.
    messageTs: p.channelTs,
    dedupeKey: `remediation:${p.id}:${event}`,
  });
}
