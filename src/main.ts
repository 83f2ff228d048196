import { withDotEnv } from './config/dotenv.js';
import { ConfigError } from './config/env.js';
import { loadConfig } from './config/load.js';
import { type Firebreak, startFirebreak } from './firebreak.js';
import { createLogger } from './observability/logger.js';

/** `npm start`: load and validate config, start, and stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  // `.env` in the working directory (listed in .gitignore) fills in what the real environment does not set.
  const config = loadConfig(withDotEnv(process.env));
  const logger = createLogger(config.env.LOG_LEVEL);
  // Installed before start-up: a SIGTERM while migrating or connecting still stops cleanly (exit 0)
  // instead of killing the process mid-migration with the default handler.
  let firebreak: Firebreak | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await firebreak?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  firebreak = await startFirebreak({ config, logger });
  if (stopping) {
    await firebreak.stop();
    process.exit(0);
  }
}

main().catch((err) => {
  // A configuration problem is one readable line; anything else is a crash with its stack.
  if (err instanceof ConfigError) console.error(`firebreak: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
