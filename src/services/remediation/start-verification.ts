import { audit } from '../../db/repositories/proposals.js';
import { insertWatch } from '../../db/repositories/watches.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import type { ServiceDeps } from '../deps.js';
import type { RemediationDeps } from './ports.js';

/**
 * After an executor accepted an action whose runbook has `verify`: reads the value now (the
 * "before"), and stores a watch the scheduler evaluates on every tick (check-verifications). Stored,
 * not held in memory, so a restart or another replica carries it on. Without Prometheus nothing can
 * be watched; the audit says so.
 */
export async function startVerification(
  deps: ServiceDeps,
  r: RemediationDeps,
  executed: RemediationProposalRow,
): Promise<void> {
  let verify: ReturnType<RemediationDeps['catalog']['render']>['verify'];
  try {
    verify = r.catalog.render(executed.runbookId, executed.params).verify;
  } catch {
    return;
  }
  if (!verify) return;
  const at = deps.now();
  if (!r.metrics) {
    await audit(deps.db, {
      incidentId: executed.incidentId,
      proposalId: executed.id,
      event: 'not_verified',
      at,
      detail: { reason: 'metrics.prometheus is not configured' },
    });
    return;
  }
  const before = await r.metrics.query(verify.query);
  const watch = await insertWatch(deps.db, {
    proposalId: executed.id,
    incidentId: executed.incidentId,
    runbookId: executed.runbookId,
    query: verify.query,
    op: verify.op,
    threshold: verify.threshold,
    unit: verify.unit,
    beforeValue: before.status === 'ok' ? before.value : null,
    startedAt: at,
    deadlineAt: new Date(at.getTime() + verify.withinMs),
    holdMs: verify.holdMs,
    ...(before.status !== 'ok' && { lastError: before.detail }),
  });
  if (watch)
    await audit(deps.db, {
      incidentId: executed.incidentId,
      proposalId: executed.id,
      event: 'watching',
      at,
      detail: { before: watch.beforeValue, query: verify.query, healthy: `${verify.op} ${verify.threshold}` },
    });
}
