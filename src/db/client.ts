import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Logger } from '../observability/logger.js';
import { CLUSTER_DIR, type EmbeddedServer, startEmbeddedServer } from './embedded/server.js';
import * as schema from './schema/index.js';

/** The database as repositories see it: the same type inside or outside a transaction, on PGlite or PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  readonly db: Db;
  /** `embedded`: the PostgreSQL server Firebreak runs itself in FIREBREAK_DATA_DIR (the default). */
  readonly kind: 'postgres' | 'embedded' | 'pglite';
  /** Process ids of the embedded server, for measuring its memory; empty otherwise. */
  serverPids(): number[];
  /**
   * Where incoming Slack requests are stored before their ack: on PostgreSQL a pool of its own, so a
   * busy main pool never holds an ack past Slack's 3 seconds; on PGlite the same database.
   */
  readonly intake: Db;
  /** True when the database answers within `timeoutMs` (for /healthz). */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Connections of the intake pool (PostgreSQL): the ack path's inserts, see `Database.intake`. */
export const INTAKE_CONNECTIONS = 2;

export interface DatabaseOptions {
  url?: string | undefined;
  /** Where the embedded database lives when `url` is unset. */
  dataDir: string;
  logger: Logger;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** Open the embedded server even when `dataDir` holds an old PGlite database (the import tool's target). */
  embedded?: boolean;
}

/**
 * DATABASE_URL set → that PostgreSQL; unset → the embedded PostgreSQL server in FIREBREAK_DATA_DIR.
 * Both are driven by node-postgres, so the schema, migrations and repositories are one code path.
 * A data directory made by an earlier Firebreak with PGlite keeps opening with PGlite (see README).
 */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) return openPostgres({ connectionString: opts.url }, opts);
  if (!opts.embedded && isPgliteDataDir(opts.dataDir)) {
    opts.logger.warn(
      { dataDir: opts.dataDir },
      'FIREBREAK_DATA_DIR holds a PGlite database from an earlier Firebreak: using PGlite for it (slower, ~800 MiB). ' +
        'Copy it into the embedded PostgreSQL server with `npm run cli -- import-pglite` (README "Moving from PGlite").',
    );
    return openPglite(opts.dataDir);
  }
  const server = await startEmbeddedServer(opts.dataDir, opts.logger);
  try {
    return openPostgres(server.connection, opts, server);
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** `memory://` (an in-memory PGlite) or a directory PGlite made: its cluster sits at the top, not in postgres/. */
function isPgliteDataDir(dataDir: string): boolean {
  if (dataDir.startsWith('memory://')) return true;
  return existsSync(join(dataDir, 'PG_VERSION')) && !existsSync(join(dataDir, CLUSTER_DIR, 'PG_VERSION'));
}

function openPostgres(target: pg.PoolConfig, opts: DatabaseOptions, server?: EmbeddedServer): Database {
  const pool = new pg.Pool({
    ...target,
    max: opts.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    // A hung query must not hold a Slack handler (or the scheduler) forever.
    statement_timeout: 30_000,
  });
  const log = opts.logger.child({ module: 'db' });
  let closing = false;
  // pg's pool.end() resolves before its clients' sockets are closed: the embedded server, stopped right
  // after, may still terminate one (57P01). That is the shutdown working, not a failure to report.
  const closedByUs = (err: Error) => closing && (err as { code?: string }).code === '57P01';
  // An idle client losing its connection emits 'error' on the pool; without a listener it would crash the process.
  pool.on('error', (err) => closedByUs(err) || log.error({ err }, 'idle PostgreSQL connection failed'));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const intakePool = new pg.Pool({
    ...target,
    max: INTAKE_CONNECTIONS,
    connectionTimeoutMillis: 2_000,
    statement_timeout: 2_000,
  });
  intakePool.on('error', (err) => closedByUs(err) || log.error({ err }, 'idle PostgreSQL connection (intake) failed'));
  return {
    db,
    kind: server ? 'embedded' : 'postgres',
    serverPids: () => server?.pids() ?? [],
    intake: drizzlePg(intakePool, { schema }) as unknown as Db,
    ping: (timeoutMs) => pingWith(db, timeoutMs),
    async close() {
      closing = true;
      try {
        await Promise.all([pool.end(), intakePool.end()]);
      } finally {
        await server?.stop();
      }
    },
  };
}

/** A PGlite database (an old data directory, or `memory://`). */
export function openPglite(dataDir: string): Database {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    serverPids: () => [],
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
