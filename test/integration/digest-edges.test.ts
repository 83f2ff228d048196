/** The digest's edges: a week with no data, what stops an auto-resolution, and deadlines in SQL = in TS. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/db/queries/digest-facts.js';
import { postmortemDeadlineSql } from '../../src/db/queries/postmortem-figures.js';
import { incidents, remediationProposals, timelineEvents } from '../../src/db/schema/index.js';
import { postmortemDeadline } from '../../src/domain/metrics/business-days.js';
import { compare as c, compareRate } from '../../src/domain/metrics/comparison.js';
import { weekStarting } from '../../src/domain/metrics/period.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

const noData = c(null, null);

describe('a week with nothing in it', () => {
  it('says "no data" for every rate and percentile, and 0 for every count', async () => {
    const week = weekStarting('2025-01-06', 'UTC');
    const digest = await loadDigest(database.db, { ...week, now: week.to });
    const emptyRate = compareRate(0, 0, 0, 0);
    expect(emptyRate.rate).toEqual(noData);
    expect(digest.incidents.total).toEqual(c(0, 0));
    expect(digest.incidents.falseAlarms).toEqual(emptyRate);
    expect(digest.top).toEqual({ services: [], types: [], unclassified: c(0, 0) });
    for (const times of [digest.response, ...Object.values(digest.response.bySeverity)])
      for (const spread of [times.mtta, times.mttm, times.mttr])
        expect(spread).toEqual({ median: noData, p90: noData, n: 0 });
    expect(digest.open).toEqual({ count: c(0, 0), private: 0, oldest: [] });
    const a = digest.automation;
    expect(a.timeToApproval).toEqual({ median: noData, p90: noData, n: 0 });
    expect([a.autoResolution, a.regression, a.shadowAccuracy, digest.communication.onTimeRate]).toEqual([
      emptyRate,
      emptyRate,
      emptyRate,
      emptyRate,
    ]);
    expect(a.aiHandledMttr).toEqual(noData);
    expect(Object.values(digest.followUp)).toEqual(Array(5).fill(c(0, 0)));
  });
});

describe('the window', () => {
  it('is refused when inverted, rather than answered with nonsense', async () => {
    const week = weekStarting('2025-01-06', 'UTC');
    await expect(
      loadDigest(database.db, { ...week, from: week.to, to: week.from, now: week.to }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});

describe('auto-resolution', () => {
  const d = (s: string) => new Date(`2027-03-0${s}:00Z`);
  async function remediated(title: string, day: number, after: { kind: string; at: string } | null, resolved: string) {
    const [row] = await database.db
      .insert(incidents)
      .values({
        title,
        severity: 2,
        declaredBy: 'UALICE',
        status: 'resolved',
        resolution: 'fixed',
        declaredAt: d(`${day}T10:00`),
        resolvedAt: d(`${day}T${resolved}`),
      })
      .returning();
    await database.db.insert(remediationProposals).values({
      incidentId: row!.id,
      runbookId: 'restart-service',
      params: {},
      hypothesis: 'h',
      confidence: 0.9,
      source: 'rules',
      mode: 'propose',
      status: 'executed',
      createdAt: d(`${day}T10:04`),
      expiresAt: d(`${day}T10:34`),
      approvalMs: 10_000,
      executedAt: d(`${day}T10:05`),
    });
    if (after)
      await database.db
        .insert(timelineEvents)
        .values({ incidentId: row!.id, kind: after.kind, at: d(`${day}T${after.at}`) });
  }

  it('is lost when a person stepped in after the remediation: a STOP, or a reopening', async () => {
    await remediated('Reopened after the fix', 2, { kind: 'reopened', at: '10:30' }, '11:00');
    await remediated('Stopped after the fix', 3, { kind: 'automation_stopped', at: '10:10' }, '10:30');
    await remediated('Fixed by the remediation', 4, { kind: 'message', at: '10:10' }, '10:20');
    const week = weekStarting('2027-03-01', 'UTC');
    const digest = await loadDigest(database.db, { ...week, now: week.to });
    expect(digest.automation.autoResolution).toEqual(compareRate(1, 3, 0, 0));
    expect(digest.automation.aiHandledMttr).toEqual(c(20 * 60_000, null));
  });
});

describe('postmortem deadlines', () => {
  // Weekdays, both weekend days, late evenings that are another day in UTC, and DST changes.
  const cases: [string, string][] = [
    ['2026-11-16T10:00:00Z', 'UTC'],
    ['2026-11-20T23:59:59Z', 'UTC'],
    ['2026-11-21T00:00:00Z', 'UTC'],
    ['2026-11-22T12:00:00Z', 'UTC'],
    ['2026-11-20T23:30:00Z', 'Europe/Paris'],
    ['2026-03-27T12:00:00Z', 'Europe/Paris'],
    ['2026-10-24T22:30:00Z', 'Europe/Paris'],
    ['2026-11-22T03:00:00Z', 'America/Los_Angeles'],
    ['2026-03-06T18:00:00Z', 'America/New_York'],
    ['2026-11-21T15:00:00Z', 'Asia/Tokyo'],
    ['2026-09-04T12:00:00Z', 'America/Santiago'],
  ];

  it('are the same in SQL as in TypeScript', async () => {
    for (const [resolved, tz] of cases) {
      const result = await database.db.execute(
        sql`select ${postmortemDeadlineSql(sql`${resolved}::timestamptz`, tz)} as deadline`,
      );
      const row = (result as unknown as { rows: { deadline: Date | string }[] }).rows[0]!;
      expect([resolved, tz, new Date(row.deadline).toISOString()]).toEqual([
        resolved,
        tz,
        postmortemDeadline(new Date(resolved), tz).toISOString(),
      ]);
    }
  });
});
