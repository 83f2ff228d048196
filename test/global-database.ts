/**
 * Without DATABASE_URL the suite runs on the embedded default: one embedded PostgreSQL server for the
 * whole run, started here exactly as the app starts it, and every test file gets its own scratch
 * database on it (the same path as on an external PostgreSQL).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedServer, startEmbeddedServer } from '../src/db/embedded/server.js';
import { createLogger } from '../src/observability/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's embedded server; empty when DATABASE_URL names the server. */
    embeddedDatabaseUrl: string;
  }
}

let server: EmbeddedServer | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.DATABASE_URL) {
    project.provide('embeddedDatabaseUrl', '');
    return;
  }
  dataDir = await mkdtemp(join(tmpdir(), 'firebreak-test-db-'));
  server = await startEmbeddedServer(dataDir, createLogger('warn', process.stderr));
  project.provide('embeddedDatabaseUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
