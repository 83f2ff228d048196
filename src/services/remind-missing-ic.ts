import { claimIcReminders } from '../db/queries/reminder-claims.js';
import { findIncidentById, toIncident } from '../db/repositories/incidents.js';
import type { ServiceDeps } from './deps.js';
import { type Reminder, runReminder } from './run-reminder.js';

const icReminder: Reminder = {
  kind: 'ic-reminder',
  async claim(deps, tx, now) {
    const cutoff = new Date(now.getTime() - deps.config.incidents.ic_reminder_after);
    return (await claimIcReminders(tx, now, cutoff)).map((row) => ({
      key: `reminder:ic:${row.id}`,
      incidentId: row.id,
      target: row.channelId!,
      subject: { minutes: Math.round((now.getTime() - row.declaredAt.getTime()) / 60_000) },
    }));
  },
  async notice(deps, reminder) {
    const row = await findIncidentById(deps.db, reminder.incidentId);
    // Someone took IC (or it was resolved) while Slack was refusing the reminder: it is moot.
    if (!row || row.acknowledgedAt || row.status === 'resolved') return undefined;
    return { kind: 'ic-reminder', incident: toIncident(row), minutes: reminder.subject.minutes as number };
  },
};

/**
 * Reminds an incident channel, once, that nobody has taken IC `incidents.ic_reminder_after` after
 * declaration. Delivered by the reminder runner: at least once, and once. Returns how many went out.
 */
export function remindMissingIc(deps: ServiceDeps): Promise<number> {
  return runReminder(deps, icReminder);
}
