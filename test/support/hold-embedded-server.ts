/**
 * Child process for test/integration/embedded-server.test.ts: starts the embedded server in the data
 * directory given as argv[2] (watched by the watchdog named in argv[3]), stores one row, says "ready"
 * and waits to be killed.
 */
import pg from 'pg';
import { startEmbeddedServer, type Watchdog } from '../../src/db/embedded/server.js';
import { createLogger } from '../../src/observability/logger.js';

const server = await startEmbeddedServer(process.argv[2]!, createLogger('silent'), {
  watchdog: process.argv[3] as Watchdog,
});
const client = new pg.Client(server.connection);
await client.connect();
await client.query('create table if not exists kept (note text)');
await client.query("insert into kept values ('stored before the crash')");
await client.end();
process.stdout.write(`ready ${server.pids().join(',')}\n`);
setInterval(() => undefined, 60_000);
