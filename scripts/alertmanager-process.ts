/**
 * A real Prometheus Alertmanager (Debian's `prometheus-alertmanager`) as a child process on loopback, and
 * `amtool` to fire and resolve alerts through it. Used by `scripts/alertmanager-e2e.ts`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export interface AlertmanagerBinaries {
  alertmanager: string;
  amtool: string;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Like `which`: the first executable of these names on PATH, then in /usr/bin and /usr/local/bin. */
function which(...names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin'];
  for (const name of names) for (const dir of dirs) if (isExecutable(join(dir, name))) return join(dir, name);
  return undefined;
}

/** Debian names the server `prometheus-alertmanager`; upstream tarballs name it `alertmanager`. */
export function locateBinaries(): AlertmanagerBinaries | { missing: string } {
  const alertmanager = which('prometheus-alertmanager', 'alertmanager');
  const amtool = which('amtool');
  const missing = [!alertmanager && 'prometheus-alertmanager (or alertmanager)', !amtool && 'amtool'].filter(Boolean);
  if (!alertmanager || !amtool)
    return {
      missing: `${missing.join(' and ')} not found on PATH or in /usr/bin (Debian package prometheus-alertmanager)`,
    };
  return { alertmanager, amtool };
}

/** A TCP port nothing listens on right now (bound and released on 127.0.0.1). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!port) throw new Error('could not find a free port on 127.0.0.1');
  return port;
}

export interface AlertmanagerConfigOptions {
  webhookUrl: string;
  bearerToken: string;
}

/**
 * The config of ../shared/alerts/alertmanager-test-config.yml with the timings shortened for a test: one
 * webhook receiver with bearer credentials and `send_resolved`, every alert grouped by alertname+service.
 *
 * `resolve_timeout` is 5m, not seconds: alerts posted without an end time (amtool's firing alert) get
 * `endsAt = now + resolve_timeout`, so a short one would have Alertmanager resolve the alert on its own and
 * the test could no longer tell that amtool's resolution got through.
 */
export function alertmanagerConfig(opts: AlertmanagerConfigOptions): string {
  return `# Written by scripts/alertmanager-e2e.ts for one test run.
global:
  resolve_timeout: 5m
route:
  receiver: firebreak
  group_by: ['alertname', 'service']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: firebreak
    webhook_configs:
      - url: ${JSON.stringify(opts.webhookUrl)}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${JSON.stringify(opts.bearerToken)}
`;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion (never through a shell); a non-zero exit is returned, not thrown. */
export function run(file: string, args: string[], timeoutMs = 10_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr: stderr || (err && code === null ? err.message : '') });
    });
  });
}

export interface Alertmanager {
  url: string;
  configPath: string;
  /** The last lines Alertmanager logged (stdout and stderr). */
  logTail(lines?: number): string[];
  /** amtool against this Alertmanager; throws with amtool's output when it fails. */
  amtool(args: string[]): Promise<string>;
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  stop(): Promise<void>;
}

export interface StartAlertmanagerOptions extends AlertmanagerConfigOptions {
  binaries: AlertmanagerBinaries;
  /** A directory of its own: the config file and the storage go there. */
  dir: string;
  readyTimeoutMs: number;
}

const LOG_LINES = 400;

/** Writes the config, checks it with `amtool check-config`, starts Alertmanager and waits for `/-/ready`. */
export async function startAlertmanager(opts: StartAlertmanagerOptions): Promise<Alertmanager> {
  const { binaries, dir } = opts;
  await mkdir(join(dir, 'data'), { recursive: true });
  const configPath = join(dir, 'alertmanager.yml');
  await writeFile(configPath, alertmanagerConfig(opts), { mode: 0o600 });
  const check = await run(binaries.amtool, ['check-config', configPath]);
  if (check.code !== 0)
    throw new Error(`amtool check-config rejected ${configPath}:\n${check.stdout}${check.stderr}`.trimEnd());

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log: string[] = [];
  const child: ChildProcess = spawn(
    binaries.alertmanager,
    [
      `--config.file=${configPath}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Empty: no gossip cluster (no port 9094, no peers to wait for).
      '--cluster.listen-address=',
      // Debug logs every notification attempt: what a failure report needs.
      '--log.level=debug',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    });
  });
  child.once('error', (err) => {
    log.push(`(could not run ${binaries.alertmanager}: ${err.message})`);
    exit ??= { code: null, signal: null };
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log.push(line);
    if (log.length > LOG_LINES) log.splice(0, log.length - LOG_LINES);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // If this process dies unexpectedly, do not leave an Alertmanager behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const am: Alertmanager = {
    url,
    configPath,
    // The dispatcher logs `msg=flushing` every group_interval at debug level: noise that would bury the
    // notification attempts, which are what a failure report needs.
    logTail: (lines = 25) => log.filter((l) => !l.includes('msg=flushing')).slice(-lines),
    exited: () => exit,
    async amtool(args) {
      const result = await run(binaries.amtool, [`--alertmanager.url=${url}`, ...args]);
      if (result.code !== 0)
        throw new Error(
          `amtool ${args.join(' ')} exited ${result.code ?? 'by timeout/signal'}: ${result.stdout}${result.stderr}`.trim(),
        );
      return result.stdout;
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exit) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + opts.readyTimeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (exit) {
      throw new Error(
        `Alertmanager exited before it was ready (code ${exit.code}, signal ${exit.signal}):\n${am.logTail().join('\n')}`,
      );
    }
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return am;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await am.stop();
  throw new Error(
    `Alertmanager did not answer ${url}/-/ready within ${opts.readyTimeoutMs} ms (last: ${lastError}):\n` +
      am.logTail().join('\n'),
  );
}
