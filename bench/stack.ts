/**
 * What the benchmark runs against: the Slack emulator, the real Firebreak (started like `npm start`,
 * with its database chosen from the environment), and a bare Bolt app that only acks — the floor any
 * Bolt app on this machine pays. The emulator's driver signs every request, so both apps verify
 * signatures exactly as they would for Slack. Everything listens on 127.0.0.1.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import type { Firebreak } from '../src/firebreak.js';
import { commandCounts, countsDelta, settle, totalOf } from '../src/sandbox/demo/probe.js';
import { DEMO_CONFIG } from '../src/sandbox/demo/setup.js';
import type { SlackEmulator } from '../src/sandbox/index.js';
import { type BenchApp, SIGNING_SECRET, startBenchApp } from './bench-app.js';

export const BROADCAST = 'CINCIDENTS';

export class BenchStack {
  private constructor(
    private readonly firebreak: BenchApp,
    private readonly bare: { app: App; url: string },
  ) {}

  static async start(): Promise<BenchStack> {
    const firebreak = await startBenchApp({ config: DEMO_CONFIG });
    try {
      return new BenchStack(firebreak, await startBareBolt(firebreak.emulator));
    } catch (err) {
      await firebreak.stop();
      throw err;
    }
  }

  get emulator(): SlackEmulator {
    return this.firebreak.emulator;
  }

  get app(): Firebreak {
    return this.firebreak.app;
  }

  get databaseDescription(): string {
    return this.firebreak.database;
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
    await this.firebreak.stop();
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
