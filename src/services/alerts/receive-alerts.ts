import type { AlertBatch } from '../../alerts/types.js';
import type { Db } from '../../db/client.js';
import {
  closeAlertGroup,
  insertAlertGroup,
  insertAlerts,
  lockOpenGroup,
  recordAlertDelivery,
  touchAlertGroup,
} from '../../db/repositories/alerts.js';
import { acknowledgeIfFirst } from '../../db/repositories/incidents.js';
import { severityLabel } from '../../domain/severity.js';
import type { ServiceDeps } from '../deps.js';
import { attachAlerts } from './attach-alerts.js';
import { routeFor } from './route-for.js';

export interface ReceiveResult {
  /** A redelivery of something already taken in: nothing was stored. */
  duplicate: boolean;
  /** The group that now has work for the Slack side (declare, notify, post), if any. */
  groupId?: string;
  alerts: number;
}

/**
 * Stores an alert delivery before anything talks to Slack (PagerDuty gives 5 s): one transaction
 * records the delivery id (a redelivery is a no-op), finds or opens the alert group — one open
 * group per key, so a storm of alerts for one group lands on one incident — and stores each alert.
 * Alerts of a group whose incident exists go straight onto its timeline. A firing alert for a group
 * whose incident is resolved starts a new group: a recurrence next week is a new incident.
 */
export async function receiveAlerts(deps: ServiceDeps, batch: AlertBatch): Promise<ReceiveResult> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    if (batch.deliveryId) {
      const fresh = await recordAlertDelivery(tx, {
        source: batch.source,
        deliveryId: batch.deliveryId,
        receivedAt: now,
      });
      if (!fresh) return { duplicate: true, alerts: 0 };
    }
    if (!batch.alerts.length) return { duplicate: false, alerts: 0 };
    const group = await openGroup(tx, deps, batch, now);
    const rows = await insertAlerts(
      tx,
      batch.alerts.map((a) => ({
        groupId: group.id,
        fingerprint: a.fingerprint,
        status: a.status,
        title: a.title,
        labels: a.labels,
        annotations: a.annotations,
        generatorUrl: a.generatorUrl ?? null,
        raw: a.raw ?? null,
        startsAt: a.startsAt ?? null,
        endsAt: a.endsAt ?? null,
        receivedAt: now,
      })),
    );
    if (group.incidentId) await attachAlerts(tx, group.incidentId, rows);
    // PagerDuty's own acknowledgement of the incident it raised counts as the incident's (MTTA) when it comes first.
    if (group.incidentId && batch.alerts.some((a) => a.labels.event_type === 'incident.acknowledged'))
      await acknowledgeIfFirst(tx, group.incidentId, now);
    return { duplicate: false, groupId: group.id, alerts: rows.length };
  });
}

async function openGroup(tx: Db, deps: ServiceDeps, batch: AlertBatch, now: Date) {
  const firing = batch.alerts.some((a) => a.status === 'firing');
  // Serialises deliveries of one group key: the second waits and finds the first one's group.
  const existing = await lockOpenGroup(tx, batch.source, batch.groupKey);
  if (existing && !(firing && existing.incidentStatus === 'resolved'))
    return touchAlertGroup(tx, existing.group.id, now);
  if (existing) await closeAlertGroup(tx, existing.group.id, now);
  // Only "resolved" for a group never seen firing (Firebreak was installed mid-alert): keep it, do nothing.
  const quiet = !firing && !existing;
  const route = await routeFor(tx, deps, batch, now);
  return insertAlertGroup(tx, {
    source: batch.source,
    groupKey: batch.groupKey,
    action: quiet ? 'none' : route.action,
    ...(quiet && { state: 'done', closedAt: now }),
    title: route.title,
    severity: severityLabel(route.severity),
    service: route.service ?? null,
    description: route.description,
    generatorUrl: batch.alerts.find((a) => a.generatorUrl)?.generatorUrl ?? null,
    firstReceivedAt: now,
    lastReceivedAt: now,
  });
}
