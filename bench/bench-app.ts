import type { Firebreak } from '../src/firebreak.js';
import { createLogger } from '../src/observability/logger.js';
import { type SlackEmulator, startSlackEmulator } from '../src/sandbox/index.js';
import { startFirebreakOn } from '../src/sandbox/start-app.js';
import { createBenchDatabase } from './database.js';

export const SIGNING_SECRET = 'bench-signing-secret-not-a-real-one';

export interface BenchApp {
  emulator: SlackEmulator;
  app: Firebreak;
  /** For the report, e.g. `pglite: PGlite, embedded, …`; never contains credentials. */
  database: string;
  stop(): Promise<void>;
}

export async function startBenchApp(opts: {
  config: string;
  /** Extra variables (FIREBREAK_WEBHOOK_TOKEN, …). */
  env?: Record<string, string>;
  /** The cron tick; off when the bench ticks by hand or must not be disturbed. */
  scheduler?: boolean;
  now?: () => Date;
}): Promise<BenchApp> {
  const db = await createBenchDatabase();
  const emulator = await startSlackEmulator();
  try {
    const app = await startFirebreakOn(emulator, {
      configText: opts.config,
      source: 'bench config',
      signingSecret: SIGNING_SECRET,
      env: { ...db.env, ...opts.env },
      // Warnings go to stderr so they stay visible without breaking the tables on stdout.
      logger: createLogger('warn', process.stderr),
      ...(opts.scheduler !== undefined && { scheduler: opts.scheduler }),
      ...(opts.now && { now: opts.now }),
    });
    return {
      emulator,
      app,
      database: `${app.database.kind}: ${db.description}`,
      async stop() {
        await app.stop();
        await emulator.close();
        await db.remove();
      },
    };
  } catch (err) {
    await emulator.close();
    await db.remove();
    throw err;
  }
}
