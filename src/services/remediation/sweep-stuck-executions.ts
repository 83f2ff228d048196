import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { claimStuckExecutions } from '../../db/repositories/proposals.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import type { ServiceDeps } from '../deps.js';
import { failProposal, prepareAction, sendAndRecord } from './execute-proposal.js';
import type { RemediationDeps } from './ports.js';

// Longer than an executor call can take (10 s timeout) plus recording it: past this nobody is on it.
const STUCK_AFTER_MS = 2 * 60_000;
// Sending an action later than this after its approval acts on a situation that may have moved on.
const RESEND_WITHIN_MS = 15 * 60_000;

/**
 * Scheduler job: resolves executions left `executing` (the process died, or recording the answer
 * failed, after the request went out). Each is claimed by a conditional update, so of two replicas
 * one handles it. While it is still safe — once, within 15 minutes of the approval, automation not
 * stopped, incident not resolved — the executor is asked again with the same idempotency key: the
 * executor contract de-duplicates on it, so an action that already ran is answered, not run again,
 * and one that never arrived runs once. Otherwise it is marked failed, on its message and in the
 * channel, for a human to check: Firebreak does not know whether it ran.
 */
export async function sweepStuckExecutions(deps: ServiceDeps): Promise<number> {
  const r = deps.remediation;
  if (!r) return 0;
  const now = deps.now();
  const stuck = await claimStuckExecutions(deps.db, now, new Date(now.getTime() - STUCK_AFTER_MS));
  for (const p of stuck) {
    try {
      await resolveOne(deps, r, p, now);
    } catch (err) {
      // The claim moved its clock: it is looked at again after STUCK_AFTER_MS.
      deps.logger.warn({ err, proposalId: p.id }, 'could not resolve a stuck execution; will retry');
    }
  }
  return stuck.length;
}

async function resolveOne(deps: ServiceDeps, r: RemediationDeps, p: RemediationProposalRow, now: Date) {
  const incident = (await findIncidentById(deps.db, p.incidentId))!;
  const approvedAt = (p.decidedAt ?? p.createdAt).getTime();
  const why = incident.automationStoppedAt
    ? 'automation was stopped since'
    : incident.status === 'resolved'
      ? 'the incident was resolved since'
      : p.resends > 1
        ? 'asking it again did not settle it either'
        : now.getTime() - approvedAt > RESEND_WITHIN_MS
          ? 'it is too long since the approval'
          : undefined;
  let reason = why;
  if (!reason) {
    try {
      const action = prepareAction(r, p);
      deps.logger.info(
        { proposalId: p.id },
        'asking the executor again about a stuck execution (same idempotency key)',
      );
      return await sendAndRecord(deps, r, p, action);
    } catch (err) {
      if (!(err instanceof Error) || !/runbook/.test(err.message)) throw err;
      reason = err.message;
    }
  }
  const failed = await failProposal(deps, r, p, 'executing', `answer lost, not sent again: ${reason}`);
  if (!failed || !incident.channelId) return;
  await deps.chat.post(incident.channelId, {
    kind: 'remediation-unconfirmed',
    incident: toIncident(incident),
    runbookTitle: r.catalog.get(p.runbookId)?.title ?? p.runbookId,
    reason,
  });
}
