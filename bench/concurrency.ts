/**
 * (c) Every subcommand with 20 requests in flight at once. Commands that act on an incident each get
 * their own incident channel (declared by the `declare` rounds), so 20 concurrent `sev 1` are 20
 * escalations, not 19 conflicts. After each round we wait until all 20 have finished their slow work
 * before the next one starts, so a round measures that command alone.
 */
import type { AppResponse } from '../src/sandbox/index.js';
import { type BenchStack, BROADCAST } from './stack.js';
import { type Summary, summarize } from './stats.js';

export const CONCURRENCY = 20;
export const ROUNDS = 5;

interface Command {
  name: string;
  user: string;
  text: string;
  /** Runs in an incident channel (one per request) rather than in #incidents. */
  inIncident: boolean;
}

// Order matters: roles are assigned before anyone lists them, list runs while the incidents are open,
// resolve comes last.
const COMMANDS: Command[] = [
  { name: 'ic', user: 'UBOB', text: 'ic <@UBOB>', inIncident: true },
  { name: 'comms', user: 'UCAROL', text: 'comms <@UCAROL>', inIncident: true },
  { name: 'ops', user: 'UDAVE', text: 'ops <@UDAVE>', inIncident: true },
  { name: 'scribe', user: 'UALICE', text: 'scribe <@UALICE>', inIncident: true },
  { name: 'roles', user: 'UBOB', text: 'roles', inIncident: true },
  { name: 'sev', user: 'UBOB', text: 'sev 1', inIncident: true },
  { name: 'status', user: 'UBOB', text: 'status mitigated', inIncident: true },
  { name: 'note', user: 'UBOB', text: 'note Rolled back the last deploy', inIncident: true },
  { name: 'list', user: 'UALICE', text: 'list', inIncident: false },
  { name: 'help', user: 'UALICE', text: 'help', inIncident: false },
  { name: 'resolve', user: 'UBOB', text: 'resolve Bad deploy; rolled back', inIncident: true },
];

export interface CommandResult {
  command: string;
  app: 'firebreak' | 'bare Bolt';
  ack: Summary;
  /** Web API calls per request, averaged over every round. */
  callsPerCommand: number;
  /** response_url replies per request. */
  repliesPerCommand: number;
  /** Longest time from a round's first request until all its work was done. */
  worstRoundMs: number;
  outcomes: Record<string, number>;
}

/** Fires `texts.length` requests at once; returns their ack times. */
async function burst(stack: BenchStack, requests: { user: string; channel: string; text: string }[]) {
  const responses: AppResponse[] = await Promise.all(requests.map((r) => stack.emulator.slashCommand(r)));
  const bad = responses.find((r) => r.status !== 200);
  if (bad) throw new Error(`a request was answered HTTP ${bad.status}: ${bad.body}`);
  return responses.map((r) => r.elapsedMs);
}

async function measure(
  stack: BenchStack,
  name: string,
  requestsOfRound: (round: number) => { user: string; channel: string; text: string }[],
): Promise<CommandResult> {
  const { emulator } = stack;
  const samples: number[] = [];
  const outcomes = new Map<string, number>();
  let calls = 0;
  let replies = 0;
  let worstRoundMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const callMark = emulator.calls.length;
    const replyMark = emulator.responses().length;
    const before = await stack.counts();
    const started = performance.now();
    samples.push(...(await burst(stack, requestsOfRound(round))));
    const delta = await stack.drain(before, CONCURRENCY, `${CONCURRENCY} × ${name}`);
    worstRoundMs = Math.max(worstRoundMs, performance.now() - started - 200);
    for (const [k, v] of delta) outcomes.set(k, (outcomes.get(k) ?? 0) + v);
    calls += emulator.calls.length - callMark;
    replies += emulator.responses().length - replyMark;
  }
  const n = ROUNDS * CONCURRENCY;
  return {
    command: name,
    app: 'firebreak',
    ack: summarize(samples),
    callsPerCommand: Math.round((calls / n) * 10) / 10,
    repliesPerCommand: Math.round((replies / n) * 10) / 10,
    worstRoundMs: Math.round(worstRoundMs),
    outcomes: Object.fromEntries(outcomes),
  };
}

export async function measureConcurrency(stack: BenchStack): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  const indices = [...Array(CONCURRENCY).keys()];

  stack.useBareBolt();
  const bare: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const requests = indices.map((i) => ({
      user: 'UALICE',
      channel: BROADCAST,
      text: `declare sev2 Bare ${round} ${i}`,
    }));
    bare.push(...(await burst(stack, requests)));
  }
  stack.useFirebreak();

  // The declare rounds create the incidents every later round works in: round r, request i → incident [r][i].
  const declare = await measure(stack, 'declare', (round) =>
    indices.map((i) => ({ user: 'UALICE', channel: BROADCAST, text: `declare sev2 Round ${round} incident ${i}` })),
  );
  results.push(declare);
  const channels = stack.emulator
    .channels()
    .filter((c) => c.name.startsWith('inc-'))
    .map((c) => c.id);
  if (channels.length < ROUNDS * CONCURRENCY)
    throw new Error(`expected ${ROUNDS * CONCURRENCY} incident channels, found ${channels.length}`);

  for (const cmd of COMMANDS) {
    results.push(
      await measure(stack, cmd.name, (round) =>
        indices.map((i) => ({
          user: cmd.user,
          channel: cmd.inIncident ? channels[round * CONCURRENCY + i]! : BROADCAST,
          text: cmd.text,
        })),
      ),
    );
  }
  results.push({
    command: 'declare (ack only)',
    app: 'bare Bolt',
    ack: summarize(bare),
    callsPerCommand: 0,
    repliesPerCommand: 0,
    worstRoundMs: 0,
    outcomes: {},
  });
  return results;
}
