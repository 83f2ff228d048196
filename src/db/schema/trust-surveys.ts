import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The monthly team-trust survey ("How far do you trust Firebreak's proposals?" 0–10), one row per
 * (month, person) — the unique key that makes it go out once across restarts and replicas. The row
 * is stored (claimed) before the DM is sent; `sentAt` null after `claimedAt` is a send in flight or
 * interrupted, taken over after a lease. The answer is set once, by a conditional update.
 */
export const trustSurveys = pgTable(
  'trust_surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The surveyed month, `YYYY-MM` in the configured timezone: people who decided on a proposal in it. */
    month: text('month').notNull(),
    userId: text('user_id').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    /** The app's DM with the person (conversations.open) and the survey message in it. */
    dmChannel: text('dm_channel'),
    messageTs: text('message_ts'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** 0–10, set once. */
    score: integer('score'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    comment: text('comment'),
    commentedAt: timestamp('commented_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('trust_surveys_month_user_key').on(t.month, t.userId),
    index('trust_surveys_sent_at_idx').on(t.sentAt),
  ],
);
export type TrustSurveyRow = typeof trustSurveys.$inferSelect;
