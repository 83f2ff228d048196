import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` reads `.env` from its working directory. The real process is started in a folder holding
 * only a `.env`; what it stops on shows which values it read. Both failures come before any database or
 * Slack work, so these runs are short.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// node with tsx as a loader (as test/e2e/process.test.ts does), given by path: the cwd is elsewhere.
const NODE_ARGS = [
  '--import',
  pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
  join(ROOT, 'src/main.ts'),
];

function startIn(cwd: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, NODE_ARGS, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve),
  );

function folderWithDotEnv(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'fb-dotenv-e2e-'));
  writeFileSync(join(cwd, '.env'), 'SLACK_BOT_TOKEN=xoxp-a-user-token-from-dotenv\n');
  return cwd;
}

describe('npm start and .env', () => {
  it('reads .env from the working directory (and never echoes its values)', { timeout: 90_000 }, async () => {
    const { child, output } = startIn(folderWithDotEnv(), {});
    expect(await exited(child)).toBe(1);
    expect(output().trim()).toBe('firebreak: SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
  });

  it('lets the real environment win over .env', { timeout: 90_000 }, async () => {
    const { child, output } = startIn(folderWithDotEnv(), { SLACK_BOT_TOKEN: 'xoxb-from-the-real-environment' });
    expect(await exited(child)).toBe(1);
    // Past the token check: the next thing missing is the signing secret, which neither source sets.
    expect(output().trim()).toBe(
      'firebreak: SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  });
});
