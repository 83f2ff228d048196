import { z } from 'zod';
import { cleanJson } from '../domain/clean-text.js';
import { invalidBody, isPlainObject, notAnObject } from './invalid-body.js';
import { normalizePrometheusAlert, PrometheusAlert, stateDeliveryId } from './prometheus-alert.js';
import type { AlertParseResult, WebhookHeaders } from './types.js';

const EXPECTED = 'Expected an Alertmanager webhook (version "4") with an "alerts" array';

/**
 * Alertmanager's webhook body (`version: "4"`). `version` comes first so that a Grafana or v3 body
 * is refused for its version, not for a field that happens to differ.
 */
export const AlertmanagerWebhook = z.looseObject({
  version: z.literal('4'),
  status: z.enum(['firing', 'resolved']),
  groupKey: z.string().min(1),
  alerts: z.array(PrometheusAlert),
});
export type AlertmanagerWebhook = z.infer<typeof AlertmanagerWebhook>;

/**
 * Parses `POST /webhooks/alertmanager`. Alertmanager sends no delivery id and does not sign its
 * requests (authenticate with `verifyBearer`), so `deliveryId` is derived from the group's state.
 */
export function parseAlertmanager(
  received: unknown,
  _headers: WebhookHeaders = {},
  receivedAt: Date = new Date(),
): AlertParseResult {
  // Stripped of NUL and control characters first: PostgreSQL refuses them in text and jsonb.
  const body = cleanJson(received);
  if (!isPlainObject(body)) return { ok: false, error: notAnObject(EXPECTED, body) };
  const parsed = AlertmanagerWebhook.safeParse(body);
  if (!parsed.success) return { ok: false, error: invalidBody(EXPECTED, body, parsed.error) };
  const { groupKey, status } = parsed.data;
  const alerts = parsed.data.alerts.map((a) => normalizePrometheusAlert('alertmanager', groupKey, a));
  return {
    ok: true,
    batch: {
      source: 'alertmanager',
      deliveryId: stateDeliveryId('alertmanager', groupKey, status, alerts),
      groupKey,
      alerts,
      receivedAt,
    },
  };
}
