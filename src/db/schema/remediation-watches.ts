import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';
import { remediationProposals } from './remediation-proposals.js';

/**
 * The verification of one executed remediation: its runbook's `verify` query, evaluated on every
 * scheduler tick until it is verified, regressed, cancelled by STOP or could not be told. A tick
 * claims the due rows with a conditional update (`lease_until`), so a second replica skips them and
 * a crashed one's lease simply runs out: the watch is neither lost nor doubled. Endings move only
 * from `watching`, so each is recorded, announced and acted on once.
 */
export const remediationWatches = pgTable(
  'remediation_watches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => remediationProposals.id, { onDelete: 'cascade' }),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    runbookId: text('runbook_id').notNull(),
    /** The rendered PromQL, as it was when the action ran. */
    query: text('query').notNull(),
    /** `<` or `>`: the healthy side of `threshold`. */
    op: text('op').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    unit: text('unit').notNull().default(''),
    /** The value just before the action was sent; null when Prometheus could not say. */
    beforeValue: doublePrecision('before_value'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** `within` after the start: not healthy by then is a regression. */
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    holdMs: integer('hold_ms').notNull(),
    healthySince: timestamp('healthy_since', { withTimezone: true }),
    lastValue: doublePrecision('last_value'),
    lastAt: timestamp('last_at', { withTimezone: true }),
    lastError: text('last_error'),
    /** watching | verified | regressed | cancelled | inconclusive */
    status: text('status').notNull().default('watching'),
    cause: text('cause'),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /**
     * When the ending's follow-up was done (audit row, the channel told, the chart, the redraw). An
     * ending stored without it (the process died in between) is told by the next tick after a lease.
     */
    toldAt: timestamp('told_at', { withTimezone: true }),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('remediation_watches_proposal_key').on(t.proposalId),
    index('remediation_watches_watching_idx').on(t.leaseUntil).where(sql`${t.status} = 'watching'`),
  ],
);
export type RemediationWatchRow = typeof remediationWatches.$inferSelect;

/**
 * A runbook suspended after a regression: shown in analyses, never approvable or auto-approved,
 * until an approver lifts it (`/incident runbooks enable <id>`). History is kept; at most one open
 * suspension per runbook (the partial unique index), so two replicas cannot suspend twice.
 */
export const runbookSuspensions = pgTable(
  'runbook_suspensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runbookId: text('runbook_id').notNull(),
    proposalId: uuid('proposal_id').references(() => remediationProposals.id, { onDelete: 'set null' }),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }).notNull(),
    cause: text('cause').notNull(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedBy: text('lifted_by'),
    liftedReason: text('lifted_reason'),
  },
  (t) => [uniqueIndex('runbook_suspensions_open_key').on(t.runbookId).where(sql`${t.liftedAt} is null`)],
);
export type RunbookSuspensionRow = typeof runbookSuspensions.$inferSelect;
