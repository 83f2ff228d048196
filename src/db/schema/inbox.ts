import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The durable inbox: every Slack request Firebreak acknowledges (command, click, form, event), written
 * before the ack and processed from here. `key` is Slack's identity of the request (`event:<event_id>`,
 * a command's or click's `trigger_id`): a retry or a replayed signed request finds its key taken and
 * does nothing. A row left `pending` by a crash is claimed again by any replica once its lease
 * (`claimedAt` + grace) has passed; one that keeps failing is `parked` with its error.
 */
export const slackInbox = pgTable(
  'slack_inbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull().unique('slack_inbox_key'),
    /** command | action | view | shortcut | event:<type> — for the operator's list. */
    kind: text('kind').notNull(),
    /** The body as Bolt parsed it (what `app.processEvent` is fed again). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** pending → done | parked */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(1),
    /** Lease: the instance working on the row and when it last said so. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    lastError: text('last_error'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('slack_inbox_pending_idx').on(t.receivedAt).where(sql`${t.status} = 'pending'`),
    index('slack_inbox_finished_idx').on(t.finishedAt).where(sql`${t.status} = 'done'`),
  ],
);
export type SlackInboxRow = typeof slackInbox.$inferSelect;
