import { findIncidentById } from '../../db/repositories/incidents.js';
import { findProposal, setProposalTarget } from '../../db/repositories/proposals.js';
import { findRoleHolders } from '../../db/repositories/roles.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { decide } from '../../domain/policy.js';
import type { ServiceDeps } from '../deps.js';
import { redrawProposal } from './proposal-view.js';
import { record } from './record-decision.js';
import { requireRemediation } from './require.js';

/**
 * A human chooses the service a proposal acts on, when the incident named none the catalogue knows
 * (the rules do not guess one). Choosing is part of deciding, so the same people who may approve may
 * choose; the choice is audited with who made it, and Approve appears once it is made.
 */
export async function chooseProposalTarget(
  deps: ServiceDeps,
  args: { proposalId: string; service: string; actorId: string },
): Promise<RemediationProposalRow> {
  const r = requireRemediation(deps);
  const proposal = await findProposal(deps.db, args.proposalId);
  if (!proposal) throw new DomainError('NOT_FOUND', 'That proposal no longer exists.');
  const incident = (await findIncidentById(deps.db, proposal.incidentId))!;
  const roles = await findRoleHolders(deps.db, incident.id);
  const may = decide('approve-remediation', { actorId: args.actorId, roles, approvers: deps.config.approvers });
  if (!may.allowed)
    throw new DomainError('FORBIDDEN', 'Only the IC, the ops lead or a configured approver can choose the target.');
  if (!r.catalog.needsTarget(proposal.runbookId, proposal.params))
    throw new DomainError('CONFLICT', 'This proposal already has its target; nothing was changed.');
  const checked = r.catalog.validateParams(proposal.runbookId, { service: args.service });
  if (!checked.ok)
    throw new DomainError(
      'VALIDATION',
      `Runbook ${proposal.runbookId} cannot act on that service; choose one of ${r.catalog.servicesFor(proposal.runbookId).join(', ')}.`,
    );
  const chosen = await setProposalTarget(deps.db, proposal.id, checked.params, deps.now());
  if (!chosen)
    throw new DomainError('CONFLICT', 'This proposal was decided or targeted meanwhile; nothing was changed.');
  await record(deps, chosen, 'target_chosen', args.actorId, { service: checked.params.service });
  await redrawProposal(deps, r, chosen);
  return chosen;
}
