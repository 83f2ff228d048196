import type { RunbookCatalog } from '../runbooks/catalog.js';
import type { Runbook } from '../runbooks/runbook.js';
import { mentionsConcept, type ScannedText, scanText, symptomMatches } from '../runbooks/runbook-symptoms.js';
import type { Analysis, AnalysisContext, ContextItem, Hypothesis, ProposalDraft } from './types.js';

/**
 * The rule-based engine: proposes runbooks whose recorded symptoms appear in the incident. It runs
 * without a model (and as the model's fallback), so it must be deterministic and must abstain rather
 * than guess: no matching symptom, or no service the runbook applies to, means no proposal.
 *
 * Evidence ids: timeline matches cite the ContextItem id; matches elsewhere cite a synthetic id,
 * `incident` (title, description or impact) or `alert:<index>` (index into `ctx.alerts`).
 * `contextEvidenceIds` / `evidenceText` resolve both kinds, so the proposal flow can check and show them.
 */

/** Evidence id for a match in the incident's title, description or impact. */
export const INCIDENT_EVIDENCE_ID = 'incident';

/** Evidence id for a match in `ctx.alerts[index]`. */
export function alertEvidenceId(index: number): string {
  return `alert:${index}`;
}

const MAX_PROPOSALS = 3;
const MAX_EVIDENCE = 10;

/** Where text came from and how much a match there counts: alerts and the title are the strongest signals. */
interface Source {
  /** The evidence ids a match here cites (two for a deploy followed by errors). */
  ids: string[];
  weight: number;
  text: string;
}

/** Errors within this long after a deploy is mentioned read as "errors started after deploy". */
const DEPLOY_WINDOW_MS = 30 * 60_000;

function sources(ctx: AnalysisContext): Source[] {
  const { incident } = ctx;
  return [
    { ids: [INCIDENT_EVIDENCE_ID], weight: 3, text: incident.title },
    {
      ids: [INCIDENT_EVIDENCE_ID],
      weight: 2,
      text: [incident.description, incident.impact].filter(Boolean).join('\n'),
    },
    ...ctx.alerts.map((alert, i) => ({ ids: [alertEvidenceId(i)], weight: 3, text: alertText(alert) })),
    ...peopleAndAlerts(ctx).map((item) => ({ ids: [item.id], weight: 1, text: item.text })),
    ...deployThenErrors(ctx),
  ];
}

/** Timeline items but Firebreak's own posts (status updates, proposals), which would cite themselves. */
function peopleAndAlerts(ctx: AnalysisContext): ContextItem[] {
  return ctx.timeline.filter((item) => item.source !== 'bot');
}

/**
 * A responder says "we deployed 2.41" and, minutes later, someone else "5xx on checkout": no single
 * message says the errors followed the deploy, but the timeline does. The first such pair becomes one
 * source reading "errors started after deploy", citing both messages.
 */
function deployThenErrors(ctx: AnalysisContext): Source[] {
  const items = peopleAndAlerts(ctx);
  const errors = items.filter((item) => mentionsConcept(item.text, 'errors'));
  for (const deploy of items.filter((item) => mentionsConcept(item.text, 'deploy')))
    for (const error of errors) {
      const gap = Date.parse(error.at) - Date.parse(deploy.at);
      if (error.id !== deploy.id && gap >= 0 && gap <= DEPLOY_WINDOW_MS)
        return [{ ids: [deploy.id, error.id], weight: 2, text: 'errors started after deploy' }];
    }
  return [];
}

function alertText(alert: AnalysisContext['alerts'][number]): string {
  return [alert.summary, ...Object.entries(alert.labels).map(([k, v]) => `${k} ${v}`)].join('\n');
}

/** Every id evidence may cite in this context: `incident`, `alert:<n>` and the timeline item ids. */
export function contextEvidenceIds(ctx: AnalysisContext): Set<string> {
  return new Set([
    INCIDENT_EVIDENCE_ID,
    ...ctx.alerts.map((_, i) => alertEvidenceId(i)),
    ...ctx.timeline.map((t) => t.id),
    ...(ctx.metrics ?? []).map((m) => m.id),
  ]);
}

/** The text an evidence id points at, or undefined when the id is not in this context. */
export function evidenceText(ctx: AnalysisContext, id: string): string | undefined {
  if (id === INCIDENT_EVIDENCE_ID)
    return [ctx.incident.title, ctx.incident.description, ctx.incident.impact].filter(Boolean).join('\n');
  const alert = /^alert:(\d+)$/.exec(id);
  if (alert) {
    const found = ctx.alerts[Number(alert[1])];
    if (found) return alertText(found);
  }
  const metric = ctx.metrics?.find((m) => m.id === id);
  if (metric) return `${metric.name}: ${metric.value}`;
  return ctx.timeline.find((t) => t.id === id)?.text;
}

interface Match {
  runbook: Runbook;
  score: number;
  symptoms: string[];
  evidence: string[];
}

function matchRunbook(runbook: Runbook, scanned: { source: Source; text: ScannedText }[]): Match | undefined {
  let score = 0;
  const symptoms: string[] = [];
  const evidence = new Set<string>();
  for (const symptom of runbook.symptoms) {
    const hits = scanned.filter((s) => symptomMatches(symptom, s.text));
    if (!hits.length) continue;
    // Each distinct symptom counts once, at the weight of its strongest source.
    score += Math.max(...hits.map((h) => h.source.weight));
    symptoms.push(symptom);
    for (const hit of hits) for (const id of hit.source.ids) evidence.add(id);
  }
  if (score === 0) return undefined;
  // Cite in context order (incident, alerts, timeline), not in the runbook's symptom order.
  const ordered = [...new Set(scanned.flatMap((s) => s.source.ids))].filter((id) => evidence.has(id));
  return { runbook, score, symptoms, evidence: ordered.slice(0, MAX_EVIDENCE) };
}

/**
 * Parameters the rules can justify, or undefined to skip the runbook: only `service`, and only a
 * fitting one. An incident that names no catalogued service at all gets the runbook with no target
 * (`{}`): the proposal then asks a human to choose one from the services it applies to, instead of
 * the rules guessing.
 */
function paramsFor(
  runbook: Runbook,
  ctx: AnalysisContext,
  catalog: RunbookCatalog,
): Record<string, string> | undefined {
  const needed = catalog.parametersOf(runbook.id);
  if (needed.some((p) => p !== 'service')) return undefined;
  const service = ctx.incident.services.find((s) => catalog.appliesTo(runbook.id, s));
  const namesNoKnownService = !ctx.incident.services.some((s) => catalog.knowsService(s));
  if (!service && namesNoKnownService && catalog.needsTarget(runbook.id, {}) && catalog.servicesFor(runbook.id).length)
    return {};
  // A runbook for named services must fit the incident even when it has no {{service}} placeholder.
  if (!service && (needed.includes('service') || runbook.services[0] !== '*')) return undefined;
  const checked = catalog.validateParams(runbook.id, needed.includes('service') ? { service } : {});
  return checked.ok ? checked.params : undefined;
}

function hypothesisText(match: Match): string {
  const quoted = match.symptoms.map((s) => `"${s}"`);
  const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : quoted[0];
  const verb = quoted.length > 1 ? 'match' : 'matches';
  // Only runbook text appears here, never incident text: the hypothesis cannot echo an injected message.
  return `Symptom${quoted.length > 1 ? 's' : ''} ${list} ${verb} runbook ${match.runbook.id} (${match.runbook.title}).`;
}

/**
 * Text that names a runbook by its id ("approve pod-oomkilled-restart now") asks for that runbook; it
 * is not a symptom of it, so the ids are blanked out before matching.
 */
function runbookIdPattern(catalog: RunbookCatalog): RegExp {
  // Ids are kebab-case (checked at load), so they need no escaping inside a pattern.
  const ids = catalog.list().map((r) => r.id);
  return ids.length ? new RegExp(`\\b(?:${ids.join('|')})\\b`, 'gi') : /$^/g;
}

/** Proposes up to three runbooks whose symptoms appear in the context, best first; abstains when none fits. */
export function analyzeWithRules(ctx: AnalysisContext, catalog: RunbookCatalog): Analysis {
  const named = runbookIdPattern(catalog);
  const scanned = sources(ctx)
    .filter((s) => s.text.length > 0)
    .map((source) => ({ source, text: scanText(source.text.replace(named, ' ')) }));
  const matches = catalog
    .list()
    .map((runbook) => matchRunbook(runbook, scanned))
    .filter((m): m is Match => m !== undefined)
    .sort(
      (a, b) =>
        b.score - a.score || b.runbook.confidence - a.runbook.confidence || a.runbook.id.localeCompare(b.runbook.id),
    );
  if (!matches.length)
    return {
      source: 'rules',
      hypotheses: [],
      proposals: [],
      abstainReason: 'No runbook symptom matched the incident, its alerts or its timeline.',
    };

  const proposals: ProposalDraft[] = [];
  const hypotheses: Hypothesis[] = [];
  for (const match of matches) {
    if (proposals.length === MAX_PROPOSALS) break;
    const params = paramsFor(match.runbook, ctx, catalog);
    if (!params) continue;
    const hypothesis = hypothesisText(match);
    const confidence = match.runbook.confidence;
    proposals.push({ runbookId: match.runbook.id, params, hypothesis, evidence: match.evidence, confidence });
    hypotheses.push({ cause: hypothesis, evidence: match.evidence, confidence });
  }
  if (proposals.length) return { source: 'rules', hypotheses, proposals };

  // Recognised, but no safe target: show what matched and say why nothing is proposed.
  const top = matches.slice(0, MAX_PROPOSALS);
  const services = ctx.incident.services.length ? ctx.incident.services.join(', ') : 'none named';
  return {
    source: 'rules',
    hypotheses: top.map((m) => ({ cause: hypothesisText(m), evidence: m.evidence, confidence: m.runbook.confidence })),
    proposals: [],
    abstainReason: `Runbook ${top.map((m) => m.runbook.id).join(', ')} matched, but no target can be taken from the incident's services (${services}); not guessing one.`,
  };
}
