import { and, eq, gt, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { toIncident } from '../db/repositories/incidents.js';
import { findRoleHolders } from '../db/repositories/roles.js';
import { incidents } from '../db/schema/index.js';
import type { ServiceDeps } from './deps.js';

/**
 * `status_updates.reminder_lead` before an update is due, the comms lead (the IC when there is
 * none) is asked to post one; after a missed update, the IC is mentioned too. Each due time is
 * reminded once: the reminder is claimed by a conditional update before it is posted.
 */
export async function remindDueUpdates(deps: ServiceDeps): Promise<number> {
  const now = deps.now();
  const horizon = new Date(now.getTime() + deps.config.status_updates.reminder_lead);
  const claimed = await deps.db
    .update(incidents)
    .set({ updateReminderFor: incidents.nextUpdateAt })
    .where(
      and(
        isNotNull(incidents.nextUpdateAt),
        gt(incidents.nextUpdateAt, now),
        lte(incidents.nextUpdateAt, horizon),
        or(isNull(incidents.updateReminderFor), ne(incidents.updateReminderFor, sql`${incidents.nextUpdateAt}`)),
        ne(incidents.status, 'resolved'),
        eq(incidents.declareState, 'complete'),
      ),
    )
    .returning();
  for (const row of claimed) {
    const roles = await findRoleHolders(deps.db, row.id);
    const mention = [
      ...new Set(
        [roles.comms ?? roles.ic, row.lastUpdateMissed ? roles.ic : undefined].filter((u): u is string => !!u),
      ),
    ];
    try {
      await deps.chat.post(row.channelId!, {
        kind: 'update-reminder',
        incident: toIncident(row),
        mention,
        dueAt: row.nextUpdateAt!,
        missed: row.lastUpdateMissed,
      });
    } catch (err) {
      deps.logger.warn({ err, incidentId: row.id }, 'could not post the status update reminder');
    }
  }
  return claimed.length;
}
