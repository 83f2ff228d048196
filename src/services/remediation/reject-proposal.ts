import { findIncidentById } from '../../db/repositories/incidents.js';
import { findProposal, transitionProposal } from '../../db/repositories/proposals.js';
import { findRoleHolders } from '../../db/repositories/roles.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { decide } from '../../domain/policy.js';
import type { ServiceDeps } from '../deps.js';
import { redrawProposal } from './proposal-view.js';
import { record } from './record-decision.js';
import { requireRemediation, requireUnresolved } from './require.js';

/**
 * Throws the sentence a person would be told if they may not reject this proposal now. The Reject
 * button runs it before opening the reason form, so nobody types a reason only to be refused.
 */
export async function assertMayReject(
  deps: ServiceDeps,
  args: { proposalId: string; actorId: string },
): Promise<RemediationProposalRow> {
  const proposal = await findProposal(deps.db, args.proposalId);
  if (!proposal) throw new DomainError('NOT_FOUND', 'That proposal no longer exists.');
  const incident = (await findIncidentById(deps.db, proposal.incidentId))!;
  requireUnresolved(incident);
  const roles = await findRoleHolders(deps.db, incident.id);
  const decision = decide('reject-remediation', { actorId: args.actorId, roles, approvers: deps.config.approvers });
  if (!decision.allowed) throw new DomainError('FORBIDDEN', decision.reason);
  if (proposal.status !== 'pending') throw new DomainError('CONFLICT', `This proposal is already ${proposal.status}.`);
  return proposal;
}

/** A human rejects a proposal (optionally saying why); recorded and shown on the message. */
export async function rejectProposal(
  deps: ServiceDeps,
  args: { proposalId: string; actorId: string; reason?: string | undefined },
): Promise<void> {
  const r = requireRemediation(deps);
  const proposal = await assertMayReject(deps, args);
  const reason = args.reason?.trim() || null;
  const rejected = await transitionProposal(deps.db, proposal.id, 'pending', {
    status: 'rejected',
    decidedBy: args.actorId,
    decidedAt: deps.now(),
    reason,
  });
  // Lost the race to another decision (or expiry) between the check and here.
  if (!rejected)
    throw new DomainError(
      'CONFLICT',
      `This proposal is already ${(await findProposal(deps.db, proposal.id))!.status}.`,
    );
  await record(deps, rejected, 'rejected', args.actorId, { reason, ...(reason && { detail: reason }) });
  await redrawProposal(deps, r, rejected);
}
