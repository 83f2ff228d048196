import { expireDueProposals } from '../../db/repositories/proposals.js';
import type { ServiceDeps } from '../deps.js';
import { redrawProposal } from './proposal-view.js';
import { record } from './record-decision.js';

/** Scheduler job: pending proposals past their time (default 30 min) expire and say so. */
export async function expireProposals(deps: ServiceDeps): Promise<number> {
  if (!deps.remediation) return 0;
  const expired = await expireDueProposals(deps.db, deps.now());
  for (const p of expired) {
    await record(deps, p, 'expired', null);
    await redrawProposal(deps, deps.remediation, p);
  }
  return expired.length;
}
