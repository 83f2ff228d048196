/**
 * End to end with a real alert sender: Debian's `prometheus-alertmanager` posts to the real Firebreak's
 * `POST /webhooks/alertmanager` on loopback (bearer token, `send_resolved`), the app talks to the local
 * Slack emulator on a fresh embedded PGlite. `amtool` fires one critical alert and then resolves it; the
 * run passes when there is exactly one incident channel, the alert is in the timeline, the resolution is
 * posted in the incident channel, and the incident itself is still open.
 *
 *   npx tsx scripts/alertmanager-e2e.ts [--allow-skip]
 *
 * Without Alertmanager/amtool installed it fails, or with `--allow-skip` prints
 * `alertmanager e2e: SKIPPED — <reason>` and exits 0. Any other failure prints what was expected and what
 * was seen (channels, bot messages, timeline kinds, Alertmanager's log) and exits 1. Hard limit: 90 s.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { parseEnv } from '../src/config/env.js';
import { parseConfigText } from '../src/config/load.js';
import { incidents, timelineEvents } from '../src/db/schema/index.js';
import { type Firebreak, startFirebreak } from '../src/firebreak.js';
import { createLogger } from '../src/observability/logger.js';
import { type SlackEmulator, startSlackEmulator } from '../src/sandbox/index.js';
import { renderBlock } from '../src/sandbox/transcript.js';
import type { StoredMessage } from '../src/sandbox/types.js';
import { type Alertmanager, locateBinaries, startAlertmanager } from './alertmanager-process.js';

// ── The intake's contract, in one place (adjust here if the app's names change) ─────────────────────────
const INTAKE_PATH = '/webhooks/alertmanager';
/** A declared alert incident's channel: `inc-YYYY-MM-DD-<slug of the title>`. */
const INCIDENT_CHANNEL = /^inc-\d{4}-\d{2}-\d{2}-[a-z0-9]/;
const INCIDENT_CHANNEL_PREFIX = 'inc-';
/** Timeline kinds of alert events start with this (`alert_firing`, `alert_resolved`, …). */
const ALERT_KIND_PREFIX = 'alert';
/** The bot's resolution notice in the incident channel says this (case-insensitive). */
const RESOLVED_WORD = /\bresolved\b/i;

const BROADCAST = 'CINCIDENTS';
const SIGNING_SECRET = 'alertmanager-e2e-signing-secret';
const CONFIG = `
timezone: UTC
channels: { broadcast: ${BROADCAST} }
services:
  - { name: checkout, risk: critical, team: payments }
alerts:
  routes:
    - match: { severity: critical }
      severity: sev1
      action: declare
  default: { action: notify, severity: sev2 }
`;
const ALERT_LABELS = ['alertname=CheckoutDown', 'severity=critical', 'service=checkout'];
const ALERT_ANNOTATIONS = ['--annotation=summary=Checkout 5xx above 20%'];

const HARD_TIMEOUT_MS = 90_000;
const WAIT_MS = 30_000;
/** After the first sign of the incident: long enough for a duplicate delivery (group_interval 1s) to show. */
const SETTLE_MS = 2_500;

const ALLOW_SKIP = process.argv.includes('--allow-skip');
const started = performance.now();
const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A failed expectation: `message` says what happened, `expected` what should have. */
class E2EFailure extends Error {
  constructor(
    message: string,
    readonly expected?: string,
  ) {
    super(message);
  }
}

interface Context {
  dir?: string;
  emulator?: SlackEmulator;
  app?: Firebreak;
  alertmanager?: Alertmanager;
  token: string;
  incidentChannelId?: string;
}

// ── What the app did, as Slack and the database show it ──────────────────────────────────────────────

interface Observation {
  channels: { id: string; name: string }[];
  incidentChannels: { id: string; name: string }[];
  incidents: {
    id: string;
    number: number;
    title: string;
    status: string;
    severity: number;
    channelId: string | null;
  }[];
  timelineKinds: string[];
  alertEvents: { kind: string; text: string | null }[];
}

async function observe(ctx: Context): Promise<Observation> {
  const channels = (ctx.emulator?.channels() ?? []).filter((c) => !c.isIm).map((c) => ({ id: c.id, name: c.name }));
  const db = ctx.app?.database.db;
  const incidentRows = db
    ? await db
        .select({
          id: incidents.id,
          number: incidents.number,
          title: incidents.title,
          status: incidents.status,
          severity: incidents.severity,
          channelId: incidents.channelId,
        })
        .from(incidents)
        .orderBy(asc(incidents.number))
    : [];
  const events = db
    ? await db
        .select({ kind: timelineEvents.kind, text: timelineEvents.text })
        .from(timelineEvents)
        .orderBy(asc(timelineEvents.at))
    : [];
  return {
    channels,
    incidentChannels: channels.filter((c) => c.name.startsWith(INCIDENT_CHANNEL_PREFIX)),
    incidents: incidentRows,
    timelineKinds: events.map((e) => e.kind),
    alertEvents: events.filter((e) => e.kind.startsWith(ALERT_KIND_PREFIX)),
  };
}

function messageText(m: StoredMessage): string {
  return [m.text, ...(m.blocks ?? []).flatMap(renderBlock)].join('\n');
}

/** The bot's own messages in a channel (not ephemeral ones), with their text and blocks as one string. */
function botMessages(ctx: Context, channelId: string): { ts: string; text: string }[] {
  const emulator = ctx.emulator;
  if (!emulator) return [];
  return emulator
    .messages(channelId)
    .filter((m) => !m.ephemeralTo && (m.user === emulator.botUserId || m.botId === emulator.botId))
    .map((m) => ({ ts: m.ts, text: messageText(m) }));
}

async function waitFor(
  ctx: Context,
  expected: string,
  done: (o: Observation) => boolean,
  timeoutMs = WAIT_MS,
): Promise<Observation> {
  const deadline = Date.now() + Math.min(timeoutMs, Math.max(0, started + HARD_TIMEOUT_MS - performance.now()));
  for (;;) {
    const o = await observe(ctx);
    if (done(o)) return o;
    const exit = ctx.alertmanager?.exited();
    if (exit) throw new E2EFailure(`Alertmanager exited (code ${exit.code}, signal ${exit.signal})`, expected);
    if (Date.now() >= deadline) throw new E2EFailure(`not seen within ${seconds(timeoutMs)}`, expected);
    await sleep(250);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ── Steps with timings ───────────────────────────────────────────────────────────────────────────────

let stepNumber = 0;
async function step<T>(label: string, fn: () => Promise<T>, note?: (value: T) => string): Promise<T> {
  stepNumber += 1;
  const t0 = performance.now();
  const prefix = `${String(stepNumber).padStart(2)}. ${label}`;
  try {
    const value = await fn();
    const ms = Math.round(performance.now() - t0);
    out(`  ✓ ${prefix.padEnd(78)} ${String(ms).padStart(6)} ms${note ? `  ${note(value)}` : ''}`);
    return value;
  } catch (err) {
    const ms = Math.round(performance.now() - t0);
    out(`  ✗ ${prefix.padEnd(78)} ${String(ms).padStart(6)} ms`);
    throw err;
  }
}

// ── The scenario ─────────────────────────────────────────────────────────────────────────────────────

async function scenario(ctx: Context, binaries: { alertmanager: string; amtool: string }): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'firebreak-alertmanager-e2e-'));
  ctx.dir = dir;

  const app = await step(
    'start the Slack emulator and Firebreak (fresh PGlite)',
    async () => {
      const emulator = await startSlackEmulator();
      ctx.emulator = emulator;
      const env = parseEnv({
        SLACK_BOT_TOKEN: emulator.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: emulator.apiUrl,
        PORT: '0',
        FIREBREAK_DATA_DIR: join(dir, 'db'),
        FIREBREAK_WEBHOOK_TOKEN: ctx.token,
        LOG_LEVEL: 'warn',
      });
      const file = parseConfigText(CONFIG, 'alertmanager e2e config');
      const app = await startFirebreak({
        config: { env, file, source: 'alertmanager e2e config' },
        logger: createLogger('warn'),
      });
      ctx.app = app;
      emulator.connectApp({ url: `${app.url}/slack/events`, signingSecret: SIGNING_SECRET });
      return app;
    },
    (a) => a.url,
  );
  const intakeUrl = `${app.url}${INTAKE_PATH}`;

  await step(
    `the intake refuses requests without the token (POST ${INTAKE_PATH})`,
    async () => {
      const seen: string[] = [];
      for (const authorization of [undefined, 'Bearer not-the-token-0123456789abcdef']) {
        const res = await fetch(intakeUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
          body: JSON.stringify({ version: '4', status: 'firing', alerts: [] }),
          signal: AbortSignal.timeout(5_000),
        });
        await res.arrayBuffer();
        seen.push(`${authorization ? 'wrong token' : 'no token'} → ${res.status}`);
        if (res.status === 404)
          throw new E2EFailure(
            `${intakeUrl} answered 404: the intake is not there`,
            'POST /webhooks/alertmanager exists',
          );
        if (res.status !== 401 && res.status !== 403)
          throw new E2EFailure(
            `the intake answered ${seen.join(', ')}`,
            'an unauthenticated request is refused (401/403)',
          );
      }
      return seen.join(', ');
    },
    (s) => s,
  );

  const am = await step(
    'start prometheus-alertmanager (webhook → the app on loopback)',
    async () => {
      const am = await startAlertmanager({
        binaries,
        dir: join(dir, 'alertmanager'),
        webhookUrl: intakeUrl,
        bearerToken: ctx.token,
        readyTimeoutMs: 15_000,
      });
      ctx.alertmanager = am;
      return am;
    },
    (a) => a.url,
  );

  await step('amtool alert add CheckoutDown (severity=critical, service=checkout)', () =>
    am.amtool(['alert', 'add', ...ALERT_LABELS, ...ALERT_ANNOTATIONS]),
  );

  const firing = await step(
    'an incident is declared: an inc-* channel, one incident, the alert in the timeline',
    async () => {
      await waitFor(
        ctx,
        'an inc-* channel, an incident row and a timeline event whose kind starts with "alert"',
        (o) => o.incidentChannels.length >= 1 && o.incidents.length >= 1 && o.alertEvents.length >= 1,
      );
      // A duplicate delivery would open a second channel now, not later.
      await sleep(SETTLE_MS);
      const o = await observe(ctx);
      if (o.incidentChannels.length !== 1)
        throw new E2EFailure(`${o.incidentChannels.length} inc-* channels`, 'exactly one inc-* channel');
      if (o.incidents.length !== 1) throw new E2EFailure(`${o.incidents.length} incidents`, 'exactly one incident');
      const channel = o.incidentChannels[0]!;
      const incident = o.incidents[0]!;
      ctx.incidentChannelId = channel.id;
      if (!INCIDENT_CHANNEL.test(channel.name))
        throw new E2EFailure(`the incident channel is #${channel.name}`, `a channel named like ${INCIDENT_CHANNEL}`);
      if (incident.channelId !== channel.id)
        throw new E2EFailure(
          `the incident's channel_id is ${incident.channelId}, the inc-* channel is ${channel.id}`,
          'the incident row points at the inc-* channel',
        );
      return o;
    },
    (o) => `#${o.incidentChannels[0]!.name}; timeline: ${o.alertEvents.map((e) => e.kind).join(', ')}`,
  );
  const channelId = ctx.incidentChannelId!;

  // What the bot's messages said before the resolution: the notice must be new (or newly edited in).
  const before = new Map(botMessages(ctx, channelId).map((m) => [m.ts, m.text]));
  const mentionsResolvedNow = () =>
    botMessages(ctx, channelId).filter(
      (m) => RESOLVED_WORD.test(m.text) && !RESOLVED_WORD.test(before.get(m.ts) ?? ''),
    );

  await step('amtool alert add … --end=now (resolves the alert)', () => {
    const end = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return am.amtool(['alert', 'add', ...ALERT_LABELS, ...ALERT_ANNOTATIONS, `--end=${end}`]);
  });

  await step(
    'the resolution: a bot message saying resolved in the incident channel, a second alert event',
    async () => {
      const o = await waitFor(
        ctx,
        `a new bot message matching ${RESOLVED_WORD} in the incident channel, and more than ` +
          `${firing.alertEvents.length} "alert*" timeline event(s)`,
        (o) => o.alertEvents.length > firing.alertEvents.length && mentionsResolvedNow().length > 0,
      );
      return o;
    },
    (o) => `timeline: ${o.alertEvents.map((e) => e.kind).join(', ')}`,
  );

  await step(
    'the incident is still open and still has one channel',
    async () => {
      await sleep(SETTLE_MS);
      const o = await observe(ctx);
      if (o.incidentChannels.length !== 1)
        throw new E2EFailure(`${o.incidentChannels.length} inc-* channels`, 'exactly one inc-* channel');
      if (o.incidents.length !== 1) throw new E2EFailure(`${o.incidents.length} incidents`, 'exactly one incident');
      const incident = o.incidents[0]!;
      if (incident.status === 'resolved')
        throw new E2EFailure(
          'the incident was resolved by the alert',
          'a resolved alert is reported, the incident stays open (status ≠ resolved)',
        );
      const violations = ctx.emulator?.violations ?? [];
      if (violations.length)
        throw new E2EFailure(
          `the app broke Slack rules the real Slack would enforce:\n${violations.map((v) => `  - ${v}`).join('\n')}`,
          'no Slack protocol violations',
        );
      return incident;
    },
    (i) => `incident #${i.number} status=${i.status}`,
  );
}

// ── Reporting ────────────────────────────────────────────────────────────────────────────────────────

function heading(title: string): void {
  out();
  out(`══ ${title} ${'═'.repeat(Math.max(3, 100 - title.length))}`);
}

function printChannel(ctx: Context, channelId: string, maxLines = 30): void {
  const emulator = ctx.emulator;
  if (!emulator) return;
  heading(`#${emulator.channel(channelId)?.name ?? channelId}`);
  const lines = emulator.transcript(channelId).split('\n');
  out(lines.slice(0, maxLines).join('\n') || '(no messages)');
  if (lines.length > maxLines) out(`… ${lines.length - maxLines} more lines`);
}

function countKinds(kinds: string[]): string {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => (n > 1 ? `${k}×${n}` : k)).join(', ') || '(none)';
}

async function printFailure(ctx: Context, err: unknown): Promise<void> {
  heading('ALERTMANAGER E2E FAILED');
  const failure = err instanceof E2EFailure ? err : undefined;
  if (failure?.expected) out(`Expected: ${failure.expected}`);
  out(`${failure?.expected ? 'Seen:     ' : ''}${err instanceof Error ? err.message : String(err)}`);
  if (!failure && err instanceof Error && err.stack) out(err.stack.split('\n').slice(1, 6).join('\n'));
  let o: Observation | undefined;
  try {
    o = await observe(ctx);
  } catch (e) {
    out(`(could not read the database: ${(e as Error).message})`);
  }
  if (o) {
    out();
    out(`Channels:        ${o.channels.map((c) => `#${c.name} (${c.id})`).join(', ') || '(none)'}`);
    out(
      `Incidents:       ${
        o.incidents
          .map((i) => `#${i.number} "${i.title}" sev${i.severity} status=${i.status} channel=${i.channelId}`)
          .join('; ') || '(none)'
      }`,
    );
    out(`Timeline kinds:  ${countKinds(o.timelineKinds)}`);
    for (const e of o.alertEvents) out(`  ${e.kind}: ${(e.text ?? '').split('\n')[0]?.slice(0, 140)}`);
    for (const c of [...o.incidentChannels, ...o.channels.filter((c) => c.id === BROADCAST)]) {
      const msgs = botMessages(ctx, c.id);
      out(`Bot messages in #${c.name} (${msgs.length}):`);
      for (const m of msgs) out(`  [${m.ts}] ${m.text.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  }
  const violations = ctx.emulator?.violations ?? [];
  if (violations.length) out(`Slack protocol violations: ${violations.join('; ')}`);
  if (ctx.alertmanager) {
    out();
    out(`Alertmanager ${ctx.alertmanager.url}, config ${ctx.alertmanager.configPath}; its last log lines:`);
    for (const line of ctx.alertmanager.logTail(25)) out(`  ${line.replaceAll(ctx.token, '[token]')}`);
  }
  if (ctx.dir) out(`\nThe run's files (database, Alertmanager config and storage) are kept in ${ctx.dir}`);
}

async function stopAll(ctx: Context): Promise<void> {
  const tasks: [string, () => Promise<void>][] = [
    ['alertmanager', async () => ctx.alertmanager?.stop()],
    ['app', async () => ctx.app?.stop()],
    ['emulator', async () => ctx.emulator?.close()],
  ];
  for (const [name, stop] of tasks) {
    try {
      await Promise.race([stop(), sleep(10_000).then(() => Promise.reject(new Error('did not stop in 10 s')))]);
    } catch (err) {
      out(`(stopping the ${name}: ${(err as Error).message})`);
    }
  }
}

async function main(): Promise<number> {
  const binaries = locateBinaries();
  if ('missing' in binaries) {
    if (ALLOW_SKIP) {
      out(`alertmanager e2e: SKIPPED — ${binaries.missing}`);
      return 0;
    }
    out(
      `alertmanager e2e: FAILED — ${binaries.missing}; install it (apt-get install prometheus-alertmanager) or pass --allow-skip`,
    );
    return 1;
  }
  out('Alertmanager end to end: amtool → prometheus-alertmanager → Firebreak (real app) → Slack emulator');
  out(`  ${binaries.alertmanager}, ${binaries.amtool}`);
  const ctx: Context = { token: randomBytes(16).toString('hex') };
  let timer: NodeJS.Timeout | undefined;
  const hardLimit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new E2EFailure(`stopped after ${seconds(HARD_TIMEOUT_MS)}`, 'the whole run within the hard limit')),
      HARD_TIMEOUT_MS,
    );
  });
  let ok = false;
  try {
    await Promise.race([scenario(ctx, binaries), hardLimit]);
    ok = true;
    if (ctx.incidentChannelId) printChannel(ctx, ctx.incidentChannelId);
  } catch (err) {
    await printFailure(ctx, err);
  } finally {
    clearTimeout(timer);
    await stopAll(ctx);
  }
  if (ok && ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
  out();
  out(`alertmanager e2e: ${ok ? 'PASSED' : 'FAILED'} in ${seconds(performance.now() - started)}`);
  return ok ? 0 : 1;
}

const code = await main();
process.exitCode = code;
// Everything is stopped; if some handle still holds the event loop open, do not hang CI over it.
setTimeout(() => process.exit(code), 2_000).unref();
