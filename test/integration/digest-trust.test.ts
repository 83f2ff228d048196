import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { incidents, remediationProposals, runbookSuspensions, trustSurveys } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { settle } from '../support/scenario.js';
import { seedTrackRecord } from '../support/track-record.js';

// The Monday digest's closed-loop and trust figures, through the real job and the emulator.
// Reported week: Mon 16 – Sun 22 Nov 2026; sent Mon 23 Nov at 09:00 UTC.
const clock = new TestClock('2026-11-23T09:00:30Z');
const CONFIG = `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: analytics, risk: low, team: data, auto_approve: true }
ai: { mode: propose }
runbooks_dir: ./runbooks
digest: { channels: [${BROADCAST}], definitions_url: https://firebreak.example.com/digest/definitions }
`;
const h = useHarness({ config: CONFIG, now: clock.now });

const fieldsOf = (blockId: string) => {
  const digest = h.emulator.messages(BROADCAST).find((m) => m.text.startsWith('Weekly incident digest'))!;
  const block = (digest.blocks as { block_id?: string; fields?: { text: string }[] }[]).find(
    (b) => b.block_id === blockId,
  );
  return block!.fields!.map((f) => f.text);
};

describe('the Monday digest: verification, rollbacks, earned autonomy, team trust', () => {
  it('counts verified actions and automatic rollbacks, names suspended and ready runbooks, and the survey', async () => {
    const now = clock.now();
    // pod-oomkilled-restart (not auto_approve): 40 days in service, 5 verified on Sat 21 Nov → ready.
    await seedTrackRecord(h, now, 'pod-oomkilled-restart', { firstDaysAgo: 40, verified: 5 });
    // disk-full-clear-logs is auto_approve already: meeting the gates, it is not "ready", it is trusted.
    await seedTrackRecord(h, now, 'disk-full-clear-logs', { firstDaysAgo: 40, verified: 5 });
    // redis-timeout-flush-cache regressed: Firebreak rolled it back and suspended it.
    await seedTrackRecord(h, now, 'redis-timeout-flush-cache', { firstDaysAgo: 40, verified: 0, regressed: 1 });
    await h.db
      .update(remediationProposals)
      .set({ rollbackAt: new Date('2026-11-21T10:00:00Z'), rollbackBy: null, rollbackStatus: 'accepted' })
      .where(
        and(
          eq(remediationProposals.runbookId, 'redis-timeout-flush-cache'),
          eq(remediationProposals.status, 'executed'),
        ),
      );
    // A person's rollback is not an automatic one.
    await seedTrackRecord(h, now, 'connection-pool-restart', { firstDaysAgo: 3, verified: 0, regressed: 1 });
    await h.db
      .update(remediationProposals)
      .set({ rollbackAt: new Date('2026-11-21T10:00:00Z'), rollbackBy: 'UBOB', rollbackStatus: 'accepted' })
      .where(eq(remediationProposals.runbookId, 'connection-pool-restart'));
    await h.db.insert(runbookSuspensions).values({
      runbookId: 'redis-timeout-flush-cache',
      suspendedAt: new Date('2026-11-21T10:00:00Z'),
      cause: 'worse than before',
    });
    // October's survey, sent on Mon 2 Nov: three asked, two answered 8 and 9.
    const sent = new Date('2026-11-02T09:00:00Z');
    await h.db.insert(trustSurveys).values([
      { month: '2026-10', userId: 'UALICE', claimedAt: sent, sentAt: sent, score: 8, answeredAt: sent },
      { month: '2026-10', userId: 'UBOB', claimedAt: sent, sentAt: sent, score: 9, answeredAt: sent },
      { month: '2026-10', userId: 'UCAROL', claimedAt: sent, sentAt: sent },
    ]);

    await h.app.tick();
    await settle(h);
    expect(fieldsOf('digest_trust')).toEqual([
      // 5 + 5 verified watches ended on Sat 21 Nov; none the week before.
      '*Verified after the action*\n10 ↑ +10',
      '*Rolled back automatically*\n1 ↑ +1',
      '*Suspended runbooks*\n`redis-timeout-flush-cache`',
      '*Ready for auto-approval*\n`pod-oomkilled-restart`\n_gates met; set `auto_approve: true` to trust them_',
      '*Team trust (October 2026)*\n8.5/10 · 2 of 3 answered\ntarget > 8/10 ✅',
    ]);
    const definitions = await (await fetch(`${h.app.url}/digest/definitions`)).text();
    for (const key of ['verified', 'autoRolledBack', 'suspendedRunbooks', 'readyForAutoApproval', 'teamTrust'])
      expect(definitions).toContain(`\n${key}\n`);
    expect(definitions).toContain('How far do you trust Firebreak’s proposals?');
  });

  it('with nothing to report, says none and no survey yet', async () => {
    await h.app.tick();
    await settle(h);
    expect(fieldsOf('digest_trust')).toEqual([
      '*Verified after the action*\n0 → ±0',
      '*Rolled back automatically*\n0 → ±0',
      '*Suspended runbooks*\nnone',
      '*Ready for auto-approval*\nnone yet',
      '*Team trust*\nno survey yet',
    ]);
  });

  it('in shadow mode, names the runbooks whose shadow guesses earned leaving it', async () => {
    const shadowConfig = CONFIG.replace('ai: { mode: propose }', 'ai: { mode: shadow }');
    await h.restart({ config: shadowConfig, now: clock.now });
    try {
      const day = 86_400_000;
      const at = (daysAgo: number) => new Date(clock.nowMs() - daysAgo * day);
      // Five incidents, each guessed right in shadow mode: a person later ran the same runbook and it held.
      for (let i = 0; i < 5; i++) {
        const [incident] = await h.db
          .insert(incidents)
          .values({
            title: `oom ${i}`,
            severity: 2,
            services: ['analytics'],
            declaredBy: 'UALICE',
            declareState: 'complete',
            channelId: `COOM${i}`,
            status: 'resolved',
            resolution: 'fixed',
            declaredAt: at(40 - i),
            resolvedAt: at(39.9 - i),
          })
          .returning();
        const proposal = { incidentId: incident!.id, runbookId: 'pod-oomkilled-restart', params: {}, hypothesis: 'h' };
        await h.db.insert(remediationProposals).values([
          {
            ...proposal,
            confidence: 0.9,
            source: 'rules',
            mode: 'shadow',
            status: 'expired',
            createdAt: at(40 - i),
            expiresAt: at(39.99 - i),
          },
          {
            ...proposal,
            confidence: 0.9,
            source: 'rules',
            mode: 'propose',
            status: 'executed',
            createdAt: at(39.98 - i),
            expiresAt: at(39.9 - i),
            decidedBy: 'UBOB',
            approvalMs: 10_000,
            executedAt: at(39.95 - i),
          },
        ]);
      }
      await h.app.tick();
      await settle(h);
      expect(fieldsOf('digest_trust')).toContain('*Ready to leave shadow mode*\n`pod-oomkilled-restart`');
    } finally {
      await h.restart({ config: CONFIG, now: clock.now });
    }
  });
});
