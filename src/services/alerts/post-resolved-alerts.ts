import { claimResolvedAlerts } from '../../db/queries/reminder-claims.js';
import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import type { ServiceDeps } from '../deps.js';
import { type DueReminder, type Reminder, runReminder } from '../run-reminder.js';

const resolvedAlerts: Reminder = {
  kind: 'alert-resolved',
  async claim(_deps, tx, now) {
    const claimed = await claimResolvedAlerts(tx, now);
    const byIncident = new Map<string, typeof claimed>();
    for (const a of claimed) byIncident.set(a.incidentId, [...(byIncident.get(a.incidentId) ?? []), a]);
    const incidents = await Promise.all([...byIncident.keys()].map((id) => findIncidentById(tx, id)));
    return incidents.flatMap((incident): DueReminder[] => {
      if (!incident?.channelId) return [];
      const resolved = byIncident.get(incident.id)!;
      return [
        {
          // An alert is claimed once, so the first of the batch names the message for good.
          key: `reminder:alerts-resolved:${resolved.map((a) => a.id).sort()[0]}`,
          incidentId: incident.id,
          target: incident.channelId,
          subject: {
            alerts: resolved.map((a) => ({ title: a.title, endsAt: (a.endsAt ?? a.receivedAt).toISOString() })),
          },
        },
      ];
    });
  },
  async notice(deps, reminder) {
    const row = await findIncidentById(deps.db, reminder.incidentId);
    // Resolved meanwhile: the resolution message was the last word.
    if (!row || row.status === 'resolved') return undefined;
    const alerts = reminder.subject.alerts as { title: string; endsAt: string }[];
    return {
      kind: 'alert-resolved',
      incident: toIncident(row),
      alerts: alerts.map((a) => ({ title: a.title, endsAt: new Date(a.endsAt) })),
    };
  },
};

/**
 * Shows resolved alerts in their incident's channel, once each, as a hint that mitigation may have
 * worked — never resolving anything by itself: an alert going quiet is evidence, not a decision.
 * Delivered by the reminder runner (claimed once across replicas, posted at least once and once).
 * Returns how many messages went out.
 */
export function postResolvedAlerts(deps: ServiceDeps): Promise<number> {
  return runReminder(deps, resolvedAlerts);
}
