/**
 * A throwaway database per benchmark stack, so runs never see each other's incidents (the emulator
 * hands out the same channel ids every run). PGlite: a temp directory. PostgreSQL (DATABASE_URL set):
 * a scratch database on that server, dropped afterwards; the server's own database is never touched.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '../src/db/scratch-database.js';

export interface BenchDatabase {
  /** Environment variables that point the app at it. */
  env: Record<string, string>;
  /** For the report; never contains credentials. */
  description: string;
  remove(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'firebreak-bench-'));
    return {
      env: { FIREBREAK_DATA_DIR: dir },
      description: 'the embedded default, in a temp directory',
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  }
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  try {
    scratch = await createScratchDatabase(serverUrl, 'firebreak_bench');
  } catch (err) {
    throw new Error(`could not create a scratch database on DATABASE_URL's server (${(err as Error).message})`);
  }
  const url = new URL(scratch.url);
  return {
    env: { DATABASE_URL: scratch.url },
    description: `PostgreSQL at ${url.hostname}:${url.port || 5432}, scratch database ${scratch.name}`,
    remove: () => scratch.drop(),
  };
}
