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
