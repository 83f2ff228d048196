/**
 * Break-glass timing: from sending `/incident stop` (signed, like Slack) until the channel shows the
 * STOP message and every pending proposal is cancelled in the database. Break-glass must be instant (docs/domain.md):
 * the goal is the channel told within a second. 20 incidents, each with a pending rule-based proposal, one at a time.
 */
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { incidents, remediationProposals } from '../src/db/schema/index.js';
import { startBenchApp } from './bench-app.js';
import { type Summary, summarize } from './stats.js';

const ROUNDS = 20;
const CONFIG = `
channels: { broadcast: CINCIDENTS }
services: [{ name: checkout, risk: critical, team: payments }]
`;

export interface StopLatencyResult {
  rounds: number;
  /** Request sent → the STOP message is in the channel. */
  toMessageMs: Summary;
  /** Request sent → no pending proposal left for the incident. */
  toCancelledMs: Summary;
  database: string;
}

const until = async (check: () => Promise<boolean> | boolean) => {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('timed out');
};

export async function measureStopLatency(): Promise<StopLatencyResult> {
  const { emulator, app, database, stop } = await startBenchApp({ config: CONFIG, scheduler: false });
  const toMessage: number[] = [];
  const toCancelled: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      await emulator.slashCommand({
        user: 'UALICE',
        channel: 'CINCIDENTS',
        text: `declare sev1 checkout pods OOMKilled ${i}`,
      });
      let incident: typeof incidents.$inferSelect | undefined;
      await until(async () => {
        [incident] = await app.database.db
          .select()
          .from(incidents)
          .where(eq(incidents.number, i + 1));
        return incident?.declareState === 'complete';
      });
      const channel = incident!.channelId!;
      await emulator.slashCommand({ user: 'UALICE', channel, text: 'analyze' });
      const pending = () =>
        app.database.db
          .select()
          .from(remediationProposals)
          .where(and(eq(remediationProposals.incidentId, incident!.id), eq(remediationProposals.status, 'pending')));
      await until(async () => (await pending()).length > 0);
      const t0 = performance.now();
      await emulator.slashCommand({ user: 'UBOB', channel, text: 'stop' });
      await until(() => emulator.messages(channel).some((m) => m.text.startsWith('🛑 STOP by')));
      toMessage.push(performance.now() - t0);
      await until(async () => (await pending()).length === 0);
      toCancelled.push(performance.now() - t0);
    }
    return {
      rounds: ROUNDS,
      toMessageMs: summarize(toMessage),
      toCancelledMs: summarize(toCancelled),
      database,
    };
  } finally {
    await stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await measureStopLatency(), null, 2));
}
