import { ConfigError } from '../config/env.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../observability/logger.js';
import { openDatabase } from './client.js';
import { migrate } from './migrate.js';

/** `npm run migrate`: applies migrations/ to DATABASE_URL (or the embedded database) and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.env.LOG_LEVEL);
  const database = await openDatabase({ url: config.env.DATABASE_URL, dataDir: config.env.FIREBREAK_DATA_DIR, logger });
  try {
    await migrate(database);
    logger.info({ kind: database.kind }, 'migrations applied');
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `firebreak: ${err.message}` : err);
  process.exit(1);
});
