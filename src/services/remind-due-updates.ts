import { claimUpdateReminders } from '../db/queries/reminder-claims.js';
import { findIncidentById, toIncident } from '../db/repositories/incidents.js';
import { findRoleHolders } from '../db/repositories/roles.js';
import type { ServiceDeps } from './deps.js';
import { type Reminder, runReminder } from './run-reminder.js';

const updateReminder: Reminder = {
  kind: 'update-reminder',
  async claim(deps, tx, now) {
    const horizon = new Date(now.getTime() + deps.config.status_updates.reminder_lead);
    const claimed = await claimUpdateReminders(tx, now, horizon);
    const due = [];
    for (const row of claimed) {
      const roles = await findRoleHolders(tx, row.id);
      const mention = [
        ...new Set(
          [roles.comms ?? roles.ic, row.lastUpdateMissed ? roles.ic : undefined].filter((u): u is string => !!u),
        ),
      ];
      const dueAt = row.nextUpdateAt!.toISOString();
      due.push({
        key: `reminder:update:${row.id}:${dueAt}`,
        incidentId: row.id,
        target: row.channelId!,
        subject: { mention, dueAt, missed: row.lastUpdateMissed },
      });
    }
    return due;
  },
  async notice(deps, reminder) {
    const row = await findIncidentById(deps.db, reminder.incidentId);
    const dueAt = new Date(reminder.subject.dueAt as string);
    // An update posted (or the incident resolved) while Slack was refusing the reminder: it is moot.
    if (!row || row.status === 'resolved' || row.nextUpdateAt?.getTime() !== dueAt.getTime()) return undefined;
    return {
      kind: 'update-reminder',
      incident: toIncident(row),
      mention: reminder.subject.mention as string[],
      dueAt,
      missed: reminder.subject.missed as boolean,
    };
  },
};

/**
 * `status_updates.reminder_lead` before an update is due, the comms lead (the IC when there is
 * none) is asked to post one; after a missed update, the IC is mentioned too. Each due time is
 * reminded once, delivered by the reminder runner.
 */
export function remindDueUpdates(deps: ServiceDeps): Promise<number> {
  return runReminder(deps, updateReminder);
}
