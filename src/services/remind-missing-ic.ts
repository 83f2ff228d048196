import { and, eq, isNull, lte, ne } from 'drizzle-orm';
import { toIncident } from '../db/repositories/incidents.js';
import { incidents } from '../db/schema/index.js';
import type { ServiceDeps } from './deps.js';

/**
 * Reminds an incident channel, once, that nobody has taken IC `incidents.ic_reminder_after` after
 * declaration. The reminder is claimed with a conditional update before posting, so two replicas
 * ticking together remind once. Returns how many reminders went out.
 */
export async function remindMissingIc(deps: ServiceDeps): Promise<number> {
  const now = deps.now();
  const after = deps.config.incidents.ic_reminder_after;
  const cutoff = new Date(now.getTime() - after);
  const claimed = await deps.db
    .update(incidents)
    .set({ icRemindedAt: now })
    .where(
      and(
        isNull(incidents.acknowledgedAt),
        isNull(incidents.icRemindedAt),
        ne(incidents.status, 'resolved'),
        eq(incidents.declareState, 'complete'),
        lte(incidents.declaredAt, cutoff),
      ),
    )
    .returning();
  for (const row of claimed) {
    const minutes = Math.round((now.getTime() - row.declaredAt.getTime()) / 60_000);
    try {
      await deps.chat.post(row.channelId!, { kind: 'ic-reminder', incident: toIncident(row), minutes });
    } catch (err) {
      deps.logger.warn({ err, incidentId: row.id }, 'could not post the IC reminder');
    }
  }
  return claimed.length;
}
