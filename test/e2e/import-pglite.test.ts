import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, openPglite } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { incidents, timelineEvents } from '../../src/db/schema/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { capturingLogger } from '../support/logs.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

function cli(args: string[], dataDir: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(TSX, ['src/cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', FIREBREAK_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('firebreak import-pglite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-pglite-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // A generous per-test limit (PGlite's start and the server's initdb, twice, on a loaded machine); not a time assertion.
  it('copies an old PGlite data directory into the embedded server, once, and the app opens the server', {
    timeout: 240_000,
  }, async () => {
    // An earlier Firebreak's data directory: PGlite's cluster at the top, two incidents and a note.
    const old = openPglite(dataDir);
    await migrate(old);
    const rows = await old.db
      .insert(incidents)
      .values([
        { title: 'Checkout down', severity: 1, declaredBy: 'UALICE', channelId: 'C0OLD1' },
        { title: 'Search slow', severity: 2, declaredBy: 'UBOB', channelId: 'C0OLD2' },
      ])
      .returning();
    await old.db
      .insert(timelineEvents)
      .values({ incidentId: rows[0]!.id, kind: 'note', actorId: 'UALICE', at: new Date(), text: 'Kept across' });
    await old.close();

    // Today the app opens it with PGlite, and the warning names the tool.
    const { logger, lines } = capturingLogger('warn');
    const before = await openDatabase({ dataDir, logger });
    expect(before.kind).toBe('pglite');
    await before.close();
    expect(lines.join('')).toContain('npm run cli -- import-pglite');

    const first = await cli(['import-pglite'], dataDir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('incidents: 2 rows, 2 new');
    expect(first.stdout).toContain('timeline_events: 1 rows, 1 new');

    const again = await cli(['import-pglite'], dataDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('incidents: 2 rows, 0 new');
    expect(again.stdout).toMatch(/\(0 new; \d+ were already there\)/);

    const after = await openDatabase({ dataDir, logger: createLogger('silent') });
    try {
      expect(after.kind).toBe('embedded');
      const copied = await after.db.select().from(incidents);
      expect(copied.map((i) => [i.id, i.number, i.title]).sort()).toEqual(
        rows.map((i) => [i.id, i.number, i.title]).sort(),
      );
      expect((await after.db.select().from(timelineEvents)).map((e) => e.text)).toEqual(['Kept across']);
      // The next incident takes the next number, not one already used.
      const [next] = await after.db
        .insert(incidents)
        .values({ title: 'New', severity: 2, declaredBy: 'UALICE' })
        .returning();
      expect(next!.number).toBe(Math.max(...rows.map((r) => r.number)) + 1);
    } finally {
      await after.close();
    }
  });

  it('refuses a directory with no PGlite database in one sentence', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'firebreak-empty-'));
    try {
      const res = await cli(['import-pglite', empty], empty);
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(
        `firebreak: ${empty} holds no PGlite database (no PG_VERSION at its top): nothing to copy.\n`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
