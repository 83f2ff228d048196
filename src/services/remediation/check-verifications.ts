import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { findProposal, findProposalAudit } from '../../db/repositories/proposals.js';
import { findRoleHolders } from '../../db/repositories/roles.js';
import {
  automationStoppedForShare,
  claimRollback,
  claimWatches,
  endWatch,
  markWatchTold,
  recordWatchSample,
  suspendRunbook,
} from '../../db/repositories/watches.js';
import type { RemediationWatchRow } from '../../db/schema/index.js';
import { formatDurationMs } from '../../domain/metric-value.js';
import type { ServiceDeps } from '../deps.js';
import { postEnding } from './after-chart.js';
import { beforeText, finishRegression, watchValue } from './finish-regression.js';
import type { RemediationDeps } from './ports.js';
import { redrawProposal } from './proposal-view.js';
import { record } from './record-decision.js';
import { ROLLBACK_LEASE_MS } from './send-rollback.js';

// Longer than one evaluation (a query bounded by the client's timeout, a rollback bounded by the
// executor's): a replica that dies mid-evaluation hands its watches on after this.
export const VERIFICATION_LEASE_MS = 2 * 60_000;
const LEASE_MS = VERIFICATION_LEASE_MS;

/**
 * Scheduler job: evaluates every running verification once. Healthy for `hold` → verified;
 * past the threshold on the wrong side and beyond the value before the action, or still not
 * healthy at the deadline → regression: the rollback runs automatically, once, the IC and the
 * channel are told with the numbers, and the runbook is suspended everywhere. A STOP (checked
 * under the incident row's lock) cancels instead. No data at the deadline ends inconclusive: a
 * Prometheus outage is not evidence that the fix failed.
 */
export async function checkVerifications(deps: ServiceDeps): Promise<number> {
  const r = deps.remediation;
  if (!r?.metrics) return 0;
  const now = deps.now();
  const claimed = await claimWatches(deps.db, now, new Date(now.getTime() + LEASE_MS));
  for (const watch of claimed) {
    try {
      await evaluate(deps, r, watch);
    } catch (err) {
      deps.logger.error({ err, watchId: watch.id }, 'verification check failed; retried when the lease runs out');
    }
  }
  return claimed.length;
}

async function evaluate(deps: ServiceDeps, r: RemediationDeps, w: RemediationWatchRow): Promise<void> {
  const reading = await r.metrics!.query(w.query);
  const now = deps.now();
  const late = now.getTime() >= w.deadlineAt.getTime();
  if (reading.status !== 'ok') {
    if (late) return inconclusive(deps, r, w, now, reading.detail);
    return recordWatchSample(deps.db, w.id, { lastError: reading.detail, lastAt: now, healthySince: null });
  }
  const value = reading.value;
  const healthy = w.op === '<' ? value < w.threshold : value > w.threshold;
  if (healthy) {
    const since = w.healthySince ?? now;
    if (now.getTime() - since.getTime() >= w.holdMs) return verified(deps, r, w, value, now);
    return recordWatchSample(deps.db, w.id, { healthySince: since, lastValue: value, lastAt: now, lastError: null });
  }
  const worse = w.beforeValue !== null && (w.op === '<' ? value > w.beforeValue : value < w.beforeValue);
  if (worse)
    return regressed(deps, r, w, value, now, `worse than before: ${fmt(w, value)}, was ${fmt(w, w.beforeValue!)}`);
  if (late)
    return regressed(
      deps,
      r,
      w,
      value,
      now,
      `not healthy (${w.op} ${fmt(w, w.threshold)}) within ${formatDurationMs(w.deadlineAt.getTime() - w.startedAt.getTime())}: ${fmt(w, value)}`,
    );
  return recordWatchSample(deps.db, w.id, { healthySince: null, lastValue: value, lastAt: now, lastError: null });
}

const fmt = watchValue;

async function verified(deps: ServiceDeps, r: RemediationDeps, w: RemediationWatchRow, value: number, now: Date) {
  const ended = await endWatch(deps.db, w.id, { status: 'verified', endedAt: now, lastValue: value, lastAt: now });
  if (ended) await tellVerified(deps, r, ended, { recovering: false });
}

/**
 * What follows a verification once it is stored: the audit row, the IC and the channel told with
 * before and after, the chart, the redraw. Run again by tellEndedWatches when the process died in
 * between (`recovering`): what was already done is looked up first, so nothing is said twice.
 */
export async function tellVerified(
  deps: ServiceDeps,
  r: RemediationDeps,
  w: RemediationWatchRow,
  opts: { recovering: boolean },
): Promise<void> {
  const value = w.lastValue!;
  const proposal = (await findProposal(deps.db, w.proposalId))!;
  const before = beforeText(w);
  if (!opts.recovering || !(await findProposalAudit(deps.db, proposal.id, 'verified')))
    await record(deps, proposal, 'verified', null, {
      before: w.beforeValue,
      after: value,
      detail: `${before} → ${fmt(w, value)}`,
    });
  const incident = toIncident((await findIncidentById(deps.db, w.incidentId))!);
  await postEnding(deps, r, {
    incident,
    proposal,
    watch: w,
    moment: 'verified',
    key: `verified:${w.id}`,
    recovering: opts.recovering,
    notice: async (note) => ({
      kind: 'remediation-verified',
      incident,
      icId: (await findRoleHolders(deps.db, incident.id)).ic ?? null,
      runbookId: w.runbookId,
      service: proposal.params.service ?? null,
      before,
      after: fmt(w, value),
      healthy: `${w.op} ${fmt(w, w.threshold)}`,
      hold: formatDurationMs(w.holdMs),
      offerMitigated: incident.status !== 'mitigated' && incident.status !== 'resolved',
      ...(note && { chartNote: note }),
    }),
  });
  await redrawProposal(deps, r, (await findProposal(deps.db, w.proposalId))!);
  await markWatchTold(deps.db, w.id, deps.now());
}

async function regressed(
  deps: ServiceDeps,
  r: RemediationDeps,
  w: RemediationWatchRow,
  value: number,
  now: Date,
  cause: string,
) {
  // One transaction under the incident row's share lock: a STOP either came first (cancel, send
  // nothing) or waits until the rollback is claimed (stored, leased) and the runbook suspended.
  const outcome = await deps.db.transaction(async (tx) => {
    if (await automationStoppedForShare(tx, w.incidentId)) {
      await endWatch(tx, w.id, { status: 'cancelled', cause: 'stopped', endedAt: now });
      return undefined;
    }
    const ended = await endWatch(tx, w.id, { status: 'regressed', cause, endedAt: now, lastValue: value, lastAt: now });
    if (!ended) return undefined;
    const rollback = r.catalog.render(w.runbookId, (await findProposal(tx, w.proposalId))!.params).rollback
      ? await claimRollback(tx, w.proposalId, null, now, new Date(now.getTime() + ROLLBACK_LEASE_MS))
      : undefined;
    const suspension = await suspendRunbook(tx, {
      runbookId: w.runbookId,
      proposalId: w.proposalId,
      suspendedAt: now,
      cause,
    });
    return { ended, rollback, suspended: !!suspension };
  });
  if (!outcome) return;
  await finishRegression(deps, r, outcome.ended, { claimed: outcome.rollback, suspended: outcome.suspended });
}

async function inconclusive(deps: ServiceDeps, r: RemediationDeps, w: RemediationWatchRow, now: Date, why: string) {
  const ended = await endWatch(deps.db, w.id, { status: 'inconclusive', cause: why, endedAt: now, lastError: why });
  if (ended) await tellInconclusive(deps, r, ended, { recovering: false });
}

/** An inconclusive ending's follow-up (audit row, redraw); looked up first when `recovering`. */
export async function tellInconclusive(
  deps: ServiceDeps,
  r: RemediationDeps,
  w: RemediationWatchRow,
  opts: { recovering: boolean },
): Promise<void> {
  const proposal = (await findProposal(deps.db, w.proposalId))!;
  if (!opts.recovering || !(await findProposalAudit(deps.db, proposal.id, 'not_verified')))
    await record(deps, proposal, 'not_verified', null, { detail: `no data by the deadline: ${w.cause ?? ''}` });
  await redrawProposal(deps, r, proposal);
  await markWatchTold(deps.db, w.id, deps.now());
}
