import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';

/**
 * The reminders' outbox. A reminder job's claim (the conditional update that stamps an incident,
 * an action item or an alert) inserts its reminder here in the same transaction, so a claimed
 * reminder is a stored obligation, not a post that may never happen. The reminder runner delivers
 * each row at least once and, with `key` carried as Slack message metadata, posts it once.
 *
 * `claimedAt` is the delivery lease (null when free); `unsure` says an earlier attempt may have
 * reached Slack (it crashed, or Slack gave no answer), so the next one looks for `key` first.
 */
export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** A channel id, or a user id for a DM. */
    target: text('target').notNull(),
    /** What the message is rebuilt from at each attempt (due time, mentions, alert titles…). */
    subject: jsonb('subject').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    /** After a failed attempt, not before this (backing off from a Slack that keeps refusing). */
    notBefore: timestamp('not_before', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    unsure: boolean('unsure').notNull().default(false),
    lastError: text('last_error'),
    /** Delivered (`ts` set), dropped as no longer due (`ts` null), or given up (`lastError` says why). */
    doneAt: timestamp('done_at', { withTimezone: true }),
    ts: text('ts'),
  },
  (t) => [
    uniqueIndex('reminders_key').on(t.key),
    index('reminders_pending').on(t.createdAt).where(sql`${t.doneAt} is null`),
    // Finished reminders are pruned after the retention (see services/prune-reminders.ts).
    index('reminders_done').on(t.doneAt).where(sql`${t.doneAt} is not null`),
  ],
);
export type ReminderRow = typeof reminders.$inferSelect;
export type NewReminderRow = typeof reminders.$inferInsert;
