/** A Firebreak on its own scratch database with a hand-moved clock and no cron: ticks are run by the bench. */
import { parseEnv } from '../src/config/env.js';
import { parseConfigText } from '../src/config/load.js';
import { startFirebreak } from '../src/firebreak.js';
import { createLogger } from '../src/observability/logger.js';
import { startSlackEmulator } from '../src/sandbox/index.js';
import { createBenchDatabase } from './database.js';
import { measureSchedulerTick, type TickResult } from './scheduler-tick.js';

export async function runTickBench(): Promise<TickResult> {
  const db = await createBenchDatabase();
  const emulator = await startSlackEmulator();
  let now = new Date('2026-11-23T10:00:00Z');
  const clock = {
    set: (d: Date) => {
      now = d;
    },
  };
  const app = await startFirebreak({
    config: {
      env: parseEnv({
        SLACK_BOT_TOKEN: emulator.botToken,
        SLACK_SIGNING_SECRET: 'bench-tick',
        SLACK_API_URL: emulator.apiUrl,
        ...db.env,
      }),
      file: parseConfigText('channels: { broadcast: CINCIDENTS }', 'bench'),
      source: 'bench',
    },
    logger: createLogger('warn', process.stderr),
    port: 0,
    scheduler: false,
    now: () => now,
  });
  try {
    return await measureSchedulerTick(app, emulator, clock);
  } finally {
    await app.stop();
    await emulator.close();
    await db.remove();
  }
}
