import { claimOverdueActionItems, findActionItem } from '../db/repositories/action-items.js';
import { findIncidentById, toIncident } from '../db/repositories/incidents.js';
import { toActionItemView } from './add-action-item.js';
import type { ServiceDeps } from './deps.js';
import { type Reminder, runReminder } from './run-reminder.js';

const DAY_MS = 24 * 60 * 60_000;

const overdueReminder: Reminder = {
  kind: 'action-item-overdue',
  async claim(_deps, tx, now) {
    const items = await claimOverdueActionItems(tx, now, new Date(now.getTime() - DAY_MS));
    return items
      .filter((item) => item.ownerId)
      .map((item) => ({
        // One a day per item: the claim time is that day's identity.
        key: `reminder:overdue:${item.id}:${now.toISOString()}`,
        incidentId: item.incidentId,
        target: item.ownerId!,
        subject: { actionItemId: item.id },
      }));
  },
  async notice(deps, reminder) {
    const item = await findActionItem(deps.db, reminder.subject.actionItemId as string);
    const row = await findIncidentById(deps.db, reminder.incidentId);
    // Done (or handed to someone else) while Slack was refusing the DM: it is moot.
    if (!item || !row || item.status !== 'open' || item.ownerId !== reminder.target) return undefined;
    const incident = toIncident(row);
    return { kind: 'action-item-overdue', incident, item: toActionItemView(incident, item, deps.config.timezone) };
  },
};

/**
 * Once a day per overdue open action item, a DM to its owner, delivered by the reminder runner.
 * The claim stamps `reminded_at` in the statement that selects, so replicas remind once.
 */
export function remindOverdueActionItems(deps: ServiceDeps): Promise<number> {
  return runReminder(deps, overdueReminder);
}
