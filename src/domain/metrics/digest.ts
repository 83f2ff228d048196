import type { Severity } from '../severity.js';
import type { Comparison } from './comparison.js';
import type { Period } from './period.js';

/** Median and p90 of a set of durations (ms), each beside last week's; `n` = this week's sample size. */
export interface Spread {
  median: Comparison;
  p90: Comparison;
  n: number;
}

/** Declared → acknowledged / mitigated / resolved (see DIGEST_DEFINITIONS for who is in each sample). */
export interface ResponseTimes {
  mtta: Spread;
  mttm: Spread;
  mttr: Spread;
}

/** A rate with what it was computed from: `count` of `of` (rate null — "no data" — when `of` is 0). */
export interface Rate {
  rate: Comparison;
  count: Comparison;
  of: Comparison;
}

/** One of the top services or incident types: incidents this week, and their share of all incidents. */
export interface Ranked {
  name: string;
  count: Comparison;
  /** Share of this week's incidents (0–1); a service's shares can add up past 1 (incidents touch several). */
  share: number;
}

/** An open, non-private incident (private ones are only counted). */
export interface OpenIncident {
  number: number;
  title: string;
  severity: Severity;
  channelId: string | null;
  declaredAt: Date;
  ageMs: number;
}

/** Every figure of the weekly digest. null anywhere means "no data", never 0. */
export interface Digest {
  period: Period & { now: Date };
  /** Incidents declared in the period; drills never count, private ones do. */
  incidents: {
    total: Comparison;
    bySeverity: Record<Severity, Comparison>;
    /** Resolved as `false_alarm`, out of everything resolved in the period. */
    falseAlarms: Rate;
  };
  top: {
    services: Ranked[];
    /** Incident types = runbook patterns (see DIGEST_DEFINITIONS.types). */
    types: Ranked[];
    /** Incidents with no runbook proposed: their own count, not hidden in the shares. */
    unclassified: Comparison;
  };
  response: ResponseTimes & { bySeverity: Record<Severity, ResponseTimes> };
  /** A snapshot: open at `now`, compared with open at `from`. */
  open: {
    count: Comparison;
    private: number;
    /** The oldest non-private open incidents, oldest first (at most OPEN_LISTED). */
    oldest: OpenIncident[];
  };
  automation: {
    made: Comparison;
    approved: Comparison;
    autoApproved: Comparison;
    rejected: Comparison;
    expired: Comparison;
    stopped: Comparison;
    /** Human approvals only (automatic ones take 0 s and would flatter it). Target < 30 s. */
    timeToApproval: Spread;
    autoResolution: Rate;
    /** Median declared → resolved of the auto-resolved incidents. Target < 5 min. */
    aiHandledMttr: Comparison;
    regression: Rate;
    shadowAccuracy: Rate;
  };
  /** The closed loop: what verification said after the actions (see DIGEST_DEFINITIONS.verified). */
  closedLoop: {
    verified: Comparison;
    /** Rollbacks Firebreak ran by itself after a regression, accepted by the executor. */
    autoRolledBack: Comparison;
  };
  /** Autonomy and team trust (organisation-wide, not per team); set by the digest service. */
  trust?: TrustFigures;
  communication: { onTime: Comparison; late: Comparison; onTimeRate: Rate };
  /** PagerDuty / Opsgenie pages (see DIGEST_DEFINITIONS.paging). */
  paging: {
    sent: Comparison;
    acknowledged: Comparison;
    timeToAcknowledge: Spread;
    perIncident: Comparison;
    /** 1 − pages per incident ÷ last week's; null without both weeks. Target > 60 %. */
    reduced: number | null;
  };
  followUp: {
    postmortemsDue: Comparison;
    /** Snapshot at `now` (and at `from` for last week). */
    postmortemsOverdue: Comparison;
    actionItemsOpen: Comparison;
    actionItemsOverdue: Comparison;
    actionItemsClosed: Comparison;
  };
}

/** Which runbooks are suspended or ready for more autonomy, and the latest trust survey (snapshots at `now`). */
export interface TrustFigures {
  /** Runbook ids suspended after a regression, not lifted yet. */
  suspended: string[];
  /** Runbooks not yet `auto_approve` whose record meets the `ai.autonomy` gates. */
  readyForAutoApproval: string[];
  /** In shadow mode: runbooks whose shadow record meets the gates; null outside shadow mode. */
  readyToLeaveShadow: string[] | null;
  /** The latest month's survey (0–10, target > 8); null before the first went out. */
  survey: { month: string; score: number | null; answered: number; asked: number } | null;
}

/** How many open incidents the digest names. */
export const OPEN_LISTED = 10;
/** How many services and types the digest ranks. */
export const TOP_RANKED = 5;
