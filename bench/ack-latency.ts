/**
 * (a) How fast `/incident declare` is acknowledged: Firebreak beside a bare Bolt app, same signed
 * requests, one at a time. Firebreak is measured twice: idle (each declaration has finished before the
 * next request) and under its own background load (the next request goes out as soon as the previous
 * ack arrives, while earlier declarations are still opening channels and posting — a burst).
 */
import { type BenchStack, BROADCAST } from './stack.js';
import { type Summary, summarize } from './stats.js';

export const ACK_REQUESTS = 200;
const WARM_UP = 10;

export interface AckLatencyRow {
  app: 'firebreak' | 'bare Bolt';
  condition: string;
  latency: Summary;
}

export interface AckLatencyResult {
  requests: number;
  mode: string;
  rows: AckLatencyRow[];
  /** Under load: from the first request until every declaration had finished its Slack steps. */
  burstDrainMs: number;
  outcomes: Record<string, number>;
}

async function declareOnce(stack: BenchStack, title: string): Promise<number> {
  const res = await stack.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: `declare sev2 ${title}` });
  if (res.status !== 200) throw new Error(`${title}: HTTP ${res.status} ${res.body}`);
  return res.elapsedMs;
}

/** One request at a time, the next as soon as the previous ack arrives. */
async function sequential(stack: BenchStack, prefix: string, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 1; i <= n; i++) samples.push(await declareOnce(stack, `${prefix} ${i} checkout latency`));
  return samples;
}

export async function measureAckLatency(stack: BenchStack): Promise<AckLatencyResult> {
  // Warm both apps (JIT, connection pools, first database queries) and let Firebreak finish that work.
  stack.useBareBolt();
  await sequential(stack, 'Warm-up bare', WARM_UP);
  stack.useFirebreak();
  const warmBefore = await stack.counts();
  await sequential(stack, 'Warm-up', WARM_UP);
  await stack.drain(warmBefore, WARM_UP, 'warm-up declarations');

  // The bare app first, while the process is otherwise idle: the floor, not a contest.
  stack.useBareBolt();
  const bare = await sequential(stack, 'Bare', ACK_REQUESTS);

  stack.useFirebreak();
  const idle: number[] = [];
  for (let i = 1; i <= ACK_REQUESTS; i++) {
    const before = await stack.counts();
    idle.push(await declareOnce(stack, `Idle ${i} checkout latency`));
    // The app counts a command once its slow work is done; no quiet window needed here.
    await stack.waitForCommands(before, 1);
  }

  const before = await stack.counts();
  const started = performance.now();
  const burst = await sequential(stack, 'Burst', ACK_REQUESTS);
  const outcomes = await stack.drain(before, ACK_REQUESTS, `${ACK_REQUESTS} declarations`);
  // drain() returns after 200 ms of quiet; that wait is not work.
  const drainMs = performance.now() - started - 200;

  return {
    requests: ACK_REQUESTS,
    mode: 'sequential (1 request in flight)',
    rows: [
      { app: 'firebreak', condition: 'idle: previous declaration finished first', latency: summarize(idle) },
      { app: 'firebreak', condition: 'burst: earlier declarations still running', latency: summarize(burst) },
      { app: 'bare Bolt', condition: 'ack only', latency: summarize(bare) },
    ],
    burstDrainMs: Math.round(drainMs),
    outcomes: Object.fromEntries(outcomes),
  };
}
