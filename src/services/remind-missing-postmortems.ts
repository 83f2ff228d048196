import { claimPostmortemReminders } from '../db/queries/reminder-claims.js';
import { findIncidentById, toIncident } from '../db/repositories/incidents.js';
import { postmortemDeadline } from '../domain/metrics/business-days.js';
import type { ServiceDeps } from './deps.js';
import { type Reminder, runReminder } from './run-reminder.js';

const postmortemReminder: Reminder = {
  kind: 'postmortem-reminder',
  async claim(deps, tx, now) {
    return (await claimPostmortemReminders(tx, now, deps.config.timezone)).map((row) => ({
      key: `reminder:postmortem:${row.id}`,
      incidentId: row.id,
      target: row.channelId!,
      subject: { dueAt: postmortemDeadline(row.resolvedAt!, deps.config.timezone).toISOString() },
    }));
  },
  async notice(deps, reminder) {
    const row = await findIncidentById(deps.db, reminder.incidentId);
    if (!row) return undefined;
    return {
      kind: 'postmortem-reminder',
      incident: toIncident(row),
      dueAt: new Date(reminder.subject.dueAt as string),
    };
  },
};

/**
 * One reminder in the channel when a resolved incident has no published postmortem five business
 * days after resolution (docs/domain.md). Drills and false alarms owe none. The deadline is the digest's
 * own (`postmortemDeadlineSql`, held to the TypeScript one by a test); the reminder runner delivers.
 */
export function remindMissingPostmortems(deps: ServiceDeps): Promise<number> {
  return runReminder(deps, postmortemReminder);
}
