import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { Env } from '../../src/config/env.js';

/** No Docker engine here (nor in CI), so the image and compose file are checked statically. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMPOSE_PATH = join(ROOT, 'docker/compose.yml');

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile → instructions, with `\` continuations joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const lines = text.split('\n').filter((l) => !/^\s*#/.test(l));
  return lines
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(l) ?? [];
      return { op: op.toUpperCase(), args };
    });
}

/** Instructions grouped by stage (FROM … AS name). */
function stages(instructions: Instruction[]): { name: string; from: string; body: Instruction[] }[] {
  const out: { name: string; from: string; body: Instruction[] }[] = [];
  for (const i of instructions) {
    if (i.op === 'FROM') {
      const [from = '', , name = String(out.length)] = i.args.split(/\s+/);
      out.push({ name, from, body: [] });
    } else out.at(-1)?.body.push(i);
  }
  return out;
}

const dockerfile = stages(parseDockerfile(readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8')));
const runtime = dockerfile.at(-1)!;
const args = (stage: { body: Instruction[] }, op: string) => stage.body.filter((i) => i.op === op).map((i) => i.args);

describe('docker/Dockerfile', () => {
  it('is multi-stage on node:20-bookworm-slim', () => {
    expect(dockerfile.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
    for (const s of dockerfile) expect(['node:20-bookworm-slim', 'deps']).toContain(s.from);
  });

  it('runs as a non-root user with production env, /data, port 3000 and a /healthz check', () => {
    const user = args(runtime, 'USER').at(-1);
    expect(user, 'the runtime stage needs a USER').toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const env = args(runtime, 'ENV').join(' ');
    for (const kv of ['NODE_ENV=production', 'PORT=3000', 'FIREBREAK_DATA_DIR=/data']) expect(env).toContain(kv);
    expect(args(runtime, 'VOLUME')).toContain('/data');
    expect(args(runtime, 'EXPOSE')).toContain('3000');
    expect(args(runtime, 'HEALTHCHECK').join(' ')).toMatch(/fetch\(.*127\.0\.0\.1.*\/healthz/);
    expect(args(runtime, 'RUN').join(' ')).toContain('npm ci --omit=dev');
  });

  it('migrates before starting the app, and both entry points exist in src/', () => {
    const cmd = args(runtime, 'CMD').at(-1) ?? '';
    const migrate = cmd.indexOf('node dist/db/migrate-cli.js');
    expect(migrate, `CMD ${cmd}`).toBeGreaterThanOrEqual(0);
    expect(cmd.indexOf('node dist/main.js'), `CMD ${cmd}`).toBeGreaterThan(migrate);
    expect(cmd).toMatch(/migrate-cli\.js &&/); // the app must not start if migrations failed
    expect(existsSync(join(ROOT, 'src/db/migrate-cli.ts'))).toBe(true);
    expect(existsSync(join(ROOT, 'src/main.ts'))).toBe(true);
  });

  it('COPYs only paths that exist (in the repo, or made by the build stage)', () => {
    const build = dockerfile.find((s) => s.name === 'build')!;
    const buildRuns = args(build, 'RUN').join(' ');
    const problems: string[] = [];
    for (const stage of dockerfile) {
      for (const copy of args(stage, 'COPY')) {
        const words = copy.split(/\s+/);
        const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
        const sources = words.filter((w) => !w.startsWith('--')).slice(0, -1);
        for (const src of sources) {
          if (!from) {
            if (!existsSync(join(ROOT, src))) problems.push(`${stage.name}: COPY ${src} is not in the repository`);
            continue;
          }
          expect(from, `COPY --from=${from} in ${stage.name}`).toBe('build');
          const path = src.replace(/^\/app\//, '');
          // dist/ is tsc's output; runbooks/ may not exist yet, so the build stage creates it (mkdir -p).
          const made =
            (path === 'dist' && buildRuns.includes('npm run build')) || buildRuns.includes(`mkdir -p ${path}`);
          if (!made && !existsSync(join(ROOT, path)))
            problems.push(`${stage.name}: COPY --from=build ${src} exists nowhere`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(buildRuns).toContain('src/sandbox/specs dist/sandbox/'); // specs.ts reads its JSON beside the .js
  });

  it('has a .dockerignore that keeps local state and dependencies out of the context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const p of ['node_modules', 'dist', '.git', '.firebreak', 'coverage', 'scratch']) expect(ignored).toContain(p);
  });
});

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

const compose = parseYaml(readFileSync(COMPOSE_PATH, 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};

describe('docker/compose.yml', () => {
  const { postgres, firebreak } = compose.services;

  it('runs PostgreSQL 16 on a named volume with a pg_isready healthcheck', () => {
    expect(postgres?.image).toBe('postgres:16');
    const volume = postgres?.volumes?.find((v) => v.endsWith(':/var/lib/postgresql/data'))?.split(':')[0];
    expect(volume, 'a volume for /var/lib/postgresql/data').toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    expect(postgres?.healthcheck?.test.join(' ')).toContain('pg_isready -U firebreak');
  });

  it('builds the app from the repository root and waits for a healthy database', () => {
    const build = firebreak?.build;
    expect(build).toBeDefined();
    expect(existsSync(join(dirname(COMPOSE_PATH), build!.context, build!.dockerfile))).toBe(true);
    expect(firebreak?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(firebreak?.environment?.DATABASE_URL).toBe('postgres://firebreak:firebreak@postgres:5432/firebreak');
    expect(firebreak?.ports).toContain('3000:3000');
  });

  it('requires only the bot token, so Socket Mode starts without a signing secret, and mounts the config', () => {
    const env = firebreak?.environment ?? {};
    expect(env.SLACK_BOT_TOKEN).toMatch(/^\$\{SLACK_BOT_TOKEN:\?/);
    // HTTP mode without it is refused by the app itself, with one line; Compose must not demand it.
    expect(env.SLACK_SIGNING_SECRET).toMatch(/^\$\{SLACK_SIGNING_SECRET:-\}$/);
    expect(firebreak?.volumes?.some((v) => v.endsWith(`:${env.FIREBREAK_CONFIG}:ro`))).toBe(true);
  });

  it('passes every variable the app reads, from the host, except the two the image fixes', () => {
    const env = firebreak?.environment ?? {};
    const fixedByImage = args(runtime, 'ENV')
      .join(' ')
      .split(/\s+/)
      .map((kv) => kv.split('=')[0]!);
    expect(fixedByImage).toEqual(expect.arrayContaining(['PORT', 'FIREBREAK_DATA_DIR']));
    const setHere = new Set(['DATABASE_URL', 'FIREBREAK_CONFIG']);
    const missing = Object.keys(Env.shape).filter((v) => !(v in env) && !fixedByImage.includes(v));
    expect(missing).toEqual([]);
    for (const v of Object.keys(Env.shape).filter((k) => k in env && !setHere.has(k)))
      expect(env[v], v).toMatch(new RegExp(`^\\$\\{${v}(:[-?]|\\})`));
  });
});
