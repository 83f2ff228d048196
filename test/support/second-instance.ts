import { parseEnv } from '../../src/config/env.js';
import { parseConfigText } from '../../src/config/load.js';
import { openDatabase } from '../../src/db/client.js';
import { type Firebreak, startFirebreak } from '../../src/firebreak.js';
import { createLogger } from '../../src/observability/logger.js';
import { type Harness, SIGNING_SECRET } from './harness.js';

/**
 * A second Firebreak on the harness's PostgreSQL database and Slack emulator, without its own
 * scheduler: tests tick both at once to prove replicas do each piece of work once. PostgreSQL only
 * (`h.database.url`). Stop it with `stopSecondInstance`.
 */
export async function startSecondInstance(h: Harness, opts: { config: string; now: () => Date }): Promise<Firebreak> {
  return startFirebreak({
    config: {
      env: parseEnv({
        SLACK_BOT_TOKEN: h.emulator.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: h.emulator.apiUrl,
      }),
      file: parseConfigText(opts.config, 'test'),
      source: 'test',
    },
    logger: createLogger('silent'),
    database: openDatabase({ url: h.database.url!, dataDir: '', logger: createLogger('silent') }),
    port: 0,
    scheduler: false,
    now: opts.now,
  });
}

export async function stopSecondInstance(app: Firebreak): Promise<void> {
  await app.stop();
  await app.database.close();
}
