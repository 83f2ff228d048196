import { findProposal } from '../../db/repositories/proposals.js';
import { claimUntoldWatches, openSuspensions } from '../../db/repositories/watches.js';
import type { RemediationWatchRow } from '../../db/schema/index.js';
import type { ServiceDeps } from '../deps.js';
import { tellInconclusive, tellVerified, VERIFICATION_LEASE_MS } from './check-verifications.js';
import { finishRegression } from './finish-regression.js';
import type { RemediationDeps } from './ports.js';

// Endings older than this are history: a Firebreak upgraded or restarted days later does not re-tell them.
const TELL_WITHIN_MS = 6 * 60 * 60_000;

/**
 * Scheduler job: a verification's ending is stored before it is told (audit row, channel, chart,
 * redraw). When the process died in between, the ending would stay untold: the IC never hears that
 * the fix held, or that it was rolled back. After the evaluator's lease, each such ending is claimed
 * (one replica each) and its follow-up carried out again, each step looked up first so none is doubled.
 */
export async function tellEndedWatches(deps: ServiceDeps): Promise<number> {
  const r = deps.remediation;
  if (!r) return 0;
  const now = deps.now();
  const untold = await claimUntoldWatches(deps.db, {
    now,
    endedBefore: new Date(now.getTime() - VERIFICATION_LEASE_MS),
    endedAfter: new Date(now.getTime() - TELL_WITHIN_MS),
    leaseUntil: new Date(now.getTime() + VERIFICATION_LEASE_MS),
  });
  for (const w of untold) {
    try {
      await tellOne(deps, r, w);
    } catch (err) {
      deps.logger.warn({ err, watchId: w.id }, 'could not tell a verification ending; retried after its lease');
    }
  }
  return untold.length;
}

async function tellOne(deps: ServiceDeps, r: RemediationDeps, w: RemediationWatchRow): Promise<void> {
  deps.logger.info({ watchId: w.id, status: w.status }, 'telling a verification ending left untold by a crash');
  if (w.status === 'verified') return tellVerified(deps, r, w, { recovering: true });
  if (w.status === 'inconclusive') return tellInconclusive(deps, r, w, { recovering: true });
  const proposal = (await findProposal(deps.db, w.proposalId))!;
  const suspended = (await openSuspensions(deps.db)).has(w.runbookId);
  // The rollback's answer is stored (the sweeper skips unanswered claims): tell it, never send it again.
  const answer = proposal.rollbackStatus
    ? { status: proposal.rollbackStatus, detail: proposal.rollbackDetail ?? '' }
    : undefined;
  return finishRegression(deps, r, w, { suspended, recovering: true, ...(answer && { answer }) });
}
