import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';

/**
 * What the comms lead or the IC published to customers, one row per submission: the only source of
 * the public status page. `requestKey` (the form's view id) is unique, so Slack's retries, a replay
 * after a crash, or a second replica store one publication. The channel record (`channelTs`) and the
 * Statuspage delivery (`statuspageState`) are carried out from the row, under a short claim.
 */
export const statusPublications = pgTable(
  'status_publications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Submission order: an incident's publications reach Statuspage in this order (clocks can tie or skew). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    requestKey: text('request_key').notNull(),
    /** The incident's public name (never its internal title). */
    name: text('name').notNull(),
    message: text('message').notNull(),
    /** investigating | identified | monitoring | resolved */
    phase: text('phase').notNull(),
    /** Service name → component status, for every public service the form offered. */
    components: jsonb('components').$type<Record<string, string>>().notNull().default({}),
    publishedBy: text('published_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    /** The channel's record of the publication, once posted. */
    channelTs: text('channel_ts'),
    /** none (Statuspage not set up) | pending | sent | failed (retries stopped: the channel offers Retry). */
    statuspageState: text('statuspage_state').notNull(),
    statuspageAttempts: integer('statuspage_attempts').notNull().default(0),
    statuspageError: text('statuspage_error'),
    /** Lease while one worker posts the record or talks to Statuspage; a crashed worker's lease expires. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('status_publications_request_key').on(t.requestKey),
    index('status_publications_incident_idx').on(t.incidentId, t.seq),
    index('status_publications_published_at_idx').on(t.publishedAt),
    // The delivery job's query: only work not done yet.
    index('status_publications_undone_idx')
      .on(t.publishedAt)
      .where(sql`${t.channelTs} is null or ${t.statuspageState} = 'pending'`),
  ],
);
export type StatusPublicationRow = typeof statusPublications.$inferSelect;
export type NewStatusPublicationRow = typeof statusPublications.$inferInsert;
