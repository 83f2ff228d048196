import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';

/**
 * One page of an incident to one target through one provider. Stored before anything is sent
 * (in the transaction that declares, raises, acknowledges or resolves), unique per (incident,
 * target, provider), so Slack retries, restarts and replicas find the row instead of paging twice.
 * Delivery moves `state` towards `wanted` from the row, under a short claim.
 */
export const pages = pgTable(
  'pages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** `service:payments`, `service:payments:low`, `incident_managers`, `leadership`, `manual:…` */
    target: text('target').notNull(),
    /** pagerduty | opsgenie */
    provider: text('provider').notNull(),
    /** PagerDuty dedup_key / Opsgenie alias. */
    dedupKey: text('dedup_key').notNull(),
    /** pending → triggered → acknowledged → resolved; cancelled: resolved before it was ever sent. */
    state: text('state').notNull().default('pending'),
    /** trigger | acknowledge | resolve: what the provider should show. */
    wanted: text('wanted').notNull().default('trigger'),
    /** Severity it was triggered at (summary, PagerDuty severity, Opsgenie priority). */
    severity: integer('severity').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** Lease while one worker talks to the provider; a crashed worker's lease expires. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    lastError: text('last_error'),
    /** Set when automatic retries stopped (refused, or too many failures): the channel shows Retry. */
    failedAt: timestamp('failed_at', { withTimezone: true }),
    requestedBy: text('requested_by'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    triggeredAt: timestamp('triggered_at', { withTimezone: true }),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('pages_incident_target_provider').on(t.incidentId, t.target, t.provider),
    index('pages_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.failedAt} is null and ${t.state} not in ('resolved', 'cancelled')`),
  ],
);
export type PageRow = typeof pages.$inferSelect;
export type NewPageRow = typeof pages.$inferInsert;

/** The one "Paging" message of an incident channel, posted once and then updated in place. */
export const pagingMessages = pgTable('paging_messages', {
  incidentId: uuid('incident_id')
    .primaryKey()
    .references(() => incidents.id, { onDelete: 'cascade' }),
  channelId: text('channel_id').notNull(),
  ts: text('ts'),
  /** Lease of the replica posting it; another may post (after checking Slack) once it expires. */
  claimedUntil: timestamp('claimed_until', { withTimezone: true }),
});
