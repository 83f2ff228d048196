import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from './config/env.js';
import { openDatabase, openPglite } from './db/client.js';
import { importPgliteData } from './db/import-pglite.js';
import { migrate } from './db/migrate.js';
import { DomainError } from './domain/errors.js';
import type { Logger } from './observability/logger.js';

/**
 * `firebreak import-pglite [dir]`: copies every row of an earlier Firebreak's PGlite data directory
 * (default FIREBREAK_DATA_DIR) into the embedded PostgreSQL server in FIREBREAK_DATA_DIR — or into
 * DATABASE_URL's PostgreSQL when set. Both are migrated first. Idempotent: rows already copied are
 * left alone, so it can be run again (after an interruption, say). The PGlite files are not touched;
 * once the copy is there, Firebreak opens the server instead of PGlite. Returns the exit code.
 */
export async function runImportPglite(
  env: Pick<Env, 'DATABASE_URL' | 'FIREBREAK_DATA_DIR'>,
  dir: string | undefined,
  logger: Logger,
  out: NodeJS.WritableStream,
): Promise<number> {
  const source = dir ?? env.FIREBREAK_DATA_DIR;
  // PGlite's cluster at the top of the directory (the embedded server's, once copied, sits in postgres/).
  if (!existsSync(join(source, 'PG_VERSION')))
    throw new DomainError(
      'VALIDATION',
      `${source} holds no PGlite database (no PG_VERSION at its top): nothing to copy.`,
    );
  const from = openPglite(source);
  try {
    await migrate(from);
    const to = await openDatabase({
      url: env.DATABASE_URL,
      dataDir: env.FIREBREAK_DATA_DIR,
      logger,
      embedded: true,
    });
    try {
      await migrate(to);
      const counts = await importPgliteData(from, to);
      let read = 0;
      let added = 0;
      for (const [table, c] of Object.entries(counts)) {
        read += c.read;
        added += c.added;
        if (c.read) out.write(`${table}: ${c.read} rows, ${c.added} new\n`);
      }
      const target = env.DATABASE_URL
        ? 'the DATABASE_URL database'
        : `the embedded server in ${env.FIREBREAK_DATA_DIR}`;
      out.write(
        `Copied ${read} rows from ${source} into ${target} (${added} new; ${read - added} were already there).\n` +
          `The PGlite files in ${source} are left as they were; Firebreak now opens ${target}.\n`,
      );
      return 0;
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}
