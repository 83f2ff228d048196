import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { findProposal, recordRollbackAnswer } from '../../db/repositories/proposals.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import { incidentRef } from '../../domain/incident.js';
import type { ServiceDeps } from '../deps.js';
import type { ExecutionOutcome, RemediationDeps } from './ports.js';
import { redrawProposal } from './proposal-view.js';
import { record } from './record-decision.js';

// Longer than an executor call can take (10 s timeout) plus recording it: past this, the claimer is gone.
export const ROLLBACK_LEASE_MS = 2 * 60_000;

/**
 * Sends a proposal's rollback action, already claimed (`rollback_at` set by the caller's
 * conditional update), to its executor with its own idempotency key (`<proposal id>:rollback`, the
 * same on every attempt, so an executor that already has it answers without running it again), and
 * records the answer once: `rolled_back` (what the regression rate counts) or `rollback_failed`.
 * `actorId` null: Firebreak itself, after a regression.
 */
export async function sendRollback(
  deps: ServiceDeps,
  r: RemediationDeps,
  claimed: RemediationProposalRow,
  actorId: string | null,
  detail: Record<string, unknown> = {},
): Promise<ExecutionOutcome> {
  const incident = toIncident((await findIncidentById(deps.db, claimed.incidentId))!);
  const rendered = r.catalog.render(claimed.runbookId, claimed.params);
  if (!rendered.rollback) throw new Error(`${claimed.runbookId} has no rollback action`);
  const outcome = await r.executors.execute(rendered.rollback.executor, {
    idempotencyKey: `${claimed.id}:rollback`,
    incident: {
      id: incident.id,
      ref: incidentRef(incident),
      channelId: incident.channelId ?? '',
      severity: incident.severity,
    },
    runbook: { id: claimed.runbookId, title: r.catalog.get(claimed.runbookId)?.title ?? claimed.runbookId },
    action: { name: rendered.rollback.name, params: rendered.rollback.params },
    approvedBy: actorId ?? 'firebreak',
    approvedAt: claimed.rollbackAt ?? deps.now(),
  });
  const done = await recordRollbackAnswer(deps.db, claimed.id, {
    rollbackStatus: outcome.status,
    rollbackDetail: outcome.detail,
  });
  // Another sender (a sweeper after a lease ran out) recorded it first: its answer stands.
  if (!done) {
    const current = (await findProposal(deps.db, claimed.id))!;
    return current.rollbackStatus
      ? { status: current.rollbackStatus as ExecutionOutcome['status'], detail: current.rollbackDetail ?? '' }
      : outcome;
  }
  await record(deps, done, outcome.status === 'accepted' ? 'rolled_back' : 'rollback_failed', actorId, {
    executor: rendered.rollback.executor,
    outcome: outcome.status,
    ...detail,
    detail: outcome.detail,
  });
  await redrawProposal(deps, r, done);
  return outcome;
}
