import { createHash } from 'node:crypto';
import { z } from 'zod';
import { linkableUrl } from '../domain/link-url.js';
import type { AlertSource, NormalizedAlert } from './types.js';

const Labels = z.record(z.string(), z.string());

/**
 * One alert as Alertmanager (v4) and Grafana (v1) send it: Grafana's payload extends Alertmanager's
 * template data, so both share this shape. Loose, because each release adds fields (`silenceURL`,
 * `imageURL`…) that we keep in `raw` but do not need.
 */
export const PrometheusAlert = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: Labels,
  annotations: Labels.default({}),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1),
  // Grafana only; a value can be null when a query returned no number.
  values: z.record(z.string(), z.number().nullable()).nullish(),
});
export type PrometheusAlert = z.infer<typeof PrometheusAlert>;

/** Maps one parsed alert to the common shape. */
export function normalizePrometheusAlert(
  source: AlertSource,
  groupKey: string,
  alert: PrometheusAlert,
): NormalizedAlert {
  const { labels, annotations } = alert;
  const values = alert.values
    ? Object.fromEntries(Object.entries(alert.values).filter((e): e is [string, number] => e[1] !== null))
    : undefined;
  return {
    source,
    groupKey,
    fingerprint: alert.fingerprint,
    status: alert.status,
    title: labels.alertname || 'Unnamed alert',
    labels,
    annotations,
    service: labels.service || labels.job || labels.app || undefined,
    severity: labels.severity || undefined,
    // Kept as text in `raw`; a link only when it is a plain http(s) URL that cannot break out of `<url|…>`.
    generatorUrl: linkableUrl(alert.generatorURL),
    startsAt: parseTime(alert.startsAt),
    // Alertmanager may send a future `endsAt` on a firing alert (its expiry): that is not an end.
    endsAt: alert.status === 'resolved' ? parseTime(alert.endsAt) : undefined,
    values: values && Object.keys(values).length ? values : undefined,
    raw: alert,
  };
}

/**
 * A delivery id for senders that send none. It hashes what makes a notification new (the group,
 * and each alert's status and times), so an identical redelivery — a retry, or Alertmanager's
 * `repeat_interval` resend — dedupes, while a resolve or a new alert in the group does not.
 */
export function stateDeliveryId(source: AlertSource, groupKey: string, status: string, alerts: NormalizedAlert[]) {
  const state = alerts
    .map((a) => [a.fingerprint, a.status, a.startsAt?.toISOString() ?? '', a.endsAt?.toISOString() ?? ''])
    .map((parts) => parts.join(' '))
    .sort(byText);
  return sha256([source, groupKey, status, state]);
}

/** A stable key for a label set, whatever the order its keys arrived in. */
export function labelsKey(labels: Record<string, string>): string {
  return sha256(Object.entries(labels).sort(([a], [b]) => byText(a, b))).slice(0, 16);
}

// Code-unit order, not localeCompare: a hash must not depend on the server's locale.
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const sha256 = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Go's zero time (`0001-01-01T00:00:00Z`) means "not set". */
function parseTime(text: string | undefined): Date | undefined {
  if (!text || text.startsWith('0001-01-01')) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
