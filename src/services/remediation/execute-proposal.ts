import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { beginExecution, findProposal, transitionProposal } from '../../db/repositories/proposals.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { incidentRef } from '../../domain/incident.js';
import type { ServiceDeps } from '../deps.js';
import type { RemediationDeps } from './ports.js';
import { redrawProposal } from './proposal-view.js';
import { record } from './record-decision.js';
import { startVerification } from './start-verification.js';

/** What the executor is asked to do, rendered and checked before anything is marked `executing`. */
export interface PreparedAction {
  executor: string;
  name: string;
  params: Record<string, string>;
  runbookTitle: string;
}

/** Renders a proposal's runbook action; throws with the reason when it cannot be (runbook gone, bad params). */
export function prepareAction(r: RemediationDeps, p: RemediationProposalRow): PreparedAction {
  const runbook = r.catalog.get(p.runbookId);
  if (!runbook) throw new Error(`runbook ${p.runbookId} is no longer in the catalogue`);
  const rendered = r.catalog.render(p.runbookId, p.params);
  return { ...rendered.action, runbookTitle: runbook.title };
}

/**
 * Sends an approved proposal to its executor, once. The action is rendered first: a runbook that
 * cannot be rendered fails the proposal (approved → failed, said on its message and to the person)
 * and never reaches `executing`. approved → executing is conditional and refused while the
 * incident's automation is stopped (a STOP between approval and sending wins).
 */
export async function execute(
  deps: ServiceDeps,
  r: RemediationDeps,
  approved: RemediationProposalRow,
): Promise<RemediationProposalRow> {
  let action: PreparedAction;
  try {
    action = prepareAction(r, approved);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await failProposal(deps, r, approved, 'approved', `not sent: ${reason}`);
    throw new DomainError('VALIDATION', `The runbook could not be prepared (${reason}); nothing was executed.`);
  }
  const executing = await beginExecution(deps.db, approved, deps.now());
  if (!executing) {
    const current = (await findProposal(deps.db, approved.id))!;
    await redrawProposal(deps, r, current);
    return current;
  }
  return sendAndRecord(deps, r, executing, action);
}

/**
 * Asks the executor (idempotency key: the proposal id, so an executor that already has it answers
 * without running it again) and records the answer: executing → executed | failed, conditional, so
 * of the first sender and a sweeper only one records.
 */
export async function sendAndRecord(
  deps: ServiceDeps,
  r: RemediationDeps,
  executing: RemediationProposalRow,
  action: PreparedAction,
): Promise<RemediationProposalRow> {
  const incident = toIncident((await findIncidentById(deps.db, executing.incidentId))!);
  const outcome = await r.executors.execute(action.executor, {
    idempotencyKey: executing.id,
    incident: {
      id: incident.id,
      ref: incidentRef(incident),
      channelId: incident.channelId ?? '',
      severity: incident.severity,
    },
    runbook: { id: executing.runbookId, title: action.runbookTitle },
    action: { name: action.name, params: action.params },
    approvedBy: executing.decidedBy ?? 'firebreak',
    approvedAt: executing.decidedAt ?? deps.now(),
  });
  const status = outcome.status === 'accepted' ? 'executed' : 'failed';
  const done = await transitionProposal(deps.db, executing.id, 'executing', {
    status,
    executionStatus: outcome.status,
    executionDetail: outcome.detail,
    executedAt: deps.now(),
  });
  if (!done) return (await findProposal(deps.db, executing.id))!;
  await record(deps, done, status, executing.decidedBy, {
    executor: action.executor,
    outcome: outcome.status,
    detail: outcome.detail,
  });
  // An accepted action is not "done" until its runbook's verify query says so.
  if (status === 'executed') await startVerification(deps, r, done);
  await redrawProposal(deps, r, done);
  return done;
}

/** from → failed with a reason, recorded and shown on the proposal's message; false when another got there first. */
export async function failProposal(
  deps: ServiceDeps,
  r: RemediationDeps,
  p: RemediationProposalRow,
  from: 'approved' | 'executing',
  detail: string,
): Promise<RemediationProposalRow | undefined> {
  const failed = await transitionProposal(deps.db, p.id, from, {
    status: 'failed',
    executionStatus: 'failed',
    executionDetail: detail,
    executedAt: deps.now(),
  });
  if (!failed) return undefined;
  await record(deps, failed, 'failed', p.decidedBy, { outcome: 'failed', detail });
  await redrawProposal(deps, r, failed);
  return failed;
}
