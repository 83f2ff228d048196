/**
 * End to end with a real Prometheus: Debian's `prometheus` scrapes a tiny exporter every second (the
 * test sets its 5xx ratio and memory); the real Firebreak (embedded database, local Slack emulator,
 * scheduler ticking every second) queries it. Two runs:
 *   1. an alert → incident → analysis showing the exporter's values and a chart → approval → the signed
 *      webhook (a local receiver checks the signature) → the exporter recovers → verified, chart again;
 *   2. on another service it gets worse after the action → the rollback webhook, once → the runbook
 *      suspended → re-enabled by `/incident runbooks enable`.
 * Every wait polls the app's state (database, emulator messages) against a deadline; nothing sleeps a
 * fixed time. A test runbook dir keeps `within`/`hold` short.
 *
 *   npx tsx scripts/prometheus-e2e.ts [--allow-skip]
 *
 * Without `prometheus` installed it fails, or with `--allow-skip` prints `prometheus e2e: SKIPPED — <reason>`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { parseEnv } from '../src/config/env.js';
import { parseConfigText } from '../src/config/load.js';
import { incidents, remediationProposals, remediationWatches, runbookSuspensions } from '../src/db/schema/index.js';
import { type Firebreak, startFirebreak } from '../src/firebreak.js';
import { createLogger } from '../src/observability/logger.js';
import { type SlackEmulator, startSlackEmulator } from '../src/sandbox/index.js';
import { renderBlock } from '../src/sandbox/transcript.js';
import {
  type Exporter,
  locatePrometheus,
  type Prometheus,
  type Receiver,
  startExporter,
  startPrometheus,
  startReceiver,
} from './prometheus-process.js';

const BROADCAST = 'CINCIDENTS';
const APPROVER = 'UDAVE';
const RUNBOOK = 'errors-rolling-restart';
const SIGNING_SECRET = 'prometheus-e2e-signing-secret';
const GIB = 1024 ** 3;
const HARD_TIMEOUT_MS = 120_000;
const WAIT_MS = 40_000;

const RUNBOOK_YAML = `
id: ${RUNBOOK}
title: 5xx errors → rolling restart
services: ["*"]
symptoms: ["5xx error ratio"]
diagnosis:
  - { step: "Read the error ratio", command: "curl -s exporter/metrics", expected: "http_error_ratio above 0.05" }
resolution:
  action: { executor: webhook, name: restart-deployment, params: { deployment: "{{service}}", namespace: "prod" } }
  steps: ["kubectl rollout restart deployment/{{service}} -n prod"]
rollback:
  action: { executor: webhook, name: rollout-undo, params: { deployment: "{{service}}", namespace: "prod" } }
prevention: "Alert on the error ratio before customers notice."
confidence: 0.9
blast_radius: low
reversibility: instant
evidence:
  - { name: "5xx ratio", query: 'max(http_error_ratio{service="{{service}}"})', unit: ratio }
  - name: "memory vs limit"
    query: 'max(container_memory_working_set_bytes{namespace="prod",container="{{service}}"}) / max(kube_pod_container_resource_limits{namespace="prod",resource="memory",container="{{service}}"})'
    unit: ratio
verify:
  query: 'max(http_error_ratio{service="{{service}}"})'
  healthy: "< 0.05"
  within: 45s
  hold: 3s
`;

const config = (dir: string, prometheus: string, receiver: string) => `
timezone: UTC
channels: { broadcast: ${BROADCAST} }
services:
  - { name: checkout, risk: critical, team: payments }
  - { name: payments, risk: critical, team: payments }
approvers: [${APPROVER}]
ai: { mode: propose }
runbooks_dir: ${JSON.stringify(join(dir, 'runbooks'))}
executors: { webhook: { url: "${receiver}/firebreak" } }
metrics: { prometheus: { url: "${prometheus}", timeout: 2s } }
scheduler: { tick: 1s }
alerts:
  routes:
    - match: { severity: critical }
      severity: sev1
      action: declare
  default: { action: notify, severity: sev2 }
`;

const ALLOW_SKIP = process.argv.includes('--allow-skip');
const started = performance.now();
const out = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Context {
  dir?: string;
  exporter?: Exporter;
  receiver?: Receiver;
  prometheus?: Prometheus;
  emulator?: SlackEmulator;
  app?: Firebreak;
  token: string;
}

/** Polls `probe` until it returns a value (not undefined/false), or fails saying what was expected. */
async function until<T>(ctx: Context, expected: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Math.min(Date.now() + WAIT_MS, Date.now() + started + HARD_TIMEOUT_MS - performance.now());
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    const exit = ctx.prometheus?.exited();
    if (exit) throw new Error(`prometheus exited (code ${exit.code}) while waiting for: ${expected}`);
    if (Date.now() > deadline) throw new Error(`not seen within ${seconds(WAIT_MS)}: ${expected}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let stepNumber = 0;
async function step<T>(label: string, fn: () => Promise<T>, note?: (v: T) => string): Promise<T> {
  stepNumber++;
  const t0 = performance.now();
  const prefix = `${String(stepNumber).padStart(2)}. ${label}`;
  try {
    const value = await fn();
    out(
      `  ✓ ${prefix.padEnd(86)} ${String(Math.round(performance.now() - t0)).padStart(6)} ms${note ? `  ${note(value)}` : ''}`,
    );
    return value;
  } catch (err) {
    out(`  ✗ ${prefix.padEnd(86)} ${String(Math.round(performance.now() - t0)).padStart(6)} ms`);
    throw err;
  }
}

function texts(ctx: Context, channel: string): string[] {
  const e = ctx.emulator!;
  return e
    .messages(channel)
    .filter((m) => !m.ephemeralTo && m.user === e.botUserId)
    .map((m) => [m.text, ...(m.blocks ?? []).flatMap(renderBlock)].join('\n'));
}

function charts(ctx: Context, channel: string) {
  return ctx.emulator!.files().filter((f) => f.filename.endsWith('.png') && f.channels.includes(channel));
}

function isPng(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

async function fireAlert(app: Firebreak, token: string, service: string) {
  const labels = { alertname: `HighErrorRate-${service}`, service, severity: 'critical' };
  const annotations = { summary: `${service}: 5xx error ratio above 20%` };
  const alert = {
    status: 'firing',
    labels,
    annotations,
    startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.local/graph',
    fingerprint: randomBytes(8).toString('hex'),
  };
  const body = {
    version: '4',
    receiver: 'firebreak',
    status: 'firing',
    alerts: [alert],
    groupLabels: { alertname: labels.alertname, service },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: 'http://alertmanager.local',
    groupKey: `{}:{alertname="${labels.alertname}", service="${service}"}`,
    truncatedAlerts: 0,
  };
  const res = await fetch(`${app.url}/webhooks/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`the alert intake answered ${res.status}: ${await res.text()}`);
}

/** The incident of a service, once its proposal is posted: its channel and the proposal. */
async function proposalFor(ctx: Context, service: string) {
  return until(ctx, `an incident on ${service} with a posted ${RUNBOOK} proposal`, async () => {
    const db = ctx.app!.database.db;
    const rows = await db
      .select({ channelId: incidents.channelId, proposal: remediationProposals })
      .from(remediationProposals)
      .innerJoin(incidents, eq(incidents.id, remediationProposals.incidentId));
    const row = rows.find((r) => r.proposal.params.service === service && r.proposal.channelTs && r.channelId);
    return row && { channel: row.channelId!, proposal: row.proposal };
  });
}

async function watchOf(ctx: Context, proposalId: string, status: string) {
  return until(ctx, `the watch of proposal ${proposalId} ${status}`, async () => {
    const [w] = await ctx
      .app!.database.db.select()
      .from(remediationWatches)
      .where(eq(remediationWatches.proposalId, proposalId));
    return w?.status === status && w;
  });
}

async function approve(ctx: Context, channel: string, ts: string) {
  await ctx.emulator!.clickButton({ user: APPROVER, channel, messageTs: ts, actionId: 'proposal_approve' });
}

async function scenario(ctx: Context, binary: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'firebreak-prometheus-e2e-'));
  ctx.dir = dir;
  await mkdir(join(dir, 'runbooks'));
  await writeFile(join(dir, 'runbooks', `${RUNBOOK}.yml`), RUNBOOK_YAML);
  const secret = randomBytes(24).toString('hex');

  const prom = await step(
    'start the exporter and a real Prometheus scraping it every 1 s',
    async () => {
      ctx.exporter = await startExporter({
        checkout: { errorRatio: 0.3, memoryBytes: 1.2 * GIB, memoryLimitBytes: 2 * GIB },
        payments: { errorRatio: 0.25, memoryBytes: 0.5 * GIB, memoryLimitBytes: 2 * GIB },
      });
      ctx.receiver = await startReceiver(secret);
      ctx.prometheus = await startPrometheus({
        binary,
        dir: join(dir, 'prometheus'),
        target: ctx.exporter.url,
        readyTimeoutMs: 20_000,
      });
      await until(ctx, 'Prometheus holds the exporter’s series', async () => {
        const res = await fetch(`${ctx.prometheus!.url}/api/v1/query?query=count(http_error_ratio)`).catch(
          () => undefined,
        );
        const body = (await res?.json().catch(() => undefined)) as
          | { data?: { result?: { value: [number, string] }[] } }
          | undefined;
        return body?.data?.result?.[0]?.value[1] === '2';
      });
      return ctx.prometheus;
    },
    (p) => p.url,
  );

  const app = await step('start the Slack emulator and Firebreak (embedded database, tick 1 s)', async () => {
    const emulator = await startSlackEmulator();
    ctx.emulator = emulator;
    const env = parseEnv({
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.apiUrl,
      PORT: '0',
      FIREBREAK_DATA_DIR: join(dir, 'db'),
      FIREBREAK_WEBHOOK_TOKEN: ctx.token,
      FIREBREAK_EXECUTOR_SECRET: secret,
      LOG_LEVEL: 'warn',
    });
    const file = parseConfigText(config(dir, prom.url, ctx.receiver!.url), 'prometheus e2e config');
    const app = await startFirebreak({
      config: { env, file, source: 'prometheus e2e config' },
      logger: createLogger('warn'),
    });
    ctx.app = app;
    emulator.connectApp({ url: `${app.url}/slack/events`, signingSecret: SIGNING_SECRET });
    return app;
  });

  // ── Run 1: the action works ───────────────────────────────────────────────────────────────────────
  await step('an alert on checkout declares an incident', () => fireAlert(app, ctx.token, 'checkout'));
  const one = await step(
    'the analysis shows Prometheus’s real values and a chart, with a proposal',
    async () => {
      const found = await proposalFor(ctx, 'checkout');
      const summary = await until(ctx, 'the analysis summary with the 5xx ratio 0.3 and memory 0.6', async () =>
        texts(ctx, found.channel).find(
          (t) => t.includes('5xx ratio') && t.includes('0.3 (30%)') && t.includes('0.6 (60%)'),
        ),
      );
      const chart = await until(ctx, 'a PNG chart in the incident channel', async () => charts(ctx, found.channel)[0]);
      if (!isPng(chart.bytes)) throw new Error(`the chart ${chart.filename} is not a PNG`);
      return { ...found, summary };
    },
    (v) =>
      v.summary
        .split('\n')
        .find((l) => l.includes('5xx ratio'))
        ?.trim() ?? '',
  );
  await step(
    'an approver approves: the signed webhook restarts checkout',
    async () => {
      await approve(ctx, one.channel, one.proposal.channelTs!);
      const got = await until(ctx, 'restart-deployment received', async () =>
        ctx.receiver!.received.find((r) => r.action === 'restart-deployment'),
      );
      if (!got.signed) throw new Error('the executor webhook’s signature did not verify');
      return watchOf(ctx, one.proposal.id, 'watching');
    },
    (w) => `before: ${w.beforeValue}`,
  );
  await step(
    'the exporter recovers (0.3 → 0.01): verified, said with numbers, chart again',
    async () => {
      ctx.exporter!.set('checkout', { errorRatio: 0.01 });
      await watchOf(ctx, one.proposal.id, 'verified');
      const said = await until(ctx, 'the ✅ Verified message', async () =>
        texts(ctx, one.channel).find((t) => t.startsWith('✅ Verified')),
      );
      await until(ctx, 'a second chart (after: verified)', async () => charts(ctx, one.channel).length === 2);
      return said;
    },
    (s) => s.slice(0, 110),
  );

  // ── Run 2: it gets worse ──────────────────────────────────────────────────────────────────────────
  await step('an alert on payments declares a second incident', () => fireAlert(app, ctx.token, 'payments'));
  const two = await proposalFor(ctx, 'payments');
  await step(
    'approved; after the restart payments gets worse (0.25 → 0.6)',
    async () => {
      await approve(ctx, two.channel, two.proposal.channelTs!);
      await watchOf(ctx, two.proposal.id, 'watching');
      ctx.exporter!.set('payments', { errorRatio: 0.6 });
      return watchOf(ctx, two.proposal.id, 'regressed');
    },
    (w) => w.cause ?? '',
  );
  await step(
    'the rollback webhook was sent once, the runbook is suspended, the channel told',
    async () => {
      await until(ctx, 'the 🚨 regression message', async () =>
        texts(ctx, two.channel).find((t) => t.startsWith('🚨')),
      );
      // Two more evaluations of every job, run here and now: a second rollback would show.
      await app.tick();
      await app.tick();
      const rollbacks = ctx.receiver!.received.filter((r) => r.action === 'rollout-undo');
      if (rollbacks.length !== 1 || rollbacks[0]!.key !== `${two.proposal.id}:rollback` || !rollbacks[0]!.signed)
        throw new Error(
          `rollback webhooks: ${JSON.stringify(rollbacks)}; expected one, keyed ${two.proposal.id}:rollback`,
        );
      const [s] = await app.database.db.select().from(runbookSuspensions);
      if (s?.runbookId !== RUNBOOK || s.liftedAt) throw new Error(`suspension: ${JSON.stringify(s)}`);
      return ctx.receiver!.received.map((r) => `${r.action}(${r.service})`).join(', ');
    },
    (s) => s,
  );
  await step(`/incident runbooks enable ${RUNBOOK} by an approver lifts the suspension`, async () => {
    await ctx.emulator!.slashCommand({
      user: APPROVER,
      channel: BROADCAST,
      text: `runbooks enable ${RUNBOOK} metrics fixed`,
    });
    await until(ctx, 'the suspension lifted by the approver', async () => {
      const [s] = await app.database.db.select().from(runbookSuspensions);
      return s?.liftedBy === APPROVER;
    });
    const violations = ctx.emulator!.violations;
    if (violations.length) throw new Error(`Slack protocol violations: ${violations.join('; ')}`);
  });
}

async function stopAll(ctx: Context): Promise<void> {
  for (const stop of [
    () => ctx.app?.stop(),
    () => ctx.emulator?.close(),
    () => ctx.prometheus?.stop(),
    () => ctx.exporter?.stop(),
    () => ctx.receiver?.stop(),
  ]) {
    await Promise.race([Promise.resolve(stop()), new Promise((r) => setTimeout(r, 10_000))]).catch((err) =>
      out(`(stopping: ${(err as Error).message})`),
    );
  }
}

async function main(): Promise<number> {
  const binary = locatePrometheus();
  if (typeof binary !== 'string') {
    if (ALLOW_SKIP) {
      out(`prometheus e2e: SKIPPED — ${binary.missing}`);
      return 0;
    }
    out(`prometheus e2e: FAILED — ${binary.missing}; install it (apt-get install prometheus) or pass --allow-skip`);
    return 1;
  }
  out(`Prometheus end to end: exporter → ${binary} → Firebreak (real app) → Slack emulator, executor webhook`);
  const ctx: Context = { token: randomBytes(16).toString('hex') };
  let timer: NodeJS.Timeout | undefined;
  const hardLimit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stopped after ${seconds(HARD_TIMEOUT_MS)}`)), HARD_TIMEOUT_MS);
  });
  let ok = false;
  try {
    await Promise.race([scenario(ctx, binary), hardLimit]);
    ok = true;
  } catch (err) {
    out(`\n══ PROMETHEUS E2E FAILED ══\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    for (const c of ctx.emulator?.channels().filter((c) => !c.isIm) ?? []) {
      const t = texts(ctx, c.id);
      if (t.length) out(`#${c.name}:\n${t.map((x) => `  ${x.replace(/\s+/g, ' ').slice(0, 200)}`).join('\n')}`);
    }
    out(`webhooks received: ${JSON.stringify(ctx.receiver?.received ?? [])}`);
    if (ctx.prometheus)
      out(
        `Prometheus log:\n${ctx.prometheus
          .logTail(15)
          .map((l) => `  ${l}`)
          .join('\n')}`,
      );
    if (ctx.dir) out(`The run's files are kept in ${ctx.dir}`);
  } finally {
    clearTimeout(timer);
    await stopAll(ctx);
  }
  if (ok && ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
  out(`\nprometheus e2e: ${ok ? 'PASSED' : 'FAILED'} in ${seconds(performance.now() - started)}`);
  return ok ? 0 : 1;
}

const code = await main();
process.exitCode = code;
setTimeout(() => process.exit(code), 2_000).unref();
