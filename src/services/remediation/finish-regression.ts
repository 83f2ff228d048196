import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { findProposal, findProposalAudit } from '../../db/repositories/proposals.js';
import { findRoleHolders } from '../../db/repositories/roles.js';
import { markWatchTold } from '../../db/repositories/watches.js';
import type { RemediationProposalRow, RemediationWatchRow } from '../../db/schema/index.js';
import { formatMetric } from '../../domain/metric-value.js';
import type { ServiceDeps } from '../deps.js';
import { postEnding } from './after-chart.js';
import type { RemediationDeps } from './ports.js';
import { redrawProposal } from './proposal-view.js';
import { record } from './record-decision.js';
import { sendRollback } from './send-rollback.js';

/** A watch's value as messages show it. */
export const watchValue = (w: RemediationWatchRow, v: number) => formatMetric(v, w.unit || 'value');
/** The value recorded before the action, as messages show it. */
export const beforeText = (w: RemediationWatchRow) =>
  w.beforeValue === null ? 'unknown' : watchValue(w, w.beforeValue);

/**
 * What follows a regression once it is stored (watch ended `regressed`, rollback claimed, runbook
 * suspended, in one transaction): the audit row, the rollback sent (only when this caller holds its
 * claim), and the IC and the channel told with the numbers. Run right after the transaction, and
 * again by resume-rollbacks when the process died in between (`recovering`): then what was already
 * done is looked up first — the audit row, the post (by its key) — so nothing is said twice.
 */
export async function finishRegression(
  deps: ServiceDeps,
  r: RemediationDeps,
  w: RemediationWatchRow,
  opts: {
    claimed?: RemediationProposalRow | undefined;
    suspended: boolean;
    recovering?: boolean;
    /** Instead of sending the claimed rollback: its answer (the sweeper cancelled it after a STOP). */
    answer?: { status: string; detail: string };
  },
): Promise<void> {
  const proposal = (await findProposal(deps.db, w.proposalId))!;
  const cause = w.cause ?? 'regression';
  const after = w.lastValue === null ? 'unknown' : watchValue(w, w.lastValue);
  if (!opts.recovering || !(await findProposalAudit(deps.db, proposal.id, 'regressed')))
    await record(deps, proposal, 'regressed', null, {
      cause,
      before: w.beforeValue,
      after: w.lastValue,
      detail: cause,
    });
  const sent =
    opts.answer ??
    (opts.claimed ? await sendRollback(deps, r, opts.claimed, null, { automatic: true, cause }) : undefined);
  const incident = toIncident((await findIncidentById(deps.db, w.incidentId))!);
  await postEnding(deps, r, {
    incident,
    proposal,
    watch: w,
    moment: sent ? 'rolled-back' : 'regressed',
    key: `regressed:${w.id}`,
    recovering: !!opts.recovering,
    notice: async (note) => ({
      kind: 'remediation-regressed',
      incident,
      icId: (await findRoleHolders(deps.db, incident.id)).ic ?? null,
      runbookId: w.runbookId,
      service: proposal.params.service ?? null,
      cause,
      before: beforeText(w),
      after,
      rollback: sent ? { status: sent.status, detail: sent.detail } : null,
      suspended: opts.suspended,
      ...(note && { chartNote: note }),
    }),
  });
  await redrawProposal(deps, r, (await findProposal(deps.db, w.proposalId))!);
  await markWatchTold(deps.db, w.id, deps.now());
}
