import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Incident } from '../../domain/incident.js';
import type { IncidentStatus } from '../../domain/lifecycle.js';
import type { Severity } from '../../domain/severity.js';
import type { Db } from '../client.js';
import { type IncidentRow, incidents, type NewIncidentRow } from '../schema/index.js';

export function toIncident(row: IncidentRow): Incident {
  return {
    ...row,
    severity: row.severity as Severity,
    status: row.status as IncidentStatus,
  };
}

export async function insertIncident(db: Db, values: NewIncidentRow): Promise<IncidentRow> {
  const [row] = await db.insert(incidents).values(values).returning();
  return row!;
}

export async function findIncidentById(db: Db, id: string): Promise<IncidentRow | undefined> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
  return row;
}

export async function findIncidentByChannel(db: Db, channelId: string): Promise<IncidentRow | undefined> {
  const [row] = await db.select().from(incidents).where(eq(incidents.channelId, channelId));
  return row;
}

export async function findIncidentByDeclareKey(db: Db, key: string): Promise<IncidentRow | undefined> {
  const [row] = await db.select().from(incidents).where(eq(incidents.declareKey, key));
  return row;
}

/** A declaration by the same person with the same title that did not finish: re-running resumes it. */
export async function findUnfinishedDeclaration(
  db: Db,
  declaredBy: string,
  title: string,
  since: Date,
): Promise<IncidentRow | undefined> {
  const [row] = await db
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.declaredBy, declaredBy),
        eq(incidents.title, title),
        ne(incidents.declareState, 'complete'),
        gte(incidents.declaredAt, since),
      ),
    )
    .orderBy(desc(incidents.declaredAt))
    .limit(1);
  return row;
}

export async function updateIncident(db: Db, id: string, values: Partial<NewIncidentRow>): Promise<IncidentRow> {
  const [row] = await db
    .update(incidents)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(incidents.id, id))
    .returning();
  return row!;
}

/**
 * Reopens only a resolved incident: of two reopenings at once (a double click, two replicas) one
 * gets the row, the other undefined — so the incident is paged again once.
 */
export async function reopenIfResolved(
  db: Db,
  id: string,
  values: Partial<NewIncidentRow>,
): Promise<IncidentRow | undefined> {
  const [row] = await db
    .update(incidents)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(incidents.id, id), eq(incidents.status, 'resolved')))
    .returning();
  return row;
}

/**
 * Records the channel only if none is recorded yet: two concurrent retries of one declaration
 * cannot both attach a channel. Returns the row as it now is.
 */
export async function attachChannel(db: Db, id: string, channelId: string, channelName: string): Promise<IncidentRow> {
  const [row] = await db
    .update(incidents)
    .set({ channelId, channelName, updatedAt: sql`now()` })
    .where(and(eq(incidents.id, id), isNull(incidents.channelId)))
    .returning();
  return row ?? (await findIncidentById(db, id))!;
}

export async function listOpenIncidents(db: Db, limit = 50): Promise<IncidentRow[]> {
  return db
    .select()
    .from(incidents)
    .where(and(ne(incidents.status, 'resolved'), eq(incidents.declareState, 'complete')))
    .orderBy(desc(incidents.declaredAt))
    .limit(limit);
}

/**
 * Takes the declaration lease for `ms` unless another request holds it. A conditional update rather
 * than a row lock: the Slack steps take seconds and must not hold a transaction (PGlite has one connection).
 */
export async function claimDeclaration(db: Db, id: string, now: Date, ms: number): Promise<IncidentRow | undefined> {
  const [row] = await db
    .update(incidents)
    .set({ declaringUntil: new Date(now.getTime() + ms) })
    .where(and(eq(incidents.id, id), or(isNull(incidents.declaringUntil), lt(incidents.declaringUntil, now))))
    .returning();
  return row;
}

/**
 * Claims the automatic analysis of a declared incident: once (a Slack retry, a resumed declaration or
 * a second replica gets undefined), never for a stopped, unfinished or resolved one, and without an
 * alert only when there is a description or an impact to analyse.
 */
export async function claimAutoAnalysis(
  db: Db,
  a: { incidentId: string; now: Date; hasAlert: boolean },
): Promise<IncidentRow | undefined> {
  const [row] = await db
    .update(incidents)
    .set({ autoAnalyzedAt: a.now })
    .where(
      and(
        eq(incidents.id, a.incidentId),
        isNull(incidents.autoAnalyzedAt),
        isNull(incidents.automationStoppedAt),
        eq(incidents.declareState, 'complete'),
        ne(incidents.status, 'resolved'),
        a.hasAlert ? undefined : or(isNotNull(incidents.description), isNotNull(incidents.impact)),
      ),
    )
    .returning();
  return row;
}

export async function findIncidentsByIds(db: Db, ids: string[]): Promise<Map<string, IncidentRow>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(incidents).where(inArray(incidents.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The incident's acknowledgement (MTTA), unless it already has one: a PagerDuty acknowledgement
 * that arrives before anyone takes IC in Slack is when the incident was acknowledged.
 */
export async function acknowledgeIfFirst(db: Db, incidentId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(incidents)
    .set({ acknowledgedAt: at })
    .where(and(eq(incidents.id, incidentId), isNull(incidents.acknowledgedAt)))
    .returning({ id: incidents.id });
  return rows.length > 0;
}

/**
 * The incident named by a reference a person types: its id (when `ref` is a UUID), its number (`INC-42`
 * or `42`), its channel id, or its channel name (with or without `#`).
 */
export async function findIncidentByRef(db: Db, ref: string): Promise<{ id: string; title: string } | undefined> {
  const name = ref.replace(/^#/, '');
  const number = /^(?:inc-)?(\d+)$/i.exec(ref)?.[1];
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const [incident] = await db
    .select({ id: incidents.id, title: incidents.title })
    .from(incidents)
    .where(
      or(
        ...(uuid ? [eq(incidents.id, ref)] : []),
        ...(number ? [eq(incidents.number, Number(number))] : []),
        eq(incidents.channelId, ref),
        eq(incidents.channelName, name),
      ),
    )
    .limit(1);
  return incident;
}
