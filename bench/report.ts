/** Plain-text tables for the terminal; the same numbers go to bench/results/latest.json. */
import type { AckLatencyResult } from './ack-latency.js';
import type { CommandResult } from './concurrency.js';
import type { DeclareCallsResult } from './declare-calls.js';
import type { Environment } from './environment.js';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const ms = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(1));

/** Text columns (the first `textColumns`) align left, numbers right. */
function table(header: string[], rows: string[][], textColumns = 1): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  out(`  ${line(header)}`);
  out(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) out(`  ${line(r)}`);
}

export function printEnvironment(env: Environment): void {
  out('Firebreak benchmark (numbers describe this machine, they are not pass/fail thresholds)');
  out(`  node ${env.node} · ${env.cpus} × ${env.cpuModel} · ${env.platform} · ${env.memoryGb} GB RAM`);
  out(`  database: ${env.database}`);
  out(`  ${env.note}`);
}

export function printAckLatency(r: AckLatencyResult): void {
  out();
  out(`(a) Ack latency of /incident declare, ms: ${r.requests} signed requests per row, ${r.mode}`);
  table(
    ['app', 'condition', 'n', 'mean', 'p50', 'p99', 'max'],
    r.rows.map(({ app, condition, latency: l }) => [
      app,
      condition,
      String(l.n),
      ms(l.mean),
      ms(l.p50),
      ms(l.p99),
      ms(l.max),
    ]),
    2,
  );
  const outcomes = Object.entries(r.outcomes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  out(
    `  burst: all ${r.requests} declarations finished ${(r.burstDrainMs / 1000).toFixed(1)} s after the first request (${outcomes})`,
  );
}

export function printDeclareCalls(r: DeclareCallsResult): void {
  out();
  out(`(b) Web API calls made by one /incident declare, ack to completion (${r.runs} runs, quiet app)`);
  out(
    `  ${r.calls} calls: ${Object.entries(r.byMethod)
      .map(([m, n]) => `${m} ${n}`)
      .join(', ')}`,
  );
  out(`  plus ${r.responseUrlPosts} response_url reply · same calls in every run: ${r.sameEveryRun ? 'yes' : 'NO'}`);
  out(`  last call ${ms(r.completionMs.p50)} ms after the command was sent (median; max ${ms(r.completionMs.max)} ms)`);
}

export function printConcurrency(rows: CommandResult[], concurrency: number, rounds: number): void {
  out();
  out(`(c) Each subcommand with ${concurrency} requests in flight, ${rounds} rounds (n=${concurrency * rounds}), ms;`);
  out('    each round waits for the previous one to finish; incident commands each hit their own incident');
  table(
    ['command', 'p50', 'p99', 'max', 'API calls/cmd', 'replies/cmd', 'round done in', 'outcomes'],
    rows.map((r) => [
      r.app === 'firebreak' ? r.command : `${r.command} [${r.app}]`,
      ms(r.ack.p50),
      ms(r.ack.p99),
      ms(r.ack.max),
      r.app === 'firebreak' ? r.callsPerCommand.toFixed(1) : '-',
      r.app === 'firebreak' ? r.repliesPerCommand.toFixed(1) : '-',
      r.app === 'firebreak' ? `${r.worstRoundMs} ms` : '-',
      Object.entries(r.outcomes)
        .map(([k, v]) => `${k.split('/')[1]} ${v}`)
        .join(', ') || '-',
    ]),
  );
  out(
    `  list ran with ${concurrency * rounds} open incidents; p99 of n=${concurrency * rounds} is its ${Math.ceil(0.99 * concurrency * rounds)}th smallest sample`,
  );
}

export function printSchedulerTick(r: import('./scheduler-tick.js').TickResult): void {
  const row = (label: string, s: { n: number; p50: number; p99: number; max: number }) =>
    `  ${label.padEnd(58)} p50 ${s.p50.toFixed(1).padStart(7)} ms   p99 ${s.p99.toFixed(1).padStart(7)} ms   (n=${s.n})`;
  process.stdout.write(`\nScheduler tick: ${r.open.toLocaleString('en')} open incidents, ${r.due} due\n`);
  process.stdout.write(`${row('empty tick (nothing due; every job)', r.emptyTick)}\n`);
  process.stdout.write(`${row(`status-update job, database only (${r.due} claimed and recorded)`, r.databaseTick)}\n`);
  process.stdout.write(
    `${row(`whole tick posting to the emulator (${r.postedPerFullTick} chat.postMessage)`, r.fullTick)}\n`,
  );
}

/** AI context: what preparing one analysis costs before the model is called. */
export function printContextAssembly(
  r: Awaited<ReturnType<typeof import('./ai-context.js').measureContextAssembly>>,
): void {
  process.stdout.write(
    `\nAI analysis context, ${r.messages} timeline messages (pure CPU, 50 runs)\n` +
      `  context assembly + redaction + prompt: p50 ${r.ms.p50} ms, p99 ${r.ms.p99} ms\n` +
      `  prompt: ~${r.promptTokens} tokens (estimated), ${r.redactions} secrets redacted in what was kept\n` +
      `  redacting all ${r.messages} messages: p50 ${r.redactAllMs.p50} ms, p99 ${r.redactAllMs.p99} ms\n`,
  );
}

/** Postmortem drafting: the deterministic draft's time, and what the LLM path sends. */
export function printPostmortem(r: Awaited<ReturnType<typeof import('./postmortem.js').measurePostmortem>>): void {
  process.stdout.write(
    `\nPostmortem draft, ${r.messages.toLocaleString('en')} channel messages\n` +
      `  deterministic (no LLM): p50 ${r.deterministicMs.p50} ms, p99 ${r.deterministicMs.p99} ms\n` +
      `  LLM path (local fake OpenAI): ${r.model.calls} calls (${r.model.chunks} map + 1 reduce), ` +
      `~${r.model.inputTokens.toLocaleString('en')} input tokens of a ${r.model.budgetTokens.toLocaleString('en')} budget, ` +
      `${r.model.sampledOut.toLocaleString('en')} chatter messages left out, ${r.model.ms} ms\n`,
  );
}

/** The Monday digest over a large history (PostgreSQL only). */
export function printDigest(r: import('./digest.js').DigestBenchResult | undefined): void {
  if (!r) {
    process.stdout.write('\nDigest: skipped (needs DATABASE_URL; run `DATABASE_URL=postgres://… npm run bench`)\n');
    return;
  }
  const rows = Object.entries(r.rows)
    .map(([table, n]) => `${n.toLocaleString('en')} ${table}`)
    .join(', ');
  process.stdout.write(
    `\nDigest on ${r.database}: ${rows} (seeded in ${r.seedSeconds} s)\n` +
      `  loadDigest, whole organisation: p50 ${r.organisation.p50} ms, p99 ${r.organisation.p99} ms\n` +
      `  loadDigest, one team:           p50 ${r.team.p50} ms, p99 ${r.team.p99} ms\n`,
  );
}

/** Alert intake under a storm. */
export function printAlertIntake(r: import('./alert-intake.js').AlertIntakeResult): void {
  process.stdout.write(
    `\nAlert intake: ${r.deliveries} Alertmanager deliveries for ${r.groups} groups over ${r.windowSeconds} s, ${r.database}\n` +
      `  answer (202) latency: p50 ${r.answerMs.p50} ms, p99 ${r.answerMs.p99} ms, max ${r.answerMs.max} ms\n` +
      `  incidents opened: ${r.incidents} (expected ${r.groups}); all ${r.groups} channels open ${r.allDeclaredSeconds} s after the first delivery\n`,
  );
}

/** Break-glass: STOP said in the channel, and the proposals cancelled. */
export function printStopLatency(r: import('./stop-latency.js').StopLatencyResult): void {
  process.stdout.write(
    `\nSTOP (/incident stop with a pending proposal, ${r.rounds} incidents), ${r.database}\n` +
      `  until the channel says so: p50 ${r.toMessageMs.p50} ms, p99 ${r.toMessageMs.p99} ms\n` +
      `  until no proposal is pending: p50 ${r.toCancelledMs.p50} ms, p99 ${r.toCancelledMs.p99} ms\n`,
  );
}
