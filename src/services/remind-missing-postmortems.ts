import { and, eq, gte, isNotNull, isNull, ne, notExists, or, sql } from 'drizzle-orm';
import { at } from '../db/queries/digest-scope.js';
import { postmortemDeadlineSql } from '../db/queries/postmortem-figures.js';
import { toIncident } from '../db/repositories/incidents.js';
import { incidents, postmortems } from '../db/schema/index.js';
import { postmortemDeadline } from '../domain/metrics/business-days.js';
import type { ServiceDeps } from './deps.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * One reminder in the channel when a resolved incident has no published postmortem five business
 * days after resolution (docs/domain.md). Drills and false alarms owe none. The deadline is the digest's
 * own (`postmortemDeadlineSql`, held to the TypeScript one by a test), and the claim is the same
 * conditional update that selects, so two replicas remind once.
 */
export async function remindMissingPostmortems(deps: ServiceDeps): Promise<number> {
  const now = deps.now();
  const tz = deps.config.timezone;
  const claimed = await deps.db
    .update(incidents)
    .set({ postmortemRemindedAt: now })
    .where(
      and(
        eq(incidents.status, 'resolved'),
        eq(incidents.isDrill, false),
        or(isNull(incidents.resolution), ne(incidents.resolution, 'false_alarm')),
        isNull(incidents.postmortemRemindedAt),
        isNotNull(incidents.channelId),
        // Bounds the scan as history grows; a month-old incident without a postmortem is past reminding.
        gte(incidents.resolvedAt, new Date(now.getTime() - 30 * DAY_MS)),
        sql`${postmortemDeadlineSql(sql`${incidents.resolvedAt}`, tz)} <= ${at(now)}`,
        notExists(
          deps.db
            .select({ one: sql`1` })
            .from(postmortems)
            .where(and(eq(postmortems.incidentId, incidents.id), isNotNull(postmortems.publishedAt))),
        ),
      ),
    )
    .returning();
  for (const row of claimed) {
    try {
      await deps.chat.post(row.channelId!, {
        kind: 'postmortem-reminder',
        incident: toIncident(row),
        dueAt: postmortemDeadline(row.resolvedAt!, tz),
      });
    } catch (err) {
      deps.logger.warn({ err, incidentId: row.id }, 'could not post the postmortem reminder');
    }
  }
  return claimed.length;
}
