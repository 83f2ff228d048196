/**
 * The embedded default's footprint: ack latency of `/incident declare`, `/incident list` and a button
 * click with 50 requests in flight, Firebreak beside a bare Bolt app in the same run, and the app's memory
 * idle after start and after 1,000 incidents. Both apps run as their own processes (see processes.ts);
 * the Slack emulator runs in the bench process and builds the signed requests, which a load driver in a
 * worker thread sends and times (load-driver.ts), so the emulator's work never delays a timestamp.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createScratchDatabase } from '../../src/db/scratch-database.js';
import { commandCounts, countsDelta, settle, totalOf } from '../../src/sandbox/demo/probe.js';
import { DEMO_CONFIG } from '../../src/sandbox/demo/setup.js';
import { type PreparedRequest, type SlackEmulator, startSlackEmulator } from '../../src/sandbox/index.js';
import { type Summary, summarize } from '../stats.js';
import { drive } from './load-driver.js';
import {
  type AppProcess,
  freePort,
  type Memory,
  memoryOf,
  startBareBoltProcess,
  startFirebreakProcess,
} from './processes.js';

export const IN_FLIGHT = 50;
export const REQUESTS = 500;
export const INCIDENTS = 1_000;
const WARM_UP = 50;
// Each comparison alternates the two apps this many times (see Runner.compare).
const ROUNDS = 5;
// Firebreak's work counts as done once the emulator has seen no call for this long.
const QUIET_MS = 300;
const SIGNING_SECRET = 'bench-signing-secret-not-a-real-one';
const BROADCAST = 'CINCIDENTS';
// Long enough for start-up's garbage to be collected and timers to settle before reading "idle".
const IDLE_SETTLE_MS = 5_000;

export type Target = 'embedded' | 'postgres' | 'pglite';

export interface FootprintRow {
  command: string;
  bare: Summary;
  firebreak: Summary;
  /** Firebreak's p99 over the bare app's. */
  p99Ratio: number;
  /** Firebreak's command outcomes (`declare/ok` …) for these requests; empty for clicks. */
  outcomes: Record<string, number>;
  /** Requests that got no HTTP answer, with why (expected: none). */
  failures: string[];
  /**
   * Firebreak's rounds from their first request sent to the last of their work done (the emulator quiet
   * and every command counted), summed: the work that follows the acks, at the rate this machine does it.
   */
  workMs: number;
}

export interface FootprintResult {
  target: Target;
  database: string;
  loadAverage: { start: number; end: number };
  startMs: number;
  idle: Memory & Heap;
  afterIncidents: Memory & Heap & { incidents: number };
  rows: FootprintRow[];
}

interface Store {
  env: Record<string, string>;
  description: string;
  remove(): Promise<void>;
}

async function openStore(target: Target): Promise<Store> {
  if (target === 'postgres') {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL!, 'firebreak_bench');
    const url = new URL(scratch.url);
    return {
      env: { DATABASE_URL: scratch.url },
      description: `PostgreSQL at ${url.hostname}:${url.port || 5432} (scratch database)`,
      remove: () => scratch.drop(),
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'firebreak-footprint-'));
  if (target === 'pglite') {
    // A PGlite data directory as an earlier Firebreak left it: the app keeps opening it with PGlite.
    const db = new PGlite(dir);
    await db.waitReady;
    await db.close();
  }
  return {
    env: { FIREBREAK_DATA_DIR: dir },
    description: target === 'pglite' ? 'PGlite data directory (the earlier default)' : 'embedded PostgreSQL (default)',
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function measureFootprint(target: Target): Promise<FootprintResult> {
  const store = await openStore(target);
  const emulator = await startSlackEmulator();
  const configDir = await mkdtemp(join(tmpdir(), 'firebreak-footprint-config-'));
  const configPath = join(configDir, 'firebreak.yml');
  await writeFile(configPath, DEMO_CONFIG);
  const slackEnv = {
    SLACK_BOT_TOKEN: emulator.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.apiUrl,
    LOG_LEVEL: 'warn',
  };
  const apps: AppProcess[] = [];
  try {
    const loadStart = loadavg()[0]!;
    const bare = await startBareBoltProcess(
      `footprint-${target}-bare-bolt`,
      { ...slackEnv, BENCH_BOT_ID: emulator.botId, BENCH_BOT_USER_ID: emulator.botUserId },
      await freePort(),
    );
    apps.push(bare);
    const started = performance.now();
    const app = await startFirebreakProcess(
      `footprint-${target}-firebreak`,
      { ...slackEnv, ...store.env, FIREBREAK_CONFIG: configPath },
      await freePort(),
    );
    const startMs = Math.round(performance.now() - started);
    apps.push(app);
    await new Promise((r) => setTimeout(r, IDLE_SETTLE_MS));
    const idle = { ...memoryOf(app.pid), ...(await heapOf(app.url)) };

    const run = new Runner(emulator, bare, app);
    let declared = 0;
    const declare = (prefix: string) => (i: number) =>
      emulator.prepare({
        kind: 'command',
        user: 'UALICE',
        channel: BROADCAST,
        text: `declare sev2 ${prefix} ${i} checkout latency`,
      });

    // Warm both (JIT, connection pools, first queries), and let Firebreak finish that work.
    await run.on('bare', WARM_UP, declare('Warm-up bare'));
    await run.on('firebreak', WARM_UP, declare('Warm-up'), { commands: WARM_UP });
    declared += WARM_UP;

    const rows: FootprintRow[] = [];
    rows.push(await run.compare('declare', REQUESTS, declare('Load'), { commands: REQUESTS }));
    declared += REQUESTS;
    const list = () => emulator.prepare({ kind: 'command', user: 'UALICE', channel: BROADCAST, text: 'list' });
    rows.push(await run.compare('list', REQUESTS, list, { commands: REQUESTS }));

    // "I'll be IC" on each incident's first status message: a click that writes (a role, a timeline event).
    const firsts = emulator
      .channels()
      .filter((c) => c.name.startsWith('inc-'))
      .map((c) => ({ channel: c.id, ts: emulator.messages(c.id)[0]?.ts }))
      .filter((m): m is { channel: string; ts: string } => Boolean(m.ts))
      .slice(-REQUESTS);
    const click = (i: number) => {
      const m = firsts[i % firsts.length]!;
      return emulator.prepare({
        kind: 'click',
        user: 'UDAVE',
        channel: m.channel,
        messageTs: m.ts,
        actionId: 'ic_take',
      });
    };
    rows.push(await run.compare('click "I\'ll be IC"', firsts.length, click, { commands: 0 }));

    await run.on('firebreak', INCIDENTS - declared, declare('Fill'), { commands: INCIDENTS - declared });
    // At rest: every stored request carried out (the echoed message events wait their turn in the inbox).
    await caughtUp(app.url);
    await new Promise((r) => setTimeout(r, IDLE_SETTLE_MS));
    const afterIncidents = { ...memoryOf(app.pid), ...(await heapOf(app.url)), incidents: INCIDENTS };
    if (process.env.BENCH_HEAP_SNAPSHOT) {
      process.kill(app.pid, 'SIGUSR2');
      await healthy(app.url);
    }
    return {
      target,
      database: store.description,
      loadAverage: { start: round1(loadStart), end: round1(loadavg()[0]!) },
      startMs,
      idle,
      afterIncidents,
      rows,
    };
  } finally {
    for (const a of apps.reverse()) await a.stop();
    await emulator.close();
    await store.remove();
    await rm(configDir, { recursive: true, force: true });
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Resolves once the app's /healthz says its inbox holds nothing unfinished. */
async function caughtUp(url: string): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${url}/healthz`)).json()) as { inbox?: { unfinished?: number } };
    if (health.inbox?.unfinished === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Resolves once the app answers again (a heap snapshot stops it while it is written). */
async function healthy(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 1_000));
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
  }
}

/** The app's V8 heap as its own /metrics reports it (what the JavaScript holds, inside the RSS). */
export interface Heap {
  heapUsedMiB: number;
  heapTotalMiB: number;
}

async function heapOf(url: string): Promise<Heap> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mib = (name: string) => {
    const m = new RegExp(`^firebreak_${name} ([0-9.e+]+)`, 'm').exec(text);
    return m ? Math.round(Number(m[1]) / 2 ** 20) : Number.NaN;
  };
  return { heapUsedMiB: mib('nodejs_heap_size_used_bytes'), heapTotalMiB: mib('nodejs_heap_size_total_bytes') };
}

/** Points the emulator at one app or the other and drives it. */
class Runner {
  constructor(
    private readonly emulator: SlackEmulator,
    private readonly bare: AppProcess,
    private readonly app: AppProcess,
  ) {}

  /** Outcomes counted by Firebreak during the last `on('firebreak', …)`. */
  lastOutcomes: Record<string, number> = {};
  /** How long the last `on('firebreak', …)` took from its first request to its work done. */
  lastWorkMs = 0;
  failures: string[] = [];

  /** `n` requests at IN_FLIGHT to one app; for Firebreak, waits until it has finished their work. */
  async on(
    which: 'bare' | 'firebreak',
    n: number,
    prepare: (i: number) => Promise<PreparedRequest>,
    done: { commands: number } = { commands: 0 },
  ): Promise<number[]> {
    const target = which === 'bare' ? this.bare : this.app;
    // Each run starts from rest: no work of Firebreak's earlier requests still going on beside either app.
    await caughtUp(this.app.url);
    this.emulator.connectApp({ url: `${target.url}/slack/events`, signingSecret: SIGNING_SECRET });
    const before = which === 'firebreak' ? await commandCounts(this.app.url) : new Map<string, number>();
    const failed = this.failures.length;
    // Built just before they go (signatures hold 5 minutes), sent and timed from the driver's own thread.
    const requests: PreparedRequest[] = [];
    for (let i = 0; i < n; i++) requests.push(await prepare(i));
    const started = performance.now();
    const driven = await drive(requests, IN_FLIGHT);
    if (driven.refused.length)
      throw new Error(`${driven.refused.length} request(s) refused, e.g. ${driven.refused[0]}`);
    this.failures.push(...driven.failures);
    const samples = driven.samples;
    if (which === 'firebreak') {
      const expected = done.commands - (this.failures.length - failed);
      const finished = async () => totalOf(countsDelta(before, await commandCounts(this.app.url))) >= expected;
      await settle(this.emulator, { until: finished, quietMs: QUIET_MS, timeoutMs: 600_000, label: `${n} requests` });
      // Done when the emulator last saw a call: the quiet wait after it is the bench's, not the app's.
      this.lastWorkMs = performance.now() - started - QUIET_MS;
      this.lastOutcomes = Object.fromEntries(countsDelta(before, await commandCounts(this.app.url)));
    }
    return samples;
  }

  /**
   * The bare app and Firebreak in turn, ROUNDS times each, with the same requests: a machine whose other
   * load drifts during the run (a compile, a backup) weighs on both alike instead of on whichever ran then.
   */
  async compare(
    command: string,
    n: number,
    prepare: (i: number) => Promise<PreparedRequest>,
    done: { commands: number },
  ): Promise<FootprintRow> {
    this.failures = [];
    const bare: number[] = [];
    const firebreak: number[] = [];
    const outcomes = new Map<string, number>();
    let workMs = 0;
    const per = Math.ceil(n / ROUNDS);
    for (let from = 0; from < n; from += per) {
      const count = Math.min(per, n - from);
      const part = (i: number) => prepare(from + i);
      bare.push(...(await this.on('bare', count, part)));
      firebreak.push(...(await this.on('firebreak', count, part, { commands: done.commands ? count : 0 })));
      for (const [k, v] of Object.entries(this.lastOutcomes)) outcomes.set(k, (outcomes.get(k) ?? 0) + v);
      workMs += this.lastWorkMs;
    }
    const b = summarize(bare);
    const f = summarize(firebreak);
    const p99Ratio = Math.round((f.p99 / b.p99) * 100) / 100;
    return {
      command,
      bare: b,
      firebreak: f,
      p99Ratio,
      outcomes: Object.fromEntries(outcomes),
      failures: this.failures,
      workMs: Math.round(workMs),
    };
  }
}
