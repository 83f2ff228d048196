import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';

/**
 * Everything that happened, in order: declarations, role changes, messages, pins, notes, decisions.
 * `dedupeKey` makes capture idempotent (Slack redelivers events; a message ts is recorded once).
 */
export const timelineEvents = pgTable(
  'timeline_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    actorId: text('actor_id'),
    /** human | bot | system: the bot's own posts are not human messages. */
    actorType: text('actor_type').notNull().default('human'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    text: text('text'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    messageTs: text('message_ts'),
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    index('timeline_events_incident_at_idx').on(t.incidentId, t.at),
    uniqueIndex('timeline_events_dedupe_key').on(t.incidentId, t.dedupeKey),
  ],
);
export type TimelineEventRow = typeof timelineEvents.$inferSelect;
export type NewTimelineEventRow = typeof timelineEvents.$inferInsert;
