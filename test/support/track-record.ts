import { incidents, remediationAudit, remediationProposals, remediationWatches } from '../../src/db/schema/index.js';
import type { Harness } from './harness.js';

const DAY = 86_400_000;

/**
 * A runbook's past, stored as the app would have stored it: one resolved incident with a first
 * proposal `firstDaysAgo` days back, then `verified` executions whose watch ended verified and
 * `regressed` ones whose watch regressed and that were rolled back — all inside the 90-day window.
 */
export async function seedTrackRecord(
  h: Harness,
  now: Date,
  runbookId: string,
  opts: { firstDaysAgo: number; verified: number; regressed?: number; service?: string },
): Promise<void> {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const [incident] = await h.db
    .insert(incidents)
    .values({
      title: `earlier ${runbookId}`,
      severity: 2,
      services: [opts.service ?? 'analytics'],
      declaredBy: 'UALICE',
      declareState: 'complete',
      channelId: `COLD${Math.floor(Math.random() * 1e9)}`,
      status: 'resolved',
      resolution: 'fixed',
      declaredAt: at(opts.firstDaysAgo),
      resolvedAt: at(1),
    })
    .returning();
  const proposal = async (createdDaysAgo: number, executed: boolean) => {
    const [row] = await h.db
      .insert(remediationProposals)
      .values({
        incidentId: incident!.id,
        runbookId,
        params: { service: opts.service ?? 'analytics' },
        hypothesis: 'earlier',
        confidence: 0.9,
        source: 'rules',
        mode: 'propose',
        status: executed ? 'executed' : 'expired',
        createdAt: at(createdDaysAgo),
        expiresAt: at(createdDaysAgo - 0.01),
        ...(executed && { executedAt: at(2), decidedBy: 'UBOB', decidedAt: at(2), approvalMs: 20_000 }),
      })
      .returning();
    return row!;
  };
  await proposal(opts.firstDaysAgo, false);
  const watch = async (proposalId: string, status: string) =>
    h.db.insert(remediationWatches).values({
      proposalId,
      incidentId: incident!.id,
      runbookId,
      query: 'q',
      op: '<',
      threshold: 0.9,
      startedAt: at(2),
      deadlineAt: at(1.9),
      holdMs: 60_000,
      status,
      endedAt: at(1.95),
    });
  for (let i = 0; i < opts.verified; i++) await watch((await proposal(3, true)).id, 'verified');
  for (let i = 0; i < (opts.regressed ?? 0); i++) {
    const p = await proposal(3, true);
    await watch(p.id, 'regressed');
    await h.db
      .insert(remediationAudit)
      .values({ incidentId: incident!.id, proposalId: p.id, event: 'rolled_back', at: at(1.9) });
  }
}
