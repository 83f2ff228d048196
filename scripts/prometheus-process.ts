/**
 * The real parts of `scripts/prometheus-e2e.ts`: Debian's `prometheus` as a child process on loopback
 * (temp config and storage, scraping every second), a tiny exporter whose values the test sets, and a
 * local receiver of Firebreak's signed executor webhook.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { verifyFirebreakSignature } from '../src/remediation/executors/webhook.js';
import { freePort } from './alertmanager-process.js';

/** Debian installs the server as /usr/bin/prometheus. */
export function locatePrometheus(): string | { missing: string } {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    try {
      accessSync(join(dir, 'prometheus'), constants.X_OK);
      return join(dir, 'prometheus');
    } catch {}
  }
  return { missing: 'prometheus not found on PATH or in /usr/bin (Debian package prometheus)' };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A service's numbers as the exporter shows them: its 5xx ratio, its memory working set and limit. */
export interface ServiceMetrics {
  errorRatio: number;
  memoryBytes: number;
  memoryLimitBytes: number;
}

export interface Exporter {
  url: string;
  /** How many times Prometheus has scraped it. */
  scrapes(): number;
  set(service: string, values: Partial<ServiceMetrics>): void;
  stop(): Promise<void>;
}

/**
 * `GET /metrics` in the Prometheus text format: the memory pair under the names cAdvisor and
 * kube-state-metrics export, and the 5xx ratio as a gauge (a ratio of counters scraped every second
 * would be noise, not the value the test set).
 */
export async function startExporter(initial: Record<string, ServiceMetrics>): Promise<Exporter> {
  const values = new Map(Object.entries(initial).map(([k, v]) => [k, { ...v }]));
  let scrapes = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return res.writeHead(404).end();
    scrapes++;
    const lines = [
      '# HELP http_error_ratio Share of requests answered 5xx (set by the test).',
      '# TYPE http_error_ratio gauge',
      ...[...values].map(([s, v]) => `http_error_ratio{service="${s}"} ${v.errorRatio}`),
      '# TYPE container_memory_working_set_bytes gauge',
      ...[...values].map(
        ([s, v]) => `container_memory_working_set_bytes{namespace="prod",container="${s}"} ${v.memoryBytes}`,
      ),
      '# TYPE kube_pod_container_resource_limits gauge',
      ...[...values].map(
        ([s, v]) =>
          `kube_pod_container_resource_limits{namespace="prod",resource="memory",container="${s}"} ${v.memoryLimitBytes}`,
      ),
    ];
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  const url = await listen(server);
  return {
    url,
    scrapes: () => scrapes,
    set(service, v) {
      values.set(service, { ...values.get(service)!, ...v });
    },
    stop: () => close(server),
  };
}

/** One executor webhook as received, with whether its signature held. */
export interface ReceivedAction {
  key: string;
  action: string;
  service: string | undefined;
  signed: boolean;
}

export interface Receiver {
  url: string;
  received: ReceivedAction[];
  stop(): Promise<void>;
}

/** The automation endpoint: checks `X-Firebreak-Signature` as docs/executor-webhook.md says, records, answers 200. */
export async function startReceiver(secret: string): Promise<Receiver> {
  const received: ReceivedAction[] = [];
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const signed = verifyFirebreakSignature(
      body,
      header(req, 'x-firebreak-timestamp'),
      header(req, 'x-firebreak-signature'),
      secret,
    );
    const payload = JSON.parse(body.toString('utf8')) as {
      idempotency_key: string;
      action: { name: string; params: Record<string, string> };
    };
    received.push({
      key: payload.idempotency_key,
      action: payload.action.name,
      service: payload.action.params.deployment,
      signed,
    });
    res.writeHead(signed ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: signed }));
  });
  const url = await listen(server);
  return { url, received, stop: () => close(server) };
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

async function read(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface Prometheus {
  url: string;
  logTail(lines?: number): string[];
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  stop(): Promise<void>;
}

/** Writes a config scraping `target` every second, starts Prometheus on a free port, and waits for `/-/ready`. */
export async function startPrometheus(opts: {
  binary: string;
  dir: string;
  target: string;
  readyTimeoutMs: number;
}): Promise<Prometheus> {
  await mkdir(join(opts.dir, 'data'), { recursive: true });
  const configPath = join(opts.dir, 'prometheus.yml');
  await writeFile(
    configPath,
    `# Written by scripts/prometheus-e2e.ts for one run.
global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: exporter
    static_configs: [{ targets: [${JSON.stringify(new URL(opts.target).host)}] }]
`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log: string[] = [];
  const child: ChildProcess = spawn(
    opts.binary,
    [
      `--config.file=${configPath}`,
      `--storage.tsdb.path=${join(opts.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    });
  });
  child.once('error', (err) => {
    log.push(`(could not run ${opts.binary}: ${err.message})`);
    exit ??= { code: null, signal: null };
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log.push(line);
    if (log.length > 400) log.splice(0, log.length - 400);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const prometheus: Prometheus = {
    url,
    logTail: (lines = 25) => log.slice(-lines),
    exited: () => exit,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exit) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + opts.readyTimeoutMs;
  for (;;) {
    if (exit) throw new Error(`prometheus exited (code ${exit.code}):\n${log.slice(-10).join('\n')}`);
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return prometheus;
    if (Date.now() > deadline) {
      await prometheus.stop();
      throw new Error(`prometheus was not ready within ${opts.readyTimeoutMs} ms:\n${log.slice(-10).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
