import { type SQL, sql } from 'drizzle-orm';
import { DomainError } from '../../domain/errors.js';

/** What one digest is computed for: the week [from, to), last week [prevFrom, from), and the moment it is asked. */
export interface DigestQuery {
  from: Date;
  to: Date;
  prevFrom: Date;
  /** Snapshots (open incidents, overdue follow-up) are taken at `now`; last week's at `from`. */
  now: Date;
  /** A team's service names (from config); undefined = the whole organisation. */
  teamServices?: string[];
  /** IANA zone of the business days in postmortem deadlines; default UTC. */
  timeZone?: string;
}

/** Refuses windows that would make every figure meaningless (inverted or overlapping weeks). */
export function assertDigestQuery(q: DigestQuery): void {
  if (!(q.prevFrom < q.from && q.from < q.to && q.from <= q.now))
    throw new DomainError('VALIDATION', 'A digest needs prevFrom < from < to, and from no later than now.');
}

export { rowsOf } from '../rows.js';

/** A timestamp parameter, typed so both drivers and every operator agree on it. */
export const at = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;

/** `column` in [start, end). */
export const within = (column: SQL, start: Date, end: Date): SQL =>
  sql`(${column} >= ${at(start)} and ${column} < ${at(end)})`;

/** The week and the week before, for the `filter (where …)` of one aggregate per period. */
export const weeks = (q: DigestQuery) => ({
  cur: (column: SQL) => within(column, q.from, q.to),
  prev: (column: SQL) => within(column, q.prevFrom, q.from),
  both: (column: SQL) => within(column, q.prevFrom, q.to),
});

/**
 * The incidents a digest counts, as a condition on the incidents alias `i`: never drills; for a
 * team, those whose services include one of the team's (`?|`: jsonb has any of these keys or
 * array strings). A team without services matches nothing, rather than everything.
 */
export function inScope(q: DigestQuery): SQL {
  if (!q.teamServices) return sql`i.is_drill = false`;
  const names = q.teamServices.map((s) => sql`${s}`);
  return sql`i.is_drill = false and i.services ?| array[${sql.join(names, sql`, `)}]::text[]`;
}

/** A `severity_changed` timeline event (alias `e`) that made things worse: a lower number is a worse severity. */
export const severityIncreased = sql`(e.kind = 'severity_changed' and case
  when jsonb_typeof(e.data -> 'from') = 'number' and jsonb_typeof(e.data -> 'to') = 'number'
  then (e.data ->> 'to')::numeric < (e.data ->> 'from')::numeric else false end)`;

/** Splits `percentile_cont(array[0.5, 0.9])` into its two values (null = no data). */
export function spreadOf(value: unknown): { median: number | null; p90: number | null } {
  const arr = value as number[] | null;
  return { median: arr?.[0] ?? null, p90: arr?.[1] ?? null };
}
