import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { findProposal } from '../../db/repositories/proposals.js';
import { findRoleHolders } from '../../db/repositories/roles.js';
import { claimRollback } from '../../db/repositories/watches.js';
import { DomainError } from '../../domain/errors.js';
import { decide } from '../../domain/policy.js';
import type { ServiceDeps } from '../deps.js';
import { drawMetricChart, postMetricChart } from './post-metric-chart.js';
import { redrawProposal } from './proposal-view.js';
import { requireRemediation } from './require.js';
import { ROLLBACK_LEASE_MS, sendRollback } from './send-rollback.js';

/**
 * "Roll back" on an executed proposal: sends the runbook's rollback action through its executor,
 * once (claimed by setting `rollback_at`, stored before sending: a crash in between is swept and
 * sent by resume-rollbacks), by the people who may approve. Recorded as a
 * `rolled_back` audit row — what the digest's regression rate counts — and a timeline event. STOP
 * does not block it: undoing an automated change is the safe direction.
 */
export async function rollBackProposal(
  deps: ServiceDeps,
  args: { proposalId: string; actorId: string },
): Promise<void> {
  const r = requireRemediation(deps);
  const proposal = await findProposal(deps.db, args.proposalId);
  if (!proposal) throw new DomainError('NOT_FOUND', 'That proposal no longer exists.');
  const incident = toIncident((await findIncidentById(deps.db, proposal.incidentId))!);
  const roles = await findRoleHolders(deps.db, incident.id);
  const decision = decide('roll-back-remediation', { actorId: args.actorId, roles, approvers: deps.config.approvers });
  if (!decision.allowed) throw new DomainError('FORBIDDEN', decision.reason);
  if (proposal.status !== 'executed')
    throw new DomainError('CONFLICT', 'Only an executed remediation can be rolled back.');
  const rendered = r.catalog.render(proposal.runbookId, proposal.params);
  if (!rendered.rollback)
    throw new DomainError(
      'CONFLICT',
      `${proposal.runbookId} has no automated rollback; follow its rollback plan by hand.`,
    );
  const now = deps.now();
  const claimed = await claimRollback(
    deps.db,
    proposal.id,
    args.actorId,
    now,
    new Date(now.getTime() + ROLLBACK_LEASE_MS),
  );
  if (!claimed) throw new DomainError('CONFLICT', 'This remediation is already being rolled back.');
  await redrawProposal(deps, r, claimed);
  const outcome = await sendRollback(deps, r, claimed, args.actorId);
  if (outcome.status !== 'accepted' || !incident.channelId) return;
  const chart = await drawMetricChart(deps, r, {
    incident,
    runbookId: claimed.runbookId,
    params: claimed.params,
    moment: 'rolled-back',
    actionAt: claimed.executedAt,
    id: claimed.id,
  });
  await postMetricChart(deps, incident.channelId, chart);
}
