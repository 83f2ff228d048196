import { runbookRecord } from '../../db/queries/runbook-record.js';
import { findIncidentById } from '../../db/repositories/incidents.js';
import { findProposalAudit } from '../../db/repositories/proposals.js';
import { listTimeline } from '../../db/repositories/timeline.js';
import { findWatchOfProposal } from '../../db/repositories/watches.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import { displayedConfidence, heldSentence } from '../../domain/autonomy.js';
import { incidentRef } from '../../domain/incident.js';
import { formatMetric } from '../../domain/metric-value.js';
import type { ServiceDeps } from '../deps.js';
import type { ProposalView } from '../ports.js';
import { recordSince } from './judge-autonomy.js';
import { metricLine } from './metric-line.js';
import type { RemediationDeps } from './ports.js';
import { suspensionOf } from './suspension.js';

/** A service's risk tag; unknown or unconfigured services count as critical (default to approval). */
export function riskOf(deps: ServiceDeps, services: string[]): 'critical' | 'medium' | 'low' {
  const order = { critical: 0, medium: 1, low: 2 } as const;
  const risks = services.map((s) => deps.config.services.find((c) => c.name === s)?.risk ?? 'critical');
  return risks.length ? risks.reduce((a, b) => (order[a] <= order[b] ? a : b)) : 'critical';
}

/** Everything the proposal message shows, from the stored row, the runbook and the cited timeline items. */
export async function proposalView(
  deps: ServiceDeps,
  r: RemediationDeps,
  row: RemediationProposalRow,
): Promise<ProposalView> {
  const incident = (await findIncidentById(deps.db, row.incidentId))!;
  const runbook = r.catalog.get(row.runbookId);
  const rendered = runbook ? renderOrNothing(r, row) : undefined;
  const cited = new Set(row.evidence);
  // Engines cite timeline items by id, and the incident's own fields as `incident`.
  const fromIncident = cited.has('incident')
    ? [`Incident: ${incident.title}${incident.impact ? ` (${incident.impact})` : ''}`]
    : [];
  const fromTimeline = (await listTimeline(deps.db, row.incidentId))
    .filter((e) => cited.has(e.id) && e.text)
    .map((e) => e.text!);
  const evidence = [...fromIncident, ...fromTimeline].map((t) => t.slice(0, 200)).slice(0, 5);
  const service = row.params.service;
  const choice = service ? await findProposalAudit(deps.db, row.id, 'target_chosen') : undefined;
  const waitsForTarget = row.status === 'pending' && r.catalog.needsTarget(row.runbookId, row.params);
  const watch = await findWatchOfProposal(deps.db, row.id);
  const fmt = (v: number | null) => (v === null ? 'unknown' : formatMetric(v, watch?.unit || 'value'));
  // The runbook's record as it stands now (the message is redrawn with each decision); its prior until it has one.
  const record = await runbookRecord(deps.db, row.runbookId, recordSince(deps.now()));
  return {
    runbookConfidence: displayedConfidence(record, runbook?.confidence ?? row.confidence),
    ...(row.autoApproveHeld?.length && { autoApproveHeld: heldSentence(row.autoApproveHeld) }),
    suspended: !!(await suspensionOf(deps, row.runbookId)),
    ...(watch && {
      verification: {
        status: watch.status,
        before: fmt(watch.beforeValue),
        last: watch.lastValue === null ? null : fmt(watch.lastValue),
        cause: watch.cause,
        deadline: watch.deadlineAt,
      },
    }),
    id: row.id,
    incidentRef: incidentRef(incident),
    runbookId: row.runbookId,
    runbookTitle: runbook?.title ?? row.runbookId,
    hypothesis: row.hypothesis,
    evidence,
    metrics: row.readings.map(metricLine),
    steps: rendered?.steps ?? [],
    rollback: rendered?.rollback
      ? `${rendered.rollback.name} ${JSON.stringify(rendered.rollback.params)}`
      : 'No automated rollback',
    risk: riskOf(deps, service ? [service] : incident.services),
    blastRadius: runbook?.blast_radius ?? 'unknown',
    reversibility: runbook?.reversibility ?? 'unknown',
    confidence: row.confidence,
    source: row.source as 'model' | 'rules',
    mode: row.mode as 'propose' | 'shadow',
    status: row.status,
    expiresAt: row.expiresAt,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    autoApproved: !!row.autoApproved,
    reason: row.reason,
    executionDetail: row.executionDetail,
    ...(waitsForTarget && { targetChoices: r.catalog.servicesFor(row.runbookId) }),
    ...(choice && service && { targetChosen: { service, by: choice.actorId } }),
    // Offered once it ran, when the runbook has an automated rollback and nobody used it yet.
    canRollBack: row.status === 'executed' && !!rendered?.rollback && !row.rollbackAt,
    rolledBack: row.rollbackAt
      ? { by: row.rollbackBy, at: row.rollbackAt, status: row.rollbackStatus, detail: row.rollbackDetail }
      : undefined,
  };
}

/** Redraws a proposal's message after its state changed (buttons go, the decision shows). */
export async function redrawProposal(
  deps: ServiceDeps,
  r: RemediationDeps,
  row: RemediationProposalRow,
): Promise<void> {
  const incident = await findIncidentById(deps.db, row.incidentId);
  if (!row.channelTs || !incident?.channelId) return;
  try {
    await deps.chat.update(incident.channelId, row.channelTs, {
      kind: 'remediation-proposal',
      proposal: await proposalView(deps, r, row),
    });
  } catch (err) {
    deps.logger.warn({ err, proposalId: row.id }, 'could not redraw a proposal message');
  }
}

/** A stored proposal whose runbook or service changed since (config reload) still shows, without steps. */
function renderOrNothing(r: RemediationDeps, row: RemediationProposalRow) {
  try {
    return r.catalog.render(row.runbookId, row.params);
  } catch {
    return undefined;
  }
}
