import { z } from 'zod';
import { cleanJson } from '../domain/clean-text.js';
import { invalidBody, isPlainObject, notAnObject } from './invalid-body.js';
import { labelsKey, normalizePrometheusAlert, PrometheusAlert, stateDeliveryId } from './prometheus-alert.js';
import type { AlertParseResult, WebhookHeaders } from './types.js';

const EXPECTED = 'Expected a Grafana alerting webhook (version "1") with an "alerts" array';

/**
 * Grafana's default webhook body (`version: "1"`): Alertmanager's shape plus `orgId`, per-alert
 * `values` and deprecated `title`/`state`/`message`, all kept in `raw`. A contact point with a
 * custom payload template sends something else, and is refused here.
 */
export const GrafanaWebhook = z.looseObject({
  version: z.literal('1'),
  status: z.enum(['firing', 'resolved']),
  groupKey: z.string().optional(),
  commonLabels: z.record(z.string(), z.string()).default({}),
  alerts: z.array(PrometheusAlert),
});
export type GrafanaWebhook = z.infer<typeof GrafanaWebhook>;

/**
 * Parses `POST /webhooks/grafana`. The group is Grafana's `groupKey` when sent, else a hash of
 * the common labels; `deliveryId` is derived from the group's state (Grafana sends none).
 */
export function parseGrafana(
  received: unknown,
  _headers: WebhookHeaders = {},
  receivedAt: Date = new Date(),
): AlertParseResult {
  // Stripped of NUL and control characters first: PostgreSQL refuses them in text and jsonb.
  const body = cleanJson(received);
  if (!isPlainObject(body)) return { ok: false, error: notAnObject(EXPECTED, body) };
  const parsed = GrafanaWebhook.safeParse(body);
  if (!parsed.success) return { ok: false, error: invalidBody(EXPECTED, body, parsed.error) };
  const { status, commonLabels } = parsed.data;
  const groupKey = parsed.data.groupKey || `labels:${labelsKey(commonLabels)}`;
  const alerts = parsed.data.alerts.map((a) => normalizePrometheusAlert('grafana', groupKey, a));
  return {
    ok: true,
    batch: {
      source: 'grafana',
      deliveryId: stateDeliveryId('grafana', groupKey, status, alerts),
      groupKey,
      alerts,
      receivedAt,
    },
  };
}
