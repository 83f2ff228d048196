/**
 * The real Firebreak on a throwaway database (PGlite, or a scratch database when DATABASE_URL is
 * set), wired to its own Slack emulator exactly as `npm start` would be, except that Slack is local.
 * Every bench section that drives the app starts it here.
 */
import { parseEnv } from '../src/config/env.js';
import { parseConfigText } from '../src/config/load.js';
import { type Firebreak, startFirebreak } from '../src/firebreak.js';
import { createLogger } from '../src/observability/logger.js';
import { type SlackEmulator, startSlackEmulator } from '../src/sandbox/index.js';
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
    const env = parseEnv({
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.apiUrl,
      PORT: '0',
      ...db.env,
      ...opts.env,
    });
    const app = await startFirebreak({
      config: { env, file: parseConfigText(opts.config, 'bench config'), source: 'bench config' },
      // Warnings go to stderr so they stay visible without breaking the tables on stdout.
      logger: createLogger('warn', process.stderr),
      ...(opts.scheduler !== undefined && { scheduler: opts.scheduler }),
      ...(opts.now && { now: opts.now }),
    });
    emulator.connectApp({ url: `${app.url}/slack/events`, signingSecret: SIGNING_SECRET });
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
