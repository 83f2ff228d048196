import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { incidents, timelineEvents } from '../../src/db/schema/index.js';
import { createScratchDatabase } from '../../src/db/scratch-database.js';
import { createLogger } from '../../src/observability/logger.js';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/index.js';

/**
 * Issue 12's "Done when": kill -9 the real process in the middle of a burst of 300 channel messages,
 * notes and clicks, start it again on the same database, and every request Slack got a 200 for is on
 * the timeline exactly once, and nothing was posted twice.
 */
const SECRET = 'e2e-signing-secret-0123456789';
const NODE_ARGS = ['--import', 'tsx', 'src/main.ts'];
const BURST = 300;
const IN_FLIGHT = 20;
// Killed once this many requests were acknowledged: the rest of the burst is in flight or unsent.
const KILL_AFTER_ACKS = 140;
const USERS = ['UALICE', 'UBOB', 'UCAROL', 'UDAVE'];
const ROLES = ['comms', 'ops', 'scribe'];
const CONFIG = `
timezone: UTC
channels: { broadcast: CINCIDENTS }
scheduler: { tick: 1s }
inbox: { grace: 5s, max_attempts: 5, retention: 7d }
`;

type Item =
  | { kind: 'message'; user: string; text: string; ts?: string }
  | { kind: 'note'; user: string; text: string }
  | { kind: 'click'; user: string; role: string };

function startMain(env: Record<string, string>) {
  let output = '';
  const child = spawn(process.execPath, NODE_ARGS, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', resolve),
  );

async function startedPort(output: () => string): Promise<number> {
  const started = await vi.waitFor(
    () => {
      const line = output()
        .split('\n')
        .find((l) => l.includes('"firebreak started"'));
      if (!line) throw new Error(`not started yet:\n${output().slice(-2000)}`);
      return JSON.parse(line) as { port: number };
    },
    { timeout: 150_000, interval: 50 },
  );
  return started.port;
}

const targets = [
  { name: 'the embedded database (PGlite)', postgres: false },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', postgres: true }] : []),
];

describe.each(targets)('SIGKILL during a burst, on $name', ({ postgres }) => {
  let emulator: SlackEmulator;
  let env: Record<string, string>;
  let dropDatabase = async () => {};
  beforeAll(async () => {
    emulator = await startSlackEmulator();
    const dir = mkdtempSync(join(tmpdir(), 'fb-kill-'));
    writeFileSync(join(dir, 'firebreak.yml'), CONFIG);
    env = {
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: emulator.apiUrl,
      FIREBREAK_CONFIG: join(dir, 'firebreak.yml'),
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    if (postgres) {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL!, 'firebreak_kill');
      env.DATABASE_URL = scratch.url;
      dropDatabase = () => scratch.drop();
    } else env.FIREBREAK_DATA_DIR = join(dir, 'data');
  });
  afterAll(async () => {
    await emulator?.close();
    await dropDatabase();
  });

  it('finds every acknowledged message, note and click on the timeline once, and nothing posted twice', {
    timeout: 240_000,
  }, async () => {
    let app = startMain(env);
    try {
      let port = await startedPort(app.output);
      emulator.connectApp({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET });
      expect(
        (await emulator.slashCommand({ user: 'UALICE', channel: 'CINCIDENTS', text: 'declare sev2 Crash burst' }))
          .status,
      ).toBe(200);
      const channel = await vi.waitFor(
        () => {
          const c = emulator.channels().find((ch) => ch.name.endsWith('-crash-burst'));
          if (!c || !emulator.messages(c.id).some((m) => m.user === emulator.botUserId))
            throw new Error('not declared');
          return c.id;
        },
        { timeout: 60_000, interval: 50 },
      );
      await idle(port);

      // The burst: 12 clicks (each person takes each role once, so none is refused), 60 notes, the rest messages.
      const items: Item[] = [];
      let click = 0;
      for (let i = 0; i < BURST; i++) {
        if (i % 25 === 0 && click < USERS.length * ROLES.length) {
          items.push({
            kind: 'click',
            user: USERS[click % USERS.length]!,
            role: ROLES[Math.floor(click / USERS.length)]!,
          });
          click++;
        } else if (i % 5 === 1) items.push({ kind: 'note', user: 'UALICE', text: `burst-note-${i}` });
        // The declarer is the one person in the channel before the clicks invite the others.
        else items.push({ kind: 'message', user: 'UALICE', text: `burst-message-${i}` });
      }
      const acked = new Set<Item>();
      const statuses: Record<number, number> = {};
      let killed = false;
      let next = 0;
      const send = async (item: Item) => {
        const res =
          item.kind === 'message'
            ? await emulator.userPosts({ user: item.user, channel, text: item.text }).then((r) => {
                item.ts = r.ts;
                return r.response;
              })
            : item.kind === 'note'
              ? await emulator.slashCommand({ user: item.user, channel, text: `note ${item.text}` })
              : await clickTakeRole(emulator, channel, item.user, item.role);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        // A 200 that says nothing was recorded (the database did not answer in time) is a refusal.
        if (res.status === 200 && !res.body.includes('cannot record')) acked.add(item);
        if (!killed && acked.size >= KILL_AFTER_ACKS) {
          killed = true;
          app.child.kill('SIGKILL');
        }
      };
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (!killed && next < items.length) await send(items[next++]!).catch(() => {});
        }),
      );
      if (!killed)
        throw new Error(
          `the burst ended before ${KILL_AFTER_ACKS} acks: ${JSON.stringify({ statuses, acked: acked.size })}\n${app.output().slice(-3000)}`,
        );
      await exited(app.child);

      app = startMain(env);
      port = await startedPort(app.output);
      emulator.connectApp({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET });
      await idle(port);
      app.child.kill('SIGTERM');
      expect(await exited(app.child)).toBe(0);

      const database = await openDatabase({
        url: env.DATABASE_URL,
        dataDir: env.FIREBREAK_DATA_DIR ?? '',
        logger: createLogger('silent'),
      });
      try {
        const [incident] = await database.db.select().from(incidents).where(eq(incidents.channelId, channel));
        const timeline = await database.db
          .select()
          .from(timelineEvents)
          .where(eq(timelineEvents.incidentId, incident!.id));
        const bot = emulator.messages(channel).filter((m) => m.user === emulator.botUserId && !m.ephemeralTo);
        // A click refused at the door (the database did not answer in time) was answered with a sentence instead.
        const refusedClicks = new Set(
          emulator.calls
            .filter((c) => c.method.startsWith('chat.post') && String(c.args.text).includes('cannot record'))
            .map((c) => String(c.args.user ?? c.args.channel)),
        );
        const missing: string[] = [];
        const doubled: string[] = [];
        const check = (what: string, n: number, mayBeMissing = false) =>
          (n === 0 && !mayBeMissing ? missing : n > 1 ? doubled : []).push(`${what} ×${n}`);
        for (const item of acked) {
          if (item.kind === 'message')
            check(item.text, timeline.filter((e) => e.kind === 'message' && e.messageTs === item.ts).length);
          else if (item.kind === 'note') {
            check(item.text, timeline.filter((e) => e.kind === 'note' && e.text === item.text).length);
            check(`post of ${item.text}`, bot.filter((m) => mentions(m.text, item.text)).length);
          } else
            check(
              `${item.user} takes ${item.role}`,
              timeline.filter(
                (e) =>
                  e.kind.startsWith('role_') &&
                  (e.data as { role?: string; to?: string }).role === item.role &&
                  (e.data as { to?: string }).to === item.user,
              ).length,
              refusedClicks.has(item.user),
            );
        }
        expect({ missing, doubled }).toEqual({ missing: [], doubled: [] });
        // Nothing Firebreak posted in the channel, acknowledged or not, appears twice.
        const texts = bot.map((m) => m.text).filter((t) => /burst-/.test(t));
        expect(texts.length).toBe(new Set(texts).size);
        expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      } finally {
        await database.close();
      }
    } finally {
      if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
    }
  });

  /** The app's own idle signal: the inbox has carried out everything stored, and Slack's echoes are in. */
  async function idle(port: number): Promise<void> {
    let quietChecks = 0;
    let lastCalls = -1;
    await vi.waitFor(
      async () => {
        const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
          inbox?: { unfinished: number };
        };
        const calls = emulator.calls.length;
        const quiet = (health.inbox?.unfinished ?? 0) === 0 && emulator.echoesInFlight === 0 && calls === lastCalls;
        lastCalls = calls;
        quietChecks = quiet ? quietChecks + 1 : 0;
        if (quietChecks < 3) throw new Error(`inbox not caught up: ${JSON.stringify(health)}`);
      },
      { timeout: 120_000, interval: 200 },
    );
  }
});

/** `text` names `token` itself (burst-note-1 is not burst-note-11). */
const mentions = (text: string, token: string) => new RegExp(`${token}(?!\\d)`).test(text);

/** A take-role button click (`role_take:<role>`), signed and shaped as Slack sends block_actions. */
function clickTakeRole(emulator: SlackEmulator, channel: string, user: string, role: string) {
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: emulator.teamId },
    api_app_id: emulator.appId,
    token: emulator.verificationToken,
    container: { type: 'message', message_ts: '1.000001', channel_id: channel, is_ephemeral: true },
    trigger_id: emulator.issueTriggerId(user),
    team: { id: emulator.teamId, domain: 'sandbox' },
    channel: { id: channel, name: 'incident' },
    response_url: `${emulator.baseUrl}/response-url/none`,
    actions: [
      {
        action_id: `role_take:${role}`,
        block_id: 'roles',
        type: 'button',
        value: role,
        text: { type: 'plain_text', text: 'Take' },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return emulator.rawPost(body, {
    'Content-Type': 'application/x-www-form-urlencoded',
    ...emulator.signatureHeaders(body),
  });
}
