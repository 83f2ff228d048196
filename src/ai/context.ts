import { redact } from './redact.js';
import type { AnalysisContext, ContextItem, MetricItem } from './types.js';

/** The evidence id of the n-th metric in a context. */
export const metricEvidenceId = (n: number): string => `metric:${n}`;

/** What the caller knows about an incident: its row, raw alert payloads and the stored timeline. */
export interface ContextInput {
  /** The same fields the engines see, before redaction. */
  incident: AnalysisContext['incident'];
  /** Raw alert payloads (Alertmanager, Grafana, PagerDuty or anything JSON-shaped). */
  alerts: unknown[];
  timeline: { id: string; at: Date; actorType: string; kind: string; text: string | null }[];
  /** Evidence-query answers, already formatted (`value` says "no data" or the failure when there is no number). */
  metrics?: { runbook: string; name: string; value: string; at: Date | null }[];
}

export interface ContextOptions {
  /** Most timeline items kept (default 400). */
  maxItems?: number;
  /** Budget for the whole context as JSON, in characters (default 60,000; JSON runs ≈ 2.6 characters a token, so ≈ 23k tokens). */
  maxChars?: number;
}

export interface BuiltContext {
  context: AnalysisContext;
  /** Secrets and personal data replaced by markers in what the context holds. */
  redactions: number;
  /** Timeline items left out to stay within budget. */
  omitted: number;
}

export const DEFAULT_MAX_ITEMS = 400;
export const DEFAULT_MAX_CHARS = 60_000;
// One pasted log dump must not crowd out the rest of the incident.
const MAX_ITEM_CHARS = 2_000;
const MAX_FIELD_CHARS = 2_000;
const MAX_ALERTS = 20;
const MAX_METRICS = 15;
const MAX_ALERT_SUMMARY = 600;
const MAX_LABELS = 30;
const MAX_LABEL_VALUE = 200;

// What people deliberately put on record. These survive any amount of chatter (kind spellings vary
// between writers: `status-changed` and `status_changed` are the same thing).
const KEY_KINDS = new Set([
  'declared',
  'pinned',
  'highlighted',
  'note',
  'note_added',
  'status_changed',
  'status',
  'severity_changed',
  'severity_escalated',
  'reopened',
  'incident_reopened',
  'resolved',
  'incident_resolved',
]);
const SOURCES = new Set(['human', 'bot', 'system', 'alert']);
// Fields whose values are credentials whatever they look like (PagerDuty routing keys are plain hex).
const SECRET_FIELD = /token|secret|password|passwd|api_?key|routing_?key|integration_?key|authorization|credential/i;

const normalKind = (kind: string) => kind.toLowerCase().replace(/-/g, '_');

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Redacts as it goes and keeps the running count, so every string passes through one place. */
class Redactor {
  count = 0;
  text(value: string, max: number): string {
    const r = redact(value);
    this.count += r.count;
    return clip(r.text, max);
  }
}

/**
 * The redacted context an engine sees. Newest timeline items win the budget, except that the
 * declaration and what people put on record (pins, notes, status and severity changes) are taken
 * first; within budget, the kept items are returned oldest first. Only kept text is redacted, so a
 * 5,000-message channel costs the items that fit, not all of them.
 */
export function buildAnalysisContext(input: ContextInput, opts: ContextOptions = {}): BuiltContext {
  const maxItems = opts.maxItems ?? DEFAULT_MAX_ITEMS;
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  const r = new Redactor();
  const i = input.incident;
  const incident: AnalysisContext['incident'] = {
    ref: r.text(i.ref, 40),
    title: r.text(i.title, 300),
    severity: i.severity,
    status: r.text(i.status, 40),
    impact: i.impact === null ? null : r.text(i.impact, MAX_FIELD_CHARS),
    description: i.description === null ? null : r.text(i.description, MAX_FIELD_CHARS),
    services: i.services.map((s) => r.text(s, 100)),
  };
  const alerts = summarizeAlerts(input.alerts, r);
  const metrics = (input.metrics ?? []).slice(0, MAX_METRICS).map(
    (m, n): MetricItem => ({
      id: metricEvidenceId(n),
      runbook: r.text(m.runbook, 64),
      name: r.text(m.name, 80),
      value: r.text(m.value, 200),
      at: m.at ? m.at.toISOString() : '',
    }),
  );
  let budget = maxChars - JSON.stringify({ incident, alerts, metrics }).length;

  // Oldest first by time; ties keep their stored order.
  const order = input.timeline
    .map((event, index) => ({ event, index, time: event.at.getTime() }))
    .sort((a, b) => a.time - b.time || a.index - b.index);
  const declaration = order.find((o) => normalKind(o.event.kind) === 'declared');
  const key = order.filter((o) => o !== declaration && KEY_KINDS.has(normalKind(o.event.kind))).reverse();
  const rest = order.filter((o) => o !== declaration && !KEY_KINDS.has(normalKind(o.event.kind))).reverse();

  const kept = new Map<number, ContextItem>();
  const take = (o: (typeof order)[number], force: boolean): boolean => {
    if (kept.size >= maxItems && !force) return false;
    const item = toItem(o.event, r);
    const cost = JSON.stringify(item).length + 1;
    if (cost > budget && !force) return false;
    budget -= cost;
    kept.set(o.index, item);
    return true;
  };
  // The declaration says what the incident is: kept even when the budget is already spent.
  if (declaration) take(declaration, true);
  // Key items each try their luck (a long note that does not fit leaves room for shorter ones);
  // chatter is a contiguous recent window, so the model never sees a conversation with holes.
  for (const o of key) take(o, false);
  for (const o of rest) if (!take(o, false)) break;

  const timeline = order.filter((o) => kept.has(o.index)).map((o) => kept.get(o.index)!);
  return {
    context: { incident, alerts, timeline, ...(metrics.length && { metrics }) },
    redactions: r.count,
    omitted: input.timeline.length - timeline.length,
  };
}

function toItem(e: ContextInput['timeline'][number], r: Redactor): ContextItem {
  const time = e.at.getTime();
  return {
    id: e.id,
    at: Number.isNaN(time) ? '' : e.at.toISOString(),
    source: SOURCES.has(e.actorType) ? e.actorType : 'system',
    kind: clip(e.kind, 60),
    text: e.text === null ? '' : r.text(e.text, MAX_ITEM_CHARS),
  };
}

// ---- alert payloads ------------------------------------------------------------------------------

type Json = Record<string, unknown>;
type AlertSummary = AnalysisContext['alerts'][number];

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const rec = (v: unknown): Json => (isRecord(v) ? v : {});
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Scalar fields of `v` as redacted strings; credential-named fields are replaced outright. */
function labelsOf(v: unknown, r: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, raw] of Object.entries(v)) {
    const value = str(raw);
    if (value === undefined || Object.keys(out).length >= MAX_LABELS) continue;
    const name = clip(k, 100);
    if (SECRET_FIELD.test(k)) {
      r.count++;
      out[name] = '[REDACTED:secret]';
    } else out[name] = r.text(value, MAX_LABEL_VALUE);
  }
  return out;
}

/*
 * Summaries of alert payloads: Alertmanager and Grafana webhooks (one entry per alert in the
 * group), PagerDuty webhooks v2/v3 and Events API v2, legacy Grafana, and a generic fallback.
 * Best effort: an unknown shape still contributes its scalar fields, never its credentials.
 */
function summarizeAlerts(alerts: readonly unknown[], r: Redactor): AlertSummary[] {
  const all = alerts.flatMap((a) => alertEntries(a, r));
  if (all.length <= MAX_ALERTS) return all;
  return [...all.slice(0, MAX_ALERTS), { summary: `${all.length - MAX_ALERTS} more alerts not shown`, labels: {} }];
}

function alertEntries(raw: unknown, r: Redactor): AlertSummary[] {
  if (typeof raw === 'string') return [{ summary: r.text(raw, MAX_ALERT_SUMMARY), labels: {} }];
  if (!isRecord(raw)) return [];
  if (Array.isArray(raw.alerts)) return raw.alerts.filter(isRecord).map((a) => prometheusAlert(a, raw, r));
  if (isRecord(raw.labels) || isRecord(raw.annotations)) return [prometheusAlert(raw, {}, r)];
  const event = raw.event;
  if (isRecord(event) && isRecord(event.data)) return [pagerDutyIncident(event.data, str(event.event_type), r)];
  if (Array.isArray(raw.messages))
    return raw.messages
      .filter(isRecord)
      .filter((m) => isRecord(m.incident))
      .map((m) => pagerDutyIncident(m.incident as Json, str(m.event), r));
  if (isRecord(raw.payload) && typeof raw.payload.summary === 'string') return [pagerDutyEvent(raw, raw.payload, r)];
  if ('evalMatches' in raw || 'ruleName' in raw) return [legacyGrafana(raw, r)];
  return [genericAlert(raw, r)];
}

/** Alertmanager alert, or Grafana unified alerting (which adds `values` / `valueString`). */
function prometheusAlert(a: Json, group: Json, r: Redactor): AlertSummary {
  const labels = labelsOf({ ...rec(group.commonLabels), ...rec(a.labels) }, r);
  const annotations = labelsOf({ ...rec(group.commonAnnotations), ...rec(a.annotations) }, r);
  const name = labels.alertname ?? r.text(str(group.title) ?? 'alert', 200);
  const parts = [`[${r.text(str(a.status) ?? str(group.status) ?? 'unknown', 20)}] ${name}`];
  for (const [k, v] of Object.entries(annotations)) parts.push(`${k}: ${v}`);
  const values = isRecord(a.values)
    ? Object.entries(labelsOf(a.values, r))
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : str(a.valueString) && r.text(str(a.valueString)!, 300);
  if (values) parts.push(`values: ${values}`);
  if (str(a.startsAt)) parts.push(`since ${r.text(str(a.startsAt)!, 40)}`);
  return { summary: clip(parts.join(' | '), MAX_ALERT_SUMMARY), labels };
}

function pagerDutyIncident(data: Json, eventType: string | undefined, r: Redactor): AlertSummary {
  const nested = (v: unknown) => (isRecord(v) ? (str(v.summary) ?? str(v.name)) : str(v));
  const labels = labelsOf(
    {
      source: 'pagerduty',
      event: eventType,
      status: data.status,
      urgency: data.urgency,
      priority: nested(data.priority),
      service: nested(data.service),
    },
    r,
  );
  const title = str(data.title) ?? str(data.summary) ?? str(data.description) ?? 'PagerDuty incident';
  const parts = [`[${labels.status ?? 'unknown'}] ${r.text(title, 300)}`];
  if (labels.service) parts.push(`service: ${labels.service}`);
  if (str(data.created_at)) parts.push(`since ${r.text(str(data.created_at)!, 40)}`);
  return { summary: clip(parts.join(' | '), MAX_ALERT_SUMMARY), labels };
}

/** PagerDuty Events API v2 as monitors send it; `routing_key` is a credential and is never read. */
function pagerDutyEvent(raw: Json, payload: Json, r: Redactor): AlertSummary {
  const labels = labelsOf(
    {
      source: 'pagerduty-event',
      action: raw.event_action,
      severity: payload.severity,
      component: payload.component,
      group: payload.group,
      class: payload.class,
      host: payload.source,
    },
    r,
  );
  const parts = [`[${labels.action ?? 'trigger'}] ${r.text(str(payload.summary)!, 300)}`];
  const details = labelsOf(payload.custom_details, r);
  for (const [k, v] of Object.entries(details)) parts.push(`${k}: ${v}`);
  return { summary: clip(parts.join(' | '), MAX_ALERT_SUMMARY), labels };
}

function legacyGrafana(raw: Json, r: Redactor): AlertSummary {
  const labels = labelsOf({ source: 'grafana', state: raw.state, rule: raw.ruleName, ...rec(raw.tags) }, r);
  const parts = [`[${labels.state ?? 'unknown'}] ${r.text(str(raw.title) ?? str(raw.ruleName) ?? 'alert', 300)}`];
  if (str(raw.message)) parts.push(r.text(str(raw.message)!, 300));
  const matches = Array.isArray(raw.evalMatches) ? raw.evalMatches.filter(isRecord).slice(0, 5) : [];
  const values = matches.map((m) => `${r.text(str(m.metric) ?? '?', 100)}=${str(m.value) ?? '?'}`).join(', ');
  if (values) parts.push(`values: ${values}`);
  return { summary: clip(parts.join(' | '), MAX_ALERT_SUMMARY), labels };
}

function genericAlert(raw: Json, r: Redactor): AlertSummary {
  const labels = labelsOf(raw, r);
  const headline = ['summary', 'title', 'message', 'description', 'text', 'name']
    .map((k) => labels[k])
    .find((v) => v !== undefined);
  const nested = Object.keys(raw).filter((k) => !(k in labels) && !SECRET_FIELD.test(k));
  const parts = [headline ?? 'alert'];
  if (nested.length) parts.push(`other fields: ${clip(nested.join(', '), 200)}`);
  return { summary: clip(parts.join(' | '), MAX_ALERT_SUMMARY), labels };
}
