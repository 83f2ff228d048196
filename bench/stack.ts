/**
 * What the benchmark runs against: the Slack emulator, the real Firebreak (started like `npm start`,
 * with its database chosen from the environment), and a bare Bolt app that only acks — the floor any
 * Bolt app on this machine pays. The emulator's driver signs every request, so both apps verify
 * signatures exactly as they would for Slack. Everything listens on 127.0.0.1.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { parseEnv } from '../src/config/env.js';
import { parseConfigText } from '../src/config/load.js';
import { type Firebreak, startFirebreak } from '../src/firebreak.js';
import { createLogger } from '../src/observability/logger.js';
import { commandCounts, countsDelta, settle, totalOf } from '../src/sandbox/demo/probe.js';
import { DEMO_CONFIG } from '../src/sandbox/demo/setup.js';
import { type SlackEmulator, startSlackEmulator } from '../src/sandbox/index.js';
import { type BenchDatabase, createBenchDatabase } from './database.js';

export const BROADCAST = 'CINCIDENTS';
const SIGNING_SECRET = 'bench-signing-secret-not-a-real-one';

export class BenchStack {
  private constructor(
    readonly emulator: SlackEmulator,
    readonly app: Firebreak,
    private readonly bare: { app: App; url: string },
    private readonly db: BenchDatabase,
  ) {}

  static async start(): Promise<BenchStack> {
    const db = await createBenchDatabase();
    const emulator = await startSlackEmulator();
    const env = parseEnv({
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.apiUrl,
      PORT: '0',
      ...db.env,
    });
    const file = parseConfigText(DEMO_CONFIG, 'bench config');
    // Warnings go to stderr so they stay visible without breaking the table on stdout.
    const logger = createLogger('warn', process.stderr);
    const app = await startFirebreak({ config: { env, file, source: 'bench config' }, logger });
    const bare = await startBareBolt(emulator);
    const stack = new BenchStack(emulator, app, bare, db);
    stack.useFirebreak();
    return stack;
  }

  get databaseDescription(): string {
    return `${this.app.database.kind}: ${this.db.description}`;
  }

  /** The emulator's driver sends to Firebreak from now on. */
  useFirebreak(): void {
    this.emulator.connectApp({ url: `${this.app.url}/slack/events`, signingSecret: SIGNING_SECRET });
  }

  /** The emulator's driver sends to the bare Bolt app from now on. */
  useBareBolt(): void {
    this.emulator.connectApp({ url: this.bare.url, signingSecret: SIGNING_SECRET });
  }

  /** Firebreak's command counters (`subcommand/outcome → n`) from its /metrics. */
  counts(): Promise<Map<string, number>> {
    return commandCounts(this.app.url);
  }

  /**
   * Waits until Firebreak has finished `n` more commands than `before` shows (it counts a command
   * after its slow work) and the emulator has been quiet for 200 ms. Returns the outcomes.
   */
  async drain(before: Map<string, number>, n: number, label: string, timeoutMs = 120_000) {
    const done = async () => totalOf(countsDelta(before, await this.counts())) >= n;
    await settle(this.emulator, { until: done, timeoutMs, label });
    return countsDelta(before, await this.counts());
  }

  /** Polls /metrics until Firebreak has counted `n` more commands than `before` shows. */
  async waitForCommands(before: Map<string, number>, n: number, timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (totalOf(countsDelta(before, await this.counts())) < n) {
      if (performance.now() > deadline) throw new Error(`Firebreak did not finish ${n} command(s) in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async stop(): Promise<void> {
    await this.bare.app.stop();
    await this.app.stop();
    await this.emulator.close();
    await this.db.remove();
  }
}

/** The brief's baseline: HTTPReceiver (Bolt's default with a signing secret) and one listener that acks. */
async function startBareBolt(emulator: SlackEmulator): Promise<{ app: App; url: string }> {
  const app = new App({
    token: emulator.botToken,
    signingSecret: SIGNING_SECRET,
    // Given up front, so Bolt never calls auth.test inside a request.
    botId: emulator.botId,
    botUserId: emulator.botUserId,
    clientOptions: { slackApiUrl: emulator.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  app.command('/incident', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/slack/events` };
}
