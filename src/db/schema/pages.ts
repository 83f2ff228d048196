import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    /** `service:payments`, `service:payments:low`, `incident_managers`, `leadership`, `person:U123` */
    target: text('target').notNull(),
    /**
     * 0 for the pages of the first declaration; each reopening pages again in the next round, with
     * new dedup keys (the provider's alert of the previous round is resolved and stays so).
     */
    round: integer('round').notNull().default(0),
    /** A person's page: their PagerDuty user id or Opsgenie username, found by their Slack email. */
    recipient: text('recipient'),
    /** The provider's own id of what was opened, when later calls need it (a PagerDuty REST incident). */
    providerRef: text('provider_ref'),
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
    /**
     * Who is on call for the paged service: `wanted` (look it up once the page is triggered),
     * `done`, `failed` (told in `oncallNote`); null when there is nothing to look up.
     */
    oncallState: text('oncall_state'),
    oncallAttempts: integer('oncall_attempts').notNull().default(0),
    /** The on-call people's Slack ids (invited into the channel, named in the paging message). */
    oncallSlackIds: jsonb('oncall_slack_ids').$type<string[]>().notNull().default([]),
    /** What could not be matched or looked up, said in the paging message. */
    oncallNote: text('oncall_note'),
  },
  (t) => [
    uniqueIndex('pages_incident_target_provider').on(t.incidentId, t.target, t.provider, t.round),
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
