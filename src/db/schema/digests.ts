import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Channels subscribed with `/incident digest subscribe` (config channels are not stored: the YAML
 * file stays their source of truth). `team` null means the whole organisation.
 */
export const digestSubscriptions = pgTable(
  'digest_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channelId: text('channel_id').notNull(),
    team: text('team'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('digest_subscriptions_channel_key').on(t.channelId)],
);
export type DigestSubscriptionRow = typeof digestSubscriptions.$inferSelect;

/**
 * One row per (period, channel): the claim that makes a Monday digest go out once across restarts
 * and replicas. `postedTs` null after `claimedAt` is a send in flight or interrupted.
 */
export const digestRuns = pgTable(
  'digest_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The start of the reported week, ISO date in the configured timezone (e.g. 2026-11-16). */
    period: text('period').notNull(),
    channelId: text('channel_id').notNull(),
    team: text('team'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    postedTs: text('posted_ts'),
    postedAt: timestamp('posted_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('digest_runs_period_channel_key').on(t.period, t.channelId)],
);
export type DigestRunRow = typeof digestRuns.$inferSelect;
