import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { claimUnsentRollbacks, recordRollbackAnswer } from '../../db/repositories/proposals.js';
import { findWatchOfProposal, openSuspensions } from '../../db/repositories/watches.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import type { ServiceDeps } from '../deps.js';
import { finishRegression } from './finish-regression.js';
import type { RemediationDeps } from './ports.js';
import { redrawProposal } from './proposal-view.js';
import { record } from './record-decision.js';
import { ROLLBACK_LEASE_MS, sendRollback } from './send-rollback.js';

// Undoing a change long after it was decided may undo something else by then: past this, a person checks.
const RESEND_WITHIN_MS = 15 * 60_000;

/**
 * Scheduler job: rollbacks claimed (stored) but never answered — the process died between the
 * claim and the executor's answer. Each is claimed again by a conditional update with a lease, so
 * of two replicas one handles it, and sent with the same idempotency key (`<proposal id>:rollback`):
 * an executor that already has it answers without running it again, one that never got it runs it
 * once. An automatic rollback after a STOP is cancelled instead (a human is in charge); one older
 * than 15 minutes is not sent but marked failed and said in the channel, for a person to check.
 * For an automatic rollback the rest of the regression (audit, the message to the IC) follows.
 */
export async function resumeRollbacks(deps: ServiceDeps): Promise<number> {
  const r = deps.remediation;
  if (!r) return 0;
  const now = deps.now();
  const unsent = await claimUnsentRollbacks(deps.db, now, new Date(now.getTime() + ROLLBACK_LEASE_MS));
  for (const p of unsent) {
    try {
      await resumeOne(deps, r, p, now);
    } catch (err) {
      deps.logger.warn({ err, proposalId: p.id }, 'could not resume an unsent rollback; retried after its lease');
    }
  }
  return unsent.length;
}

async function resumeOne(deps: ServiceDeps, r: RemediationDeps, p: RemediationProposalRow, now: Date) {
  const incident = (await findIncidentById(deps.db, p.incidentId))!;
  const automatic = p.rollbackBy === null;
  const stale = now.getTime() - p.rollbackAt!.getTime() > RESEND_WITHIN_MS;
  const why =
    automatic && incident.automationStoppedAt
      ? { status: 'cancelled', detail: 'not sent: automation was stopped (a human is in charge)' }
      : stale
        ? { status: 'failed', detail: 'not sent: Firebreak stopped before sending it, and it is too late to send now' }
        : undefined;
  const watch = automatic ? await findWatchOfProposal(deps.db, p.id) : undefined;
  const regression = watch?.status === 'regressed' ? watch : undefined;
  const suspended = regression ? (await openSuspensions(deps.db)).has(p.runbookId) : false;
  if (!why) {
    deps.logger.info({ proposalId: p.id }, 'sending a rollback claimed before a crash (same idempotency key)');
    if (regression) return finishRegression(deps, r, regression, { claimed: p, suspended, recovering: true });
    await sendRollback(deps, r, p, p.rollbackBy, { resumed: true });
    return;
  }
  const done = await recordRollbackAnswer(deps.db, p.id, { rollbackStatus: why.status, rollbackDetail: why.detail });
  if (!done) return;
  await record(deps, done, why.status === 'cancelled' ? 'rollback_cancelled' : 'rollback_failed', p.rollbackBy, {
    detail: why.detail,
  });
  if (regression) return finishRegression(deps, r, regression, { answer: why, suspended, recovering: true });
  await redrawProposal(deps, r, done);
  if (incident.channelId)
    await deps.chat.post(incident.channelId, {
      kind: 'remediation-unconfirmed',
      incident: toIncident(incident),
      runbookTitle: `${r.catalog.get(p.runbookId)?.title ?? p.runbookId} (rollback)`,
      reason: 'it is too long since it was asked for',
    });
}
