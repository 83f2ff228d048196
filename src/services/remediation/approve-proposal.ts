import { sql } from 'drizzle-orm';
import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { audit, findProposal, setProposal, transitionProposal } from '../../db/repositories/proposals.js';
import { findRoleHolders } from '../../db/repositories/roles.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { incidentRef } from '../../domain/incident.js';
import { decide } from '../../domain/policy.js';
import type { ServiceDeps } from '../deps.js';
import type { RemediationDeps } from './ports.js';
import { redrawProposal } from './proposal-view.js';
import { requireRemediation } from './require.js';
import { startVerification } from './start-verification.js';
import { assertNotSuspended } from './suspension.js';

const STATUS_SENTENCE: Record<string, string> = {
  approved: 'already approved',
  executing: 'already being executed',
  executed: 'already executed',
  failed: 'already executed (it failed)',
  rejected: 'rejected',
  expired: 'expired',
  stopped: 'stopped by STOP',
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

/**
 * Sends an approved proposal to its executor, once: approved → executing is conditional, and is
 * refused while the incident's automation is stopped (a STOP between approval and sending wins).
 */
export async function execute(
  deps: ServiceDeps,
  r: RemediationDeps,
  approved: RemediationProposalRow,
): Promise<RemediationProposalRow> {
  const executing = await deps.db.transaction(async (tx) => {
    const [stopped] = await tx
      .execute(sql`select automation_stopped_at from incidents where id = ${approved.incidentId} for share`)
      .then((res) =>
        (res as unknown as { rows: { automation_stopped_at: Date | null }[] }).rows.map((x) => x.automation_stopped_at),
      );
    if (stopped) return undefined;
    return transitionProposal(tx, approved.id, 'approved', { status: 'executing' });
  });
  if (!executing) {
    const current = (await findProposal(deps.db, approved.id))!;
    await redrawProposal(deps, r, current);
    return current;
  }
  const incident = toIncident((await findIncidentById(deps.db, approved.incidentId))!);
  const rendered = r.catalog.render(approved.runbookId, approved.params);
  const runbook = r.catalog.get(approved.runbookId);
  const outcome = await r.executors.execute(rendered.action.executor, {
    idempotencyKey: approved.id,
    incident: {
      id: incident.id,
      ref: incidentRef(incident),
      channelId: incident.channelId ?? '',
      severity: incident.severity,
    },
    runbook: { id: approved.runbookId, title: runbook?.title ?? approved.runbookId },
    action: { name: rendered.action.name, params: rendered.action.params },
    approvedBy: approved.decidedBy ?? 'firebreak',
    approvedAt: approved.decidedAt ?? deps.now(),
  });
  const status = outcome.status === 'accepted' ? 'executed' : 'failed';
  const done = await setProposal(deps.db, approved.id, {
    status,
    executionStatus: outcome.status,
    executionDetail: outcome.detail,
    executedAt: deps.now(),
  });
  await record(deps, done, status, approved.decidedBy, {
    executor: rendered.action.executor,
    outcome: outcome.status,
    detail: outcome.detail,
  });
  // Issue 13: an accepted action is not "done" until its runbook's verify query says so.
  if (status === 'executed') await startVerification(deps, r, done);
  await redrawProposal(deps, r, done);
  return done;
}

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
