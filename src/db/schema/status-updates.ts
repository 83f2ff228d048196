import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';

/**
 * Every status update, human or automatic. `slotKey` is the idempotency key of one due time
 * (`<incident>:<due ISO>`): the unique index is what lets two replicas, or a retry after a crash,
 * claim a slot once. The message ts values are filled once posted; a claimed row without them is
 * a post in flight (or interrupted, recovered by looking for the key in the channel's metadata).
 */
export const statusUpdates = pgTable(
  'status_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    slotKey: text('slot_key').notNull(),
    /** automatic (the bot, at the due time) | manual (`/incident update <text>`) | modal (the update form). */
    source: text('source').notNull(),
    postedBy: text('posted_by'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    /** Posted no later than the due time (plus one tick of grace for automatic updates). */
    onTime: boolean('on_time'),
    text: text('text').notNull(),
    /** What a status page would publish: kept apart from the internal text. */
    customerText: text('customer_text'),
    channelTs: text('channel_ts'),
    broadcastTs: text('broadcast_ts'),
  },
  (t) => [
    uniqueIndex('status_updates_slot_key').on(t.slotKey),
    index('status_updates_incident_idx').on(t.incidentId, t.claimedAt),
    // The digest's on-time / late counts read one week of posts.
    index('status_updates_posted_at_idx').on(t.postedAt),
  ],
);
export type StatusUpdateRow = typeof statusUpdates.$inferSelect;
