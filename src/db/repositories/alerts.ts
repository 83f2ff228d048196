import { desc, eq, min } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type AlertRow, alertGroups, alerts } from '../schema/index.js';

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

/** When the incident's earliest alert began firing (its `startsAt`), if any alert said. */
export async function firstAlertStart(db: Db, incidentId: string): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: min(alerts.startsAt) })
    .from(alerts)
    .innerJoin(alertGroups, eq(alertGroups.id, alerts.groupId))
    .where(eq(alertGroups.incidentId, incidentId));
  return row?.at ?? undefined;
}
