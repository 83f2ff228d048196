import { runbookRecord } from '../../db/queries/runbook-record.js';
import { type AutonomyThresholds, type HeldGate, heldGates, RECORD_DAYS } from '../../domain/autonomy.js';
import type { ServiceDeps } from '../deps.js';
import type { RemediationDeps } from './ports.js';
import { riskOf } from './proposal-view.js';
import { suspensionOf } from './suspension.js';

/** What happens to a fresh proposal: a human decides, it runs unattended, or the record held it back. */
export type AutonomyVerdict = { kind: 'approval' } | { kind: 'auto' } | { kind: 'held'; gates: HeldGate[] };

/** `ai.autonomy` as the domain rules take it. */
export const thresholdsOf = (deps: ServiceDeps): AutonomyThresholds => ({
  minDays: deps.config.ai.autonomy.min_days,
  minVerified: deps.config.ai.autonomy.min_verified,
  maxRegressionRate: deps.config.ai.autonomy.max_regression_rate,
});

/** The start of the record's window at `now`. */
export const recordSince = (now: Date): Date => new Date(now.getTime() - RECORD_DAYS * 86_400_000);

/**
 * docs/domain.md's risk tags: critical services always need a human; an `auto_approve` runbook may run
 * unattended only on a `low` service that allows it (`auto_approve: true` in config) — and, since
 * trust is earned per pattern, only once its record meets the `ai.autonomy` gates and it is not
 * suspended. A proposal the policy would have auto-approved but the record did not is `held`, with
 * the gates that held it (the message says which).
 */
export async function judgeAutonomy(
  deps: ServiceDeps,
  r: RemediationDeps,
  proposal: { runbookId: string; params: Record<string, string>; mode: string },
): Promise<AutonomyVerdict> {
  if (proposal.mode !== 'propose') return { kind: 'approval' };
  const runbook = r.catalog.get(proposal.runbookId);
  const service = deps.config.services.find((s) => s.name === proposal.params.service);
  const policy = !!runbook?.auto_approve && !!service?.auto_approve && riskOf(deps, [service.name]) === 'low';
  // A suspended runbook shows no Approve at all; its message says so and how to lift it.
  if (!policy || (await suspensionOf(deps, proposal.runbookId))) return { kind: 'approval' };
  const now = deps.now();
  const record = await runbookRecord(deps.db, proposal.runbookId, recordSince(now));
  const gates = heldGates(record, thresholdsOf(deps), now);
  return gates.length ? { kind: 'held', gates } : { kind: 'auto' };
}
