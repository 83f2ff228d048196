import { and, eq, gt, gte, inArray, isNotNull, isNull, lte, ne, notExists, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type AlertRow, alertGroups, alerts, type IncidentRow, incidents, postmortems } from '../schema/index.js';
import { at } from './digest-scope.js';
import { postmortemDeadlineSql } from './postmortem-figures.js';

// Each claim is one conditional update that selects and stamps at once, so replicas ticking
// together claim each reminder once. The caller stores the reminder in the same transaction.

/** Complete, open, unacknowledged incidents declared before `cutoff` and not yet reminded. */
export async function claimIcReminders(db: Db, now: Date, cutoff: Date): Promise<IncidentRow[]> {
  return db
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
}

/** Incidents whose next update falls within (now, horizon] and whose due time was not reminded yet. */
export async function claimUpdateReminders(db: Db, now: Date, horizon: Date): Promise<IncidentRow[]> {
  return db
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
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * Resolved real incidents (not drills or false alarms) past their postmortem deadline (the digest's
 * own `postmortemDeadlineSql`) without a published postmortem, not reminded yet.
 */
export async function claimPostmortemReminders(db: Db, now: Date, tz: string): Promise<IncidentRow[]> {
  return db
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
          db
            .select({ one: sql`1` })
            .from(postmortems)
            .where(and(eq(postmortems.incidentId, incidents.id), isNotNull(postmortems.publishedAt))),
        ),
      ),
    )
    .returning();
}

/** Resolved alerts of groups attached to an incident, not shown yet (at most 200 a call), with their incident. */
export async function claimResolvedAlerts(db: Db, now: Date): Promise<(AlertRow & { incidentId: string })[]> {
  const pending = db
    .select({ id: alerts.id })
    .from(alerts)
    .innerJoin(alertGroups, eq(alertGroups.id, alerts.groupId))
    .where(and(eq(alerts.status, 'resolved'), isNull(alerts.postedAt), isNotNull(alertGroups.incidentId)))
    .limit(200)
    .for('update', { of: alerts, skipLocked: true });
  const claimed = await db.update(alerts).set({ postedAt: now }).where(sql`${alerts.id} in ${pending}`).returning();
  if (!claimed.length) return [];
  const groups = await db
    .select({ id: alertGroups.id, incidentId: alertGroups.incidentId })
    .from(alertGroups)
    .where(inArray(alertGroups.id, [...new Set(claimed.map((a) => a.groupId))]));
  const incidentOf = new Map(groups.map((g) => [g.id, g.incidentId!]));
  return claimed.map((a) => ({ ...a, incidentId: incidentOf.get(a.groupId)! }));
}
