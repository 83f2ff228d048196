import { createHash, randomUUID } from 'node:crypto';
import type { Analysis } from '../../ai/types.js';
import { incidentAlertPayloads } from '../../db/repositories/alerts.js';
import { updateIncident } from '../../db/repositories/incidents.js';
import { audit, findAuditByRequest } from '../../db/repositories/proposals.js';
import { listTimeline } from '../../db/repositories/timeline.js';
import { DomainError } from '../../domain/errors.js';
import { type Incident, incidentRef } from '../../domain/incident.js';
import { type EvidenceReading, readingText } from '../../domain/metric-value.js';
import { decide } from '../../domain/policy.js';
import type { ServiceDeps } from '../deps.js';
import { incidentInChannel } from '../incident-context.js';
import type { Notice } from '../ports.js';
import { postOnce, type RequestRef, stepKey } from '../request-once.js';
import { type EvidenceTarget, gatherEvidence, hasEvidenceQueries } from './gather-evidence.js';
import { metricLine } from './metric-line.js';
import type { RemediationDeps } from './ports.js';
import { chartNote, drawMetricChart, postMetricChart } from './post-metric-chart.js';
import { proposeRemediation } from './propose-remediation.js';
import { requireRemediation } from './require.js';

export interface AnalyzeResult {
  source: 'model' | 'rules';
  proposals: number;
  /** Set when automation was stopped and the caller (the IC) must confirm re-enabling first. */
  needsReenable?: boolean;
}

/**
 * Root-cause analysis and remediation proposals for an incident. The context is redacted and its
 * text treated as data; engines can only name runbooks from the catalogue (anything else was
 * discarded before here). Private incidents go to the rules unless `incidents.private_to_llm`; a
 * failing model is said so in the channel and the rules answer instead: the incident goes on. With
 * a request key, the request carried out again after a crash analyses again but posts the summary
 * and stores, posts and sends each proposal once (keyed by its rank).
 */
export async function analyzeIncident(
  deps: ServiceDeps,
  /** `actorId` null: the automatic analysis after declaration (never re-enables a stopped incident). */
  args: { channelId: string; actorId: string | null; reenable?: boolean } & RequestRef,
): Promise<AnalyzeResult> {
  const r = requireRemediation(deps);
  const { incident, roles } = await incidentInChannel(deps.db, args.channelId);
  if (incident.status === 'resolved')
    throw new DomainError('CONFLICT', 'The incident is resolved; there is nothing to remediate.');
  if (incident.automationStoppedAt) {
    if (args.actorId === null) return { source: r.engine.label, proposals: 0 };
    const may = decide('enable-automation', { actorId: args.actorId, roles, approvers: deps.config.approvers });
    if (!may.allowed) throw new DomainError('FORBIDDEN', `Automation was stopped for this incident. ${may.reason}`);
    if (!args.reenable) return { source: r.engine.label, proposals: 0, needsReenable: true };
    await enableAutomation(deps, incident, args.actorId, args);
  } else if (args.reenable && args.actorId && args.recovering) {
    // Carried out again: the re-enabling may be recorded with its message lost to the crash.
    await tellEnabled(deps, incident, args.actorId, args);
  }
  const useModel = r.engine.label === 'model' && (!incident.isPrivate || deps.config.incidents.private_to_llm);
  const engine = useModel ? r.engine : r.rules;
  const input = {
    incident: { ref: incidentRef(incident), ...incident },
    alerts: await incidentAlertPayloads(deps.db, incident.id),
    timeline: (await listTimeline(deps.db, incident.id)).map((e) => ({
      id: e.id,
      at: e.at,
      actorType: e.actorType,
      kind: e.kind,
      text: e.text,
    })),
  };
  // Evidence first: the runbooks whose symptoms match (the rules decide that, deterministically) get
  // their Prometheus queries run, and the answers go to the engine as measured, quoted data.
  const targets = (await r.rules.analyze(r.buildContext(input))).proposals;
  const readings = await gatherEvidence(r, targets);
  const ctx = r.buildContext({
    ...input,
    metrics: (readings ?? []).map((m) => ({
      runbook: m.runbookId,
      name: m.name,
      value: readingText(m),
      at: m.at ? new Date(m.at) : null,
    })),
  });
  let analysis: Analysis;
  let note: string | undefined =
    incident.isPrivate && r.engine.label === 'model' && !useModel
      ? 'Private incident: analysed by the rules, not sent to the AI model.'
      : undefined;
  try {
    analysis = await engine.analyze(ctx);
  } catch (err) {
    if (engine === r.rules) throw err;
    deps.logger.warn({ err, incidentId: incident.id }, 'model analysis failed; falling back to the rules');
    note = `${err instanceof Error ? err.message : 'The AI model failed.'} Rule-based analysis instead.`;
    analysis = await r.rules.analyze(ctx);
  }
  // A proposal of the model's the rules did not foresee gets its evidence too (after the fact: shown, not analysed).
  const missed = analysis.proposals.filter((p) => !targets.some((t) => sameTarget(t, p)));
  const all = [...(readings ?? []), ...((missed.length && (await gatherEvidence(r, missed))) || [])];
  const evidence: Evidence = readings
    ? { readings: all }
    : { readings: [], notQueried: hasEvidenceQueries(r, [...targets, ...analysis.proposals]) };
  await postAnalysis(deps, r, incident, analysis, evidence, args, note);
  return { source: analysis.source, proposals: analysis.proposals.length };
}

/** The evidence readings of an analysis; `notQueried` when runbooks have queries but no Prometheus is configured. */
interface Evidence {
  readings: EvidenceReading[];
  notQueried?: boolean;
}

const sameTarget = (a: EvidenceTarget, b: EvidenceTarget) =>
  a.runbookId === b.runbookId && JSON.stringify(a.params) === JSON.stringify(b.params);

async function postAnalysis(
  deps: ServiceDeps,
  r: RemediationDeps,
  incident: Incident,
  analysis: Analysis,
  evidence: Evidence,
  req: RequestRef,
  note?: string,
) {
  const channelId = incident.channelId!;
  const key = stepKey(req, 'analysis');
  const top = chartable(r, analysis.proposals.slice(0, 3));
  // Named after the request when there is one: carried out again, the chart keeps its filename.
  const id = key ? createHash('sha256').update(key).digest('hex') : randomUUID();
  const chart = top && (await drawMetricChart(deps, r, { incident, ...top, moment: 'analysis', id }));
  const noChart = evidence.notQueried && !r.metrics ? undefined : chartNote(chart);
  const summary: Notice = {
    kind: 'analysis-summary',
    incident,
    source: analysis.source,
    hypotheses: analysis.hypotheses.map((h) => ({ cause: h.cause, confidence: h.confidence })),
    proposals: analysis.proposals.length,
    metrics: evidence.readings.map(metricLine),
    ...(evidence.notQueried && {
      metricsNote: 'No metrics were queried: Prometheus is not configured (`metrics.prometheus`).',
    }),
    ...((note ?? analysis.abstainReason) && { note: [note, analysis.abstainReason].filter(Boolean).join(' ') }),
    ...(noChart && { chartNote: noChart }),
  };
  await postOnce(deps, channelId, summary, key, req);
  await postMetricChart(deps, channelId, chart, req);
  for (const [rank, draft] of analysis.proposals.slice(0, 3).entries()) {
    const readings = evidence.readings.filter((m) => sameTarget(m, draft));
    await proposeRemediation(
      deps,
      r,
      incident,
      { draft, source: analysis.source, readings, key: key && `${key}:${rank}` },
      req,
    );
  }
}

/** The top proposal whose runbook has a verify query (the series "fixed" is judged by), else the top one. */
function chartable(r: RemediationDeps, proposals: readonly EvidenceTarget[]): EvidenceTarget | undefined {
  const hasVerify = (p: EvidenceTarget) => {
    try {
      return !!r.catalog.render(p.runbookId, p.params).verify;
    } catch {
      return false;
    }
  };
  const found = proposals.find(hasVerify) ?? proposals[0];
  return found && { runbookId: found.runbookId, params: found.params };
}
/** Clears the STOP and records who did it (under the request's key), together; then says so in the channel. */
async function enableAutomation(
  deps: ServiceDeps,
  incident: Incident,
  actorId: string,
  req: RequestRef,
): Promise<void> {
  const at = deps.now();
  const requestKey = req.requestKey;
  await deps.db.transaction(async (tx) => {
    await updateIncident(tx, incident.id, { automationStoppedAt: null, automationStoppedBy: null });
    await audit(tx, {
      incidentId: incident.id,
      event: 'enabled',
      actorId,
      at,
      detail: requestKey ? { requestKey } : {},
    });
  });
  await postEnabled(deps, incident, actorId, req);
}

/** The re-enabling's message, when this request recorded the re-enabling (and not someone else since). */
async function tellEnabled(deps: ServiceDeps, incident: Incident, actorId: string, req: RequestRef): Promise<void> {
  if (!req.requestKey || !(await findAuditByRequest(deps.db, incident.id, 'enabled', req.requestKey))) return;
  await postEnabled(deps, incident, actorId, req);
}

/** "Automation re-enabled by …", keyed by the request: looked for first when carried out again. */
function postEnabled(deps: ServiceDeps, incident: Incident, actorId: string, req: RequestRef) {
  const notice = { kind: 'automation-enabled', incident, actorId } as const;
  return postOnce(deps, incident.channelId!, notice, stepKey(req, 'enable'), req);
}
