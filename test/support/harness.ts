import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Firebreak } from '../../src/firebreak.js';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/index.js';
import { startFirebreakOn } from '../../src/sandbox/start-app.js';
import { openTestDatabase, type TestDatabase } from './database.js';
import { capturingLogger } from './logs.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** The broadcast channel every harness config uses (seeded in the emulator with the bot as member). */
export const BROADCAST = 'CINCIDENTS';

export const DEFAULT_CONFIG = `
timezone: UTC
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments, links: { dashboard: "https://grafana.example.com/d/pay" } }
  - { name: search, risk: medium, team: discovery }
  - { name: analytics, risk: low, team: data }
`;

export interface HarnessOptions {
  config?: string;
  now?: () => Date;
  env?: Record<string, string>;
  /** Run the app in Socket Mode (SLACK_APP_TOKEN = the emulator's app token) instead of signed HTTP. */
  socketMode?: boolean;
  /** Statuspage's pace (its 1 request per second and retry pauses), shortened by tests that publish. */
  statuspagePace?: { intervalMs?: number; sleep?: (ms: number) => Promise<void> };
}

/** A running Firebreak against the emulator, on the file's test database. */
export class Harness {
  emulator!: SlackEmulator;
  app!: Firebreak;
  database!: TestDatabase;
  logs: string[] = [];
  /** The environment the app was last started with (a second instance starts with the same). */
  env: Record<string, string> = {};

  get db() {
    return this.database.db;
  }

  async start(opts: HarnessOptions = {}): Promise<void> {
    this.database ??= await openTestDatabase();
    this.emulator ??= await startSlackEmulator();
    await this.startApp(opts);
  }

  /** Stops the app (not the database or emulator) and starts it again with new options: a restart. */
  async restart(opts: HarnessOptions = {}): Promise<void> {
    await this.app.stop();
    await this.startApp(opts);
  }

  private async startApp(opts: HarnessOptions): Promise<void> {
    const { logger, lines } = capturingLogger('debug');
    this.logs = lines;
    const env = { ...opts.env, ...(opts.socketMode && { SLACK_APP_TOKEN: this.emulator.appToken }) };
    this.env = { ...opts.env };
    this.app = await startFirebreakOn(this.emulator, {
      configText: opts.config ?? DEFAULT_CONFIG,
      source: 'test config',
      signingSecret: SIGNING_SECRET,
      env,
      logger,
      database: this.database,
      scheduler: false,
      ...(opts.now && { now: opts.now }),
      ...(opts.statuspagePace && { statuspagePace: opts.statuspagePace }),
    });
  }

  /**
   * Between tests: let the last test's unfinished work end (it would otherwise write into the next
   * test's database or take its scripted Slack faults), then empty the database and the workspace,
   * and fail on any Slack protocol violation.
   */
  async reset(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (((this.app?.busy() ?? 0) > 0 || (this.emulator?.echoesInFlight ?? 0) > 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 15));
    const violations = [...this.emulator.violations];
    this.emulator.reset();
    await this.database.reset();
    if (violations.length) throw new Error(`Slack protocol violations:\n${violations.join('\n')}`);
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    await this.emulator?.close();
    await this.database?.close();
  }
}

/** Registers a harness for the current test file. */
export function useHarness(opts: HarnessOptions = {}): Harness {
  const h = new Harness();
  beforeAll(() => h.start(opts));
  afterEach(() => h.reset());
  afterAll(() => h.stop());
  return h;
}
