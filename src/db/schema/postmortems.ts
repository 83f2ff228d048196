import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';

/**
 * Every draft of an incident's postmortem, kept: re-running `/incident postmortem` adds a version,
 * it never overwrites what people may already have read. The newest version is the current one.
 */
export const postmortems = pgTable(
  'postmortems',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** draft | in-review | final (docs/domain.md) */
    status: text('status').notNull().default('draft'),
    markdown: text('markdown').notNull(),
    /** model | deterministic: who wrote the analytic sections. */
    source: text('source').notNull(),
    /** Blameless warnings found in the draft: { phrase, suggestion, where }. */
    warnings: jsonb('warnings').$type<{ phrase: string; suggestion: string; where: string }[]>().notNull().default([]),
    /** What the draft cost: { inputTokens, calls, droppedEvents, ... }. */
    stats: jsonb('stats').$type<Record<string, number>>().notNull().default({}),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set once uploaded (files.completeUploadExternal) and its summary posted. */
    fileId: text('file_id'),
    summaryTs: text('summary_ts'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** The durable inbox's key of the `/incident postmortem` that drafted it: carried out again, no new version. */
    requestKey: text('request_key'),
  },
  (t) => [
    uniqueIndex('postmortems_incident_version_key').on(t.incidentId, t.version),
    uniqueIndex('postmortems_request_key').on(t.requestKey),
  ],
);
export type PostmortemRow = typeof postmortems.$inferSelect;

/**
 * Follow-up work (docs/domain.md: id, type, description, owner, priority P0-P2, due date, status,
 * validation method). `sourceKey` makes drafting idempotent: an item the draft proposed is
 * recorded once however often the postmortem is re-run.
 */
export const actionItems = pgTable(
  'action_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** `AI-<incident number>-<seq>`: what people say in conversation. */
    seq: integer('seq').notNull(),
    /** prevent | detect | mitigate | process */
    type: text('type').notNull(),
    description: text('description').notNull(),
    ownerId: text('owner_id'),
    /** P0 | P1 | P2 */
    priority: text('priority').notNull().default('P1'),
    dueOn: timestamp('due_on', { withTimezone: true }).notNull(),
    /** open | done | wont-do */
    status: text('status').notNull().default('open'),
    validation: text('validation'),
    /** draft (proposed by the postmortem) | command | modal */
    origin: text('origin').notNull(),
    sourceKey: text('source_key'),
    /** The durable inbox's key of the command or form that added it: carried out again, it adds nothing. */
    requestKey: text('request_key'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The last overdue reminder (once a day). */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** slack | tracker: where it was closed (a tracker close needs no close sent back). */
    closedVia: text('closed_via'),
    /** The channel message that shows the item (redrawn with the tracker link and state). */
    messageTs: text('message_ts'),
    /** jira | linear | github, chosen once when the item is recorded; null: Firebreak only. */
    tracker: text('tracker'),
    /** The project key, team key or owner/repo it goes to. */
    trackerPlace: text('tracker_place'),
    /** The tracker's id: set exactly once, by the conditional update that records the creation. */
    trackerId: text('tracker_id'),
    /** OPS-12, ENG-3, #12: what people read. */
    trackerKey: text('tracker_key'),
    trackerUrl: text('tracker_url'),
    /** open | closed, as last seen in the tracker. */
    trackerState: text('tracker_state'),
    /** The issue text should be written again (a postmortem now exists to link). */
    trackerUpdateWanted: boolean('tracker_update_wanted').notNull().default(false),
    trackerAttempts: integer('tracker_attempts').notNull().default(0),
    trackerNextAttemptAt: timestamp('tracker_next_attempt_at', { withTimezone: true }),
    /** Lease while one worker talks to the tracker; a crashed worker's lease expires. */
    trackerClaimedUntil: timestamp('tracker_claimed_until', { withTimezone: true }),
    trackerError: text('tracker_error'),
    /** Retries stopped (a refusal, or too many failures): the channel offers Retry. */
    trackerFailedAt: timestamp('tracker_failed_at', { withTimezone: true }),
    trackerPolledAt: timestamp('tracker_polled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('action_items_incident_seq_key').on(t.incidentId, t.seq),
    uniqueIndex('action_items_source_key').on(t.incidentId, t.sourceKey),
    uniqueIndex('action_items_request_key').on(t.requestKey),
    index('action_items_open_due_idx').on(t.dueOn).where(sql`${t.status} = 'open'`),
    // The digest reads open items and those closed since last week, not every item ever closed.
    index('action_items_closed_at_idx').on(t.closedAt),
    uniqueIndex('action_items_tracker_key').on(t.tracker, t.trackerId),
    index('action_items_tracker_due_idx')
      .on(t.trackerNextAttemptAt)
      .where(sql`${t.tracker} is not null and ${t.trackerFailedAt} is null`),
  ],
);
export type ActionItemRow = typeof actionItems.$inferSelect;
export type NewActionItemRow = typeof actionItems.$inferInsert;
