import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Tracker webhook deliveries, stored before they are answered (like the alert intake): a delivery id
 * seen before is a replay and is refused; one stored but not processed (a crash after the answer)
 * is processed by the scheduler's tick.
 */
export const trackerDeliveries = pgTable(
  'tracker_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tracker: text('tracker').notNull(),
    /** X-Atlassian-Webhook-Identifier, X-GitHub-Delivery, Linear-Delivery (or a hash of the body). */
    deliveryId: text('delivery_id').notNull(),
    /** The issue and the state it reports: what processing needs, not the whole payload. */
    issueId: text('issue_id').notNull(),
    state: text('state').notNull(),
    payload: jsonb('payload').$type<unknown>(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('tracker_deliveries_key').on(t.tracker, t.deliveryId),
    index('tracker_deliveries_pending_idx').on(t.receivedAt).where(sql`${t.processedAt} is null`),
  ],
);
export type TrackerDeliveryRow = typeof trackerDeliveries.$inferSelect;
