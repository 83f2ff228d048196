import { and, count, desc, eq, gte } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type AlertGroupRow, type AlertRow, alertGroups, alerts } from '../schema/index.js';

/** Every alert of a group, oldest first. */
export async function listGroupAlerts(db: Db, groupId: string): Promise<AlertRow[]> {
  return db.select().from(alerts).where(eq(alerts.groupId, groupId)).orderBy(alerts.receivedAt);
}

/** The newest alert payloads of an incident, for analysis (which summarises and redacts them). */
export async function incidentAlertPayloads(db: Db, incidentId: string, limit = 50): Promise<unknown[]> {
  const rows = await db
    .select({ raw: alerts.raw, labels: alerts.labels, annotations: alerts.annotations, status: alerts.status })
    .from(alerts)
    .innerJoin(alertGroups, eq(alertGroups.id, alerts.groupId))
    .where(eq(alertGroups.incidentId, incidentId))
    .orderBy(desc(alerts.receivedAt))
    .limit(limit);
  return rows.map((r) => r.raw ?? { status: r.status, labels: r.labels, annotations: r.annotations });
}

/** How many alert groups were routed to declare an incident since `since` (the storm brake's count). */
export async function countDeclaringGroupsSince(db: Db, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(alertGroups)
    .where(and(eq(alertGroups.action, 'declare'), gte(alertGroups.firstReceivedAt, since)));
  return row?.n ?? 0;
}

/**
 * Claims an announced (`notified`) group for a declaration, leased until `claimedUntil`: a conditional
 * update, so of two people clicking Declare together one gets it. Undefined when it was not `notified`.
 */
export async function claimNotifiedGroup(
  db: Db,
  groupId: string,
  claimedUntil: Date,
): Promise<AlertGroupRow | undefined> {
  const [group] = await db
    .update(alertGroups)
    .set({ action: 'declare', state: 'declaring', claimedUntil })
    .where(and(eq(alertGroups.id, groupId), eq(alertGroups.state, 'notified')))
    .returning();
  return group;
}

export async function findAlertGroup(db: Db, groupId: string): Promise<AlertGroupRow | undefined> {
  const [group] = await db.select().from(alertGroups).where(eq(alertGroups.id, groupId));
  return group;
}
