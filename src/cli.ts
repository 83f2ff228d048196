#!/usr/bin/env node
import { ConfigError } from './config/env.js';
import { loadConfig } from './config/load.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { isDomainError } from './domain/errors.js';
import { runImportPglite } from './import-pglite-cli.js';
import { INBOX_SYNOPSIS, runInboxCli } from './inbox-cli.js';
import { createLogger } from './observability/logger.js';
import { exportPostmortem } from './services/postmortem/export-postmortem.js';
import { userRef } from './slack/views/format.js';

const USAGE = [
  'usage: firebreak export <incident-id | INC-42 | channel id | channel name>',
  `       ${INBOX_SYNOPSIS}`,
  '       firebreak import-pglite [old PGlite data directory; default FIREBREAK_DATA_DIR]',
].join('\n');

/**
 * `npm run cli -- export <incident>` (or the `firebreak` bin): prints the newest postmortem draft's
 * Markdown to stdout, so it can be piped into a wiki or a docs repository.
 * `npm run cli -- inbox [list|retry <id>|drop <id>]`: the durable inbox's unfinished Slack requests.
 * `npm run cli -- import-pglite [dir]`: copies an old PGlite data directory into the embedded server.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ref] = argv;
  if (command !== 'inbox' && command !== 'import-pglite' && (command !== 'export' || !ref)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  // Logs go to stderr: stdout is the document.
  const logger = createLogger(config.env.LOG_LEVEL === 'info' ? 'warn' : config.env.LOG_LEVEL, process.stderr);
  if (command === 'import-pglite') return runImportPglite(config.env, ref, logger, process.stdout);
  const database = await openDatabase({ url: config.env.DATABASE_URL, dataDir: config.env.FIREBREAK_DATA_DIR, logger });
  try {
    await migrate(database);
    if (command === 'inbox') return await runInboxCli(database, argv.slice(1), process.stdout);
    // Owners named as in the drafted document, which was written for Slack.
    const markdown = await exportPostmortem(database.db, ref!, config.file.timezone, (userId) => userRef(userId));
    process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    const known = err instanceof ConfigError || isDomainError(err);
    process.stderr.write(`firebreak: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`);
    process.exitCode = 1;
  },
);
