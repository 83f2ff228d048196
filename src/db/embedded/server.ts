/**
 * The embedded default: a real PostgreSQL server (binaries from an npm package) that Firebreak starts
 * in FIREBREAK_DATA_DIR/postgres and stops itself. Queries run in the server's processes, not on the
 * app's event loop, and the app talks to it with the same driver (`pg`) as to any PostgreSQL.
 *
 * - It listens on a Unix socket only, in a directory only its owner can enter: no TCP port to clash
 *   with or to expose, and trust authentication stays local to this user.
 * - A small watchdog sits between the app and the server and holds a pipe from the app: when the app
 *   exits for any reason, SIGKILL included, the pipe closes and the watchdog asks the server for a fast
 *   shutdown. A restart waits for that shutdown to finish instead of finding the directory locked. On
 *   POSIX it is a shell (a megabyte); on Windows, which has neither `sh` nor SIGINT, a Node process that
 *   also polls the app's pid and stops the server with `pg_ctl stop -m fast`.
 * - `initdb` writes to a temporary directory renamed into place when complete, so a crash during the
 *   first start never leaves half a cluster behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from '../../observability/logger.js';
import { type ServerBinaries, serverBinaries } from './binaries.js';

/** The directory under FIREBREAK_DATA_DIR that holds the cluster. */
export const CLUSTER_DIR = 'postgres';
const SOCKET_FILE = '.s.PGSQL.5432';
// sockaddr_un holds 108 bytes on Linux (104 on macOS); leave room for the terminating NUL.
const MAX_SOCKET_PATH = 103;
const READY_TIMEOUT_MS = 60_000;
const STALE_SERVER_TIMEOUT_MS = 30_000;

/**
 * Sized for one Firebreak process: a few connections and small buffers keep the server's memory low;
 * fsync and synchronous commit stay on, because "acknowledged" must mean "stored".
 */
const SERVER_SETTINGS: Record<string, string> = {
  listen_addresses: '',
  unix_socket_permissions: '0700',
  max_connections: '60',
  shared_buffers: '32MB',
  work_mem: '4MB',
  maintenance_work_mem: '32MB',
  // PostgreSQL 18's default spawns three I/O worker processes; synchronous I/O needs none.
  io_method: 'sync',
  wal_level: 'minimal',
  max_wal_senders: '0',
  max_logical_replication_workers: '0',
  max_worker_processes: '2',
  max_parallel_workers: '0',
  max_parallel_workers_per_gather: '0',
  log_min_messages: 'warning',
  log_checkpoints: 'off',
  // The app may be stopped before the server is: a statement left running must not hold anything.
  idle_in_transaction_session_timeout: '60s',
};

// POSIX sh: runs the server, and shuts it down fast when the app's end of fd 0 closes (the app exited or
// asked). Background jobs of a non-interactive shell read /dev/null, hence the explicit fd 3.
const WATCHDOG = [
  'exec 3<&0 </dev/null',
  '"$@" &',
  'pg=$!',
  '( read -r _ <&3; kill -INT "$pg" 2>/dev/null ) &',
  'watch=$!',
  'wait "$pg"; status=$?',
  'kill "$watch" 2>/dev/null',
  'exit "$status"',
].join('\n');

// Node, for Windows (and tested on every platform): the same contract as WATCHDOG. argv: pg_ctl, cluster,
// then the server's command line. The app's end of stdin closing, or the app's pid going away, stops it.
const NODE_WATCHDOG = `
const { spawn } = require('node:child_process');
const [pgCtl, cluster, postgres, ...args] = process.argv.slice(1);
const server = spawn(postgres, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const app = process.ppid;
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  spawn(pgCtl, ['stop', '-D', cluster, '-m', 'fast', '-w'], { stdio: 'ignore' }).on('error', () => server.kill());
};
process.stdin.on('end', stop).on('close', stop).on('error', stop).resume();
const poll = setInterval(() => {
  try { process.kill(app, 0); } catch { stop(); }
}, 1000);
server.on('exit', (code) => { clearInterval(poll); process.exit(code ?? 1); });
`;

/** How the server is watched: `shell` (POSIX) or `node` (Windows; any platform in tests). */
export type Watchdog = 'shell' | 'node';

export interface EmbeddedServer {
  /** node-postgres connection settings for the server's `postgres` database. */
  connection: pg.PoolConfig;
  /** A libpq URL to the same (for tools that take a URL; the socket directory rides in `host=`). */
  url: string;
  /** Process ids, for measuring the server's memory. */
  pids(): number[];
  /** Fast shutdown: waits until the server has exited. */
  stop(): Promise<void>;
}

interface Owner {
  uid: number;
  gid: number;
}

/** Starts (creating it on first use) the embedded server whose data lives in `dataDir/postgres`. */
export async function startEmbeddedServer(
  dataDir: string,
  logger: Logger,
  opts: { watchdog?: Watchdog } = {},
): Promise<EmbeddedServer> {
  const log = logger.child({ module: 'embedded-postgres' });
  const binaries = await serverBinaries();
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const owner = serverOwner(root, [dirname(binaries.postgres), dirname(binaries.initdb)]);
  const cluster = join(root, CLUSTER_DIR);
  if (!existsSync(join(cluster, 'PG_VERSION'))) await initCluster(binaries.initdb, root, owner, log);
  await waitForStaleServer(cluster);
  const socketDir = await socketDirectory(cluster, owner);
  const watchdog = opts.watchdog ?? (process.platform === 'win32' ? 'node' : 'shell');
  const child = spawnServer(binaries, cluster, socketDir, owner, watchdog);
  const output = collectOutput(child, log);
  const connection: pg.PoolConfig = { host: socketDir, port: 5432, user: 'postgres', database: 'postgres' };
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await waitUntilReady(connection, exited, output);
  } catch (err) {
    child.stdin?.end();
    await exited;
    throw err;
  }
  let stopping: Promise<void> | undefined;
  exited.then((code) => {
    if (!stopping)
      log.error({ code, output: lastLines(output) }, 'the embedded PostgreSQL server stopped unexpectedly');
  });
  return {
    connection,
    url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`,
    pids: () => serverPids(cluster),
    stop() {
      stopping ??= (async () => {
        child.stdin?.end();
        await exited;
        if (socketDir !== cluster) rmSync(socketDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/**
 * PostgreSQL refuses to run as root. When Firebreak runs as root (a container without USER, CI), the
 * server runs as the data directory's owner, or as `nobody` when root owns it too.
 */
function serverOwner(root: string, binaryDirs: string[]): Owner | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const st = statSync(root);
  const owner = st.uid !== 0 ? { uid: st.uid, gid: st.gid } : { uid: 65534, gid: 65534 };
  // The server must be able to pass through every directory above its cluster and its binaries (pass,
  // not list): a root-owned 0700 directory such as `mktemp -d`, or a checkout under /root, gets o+x.
  for (const start of [root, ...binaryDirs])
    for (let dir = start; ; dir = dirname(dir)) {
      const d = statSync(dir);
      if (d.uid === 0 && d.uid !== owner.uid && !(d.mode & 0o001)) chmodSync(dir, d.mode | 0o001);
      if (dirname(dir) === dir) break;
    }
  return owner;
}

async function initCluster(initdb: string, root: string, owner: Owner | undefined, log: Logger): Promise<void> {
  // Leftovers of an initdb interrupted by a crash; the cluster itself only appears when complete.
  for (const name of readdirSync(root)) {
    if (name.startsWith(`${CLUSTER_DIR}.init-`)) rmSync(join(root, name), { recursive: true, force: true });
  }
  const staging = join(root, `${CLUSTER_DIR}.init-${process.pid}`);
  mkdirSync(staging, { mode: 0o700 });
  if (owner) chownSync(staging, owner.uid, owner.gid);
  log.info({ dataDir: root }, 'creating the embedded PostgreSQL database (first start)');
  const args = ['-D', staging, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'];
  const { code, output } = await run(initdb, args, owner);
  if (code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    const hint = owner
      ? ` (running as root, the server runs as uid ${owner.uid}: it must be able to reach ${root})`
      : '';
    throw new Error(`could not create the embedded database in ${root}${hint}: ${lastLines(output)}`);
  }
  rmSync(join(root, CLUSTER_DIR), { recursive: true, force: true });
  renameSync(staging, join(root, CLUSTER_DIR));
}

/**
 * After a crash the previous server is still shutting down (its watchdog saw the app go). Wait for it;
 * a server that stays up belongs to another running Firebreak on the same directory.
 */
async function waitForStaleServer(cluster: string): Promise<void> {
  const deadline = Date.now() + STALE_SERVER_TIMEOUT_MS;
  for (;;) {
    const pid = postmasterPid(cluster);
    if (pid === undefined || !isAlive(pid)) return;
    if (Date.now() > deadline)
      throw new Error(
        `FIREBREAK_DATA_DIR is in use by another running Firebreak (its database server is pid ${pid}); stop it first`,
      );
    await new Promise((done) => setTimeout(done, 100));
  }
}

function postmasterPid(cluster: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(cluster, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  // After a reboot the recorded pid may belong to an unrelated process.
  if (existsSync('/proc')) {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The cluster directory itself when the socket path fits in sockaddr_un, else a private temp directory. */
async function socketDirectory(cluster: string, owner: Owner | undefined): Promise<string> {
  if (Buffer.byteLength(join(cluster, SOCKET_FILE)) <= MAX_SOCKET_PATH) return cluster;
  const dir = await mkdtemp(join(tmpdir(), 'firebreak-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  return dir;
}

function spawnServer(
  binaries: ServerBinaries,
  cluster: string,
  socketDir: string,
  owner: Owner | undefined,
  watchdog: Watchdog,
): ChildProcess {
  const settings = { ...SERVER_SETTINGS, unix_socket_directories: socketDir };
  const args = ['-D', cluster, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const [command, argv] =
    watchdog === 'node'
      ? [process.execPath, ['-e', NODE_WATCHDOG, binaries.pg_ctl, cluster, binaries.postgres, ...args]]
      : ['/bin/sh', ['-c', WATCHDOG, 'firebreak-db', binaries.postgres, ...args]];
  // Its own process group: a Ctrl-C meant for the app must not stop the database under work still
  // finishing; the app stops it last.
  return spawn(command, argv, {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    ...(owner && { uid: owner.uid, gid: owner.gid }),
  });
}

/** Server output goes to the app's log; the last lines explain a failed start. */
function collectOutput(child: ChildProcess, log: Logger): string[] {
  const lines: string[] = [];
  const take = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 20) lines.shift();
      // Query errors the app handles (a unique violation, a cancelled statement) are logged by the app
      // where they matter; only a server-wide failure is worth a line of its own here.
      if (/\bPANIC:/.test(line)) log.error({ server: line }, 'embedded PostgreSQL');
      else log.debug({ server: line }, 'embedded PostgreSQL');
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return lines;
}

async function waitUntilReady(connection: pg.PoolConfig, exited: Promise<number | null>, output: string[]) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new Error(`the embedded PostgreSQL server did not start: ${lastLines(output)}`);
    const client = new pg.Client(connection);
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`the embedded PostgreSQL server did not become ready: ${(err as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** The postmaster and its children (Linux /proc; elsewhere only the postmaster). */
function serverPids(cluster: string): number[] {
  const main = postmasterPid(cluster);
  if (main === undefined) return [];
  if (!existsSync('/proc')) return [main];
  const pids = [main];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === main) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

function run(command: string, args: string[], owner: Owner | undefined): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(owner && { uid: owner.uid, gid: owner.gid }),
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString('utf8');
    });
    child.once('error', fail);
    child.once('exit', (code) => done({ code: code ?? 1, output }));
  });
}

function lastLines(output: string | string[]): string {
  const lines = (Array.isArray(output) ? output : output.split('\n')).filter((l) => l.trim());
  return lines.slice(-3).join(' / ') || 'no output';
}
