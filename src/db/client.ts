import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Logger } from '../observability/logger.js';
import * as schema from './schema/index.js';

/** The database as repositories see it: the same type inside or outside a transaction, on PGlite or PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  readonly db: Db;
  readonly kind: 'postgres' | 'pglite';
  /**
   * Where incoming Slack requests are stored before their ack: on PostgreSQL a pool of its own, so a
   * busy main pool never holds an ack past Slack's 3 seconds; on PGlite the same database.
   */
  readonly intake: Db;
  /** True when the database answers within `timeoutMs` (for /healthz). */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  dataDir: string;
  logger: Logger;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

/** DATABASE_URL set → node-postgres pool; unset → embedded PGlite. Same schema and repositories for both. */
export function openDatabase(opts: DatabaseOptions): Database {
  return opts.url ? openPostgres(opts.url, opts) : openPglite(opts.dataDir);
}

function openPostgres(url: string, opts: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    // A hung query must not hold a Slack handler (or the scheduler) forever.
    statement_timeout: 30_000,
  });
  const log = opts.logger.child({ module: 'db' });
  // An idle client losing its connection emits 'error' on the pool; without a listener it would crash the process.
  pool.on('error', (err) => log.error({ err }, 'idle PostgreSQL connection failed'));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const intakePool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: 2_000,
    statement_timeout: 2_000,
  });
  intakePool.on('error', (err) => log.error({ err }, 'idle PostgreSQL connection (intake) failed'));
  return {
    db,
    kind: 'postgres',
    intake: drizzlePg(intakePool, { schema }) as unknown as Db,
    ping: (timeoutMs) => pingWith(db, timeoutMs),
    close: async () => {
      await Promise.all([pool.end(), intakePool.end()]);
    },
  };
}

function openPglite(dataDir: string): Database {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    intake: db,
    ping: (timeoutMs) => pingWith(db, timeoutMs),
    close: () => client.close(),
  };
}

async function pingWith(db: Db, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([db.execute(sql`select 1`).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
