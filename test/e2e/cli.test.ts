import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { incidents, postmortems } from '../../src/db/schema/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

/** `firebreak export …` as a process, against the embedded database in `dataDir` or `databaseUrl`. */
function cli(args: string[], where: { dataDir?: string; databaseUrl?: string }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(TSX, ['src/cli.ts', ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...(where.dataDir && { FIREBREAK_DATA_DIR: where.dataDir }),
        ...(where.databaseUrl && { DATABASE_URL: where.databaseUrl }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('firebreak export', () => {
  // PostgreSQL when the suite runs on it (a scratch database), else an embedded one on disk.
  let db: TestDatabase | Database;
  const where: { dataDir?: string; databaseUrl?: string } = {};
  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      db = await openTestDatabase();
      where.databaseUrl = (db as TestDatabase).url!;
    } else {
      where.dataDir = mkdtempSync(join(tmpdir(), 'firebreak-cli-'));
      db = await openDatabase({ dataDir: where.dataDir, logger: createLogger('silent') });
      await migrate(db);
    }
    const [incident] = await db.db
      .insert(incidents)
      .values({
        title: 'Checkout down',
        severity: 1,
        declaredBy: 'UALICE',
        channelId: 'C0INC',
        channelName: 'inc-2026-11-23-checkout-down',
      })
      .returning();
    for (const version of [1, 2])
      await db.db.insert(postmortems).values({
        incidentId: incident!.id,
        version,
        markdown: `# INC-${incident!.number}: Checkout down (v${version})\n`,
        source: 'deterministic',
        createdAt: new Date(),
      });
    // The embedded database has one writer: let the CLI open it.
    if (!process.env.DATABASE_URL) await db.close();
  });
  afterAll(async () => {
    if (process.env.DATABASE_URL) await db.close();
  });

  // Each call compiles with tsx and boots the database (~4 s cold; more under a parallel suite).
  it('prints the newest version by incident number, channel name or channel id', { timeout: 90_000 }, async () => {
    for (const ref of ['INC-1', '#inc-2026-11-23-checkout-down', 'C0INC']) {
      const res = await cli(['export', ref], where);
      expect(res, ref).toMatchObject({ code: 0, stdout: '# INC-1: Checkout down (v2)\n' });
    }
  });

  it('says what is wrong, on stderr, with a non-zero exit', { timeout: 90_000 }, async () => {
    expect(await cli(['export', 'INC-999'], where)).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'firebreak: No incident matches "INC-999"; give its id, INC-<number> or channel.\n',
    });
    expect(await cli([], where)).toMatchObject({
      code: 2,
      stderr:
        'usage: firebreak export <incident-id | INC-42 | channel id | channel name>\n       firebreak inbox [list] | inbox retry <id> | inbox drop <id>\n       firebreak import-pglite [old PGlite data directory; default FIREBREAK_DATA_DIR]\n',
    });
  });
});
