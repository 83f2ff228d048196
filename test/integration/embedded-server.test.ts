import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedServer, type Watchdog } from '../../src/db/embedded/server.js';
import { createLogger } from '../../src/observability/logger.js';

const silent = createLogger('silent');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fb-embedded-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the server in a child process (test/support/hold-embedded-server.ts); resolves with its pids when ready. */
function holdServer(dataDir: string, watchdog: Watchdog): Promise<{ child: ChildProcess; pids: number[] }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/hold-embedded-server.ts', dataDir, watchdog],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /ready ([\d,]+)/.exec(out);
      if (m) resolve({ child, pids: m[1]!.split(',').map(Number) });
    });
    child.once('exit', (code) => reject(new Error(`the child exited (${code}) before it was ready: ${out}`)));
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// The shell watchdog is what POSIX runs; the Node one is what Windows runs, tested here on this platform.
describe.each(['shell', 'node'] as const)('the embedded PostgreSQL server, %s watchdog', (watchdog) => {
  it('starts again on the same data after the app is killed with SIGKILL, with what was stored', {
    timeout: 120_000,
  }, async () => {
    const dataDir = tempDir();
    const { child, pids } = await holdServer(dataDir, watchdog);
    expect(pids.length).toBeGreaterThan(0);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    // The app is gone; its server must not outlive it, nor lock the directory for the next start.
    const server = await startEmbeddedServer(dataDir, silent);
    try {
      for (const pid of pids) expect(alive(pid), `old server process ${pid}`).toBe(false);
      const client = new pg.Client(server.connection);
      await client.connect();
      const { rows } = await client.query('select note from kept');
      await client.end();
      expect(rows).toEqual([{ note: 'stored before the crash' }]);
    } finally {
      await server.stop();
    }
  });

  it('stops with the app: no server process left and the directory unlocked', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const server = await startEmbeddedServer(dataDir, silent, { watchdog });
    const pids = server.pids();
    expect(pids.length).toBeGreaterThan(0);
    await server.stop();
    for (const pid of pids) expect(alive(pid), `server process ${pid}`).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  });
});
