import { findIncidentById } from '../../db/repositories/incidents.js';
import { findProposal, transitionProposal } from '../../db/repositories/proposals.js';
import { findRoleHolders } from '../../db/repositories/roles.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { decide } from '../../domain/policy.js';
import type { ServiceDeps } from '../deps.js';
import { execute } from './execute-proposal.js';
import { record } from './record-decision.js';
import { requireRemediation, requireUnresolved } from './require.js';
import { assertNotSuspended } from './suspension.js';

const STATUS_SENTENCE: Record<string, string> = {
  approved: 'already approved',
  executing: 'already being executed',
  executed: 'already executed',
  failed: 'already executed (it failed)',
  rejected: 'rejected',
  expired: 'expired',
  stopped: 'stopped by STOP',
  closed: 'closed: the incident was resolved',
};

/**
 * A human approves a proposal. Only the IC, the ops lead or a configured approver may; shadow
 * proposals and stopped incidents cannot be approved. The pending → approved move is a conditional
 * update, so a double click, a Slack retry or two replicas approve once and execute once.
 */
export async function approveProposal(
  deps: ServiceDeps,
  args: { proposalId: string; actorId: string },
): Promise<RemediationProposalRow> {
  const r = requireRemediation(deps);
  const proposal = await findProposal(deps.db, args.proposalId);
  if (!proposal) throw new DomainError('NOT_FOUND', 'That proposal no longer exists.');
  const incident = (await findIncidentById(deps.db, proposal.incidentId))!;
  requireUnresolved(incident);
  const roles = await findRoleHolders(deps.db, incident.id);
  const decision = decide('approve-remediation', { actorId: args.actorId, roles, approvers: deps.config.approvers });
  if (!decision.allowed) throw new DomainError('FORBIDDEN', decision.reason);
  if (proposal.mode === 'shadow')
    throw new DomainError('FORBIDDEN', 'This is a shadow-mode proposal: it is recorded, never executed.');
  if (incident.automationStoppedAt)
    throw new DomainError(
      'CONFLICT',
      'Automation is stopped for this incident; the IC can re-enable it with `/incident analyze`.',
    );
  await assertNotSuspended(deps, proposal.runbookId);
  if (r.catalog.needsTarget(proposal.runbookId, proposal.params))
    throw new DomainError(
      'CONFLICT',
      'Choose the service this runbook should act on first, in the menu on the proposal; nothing was done.',
    );
  const now = deps.now();
  const approved = await transitionProposal(
    deps.db,
    proposal.id,
    'pending',
    {
      status: 'approved',
      decidedBy: args.actorId,
      decidedAt: now,
      approvalMs: now.getTime() - proposal.createdAt.getTime(),
    },
    now,
  );
  if (!approved) {
    const current = (await findProposal(deps.db, proposal.id))!;
    const state = current.status === 'pending' ? 'expired' : (STATUS_SENTENCE[current.status] ?? current.status);
    throw new DomainError('CONFLICT', `This proposal is ${state}; nothing was done.`);
  }
  await record(deps, approved, 'approved', args.actorId, { approvalMs: approved.approvalMs });
  return execute(deps, r, approved);
}
