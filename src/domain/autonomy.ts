import { countOf } from './plural.js';

/**
 * Autonomy earned from the record (docs/domain.md: trust is earned per pattern). An `auto_approve`
 * runbook on a low-risk service may run without a click only once its record shows what the
 * practices ask for: long enough in service, enough fixes verified by their metric, and almost no
 * regressions. Pure rules: the record comes from the database, the thresholds from `ai.autonomy`.
 */
export interface AutonomyThresholds {
  /** Days since the runbook was first proposed (shadow or approval mode). */
  minDays: number;
  /** Executions verified by the runbook's `verify` query. */
  minVerified: number;
  /** Share of executions that regressed or were rolled back; the rate must stay strictly below it. */
  maxRegressionRate: number;
}

/** What one runbook did over the record's window (90 days), and when it was first proposed (ever). */
export interface TrackRecord {
  executed: number;
  verified: number;
  /** Executions that regressed (verification) or were rolled back, each counted once. */
  regressed: number;
  firstProposedAt: Date | null;
}

/** One gate that is not met, with the numbers the sentence needs. */
export type HeldGate =
  | { gate: 'age'; days: number; needed: number }
  | { gate: 'verified'; verified: number; needed: number }
  | { gate: 'regression'; regressed: number; executed: number; max: number };

const DAY_MS = 86_400_000;

/** The window of a runbook's record (executed, verified, regressed), in days. */
export const RECORD_DAYS = 90;

/** Whole days between the first proposal and `now` (0 when never proposed). */
export const daysSince = (first: Date | null, now: Date): number =>
  first ? Math.max(0, Math.floor((now.getTime() - first.getTime()) / DAY_MS)) : 0;

/** The regression rate of a record: 0 with no executions (nothing went wrong yet). */
export const regressionRate = (r: Pick<TrackRecord, 'executed' | 'regressed'>): number =>
  r.executed > 0 ? r.regressed / r.executed : 0;

/** The gates a record does not meet yet, in the order the practices list them; empty = earned. */
export function heldGates(record: TrackRecord, t: AutonomyThresholds, now: Date): HeldGate[] {
  const held: HeldGate[] = [];
  const days = daysSince(record.firstProposedAt, now);
  if (days < t.minDays) held.push({ gate: 'age', days, needed: t.minDays });
  if (record.verified < t.minVerified)
    held.push({ gate: 'verified', verified: record.verified, needed: t.minVerified });
  // "Under 2%": a rate equal to the threshold holds it back; a record without any regression always
  // passes (so a threshold of 0 means that none may regress).
  const rate = regressionRate(record);
  if (record.regressed > 0 && rate >= t.maxRegressionRate)
    held.push({ gate: 'regression', regressed: record.regressed, executed: record.executed, max: t.maxRegressionRate });
  return held;
}

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** One clause per gate, plain text (views escape and style it). */
export function gateClause(g: HeldGate): string {
  switch (g.gate) {
    case 'age':
      return g.days === 0 && g.needed > 0
        ? `first proposed less than a day ago, ${countOf(g.needed, 'day')} in service needed`
        : `first proposed ${countOf(g.days, 'day')} ago, ${countOf(g.needed, 'day')} needed`;
    case 'verified':
      return `${g.verified} of ${countOf(g.needed, 'verified execution')} needed`;
    case 'regression':
      return `${g.regressed} of ${countOf(g.executed, 'execution')} regressed (${percent(g.regressed / g.executed)}), under ${percent(g.max)} needed`;
  }
}

/** The one sentence a held proposal shows: `Not auto-approved: 3 of 5 verified executions needed.` */
export function heldSentence(gates: readonly HeldGate[]): string {
  return `Not auto-approved: ${gates.map(gateClause).join('; ')}.`;
}

/** A runbook's confidence as shown: its record once it has one, its YAML prior until then. */
export type DisplayedConfidence =
  | { source: 'record'; rate: number; verified: number; executed: number }
  | { source: 'prior'; rate: number };

/** Verified ÷ executed over the window once anything was executed; else the runbook's own estimate. */
export function displayedConfidence(
  record: Pick<TrackRecord, 'executed' | 'verified'> | undefined,
  prior: number,
): DisplayedConfidence {
  if (!record || record.executed === 0) return { source: 'prior', rate: prior };
  return {
    source: 'record',
    rate: record.verified / record.executed,
    verified: record.verified,
    executed: record.executed,
  };
}

/** `works in 19 of 20 (95%, last 90 days)` or `95% (runbook's estimate; no record yet)`. */
export function confidenceText(c: DisplayedConfidence): string {
  return c.source === 'record'
    ? `works in ${c.verified} of ${c.executed} (${percent(c.rate)}, last 90 days)`
    : `${percent(c.rate)} (runbook's estimate; no record yet)`;
}
