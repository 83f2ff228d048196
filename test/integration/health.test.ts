import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { parseConfigText } from '../../src/config/load.js';
import { startFirebreak } from '../../src/firebreak.js';
import { createLogger } from '../../src/observability/logger.js';
import { startSlackEmulator } from '../../src/sandbox/index.js';
import { openTestDatabase } from '../support/database.js';

describe('/healthz', () => {
  it('answers 200 while the database answers and 503 once it does not', async () => {
    const emulator = await startSlackEmulator();
    const database = await openTestDatabase();
    const app = await startFirebreak({
      config: {
        env: parseEnv({
          SLACK_BOT_TOKEN: emulator.botToken,
          SLACK_SIGNING_SECRET: 'health-secret',
          SLACK_API_URL: emulator.apiUrl,
        }),
        file: parseConfigText('', 'test'),
        source: 'test',
      },
      logger: createLogger('silent'),
      database,
      port: 0,
      scheduler: false,
    });
    try {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      await database.close();
      const down = await fetch(`${app.url}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'database unavailable' });
    } finally {
      await app.stop();
      await emulator.close();
    }
  });
});
