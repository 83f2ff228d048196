import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { HeldGate } from '../../domain/autonomy.js';
import type { EvidenceReading } from '../../domain/metric-value.js';
import { incidents } from './incidents.js';

/**
 * One AI (or rule) proposal to run a runbook action. `status` moves only by conditional updates
 * (`where status = 'pending'`), which is what makes a double click, a Slack retry or a second
 * replica approve — and execute — once.
 */
export const remediationProposals = pgTable(
  'remediation_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    runbookId: text('runbook_id').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    hypothesis: text('hypothesis').notNull(),
    evidence: jsonb('evidence').$type<string[]>().notNull().default([]),
    /** What the runbook's Prometheus evidence queries answered during the analysis (value, unit, when). */
    readings: jsonb('readings').$type<EvidenceReading[]>().notNull().default([]),
    confidence: real('confidence').notNull(),
    /** model | rules */
    source: text('source').notNull(),
    /** propose | shadow (shadow: shown, never executable; kept to measure accuracy) */
    mode: text('mode').notNull(),
    /** pending | approved | executing | executed | failed | rejected | expired | stopped | closed (resolved) */
    status: text('status').notNull().default('pending'),
    channelTs: text('channel_ts'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Proposal shown → approved, in ms (the digest's time to approval). */
    approvalMs: integer('approval_ms'),
    autoApproved: text('auto_approved'),
    /**
     * The autonomy gates that held back the auto-approval the policy would have given (runbook
     * `auto_approve`, low-risk service): what the proposal message says, as it was when proposed.
     */
    autoApproveHeld: jsonb('auto_approve_held').$type<HeldGate[]>(),
    reason: text('reason'),
    /** The executor's answer. */
    executionStatus: text('execution_status'),
    executionDetail: text('execution_detail'),
    executedAt: timestamp('executed_at', { withTimezone: true }),
    /** When it was handed to the executor: an `executing` row older than the sweeper's timeout is stuck. */
    executingSince: timestamp('executing_since', { withTimezone: true }),
    /** How many times the sweeper asked the executor again (same idempotency key). */
    resends: integer('resends').notNull().default(0),
    /**
     * A human rolled an executed proposal back (the runbook's rollback action). The status stays
     * `executed` — it did run — and the rollback is its own fact, claimed once by `rollback_at`.
     */
    rollbackBy: text('rollback_by'),
    rollbackAt: timestamp('rollback_at', { withTimezone: true }),
    /** accepted | failed | refused: the executor's answer to the rollback. */
    rollbackStatus: text('rollback_status'),
    rollbackDetail: text('rollback_detail'),
    /**
     * Set with the rollback claim: until then the claimer is sending it. A claim with no answer past
     * its lease (the process died between the claim and the send) is swept and sent again with the
     * same idempotency key.
     */
    rollbackLeaseUntil: timestamp('rollback_lease_until', { withTimezone: true }),
    /**
     * `analysis:<request key>:<rank>`: the proposal an `/incident analyze` request made at that rank.
     * Unique, so the request carried out again after a crash finds it instead of proposing twice.
     */
    requestKey: text('request_key'),
  },
  (t) => [
    index('remediation_proposals_incident_idx').on(t.incidentId, t.createdAt),
    index('remediation_proposals_pending_idx').on(t.expiresAt),
    // The digest's weeks: proposals made, and remediations executed, in a week.
    index('remediation_proposals_created_at_idx').on(t.createdAt),
    index('remediation_proposals_executed_at_idx').on(t.executedAt),
    index('remediation_proposals_executing_idx').on(t.executingSince).where(sql`${t.status} = 'executing'`),
    uniqueIndex('remediation_proposals_message_key').on(t.channelTs),
    uniqueIndex('remediation_proposals_request_key').on(t.requestKey),
    index('remediation_proposals_rollback_unsent_idx')
      .on(t.rollbackLeaseUntil)
      .where(sql`${t.rollbackAt} is not null and ${t.rollbackStatus} is null`),
  ],
);
export type RemediationProposalRow = typeof remediationProposals.$inferSelect;

/** Every decision about automation, append-only: proposed, approved, rejected, expired, executed, failed, stopped. */
export const remediationAudit = pgTable(
  'remediation_audit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    proposalId: uuid('proposal_id').references(() => remediationProposals.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    actorId: text('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('remediation_audit_incident_idx').on(t.incidentId, t.at),
    // "Was this remediation rolled back?" is asked per proposal by the digest; without an index the
    // planner prices it as a scan of the whole audit per row and PostgreSQL JIT-compiles the query.
    index('remediation_audit_rolled_back_idx').on(t.proposalId).where(sql`${t.event} = 'rolled_back'`),
    // Who decided on a proposal in a month (the trust survey's people), asked on every tick of its month.
    index('remediation_audit_decided_idx')
      .on(t.at)
      .where(sql`${t.event} in ('approved', 'rejected', 'stopped') and ${t.actorId} is not null`),
  ],
);
