/**
 * The weekly digest on a fixture fortnight whose every figure was worked out by hand (the sums are
 * in the comments). Week: Mon 16 – Sun 22 Nov 2026 (UTC); last week: 9 – 15 Nov; asked Mon 23 at 09:00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/db/queries/digest-facts.js';
import {
  actionItems,
  incidents,
  postmortems,
  remediationAudit,
  remediationProposals,
  statusUpdates,
  timelineEvents,
} from '../../src/db/schema/index.js';
import { compare, compareRate } from '../../src/domain/metrics/comparison.js';
import type { Digest } from '../../src/domain/metrics/digest.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

const WEEK = {
  prevFrom: new Date('2026-11-09T00:00:00Z'),
  from: new Date('2026-11-16T00:00:00Z'),
  to: new Date('2026-11-23T00:00:00Z'),
  now: new Date('2026-11-23T09:00:00Z'),
};
const MIN = 60_000;
/** `d('16 10:00')` is 16 Nov 2026 10:00 UTC; another month is written out: `d('10-20 09:00')`; seconds allowed. */
function d(s: string): Date {
  const [day, time] = s.split(' ') as [string, string];
  return new Date(`2026-${day.includes('-') ? day : `11-${day}`}T${time}${time.length === 5 ? ':00' : ''}Z`);
}
const c = compare;
const spread = (median: [number | null, number | null], p90: [number | null, number | null], n: number) => ({
  median: c(...median),
  p90: c(...p90),
  n,
});
/** Float sums differ in the last bits between SQL and JS: compare to a micro-unit. */
const norm = (x: unknown) =>
  JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)));

let database: TestDatabase;
const ids: Record<string, { id: string; number: number }> = {};

/**
 * One incident. `milestones`: declared / acknowledged / mitigated / resolved, `-` for not reached.
 * `flags`: `false-alarm`, `private`, `drill`.
 */
async function incident(
  key: string,
  title: string,
  severity: number,
  services: string,
  milestones: string,
  flags = '',
) {
  const [declared, ack, mitigated, resolved] = milestones.split(' / ').map((m) => (m === '-' ? null : d(m)));
  const [row] = await database.db
    .insert(incidents)
    .values({
      title,
      severity,
      services: services.split(' '),
      declaredBy: 'UALICE',
      declareState: 'complete',
      channelId: `C${key}`,
      isPrivate: flags.includes('private'),
      isDrill: flags.includes('drill'),
      status: resolved ? 'resolved' : mitigated ? 'mitigated' : 'investigating',
      resolution: resolved ? (flags.includes('false-alarm') ? 'false_alarm' : 'fixed') : null,
      declaredAt: declared!,
      acknowledgedAt: ack ?? null,
      mitigatedAt: mitigated ?? null,
      resolvedAt: resolved ?? null,
    })
    .returning();
  ids[key] = { id: row!.id, number: row!.number };
}

/** One proposal; status `shadow` = a shadow-mode one (expired). `approvedAfter`: seconds a person took, or `auto`. */
async function proposal(
  key: string,
  incidentKey: string,
  runbookId: string,
  status: string,
  created: string,
  approvedAfter?: number | 'auto',
  executed?: string,
) {
  const at = d(created);
  const approvalMs = approvedAfter === 'auto' ? 0 : approvedAfter === undefined ? null : approvedAfter * 1000;
  const [row] = await database.db
    .insert(remediationProposals)
    .values({
      incidentId: ids[incidentKey]!.id,
      runbookId,
      params: {},
      hypothesis: 'h',
      confidence: 0.9,
      source: 'rules',
      mode: status === 'shadow' ? 'shadow' : 'propose',
      status: status === 'shadow' ? 'expired' : status,
      createdAt: at,
      expiresAt: new Date(at.getTime() + 30 * MIN),
      approvalMs,
      autoApproved: approvedAfter === 'auto' ? 'policy' : null,
      decidedBy: typeof approvedAfter === 'number' ? 'UBOB' : null,
      decidedAt: approvalMs === null ? null : new Date(at.getTime() + approvalMs),
      executedAt: executed ? d(executed) : null,
    })
    .returning();
  ids[key] = { id: row!.id, number: 0 };
}

const severityChange = (key: string, at: string, from: number, to: number) =>
  database.db
    .insert(timelineEvents)
    .values({ incidentId: ids[key]!.id, kind: 'severity_changed', at: d(at), data: { from, to } });
const rolledBack = (incidentKey: string, proposalKey: string, at: string) =>
  database.db
    .insert(remediationAudit)
    .values({ incidentId: ids[incidentKey]!.id, proposalId: ids[proposalKey]!.id, event: 'rolled_back', at: d(at) });
let slot = 0;
const update = (key: string, due: string | null, posted: string | null, onTime: boolean | null) =>
  database.db.insert(statusUpdates).values({
    incidentId: ids[key]!.id,
    slotKey: `slot-${slot++}`,
    source: 'manual',
    dueAt: due ? d(due) : null,
    claimedAt: d(posted ?? due!),
    postedAt: posted ? d(posted) : null,
    onTime,
    text: 'update',
  });
const postmortem = (key: string, published: string | null) =>
  database.db.insert(postmortems).values({
    incidentId: ids[key]!.id,
    version: 1,
    markdown: '# pm',
    source: 'deterministic',
    createdAt: d('01 00:00'),
    publishedAt: published ? d(published) : null,
  });
let seq = 0;
const actionItem = (key: string, created: string, due: string, status: string, closed?: string) =>
  database.db.insert(actionItems).values({
    incidentId: ids[key]!.id,
    seq: ++seq,
    type: 'prevent',
    description: 'do it',
    dueOn: d(due),
    status,
    origin: 'command',
    createdAt: d(created),
    closedAt: closed ? d(closed) : null,
  });

/** The fixture fortnight: what each row is there to test is said beside it. */
async function seedFortnight() {
  // ── This week ──
  // A: declared SEV1, lowered to SEV2 at 10:30 (a decrease: neither a regression nor a disturbance).
  await incident('A', 'Checkout errors', 2, 'payments checkout', '16 10:00 / 16 10:02 / 16 10:20 / 16 11:00');
  // B: raised SEV2 → SEV1 at 09:30, 14.5 min after p2 ran: a regression, and not auto-resolved.
  await incident('B', 'Search timeouts', 1, 'search', '17 09:00 / 17 09:10 / 17 09:40 / 17 12:00');
  await incident('C', 'Secret merger leak', 0, 'payments', '18 08:00 / 18 08:01 / - / -', 'private');
  await incident('D', 'Analytics alarm', 2, 'analytics', '19 14:00 / 19 14:30 / 19 14:45 / 19 14:45', 'false-alarm');
  await incident('E', 'Slow search suggestions', 3, 'search analytics', '20 10:00 / - / - / -');
  await incident('F', 'Drill: payments down', 1, 'payments', '18 12:00 / 18 12:01 / 18 12:30 / 18 13:00', 'drill');
  // G: mitigated by hand (02:30) before p7 ran (02:40): not auto-resolved.
  await incident('G', 'Bad deploy on checkout', 1, 'checkout', '21 02:00 / 21 02:05 / 21 02:30 / 21 04:00');
  // H: p9 was rolled back: a regression, not auto-resolved, and it confirms no shadow proposal.
  await incident('H', 'Payments pods restarting', 2, 'payments', '21 10:00 / 21 10:03 / 21 11:00 / 21 11:30');
  await incident('I', 'Disk full on analytics', 3, 'analytics', '22 08:00 / 22 08:01 / 22 08:05 / 22 08:05');
  // K: raised SEV3 → SEV2 at 12:52, 31 min after p13: outside the 30-min regression window.
  await incident('K', 'Search index stale', 2, 'search billing ledger', '22 12:00 / 22 12:10 / 22 13:00 / 22 14:00');
  // ── Last week and before ──
  await incident('P1', 'Card payments failing', 1, 'payments', '10 10:00 / 10 10:10 / 10 10:30 / 10 12:00');
  await incident('P2', 'Search down', 2, 'search', '12 09:00 / 12 09:20 / 12 11:00 / 13 09:00');
  await incident('P3', 'Analytics noise', 2, 'analytics', '14 20:00 / - / - / 15 10:00', 'false-alarm');
  await incident('P4', 'Checkout outage', 1, 'checkout', '10-20 09:00 / 10-20 09:05 / - / 10-21 10:00');
  await incident('P5', 'Flaky search indexer', 3, 'search', '02 09:00 / - / - / -');
  await incident('P6', 'Payments latency', 2, 'payments', '02 08:00 / 02 08:05 / - / 02 10:00');
  await incident('F2', 'Drill: old', 2, 'payments', '11 09:00 / - / - / 11 10:00', 'drill');

  // ── Proposals ──
  await proposal('p15', 'A', 'restart-service', 'shadow', '16 10:04');
  await proposal('p1', 'A', 'restart-service', 'executed', '16 10:05', 20, '16 10:06');
  await proposal('p2', 'B', 'flush-cache', 'executed', '17 09:15', 'auto', '17 09:15:30');
  await proposal('p3', 'C', 'rollback-deploy', 'rejected', '18 08:10');
  await proposal('p4', 'C', 'restart-service', 'shadow', '18 08:12');
  await proposal('p11', 'D', 'clear-old-logs', 'shadow', '19 14:10');
  await proposal('p5', 'E', 'flush-cache', 'expired', '20 10:30');
  await proposal('p6', 'E', 'restart-service', 'stopped', '20 10:31', 12);
  await proposal('pF', 'F', 'restart-service', 'executed', '18 12:05', 1, '18 12:06');
  await proposal('pFs', 'F', 'restart-service', 'shadow', '18 12:04');
  await proposal('p7', 'G', 'rollback-deploy', 'executed', '21 02:35', 40, '21 02:40');
  await proposal('p8', 'H', 'restart-service', 'shadow', '21 10:05');
  await proposal('p10', 'H', 'flush-cache', 'shadow', '21 10:06');
  await proposal('p9', 'H', 'restart-service', 'executed', '21 10:20', 25, '21 10:21');
  await proposal('p12', 'I', 'clear-old-logs', 'executed', '22 08:01:30', 'auto', '22 08:02');
  await proposal('p13', 'K', 'flush-cache', 'executed', '22 12:20', 5, '22 12:21');
  // K's last remediation before resolution failed: not auto-resolved, whatever came before.
  await proposal('p14', 'K', 'restart-service', 'failed', '22 12:55', 50, '22 12:56');

  await severityChange('A', '16 10:30', 1, 2);
  await severityChange('B', '17 09:30', 2, 1);
  await severityChange('K', '22 12:52', 3, 2);
  await severityChange('F', '18 12:10', 2, 1);
  await rolledBack('H', 'p9', '21 10:40');
  await database.db.insert(timelineEvents).values({ incidentId: ids.A!.id, kind: 'message', at: d('16 10:10') });

  // ── Status updates: this week 2 on time (A, B) and 2 late (A, C — private still counts) ──
  await update('A', '16 10:30', '16 10:29', true);
  await update('A', '16 10:45', '16 10:50', false);
  await update('B', '17 09:30', '17 09:30:05', true);
  await update('C', '18 08:15', '18 08:20', false);
  await update('E', null, '20 10:05', true); // no due time: never late-able, left out
  await update('H', '21 10:30', null, null); // claimed, never posted
  await update('F', '18 12:15', '18 12:30', false); // drill
  await update('P1', '10 10:30', '10 10:40', false);
  await update('P1', '10 10:45', '10 10:44', true);
  await update('P2', '12 09:30', '12 09:29', true);

  // ── Postmortems (deadline = end of the 5th business day after resolution) ──
  await postmortem('P1', '17 10:00'); // due Wed 18 00:00 (this week), published in time
  await postmortem('P2', null); // due Sat 21 00:00 (this week), only a draft: overdue now
  await postmortem('P4', '20 10:00'); // due 29 Oct; overdue at the start of the week, no longer now
  await postmortem('P6', '09 12:00'); // due Tue 10 00:00 (last week), published in time

  // ── Action items ──
  await actionItem('P1', '10 13:00', '17 00:00', 'done', '16 12:00');
  await actionItem('P2', '13 10:00', '15 00:00', 'open');
  await actionItem('A', '17 10:00', '30 00:00', 'open');
  await actionItem('P4', '10-22 10:00', '05 00:00', 'wont-do', '12 10:00');
  await actionItem('P6', '03 10:00', '20 00:00', 'done', '21 10:00');
  await actionItem('C', '18 09:00', '19 00:00', 'open');
  await actionItem('F2', '11 12:00', '12 00:00', 'open'); // drill
  await actionItem('F', '18 14:00', '19 00:00', 'open'); // drill
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedFortnight();
});
afterAll(() => database?.close());

describe('the weekly digest, from stored facts', () => {
  let digest: Digest;
  beforeAll(async () => {
    digest = await loadDigest(database.db, WEEK);
  });

  it('counts incidents by severity; false alarms out of everything resolved', () => {
    // This week: A B C D E G H I K (F is a drill) = 9 → SEV0 C; SEV1 B G; SEV2 A D H K; SEV3 E I.
    // Last week: P1 (SEV1), P2 P3 (SEV2); the drill F2 does not count.
    // Resolved this week: A B D G H I K = 7, of which D a false alarm; last week P1 P2 P3 = 3, P3 false.
    expect(digest.incidents).toEqual({
      total: c(9, 3),
      bySeverity: { 0: c(1, 0), 1: c(2, 1), 2: c(4, 2), 3: c(2, 0) },
      falseAlarms: compareRate(1, 7, 1, 3),
    });
  });

  it('ranks the top five services and incident types, with their share of all incidents', () => {
    const share = (n: number) => n / 9;
    // Services: analytics D E I, payments A C H, search B E K = 3 each; checkout A G = 2; billing, ledger K = 1.
    // Ties go by name, so ledger is the sixth and is left out.
    expect(norm(digest.top.services)).toEqual(
      norm([
        { name: 'analytics', count: c(3, 1), share: share(3) },
        { name: 'payments', count: c(3, 1), share: share(3) },
        { name: 'search', count: c(3, 1), share: share(3) },
        { name: 'checkout', count: c(2, 0), share: share(2) },
        { name: 'billing', count: c(1, 0), share: share(1) },
      ]),
    );
    // Types: flush-cache B E K; clear-old-logs D I; restart-service A H (H: the executed p9 wins over the
    // earlier shadow proposals); rollback-deploy C G. Last week's three incidents had no proposal.
    expect(norm(digest.top.types)).toEqual(
      norm([
        { name: 'flush-cache', count: c(3, 0), share: share(3) },
        { name: 'clear-old-logs', count: c(2, 0), share: share(2) },
        { name: 'restart-service', count: c(2, 0), share: share(2) },
        { name: 'rollback-deploy', count: c(2, 0), share: share(2) },
      ]),
    );
    expect(digest.top.unclassified).toEqual(c(0, 3));
  });

  it('computes MTTA, MTTM and MTTR (median, p90) overall and per severity', () => {
    const m = (n: number | null) => (n === null ? null : n * MIN);
    const s = (med: [number | null, number | null], p: [number | null, number | null], n: number) =>
      spread([m(med[0]), m(med[1])], [m(p[0]), m(p[1])], n);
    const none = s([null, null], [null, null], 0);
    expect(norm(digest.response)).toEqual(
      norm({
        // MTTA this week: 1 1 2 3 5 10 10 30 → median (3+5)/2, p90 at rank 6.3: 10 + 0.3 × 20. Last week: 10 20.
        mtta: s([4, 15], [16, 19], 8),
        // MTTM (D, a false alarm, left out): 5 20 30 40 60 60 → 35, p90 60. Last week: 30 120 → 75, 111.
        mttm: s([35, 75], [60, 111], 6),
        // MTTR: 5 60 90 120 120 180 → 105, p90 120 + 0.5 × 60. Last week: 120 1440 → 780, 1308.
        mttr: s([105, 780], [150, 1308], 6),
        bySeverity: {
          0: { mtta: s([1, null], [1, null], 1), mttm: none, mttr: none },
          // B G: MTTA 10 5, MTTM 40 30, MTTR 180 120. Last week P1: 10, 30, 120.
          1: { mtta: s([7.5, 10], [9.5, 10], 2), mttm: s([35, 30], [39, 30], 2), mttr: s([150, 120], [174, 120], 2) },
          // A D H K: MTTA 2 30 3 10; MTTM (no D) 20 60 60; MTTR 60 90 120. Last week P2 (P3 never acknowledged).
          2: { mtta: s([6.5, 20], [24, 20], 4), mttm: s([60, 120], [60, 120], 3), mttr: s([90, 1440], [114, 1440], 3) },
          3: { mtta: s([1, null], [1, null], 1), mttm: s([5, null], [5, null], 1), mttr: s([5, null], [5, null], 1) },
        },
      }),
    );
  });

  it('lists open incidents oldest first with their age, counting private ones without naming them', () => {
    // Open now: P5, C (private), E. Open at the start of the week: P5 only.
    expect(digest.open.count).toEqual(c(3, 1));
    expect(digest.open.private).toBe(1);
    expect(digest.open.oldest).toEqual([
      {
        number: ids.P5!.number,
        title: 'Flaky search indexer',
        severity: 3,
        channelId: 'CP5',
        declaredAt: d('02 09:00'),
        ageMs: 21 * 24 * 60 * MIN,
      },
      {
        number: ids.E!.number,
        title: 'Slow search suggestions',
        severity: 3,
        channelId: 'CE',
        declaredAt: d('20 10:00'),
        ageMs: (2 * 24 + 23) * 60 * MIN,
      },
    ]);
    expect(JSON.stringify(digest)).not.toContain('Secret merger');
  });

  it('measures proposals, time to approval, auto-resolution, regressions and shadow accuracy', () => {
    expect(norm(digest.automation)).toEqual(
      norm({
        // Propose mode this week: p1 p2 p3 p5 p6 p7 p9 p12 p13 p14 = 10 (pF is a drill's); none last week.
        made: c(10, 0),
        // Approved: p1 p2 p6 (then stopped) p7 p9 p12 p13 p14; by policy: p2 p12.
        approved: c(8, 0),
        autoApproved: c(2, 0),
        rejected: c(1, 0),
        expired: c(1, 0),
        stopped: c(1, 0),
        // People took 5 12 20 25 40 50 s → median 22.5 s, p90 at rank 4.5: 40 + 0.5 × 10.
        timeToApproval: spread([22_500, null], [45_000, null], 6),
        // Resolved as fixed: A B G H I K; auto-resolved A, I. Last week P1 P2, neither: 0 %, not "no data".
        autoResolution: compareRate(2, 6, 0, 2),
        // A 60 min, I 5 min.
        aiHandledMttr: c(32.5 * MIN, null),
        // Executed: p1 p2 p7 p9 p12 p13; regressed p2 (severity up in 14.5 min) and p9 (rolled back).
        regression: compareRate(2, 6, 0, 0),
        // Shadow: p15 (A, confirmed by p1), p8 (H: p9 rolled back), p10 (H, other runbook), p11 (D, false
        // alarm) evaluated; p4 waits for C to be resolved.
        shadowAccuracy: compareRate(1, 4, 0, 0),
      }),
    );
  });

  it('counts status updates on time and late', () => {
    expect(norm(digest.communication)).toEqual(
      norm({ onTime: c(2, 2), late: c(2, 1), onTimeRate: compareRate(2, 4, 2, 3) }),
    );
  });

  it('tracks postmortems due and overdue, and action items, with last week as it was then', () => {
    expect(digest.followUp).toEqual({
      // Due this week: P1 (Wed 18), P2 (Sat 21); last week: P6 (Tue 10). The drill F2 (Thu 19) does not count.
      postmortemsDue: c(2, 1),
      // Now: P2 (a draft is not published). At the start of the week: P4, published only on the 20th.
      postmortemsOverdue: c(1, 1),
      // Open now: P2's, A's, C's; at the start of the week: P1's, P2's, P6's.
      actionItemsOpen: c(3, 3),
      // Overdue now: P2's (15th), C's (19th); then: P2's.
      actionItemsOverdue: c(2, 1),
      // Closed this week: P1's (done 16th), P6's (done 21st); last week: P4's (won't do, 12th).
      actionItemsClosed: c(2, 1),
    });
  });
});

describe("a team's digest: incidents touching one of its services", () => {
  // payments team: payments, checkout → A C G H this week; P1 last week; P4 P6 earlier. Drills still out.
  let digest: Digest;
  beforeAll(async () => {
    digest = await loadDigest(database.db, { ...WEEK, teamServices: ['payments', 'checkout'] });
  });

  it('counts, ranks and times only those incidents', () => {
    expect(digest.incidents).toEqual({
      total: c(4, 1),
      bySeverity: { 0: c(1, 0), 1: c(1, 1), 2: c(2, 0), 3: c(0, 0) },
      falseAlarms: compareRate(0, 3, 0, 1),
    });
    expect(norm(digest.top)).toEqual(
      norm({
        services: [
          { name: 'payments', count: c(3, 1), share: 3 / 4 },
          { name: 'checkout', count: c(2, 0), share: 2 / 4 },
        ],
        types: [
          { name: 'restart-service', count: c(2, 0), share: 2 / 4 },
          { name: 'rollback-deploy', count: c(2, 0), share: 2 / 4 },
        ],
        unclassified: c(0, 1),
      }),
    );
    // MTTR A 60, G 120, H 90 → median 90, p90 90 + 0.8 × 30; last week P1 120.
    expect(norm(digest.response.mttr)).toEqual(norm(spread([90 * MIN, 120 * MIN], [114 * MIN, 120 * MIN], 3)));
    expect(digest.open).toEqual({ count: c(1, 0), private: 1, oldest: [] });
  });

  it('narrows automation, communication and follow-up the same way', () => {
    expect(norm(digest.automation)).toEqual(
      norm({
        made: c(4, 0), // p1 p3 p7 p9
        approved: c(3, 0),
        autoApproved: c(0, 0),
        rejected: c(1, 0),
        expired: c(0, 0),
        stopped: c(0, 0),
        timeToApproval: spread([25_000, null], [37_000, null], 3), // 20 25 40 s
        autoResolution: compareRate(1, 3, 0, 1), // A of A G H; last week P1
        aiHandledMttr: c(60 * MIN, null),
        regression: compareRate(1, 3, 0, 0), // p9 of p1 p7 p9
        shadowAccuracy: compareRate(1, 3, 0, 0), // p15 yes; p8, p10 no; p4 waits for C
      }),
    );
    expect(norm(digest.communication)).toEqual(
      norm({ onTime: c(1, 1), late: c(2, 1), onTimeRate: compareRate(1, 3, 1, 2) }),
    );
    expect(digest.followUp).toEqual({
      postmortemsDue: c(1, 1), // P1; last week P6
      postmortemsOverdue: c(0, 1), // P2 is search's; P4 then
      actionItemsOpen: c(2, 2), // A's C's; then P1's P6's
      actionItemsOverdue: c(1, 0), // C's
      actionItemsClosed: c(2, 1),
    });
  });

  it("ranks only the team's own services, though a shared incident counts for it", async () => {
    // checkout: A (payments + checkout) and G this week, P4 earlier. A's payments is not checkout's to rank.
    const checkout = await loadDigest(database.db, { ...WEEK, teamServices: ['checkout'] });
    expect(checkout.incidents.total).toEqual(c(2, 0));
    expect(norm(checkout.top.services)).toEqual(norm([{ name: 'checkout', count: c(2, 0), share: 1 }]));
  });

  it('matches nothing for a team without services, rather than everything', async () => {
    const none = await loadDigest(database.db, { ...WEEK, teamServices: [] });
    expect(none.incidents.total).toEqual(c(0, 0));
    expect(none.open.count).toEqual(c(0, 0));
    expect(none.followUp.postmortemsOverdue).toEqual(c(0, 0));
  });
});
