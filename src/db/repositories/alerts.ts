import { and, count, desc, eq, gte, isNull, lt, min, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  type AlertGroupRow,
  type AlertRow,
  alertDeliveries,
  alertGroups,
  alerts,
  incidents,
  type NewAlertGroupRow,
  type NewAlertRow,
} from '../schema/index.js';

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

/**
 * A group whose Slack work may be taken now: pending and not backing off after a failure, or being
 * declared by a worker whose lease ran out (it crashed). The claim and the scheduler's search use it.
 */
const claimable = (now: Date) =>
  or(
    and(eq(alertGroups.state, 'pending'), or(isNull(alertGroups.claimedUntil), lt(alertGroups.claimedUntil, now))),
    and(eq(alertGroups.state, 'declaring'), lt(alertGroups.claimedUntil, now)),
  );

/** Ids of groups whose Slack work may be taken now (at most `limit`). */
export async function listClaimableGroupIds(db: Db, now: Date, limit = 50): Promise<string[]> {
  const rows = await db.select({ id: alertGroups.id }).from(alertGroups).where(claimable(now)).limit(limit);
  return rows.map((r) => r.id);
}

/** Takes a group's Slack work with a lease (a conditional update); undefined when it is not claimable. */
export async function claimGroup(
  db: Db,
  groupId: string,
  now: Date,
  claimedUntil: Date,
): Promise<AlertGroupRow | undefined> {
  const [group] = await db
    .update(alertGroups)
    .set({ state: 'declaring', claimedUntil })
    .where(and(eq(alertGroups.id, groupId), claimable(now)))
    .returning();
  return group;
}

/** Sets a group's state and what goes with it (its incident, its announcement, the last error, the lease). */
export async function setAlertGroup(
  db: Db,
  groupId: string,
  values: Partial<Pick<AlertGroupRow, 'state' | 'incidentId' | 'notifyTs' | 'claimedUntil' | 'error'>>,
): Promise<void> {
  await db.update(alertGroups).set(values).where(eq(alertGroups.id, groupId));
}

/** Records a delivery id; false when it was already recorded (a redelivery). */
export async function recordAlertDelivery(
  db: Db,
  delivery: { source: string; deliveryId: string; receivedAt: Date },
): Promise<boolean> {
  const rows = await db.insert(alertDeliveries).values(delivery).onConflictDoNothing().returning();
  return rows.length > 0;
}

/**
 * The open group of a source's group key, with its incident's status, taken under a transaction-level
 * advisory lock on the key: deliveries of one group are serialised, the second finds the first's group.
 * Call inside a transaction.
 */
export async function lockOpenGroup(
  tx: Db,
  source: string,
  groupKey: string,
): Promise<{ group: AlertGroupRow; incidentStatus: string | null } | undefined> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${source}:${groupKey}`}))`);
  const [existing] = await tx
    .select({ group: alertGroups, incidentStatus: incidents.status })
    .from(alertGroups)
    .leftJoin(incidents, eq(incidents.id, alertGroups.incidentId))
    .where(and(eq(alertGroups.source, source), eq(alertGroups.groupKey, groupKey), isNull(alertGroups.closedAt)));
  return existing;
}

/** Marks a group as having had an alert at `now`; returns it. */
export async function touchAlertGroup(db: Db, groupId: string, now: Date): Promise<AlertGroupRow> {
  const [touched] = await db
    .update(alertGroups)
    .set({ lastReceivedAt: now })
    .where(eq(alertGroups.id, groupId))
    .returning();
  return touched!;
}

/** Closes a group (its incident was resolved and a new alert starts a new group). */
export async function closeAlertGroup(db: Db, groupId: string, now: Date): Promise<void> {
  await db.update(alertGroups).set({ closedAt: now }).where(eq(alertGroups.id, groupId));
}

export async function insertAlertGroup(db: Db, values: NewAlertGroupRow): Promise<AlertGroupRow> {
  const [created] = await db.insert(alertGroups).values(values).returning();
  return created!;
}

export async function insertAlerts(db: Db, values: NewAlertRow[]): Promise<AlertRow[]> {
  return db.insert(alerts).values(values).returning();
}
