import { z } from 'zod';
import { linkableUrl } from '../domain/link-url.js';
import type { NormalizedAlert } from './types.js';

const Reference = z.looseObject({ summary: z.string() });

/** `event.data` of an incident event: strict on what becomes the alert, loose on everything else. */
export const PagerDutyIncident = z.looseObject({
  id: z.string().min(1),
  title: z.string().min(1),
  status: z.string().min(1),
  html_url: z.string().optional(),
  created_at: z.string().optional(),
  urgency: z.string().optional(),
  service: Reference.nullish(),
  priority: Reference.nullish(),
  teams: z.array(Reference).nullish(),
  // Present on some accounts' payloads: the trigger's details, as text or as custom fields.
  body: z.looseObject({ details: z.unknown() }).nullish(),
});
export type PagerDutyIncident = z.infer<typeof PagerDutyIncident>;

/** A whole v3 delivery whose event carries the incident itself. */
export const PagerDutyIncidentEvent = z.looseObject({
  event: z.looseObject({
    id: z.string().min(1),
    event_type: z.string().min(1),
    occurred_at: z.string().optional(),
    data: PagerDutyIncident,
  }),
});
export type PagerDutyIncidentEvent = z.infer<typeof PagerDutyIncidentEvent>;

/**
 * One PagerDuty event as one alert of the group "this incident". Labels are what routes can match
 * on (`urgency: high`, `priority: P1`, `team: Engineering` — the first team only).
 */
export function toNormalizedAlert(event: PagerDutyIncidentEvent['event']): NormalizedAlert {
  const incident = event.data;
  const resolved = event.event_type === 'incident.resolved' || incident.status === 'resolved';
  const service = incident.service?.summary;
  const priority = incident.priority?.summary;
  const labels = compact({
    service,
    urgency: incident.urgency,
    priority,
    team: incident.teams?.[0]?.summary,
    status: incident.status,
    event_type: event.event_type,
  });
  const details = formatDetails(incident.body?.details);
  return {
    source: 'pagerduty',
    groupKey: incident.id,
    fingerprint: event.id,
    status: resolved ? 'resolved' : 'firing',
    title: incident.title,
    labels,
    annotations: compact({ summary: incident.title, description: details }),
    service,
    severity: priority ?? incident.urgency,
    generatorUrl: linkableUrl(incident.html_url),
    startsAt: toDate(incident.created_at),
    endsAt: resolved ? toDate(event.occurred_at) : undefined,
    raw: event,
  };
}

function compact(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => !!e[1]));
}

/** Details come as text (email, Events API v1) or as a custom-details object (Events API v2). */
function formatDetails(details: unknown): string | undefined {
  if (typeof details === 'string') return details.trim() || undefined;
  if (typeof details !== 'object' || details === null) return undefined;
  const lines = Object.entries(details).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return lines.join('\n') || undefined;
}

function toDate(text: string | undefined): Date | undefined {
  const d = text ? new Date(text) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}
