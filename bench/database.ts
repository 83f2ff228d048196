/**
 * A throwaway database per benchmark stack, so runs never see each other's incidents (the emulator
 * hands out the same channel ids every run). PGlite: a temp directory. PostgreSQL (DATABASE_URL set):
 * a scratch database on that server, dropped afterwards; the server's own database is never touched.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

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
      description: 'PGlite, embedded, on disk in a temp directory',
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `firebreak_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await admin(serverUrl, `create database ${name}`);
  } catch (err) {
    throw new Error(`could not create a scratch database on DATABASE_URL's server (${(err as Error).message})`);
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    description: `PostgreSQL at ${url.hostname}:${url.port || 5432}, scratch database ${name}`,
    remove: () => admin(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
