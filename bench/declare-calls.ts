/**
 * (b) The Web API calls one `/incident declare` makes, from the ack until its last step, measured on a
 * quiet app (start-up's auth.test is long over). Repeated a few times to show the count is stable.
 */
import { type BenchStack, BROADCAST } from './stack.js';
import { byMethod, summarize } from './stats.js';

const RUNS = 5;

export interface DeclareCallsResult {
  runs: number;
  calls: number;
  byMethod: Record<string, number>;
  /** False when some run made a different set of calls (then `byMethod` is the first run's). */
  sameEveryRun: boolean;
  /** response_url replies (not Web API calls, but traffic to Slack all the same). */
  responseUrlPosts: number;
  /** Time from sending the command to its last Web API call. */
  completionMs: ReturnType<typeof summarize>;
}

export async function measureDeclareCalls(stack: BenchStack): Promise<DeclareCallsResult> {
  const { emulator } = stack;
  stack.useFirebreak();
  const runs: { methods: Record<string, number>; responses: number; completionMs: number }[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const callMark = emulator.calls.length;
    const responseMark = emulator.responses().length;
    const before = await stack.counts();
    const sentAt = Date.now();
    await emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: `declare sev1 Counting calls ${i}` });
    await stack.drain(before, 1, 'one declaration');
    const calls = emulator.calls.slice(callMark);
    runs.push({
      methods: byMethod(calls),
      responses: emulator.responses().length - responseMark,
      completionMs: (calls.at(-1)?.at ?? sentAt) - sentAt,
    });
  }
  const first = runs[0]!;
  const same = runs.every((r) => JSON.stringify(r.methods) === JSON.stringify(first.methods));
  return {
    runs: RUNS,
    calls: Object.values(first.methods).reduce((a, b) => a + b, 0),
    byMethod: first.methods,
    sameEveryRun: same,
    responseUrlPosts: first.responses,
    completionMs: summarize(runs.map((r) => r.completionMs)),
  };
}
