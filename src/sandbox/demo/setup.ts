/**
 * Starts the pieces of the demo: the Slack emulator and the real app on a fresh embedded PGlite, wired
 * together exactly as `npm start` would be, except that Slack is local.
 */
import { join, resolve } from 'node:path';
import type { Firebreak } from '../../firebreak.js';
import { createLogger } from '../../observability/logger.js';
import { type SlackEmulator, startSlackEmulator } from '../index.js';
import { startFirebreakOn } from '../start-app.js';

export const BROADCAST = 'CINCIDENTS';
const SIGNING_SECRET = 'demo-signing-secret-not-a-real-one';

/** The demo's configuration: a broadcast channel and two services; the bench runs on the same. */
export const DEMO_CONFIG = `
timezone: UTC
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments, links: { dashboard: "https://grafana.example.com/d/pay" } }
  - { name: search, risk: medium, team: discovery }
`;

export interface DemoStack {
  emulator: SlackEmulator;
  app: Firebreak;
  /** Where this run's database lives. */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A new data directory per run, so running the demo twice never finds yesterday's incidents (or the
 * emulator reusing channel ids the old database already knows).
 */
function freshDataDir(): string {
  const base = process.env.FIREBREAK_DATA_DIR || './.firebreak';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return resolve(join(base, `demo-${stamp}`));
}

export async function startDemoStack(): Promise<DemoStack> {
  const emulator = await startSlackEmulator();
  const dataDir = freshDataDir();
  try {
    // DATABASE_URL is deliberately not passed: the demo must not write into someone's real database.
    const app = await startFirebreakOn(emulator, {
      configText: DEMO_CONFIG,
      source: 'demo config',
      signingSecret: SIGNING_SECRET,
      env: { FIREBREAK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      logger: createLogger('warn'),
    });
    return {
      emulator,
      app,
      dataDir,
      async stop() {
        await app.stop();
        await emulator.close();
      },
    };
  } catch (err) {
    await emulator.close();
    throw err;
  }
}
