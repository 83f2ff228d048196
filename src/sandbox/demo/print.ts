import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
/**
 * The demo's output: what happened step by step, each channel as people saw it, the private replies,
 * and one line of numbers. Plain text, so it reads the same in a terminal and in a CI log.
 */
import { renderBlock } from '../transcript.js';
import type { StoredMessage } from '../types.js';
import { BROADCAST, type DemoStack } from './setup.js';
import { PEOPLE, type StepRecord } from './steps.js';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const heading = (title: string): void => {
  out();
  out(`══ ${title} ${'═'.repeat(Math.max(3, 100 - title.length))}`);
};

export function printIntro(stack: DemoStack): void {
  out(
    'Firebreak demo: a scripted incident against the local Slack emulator (no workspace, no database server, no AI key)',
  );
  out(`  Slack emulator  ${stack.emulator.baseUrl}`);
  out(`  Firebreak       ${stack.app.url} (the real app, started with startFirebreak)`);
  out(`  Database        embedded PostgreSQL in ${stack.dataDir}`);
  out('                  (a new one per run, kept for inspection; remove old ones with rm -rf <dir>/demo-*)');
}

export function printSteps(records: StepRecord[], total: number): void {
  heading(`Steps (${records.filter((r) => r.ok).length} of ${total} done)`);
  for (const [i, r] of records.entries()) {
    const ack = Number.isNaN(r.ackMs) ? 'not sent' : `ack ${Math.round(r.ackMs)} ms`;
    out(`  ${r.ok ? '✓' : '✗'} ${String(i + 1).padStart(2)}. ${r.label.padEnd(70)} ${ack}`);
  }
}

/**
 * Slack shows `<@UBOB>` as @bob, `<#C…>` as #channel and `<!date^…|fallback>` as a local time; the raw
 * transcript keeps the markup (tests want it), the demo shows what a person would read.
 */
function readable(stack: DemoStack, text: string): string {
  const { emulator } = stack;
  return text
    .replace(/<@(U[A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `@${PEOPLE[id] ?? id}`)
    .replace(/<#(C[A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `#${emulator.channel(id)?.name ?? id}`)
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1');
}

export function printChannels(stack: DemoStack, incidentChannel: string | undefined): void {
  const { emulator } = stack;
  for (const id of [incidentChannel, BROADCAST]) {
    if (!id) continue;
    heading(`#${emulator.channel(id)?.name ?? id}`);
    out(readable(stack, emulator.transcript(id)) || '(no messages)');
  }
}

function clock(ts: string): string {
  return new Date(Math.floor(Number(ts) * 1000)).toISOString().slice(11, 19);
}

function body(m: StoredMessage): string {
  return m.blocks?.length ? m.blocks.flatMap(renderBlock).join('\n') : m.text;
}

export function printEphemerals(stack: DemoStack): void {
  const { emulator } = stack;
  heading('Private (ephemeral) replies, per person');
  for (const [id, name] of Object.entries(PEOPLE)) {
    const replies = emulator.ephemeralsFor(id);
    out(`@${name}${replies.length ? '' : ': (none)'}`);
    for (const m of replies) {
      const where = `#${emulator.channel(m.channel)?.name ?? m.channel}`;
      const [first = '', ...rest] = readable(stack, body(m)).split('\n');
      out(`  [${clock(m.ts)}] in ${where}: ${first}`);
      for (const line of rest) out(`      ${line}`);
    }
  }
}

/**
 * The postmortem draft the app uploaded to the channel (files.uploadV2 into the emulator), written
 * next to the demo's database so it can be opened; returns the path, or undefined when none came.
 */
export async function savePostmortem(stack: DemoStack): Promise<string | undefined> {
  const file = stack.emulator.files().findLast((f) => f.filename.endsWith('.md'));
  if (!file) return undefined;
  const path = join(stack.dataDir, file.filename);
  await writeFile(path, file.content);
  heading('Postmortem draft (uploaded to the channel, saved locally)');
  out(file.content.split('\n').slice(0, 40).join('\n'));
  out(`… ${file.content.split('\n').length} lines in all, written to ${path}`);
  return path;
}

export function printSummary(stack: DemoStack, time: { startupMs: number; totalMs: number }): void {
  const { emulator } = stack;
  const perMethod = new Map<string, number>();
  for (const c of emulator.calls) perMethod.set(c.method, (perMethod.get(c.method) ?? 0) + 1);
  const methods = [...perMethod]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');
  heading('Summary');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  out(`${emulator.callCount()} Web API calls: ${methods}`);
  out(
    `${seconds(time.totalMs)} in all: ${seconds(time.startupMs)} to start (database migrations included), ` +
      `${seconds(time.totalMs - time.startupMs)} for the script`,
  );
}

export function printFailure(message: string, violations: readonly string[]): void {
  heading('DEMO FAILED');
  out(message);
  if (violations.length) {
    out(`Slack protocol violations recorded by the emulator (${violations.length}):`);
    for (const v of violations) out(`  - ${v}`);
  }
}
