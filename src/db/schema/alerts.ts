import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';

/**
 * One alert group (Alertmanager groupKey, PagerDuty incident, Grafana group) and what Firebreak did
 * with it. Every alert of an open group lands on the same incident, which is what keeps an alert
 * storm to one channel per group. The partial unique index allows one open group per key: once its
 * incident is resolved the group is closed, and the next firing starts a new one.
 */
export const alertGroups = pgTable(
  'alert_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    groupKey: text('group_key').notNull(),
    /** declare | notify: from the routing rules (or the storm brake). */
    action: text('action').notNull(),
    /** pending → declaring → done | notified | failed */
    state: text('state').notNull().default('pending'),
    title: text('title').notNull(),
    severity: text('severity').notNull(),
    service: text('service'),
    description: text('description').notNull().default(''),
    generatorUrl: text('generator_url'),
    incidentId: uuid('incident_id').references(() => incidents.id, { onDelete: 'set null' }),
    /** The broadcast message with the Declare button (notify groups). */
    notifyTs: text('notify_ts'),
    /** Lease while one worker runs the Slack steps; a crashed worker's lease expires. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    error: text('error'),
    firstReceivedAt: timestamp('first_received_at', { withTimezone: true }).notNull(),
    lastReceivedAt: timestamp('last_received_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alert_groups_open_key').on(t.source, t.groupKey).where(sql`${t.closedAt} is null`),
    index('alert_groups_pending_idx').on(t.firstReceivedAt).where(sql`${t.state} in ('pending', 'declaring')`),
    index('alert_groups_incident_idx').on(t.incidentId),
  ],
);
export type AlertGroupRow = typeof alertGroups.$inferSelect;
export type NewAlertGroupRow = typeof alertGroups.$inferInsert;

/** Each alert as received (one row per delivery of a fingerprint's state), raw payload kept for analysis. */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => alertGroups.id, { onDelete: 'cascade' }),
    fingerprint: text('fingerprint').notNull(),
    /** firing | resolved */
    status: text('status').notNull(),
    title: text('title').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull().default({}),
    generatorUrl: text('generator_url'),
    raw: jsonb('raw').$type<unknown>(),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** Set once a resolved alert was shown in the incident channel (exactly once). */
    postedAt: timestamp('posted_at', { withTimezone: true }),
  },
  (t) => [
    index('alerts_group_idx').on(t.groupId, t.receivedAt),
    index('alerts_unposted_resolved_idx')
      .on(t.receivedAt)
      .where(sql`${t.status} = 'resolved' and ${t.postedAt} is null`),
  ],
);
export type AlertRow = typeof alerts.$inferSelect;
export type NewAlertRow = typeof alerts.$inferInsert;

/** Deliveries already taken in (PagerDuty X-Webhook-Id, or a content hash): a redelivery is a no-op. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    source: text('source').notNull(),
    deliveryId: text('delivery_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('alert_deliveries_key').on(t.source, t.deliveryId)],
);
