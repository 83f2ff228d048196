import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** One row per incident. Milestones are facts (digests and postmortems compute from them), never derived from updated_at. */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: serial('number').notNull(),
    title: text('title').notNull(),
    severity: integer('severity').notNull(),
    status: text('status').notNull().default('investigating'),
    impact: text('impact'),
    description: text('description'),
    services: jsonb('services').$type<string[]>().notNull().default([]),
    isPrivate: boolean('is_private').notNull().default(false),
    isDrill: boolean('is_drill').notNull().default(false),
    /** How it was resolved: `fixed` or `false_alarm` (not an incident). */
    resolution: text('resolution'),
    summary: text('summary'),
    /** Where the alert that declared it lives (Alertmanager/Grafana generator URL, PagerDuty incident). */
    sourceUrl: text('source_url'),
    /** alertmanager | grafana | pagerduty when alert intake declared it; null when a person did. */
    declaredFrom: text('declared_from'),
    /** The alert source it came from, whoever declared it (a person clicking Declare too): pagerduty is not paged again. */
    alertSource: text('alert_source'),
    declaredBy: text('declared_by').notNull(),
    /** Where /incident was typed; the declarer's ephemeral replies go there. */
    originChannelId: text('origin_channel_id'),
    /** Idempotency key of the declaration request (retries of one declaration find this row). */
    declareKey: text('declare_key'),
    /** `pending` until every Slack step of the declaration is done; `failed` keeps what was done. */
    declareState: text('declare_state').notNull().default('pending'),
    declareError: text('declare_error'),
    /** Lease held while one request runs the Slack steps, so two retries cannot open two channels. */
    declaringUntil: timestamp('declaring_until', { withTimezone: true }),
    channelId: text('channel_id'),
    channelName: text('channel_name'),
    statusMessageTs: text('status_message_ts'),
    broadcastTs: text('broadcast_ts'),
    /** When the next status update is due (null: none scheduled, e.g. SEV3 or resolved). */
    nextUpdateAt: timestamp('next_update_at', { withTimezone: true }),
    /** The due time the last "post an update" reminder was for, so each due time is reminded once. */
    updateReminderFor: timestamp('update_reminder_for', { withTimezone: true }),
    /** The last due time passed with no human update (the bot posted): the next reminder also pings the IC. */
    lastUpdateMissed: boolean('last_update_missed').notNull().default(false),
    lastUpdateAt: timestamp('last_update_at', { withTimezone: true }),
    /** Break-glass: set by STOP, cleared only by the IC. While set, nothing is proposed or executed. */
    automationStoppedAt: timestamp('automation_stopped_at', { withTimezone: true }),
    automationStoppedBy: text('automation_stopped_by'),
    /** The automatic analysis after declaration runs once. */
    autoAnalyzedAt: timestamp('auto_analyzed_at', { withTimezone: true }),
    /** Set once the "nobody is IC yet" reminder went out, so it goes out once. */
    icRemindedAt: timestamp('ic_reminded_at', { withTimezone: true }),
    /** Set once the "no postmortem yet, 5 business days after resolution" reminder went out. */
    postmortemRemindedAt: timestamp('postmortem_reminded_at', { withTimezone: true }),
    /** The Atlassian Statuspage incident its publications create and update. */
    statuspageIncidentId: text('statuspage_incident_id'),
    /** Set before asking Statuspage to create the incident: if the answer is lost, look before creating again. */
    statuspageCreatingAt: timestamp('statuspage_creating_at', { withTimezone: true }),
    declaredAt: timestamp('declared_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    identifiedAt: timestamp('identified_at', { withTimezone: true }),
    mitigatedAt: timestamp('mitigated_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('incidents_number_key').on(t.number),
    uniqueIndex('incidents_channel_id_key').on(t.channelId),
    uniqueIndex('incidents_declare_key_key').on(t.declareKey),
    index('incidents_open_idx').on(t.declaredAt).where(sql`${t.status} <> 'resolved'`),
    // The scheduler's hot query: its cost grows with the due rows, not with all open incidents.
    index('incidents_next_update_idx').on(t.nextUpdateAt).where(sql`${t.nextUpdateAt} is not null`),
    index('incidents_unacknowledged_idx')
      .on(t.declaredAt)
      .where(sql`${t.acknowledgedAt} is null and ${t.status} <> 'resolved'`),
    // The weekly digest counts the incidents that reached a milestone in a week: with one index per
    // milestone it reads that week (a BitmapOr of four ranges), not the whole history.
    index('incidents_declared_at_idx').on(t.declaredAt),
    index('incidents_acknowledged_at_idx').on(t.acknowledgedAt),
    index('incidents_mitigated_at_idx').on(t.mitigatedAt),
    index('incidents_resolved_at_idx').on(t.resolvedAt),
  ],
);
export type IncidentRow = typeof incidents.$inferSelect;
export type NewIncidentRow = typeof incidents.$inferInsert;
