import { z } from 'zod';
import { cleanJson } from '../domain/clean-text.js';
import { invalidBody, isPlainObject, notAnObject } from './invalid-body.js';
import { PagerDutyIncidentEvent, toNormalizedAlert } from './pagerduty-incident.js';
import type { AlertParseResult, WebhookHeaders } from './types.js';

const EXPECTED = 'Expected a PagerDuty v3 webhook with an "event" object';

/** The v3 envelope: one event per delivery; `event.data` depends on `event.event_type`. */
export const PagerDutyWebhook = z.looseObject({
  event: z.looseObject({
    id: z.string().min(1),
    event_type: z.string().min(1),
    occurred_at: z.string().optional(),
    data: z.unknown(),
  }),
});

/**
 * The events whose `data` is the incident itself. Each is a snapshot of the incident: resolved
 * when PagerDuty says so, firing otherwise — an acknowledged or re-prioritised incident is still a
 * live problem, so intake treats the first snapshot it sees as the trigger and later ones as
 * updates of the same group. Notes, responder requests, status updates, service events and event
 * types PagerDuty adds later carry no alert state: they parse to an empty, ignorable batch.
 */
const INCIDENT_EVENTS = new Set([
  'incident.triggered',
  'incident.acknowledged',
  'incident.unacknowledged',
  'incident.escalated',
  'incident.delegated',
  'incident.reassigned',
  'incident.reopened',
  'incident.priority_updated',
  'incident.resolved',
]);

/**
 * Parses `POST /webhooks/pagerduty` (verify `X-PagerDuty-Signature` first). `deliveryId` is the
 * `X-Webhook-Id` header, repeated by PagerDuty on every retry of its at-least-once delivery.
 */
export function parsePagerDuty(
  received: unknown,
  headers: WebhookHeaders = {},
  receivedAt: Date = new Date(),
): AlertParseResult {
  // Stripped of NUL and control characters first: PostgreSQL refuses them in text and jsonb.
  const body = cleanJson(received);
  if (!isPlainObject(body)) return { ok: false, error: notAnObject(EXPECTED, body) };
  const parsed = PagerDutyWebhook.safeParse(body);
  if (!parsed.success) return { ok: false, error: invalidBody(EXPECTED, body, parsed.error) };
  const { event } = parsed.data;
  const base = { source: 'pagerduty', deliveryId: header(headers, 'x-webhook-id') ?? event.id, receivedAt } as const;
  const data = isPlainObject(event.data) ? event.data : {};

  if (!INCIDENT_EVENTS.has(event.event_type) && data.type !== 'incident') {
    // A note or responder event still names its incident: log lines can then say which one.
    const groupKey = isPlainObject(data.incident) && typeof data.incident.id === 'string' ? data.incident.id : event.id;
    const ignoredReason =
      event.event_type === 'pagey.ping' ? 'PagerDuty ping' : `PagerDuty ${event.event_type} carries no alert state`;
    return { ok: true, batch: { ...base, groupKey, alerts: [], ignoredReason } };
  }

  const incident = PagerDutyIncidentEvent.safeParse(body);
  if (!incident.success) return { ok: false, error: invalidBody(EXPECTED, body, incident.error) };
  const alert = toNormalizedAlert(incident.data.event);
  return { ok: true, batch: { ...base, groupKey: alert.groupKey, alerts: [alert] } };
}

/** Node lower-cases header names; a recorded request or a test may not. */
function header(headers: WebhookHeaders, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return (key && headers[key]?.trim()) || undefined;
}
