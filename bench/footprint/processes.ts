/**
 * The apps as their own processes, the way they run in production: Firebreak as `node dist/main.js`
 * (what `npm start` runs) and a bare Bolt app beside it, both pointed at the bench's Slack emulator.
 * Memory is read from /proc: the app's RSS, and for the embedded default also the database server's
 * processes (RSS, and PSS, which splits shared pages fairly instead of counting them once per process).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'dist', 'main.js');

export interface AppProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface Memory {
  /** The app process alone. */
  appRssMiB: number;
  /** Its child processes (the embedded database server), RSS summed; 0 when there are none. */
  childrenRssMiB: number;
  /** The app and its children, PSS summed: what they take from the machine together. */
  totalPssMiB: number;
}

/** `npm run build` when dist/ is missing or older than src/ (the bench measures what `npm start` runs). */
export function ensureBuilt(): void {
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= newest(join(ROOT, 'src'))) return;
  process.stderr.write('building dist/ (npm run build) …\n');
  const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (res.status !== 0) throw new Error('npm run build failed');
}

function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <script>` with `env` and waits until `GET <url>/healthz` answers 200. Its output (the log at
 * LOG_LEVEL warn: warnings and errors) is kept in bench/results/<name>.log for reading after a run.
 */
async function startProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  port: number,
): Promise<AppProcess> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const log = createWriteStream(join(ROOT, 'bench', 'results', `${name}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited (${child.exitCode}): ${stderr}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not become healthy: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid!, stop: () => stopProcess(child) };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

export function startFirebreakProcess(name: string, env: Record<string, string>, port: number): Promise<AppProcess> {
  ensureBuilt();
  // BENCH_CPU_PROF=1: a V8 CPU profile of the app under the load, written on exit to bench/results/prof/.
  // BENCH_HEAP_SNAPSHOT=1: a heap snapshot there after the 1,000 incidents (SIGUSR2, see measure.ts).
  const dir = join(ROOT, 'bench', 'results', 'prof');
  const prof = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const heap = process.env.BENCH_HEAP_SNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`] : [];
  return startProcess(name, [...prof, ...heap, MAIN], env, port);
}

export function startBareBoltProcess(name: string, env: Record<string, string>, port: number): Promise<AppProcess> {
  return startProcess(name, ['--import', 'tsx', join(ROOT, 'bench', 'footprint', 'bare-bolt.ts')], env, port);
}

/** The app's memory now, from /proc (Linux). */
export function memoryOf(pid: number): Memory {
  const children = descendants(pid);
  const kib = (p: number, file: string, field: string) => {
    try {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${p}/${file}`, 'utf8'));
      return m ? Number(m[1]) : 0;
    } catch {
      return 0;
    }
  };
  const mib = (k: number) => Math.round(k / 1024);
  return {
    appRssMiB: mib(kib(pid, 'status', 'VmRSS')),
    childrenRssMiB: mib(children.reduce((s, p) => s + kib(p, 'status', 'VmRSS'), 0)),
    totalPssMiB: mib([pid, ...children].reduce((s, p) => s + kib(p, 'smaps_rollup', 'Pss'), 0)),
  };
}

/** Every process below `pid` (the watchdog shell, the postmaster and its backends). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    for (const [child, pp] of parent) {
      if (pp !== p) continue;
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}
