import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { findIncidentsByIds, toIncident } from '../../db/repositories/incidents.js';
import { alertGroups, alerts } from '../../db/schema/index.js';
import type { ServiceDeps } from '../deps.js';

/**
 * Shows resolved alerts in their incident's channel, once each, as a hint that mitigation may have
 * worked — never resolving anything by itself: an alert going quiet is evidence, not a decision.
 * The claim stamps `posted_at` in the statement that selects, so replicas post once.
 */
export async function postResolvedAlerts(deps: ServiceDeps): Promise<number> {
  const now = deps.now();
  const pending = deps.db
    .select({ id: alerts.id })
    .from(alerts)
    .innerJoin(alertGroups, eq(alertGroups.id, alerts.groupId))
    .where(and(eq(alerts.status, 'resolved'), isNull(alerts.postedAt), isNotNull(alertGroups.incidentId)))
    .limit(200)
    .for('update', { of: alerts, skipLocked: true });
  const claimed = await deps.db
    .update(alerts)
    .set({ postedAt: now })
    .where(sql`${alerts.id} in ${pending}`)
    .returning();
  if (!claimed.length) return 0;
  const groups = await deps.db
    .select({ id: alertGroups.id, incidentId: alertGroups.incidentId })
    .from(alertGroups)
    .where(inArray(alertGroups.id, [...new Set(claimed.map((a) => a.groupId))]));
  const incidentOf = new Map(groups.map((g) => [g.id, g.incidentId!]));
  const incidents = await findIncidentsByIds(deps.db, [...new Set(incidentOf.values())]);
  const byIncident = new Map<string, typeof claimed>();
  for (const a of claimed) {
    const id = incidentOf.get(a.groupId)!;
    byIncident.set(id, [...(byIncident.get(id) ?? []), a]);
  }
  for (const [incidentId, resolved] of byIncident) {
    const incident = toIncident(incidents.get(incidentId)!);
    if (incident.status === 'resolved' || !incident.channelId) continue;
    try {
      await deps.chat.post(incident.channelId, {
        kind: 'alert-resolved',
        incident,
        alerts: resolved.map((a) => ({ title: a.title, endsAt: a.endsAt ?? a.receivedAt })),
      });
    } catch (err) {
      deps.logger.warn({ err, incidentId }, 'could not post resolved alerts');
    }
  }
  return claimed.length;
}
