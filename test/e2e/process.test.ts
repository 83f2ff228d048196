import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/index.js';
import { waitFor } from '../support/scenario.js';

const SECRET = 'e2e-signing-secret-0123456789';
// node itself with tsx as a loader, not the tsx CLI: signals then reach Firebreak directly, as they
// do in production (`node dist/main.js`), instead of through a relaying wrapper process.
const NODE_ARGS = ['--import', 'tsx', 'src/main.ts'];

/** Runs `src/main.ts` as `npm start` would (tsx compiles on the fly, so no build is needed), with `env`. */
function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, NODE_ARGS, {
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

describe('the firebreak process', () => {
  let emulator: SlackEmulator;
  beforeAll(async () => {
    emulator = await startSlackEmulator();
  });
  afterAll(() => emulator.close());

  it('stops at start-up with one line naming a bad variable, never echoing its value', {
    timeout: 90_000,
  }, async () => {
    const { child, output } = startMain({ SLACK_BOT_TOKEN: 'xoxp-a-user-token-secret', SLACK_SIGNING_SECRET: SECRET });
    expect(await exited(child)).toBe(1);
    expect(output().trim()).toBe('firebreak: SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
  });

  // It migrates the embedded database before asking Slack: a full cold start.
  it('stops with one line when Slack refuses the token', { timeout: 150_000 }, async () => {
    const { child, output } = startMain({
      SLACK_BOT_TOKEN: 'xoxb-not-the-emulator-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: emulator.apiUrl,
      FIREBREAK_DATA_DIR: mkdtempSync(join(tmpdir(), 'fb-e2e-')),
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    expect(await exited(child)).toBe(1);
    expect(output().trim()).toBe("firebreak: SLACK_BOT_TOKEN was refused by Slack's auth.test (invalid_auth)");
  });

  it('starts, migrates its embedded database, serves health and a signed command, and stops on SIGTERM', {
    timeout: 150_000,
  }, async () => {
    const { child, output } = startMain({
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: emulator.apiUrl,
      FIREBREAK_DATA_DIR: mkdtempSync(join(tmpdir(), 'fb-e2e-')),
      // Any free port, read back from the start-up line: a fixed or random one can be taken.
      PORT: '0',
    });
    try {
      // Start-up compiles TypeScript and creates the embedded database (initdb: ~4 s on a quiet
      // machine, 10–20 s on two cores shared with a parallel suite): allow plenty.
      const started = await vi.waitFor(
        () => {
          const line = output()
            .split('\n')
            .find((l) => l.includes('"firebreak started"'));
          if (!line) throw new Error('not started yet');
          return JSON.parse(line) as { port: number };
        },
        { timeout: 100_000, interval: 50 },
      );
      const { port } = started;
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      emulator.connectApp({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET });
      const res = await emulator.slashCommand({
        user: 'UALICE',
        channel: 'CINCIDENTS',
        text: 'declare sev2 From the real process',
      });
      expect(res.status).toBe(200);
      await waitFor(() =>
        expect(emulator.channels().some((c) => c.name.endsWith('-from-the-real-process'))).toBe(true),
      );
      expect(output()).not.toContain(emulator.botToken);
      expect(output()).not.toContain(SECRET);
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      expect(output()).toContain('shutting down');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
