/**
 * Test helpers for the sandbox: a WebClient pointed at the emulator, and a minimal fake app (node:http)
 * that verifies Slack signatures and records what the emulator's driver sends it.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach } from 'vitest';
import type { EmulatorOptions } from '../../../src/sandbox/index.js';
import { type SlackEmulator, startSlackEmulator, verifySlackSignature } from '../../../src/sandbox/index.js';

export const SIGNING_SECRET = 'test-signing-secret';

/** A request the fake app received. */
export interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  rawBody: string;
  signatureValid: boolean;
  /** Interactivity payload (`payload=`), form fields (slash command) or JSON (events). */
  body: Record<string, unknown>;
}

/** What the fake app answers: status + body (string or JSON). */
export type Reply = { status?: number; body?: unknown };

/** A fake app that records requests; `reply` decides each answer (default: empty 200). */
export interface FakeApp {
  url: string;
  requests: ReceivedRequest[];
  last(): ReceivedRequest;
  reply: (req: ReceivedRequest) => Reply | Promise<Reply>;
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(raw));
  return typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
}

export async function startFakeApp(): Promise<FakeApp> {
  const app: FakeApp = {
    url: '',
    requests: [],
    last() {
      const r = app.requests.at(-1);
      if (!r) throw new Error('fake app received nothing');
      return r;
    },
    reply: () => ({}),
    close: async () => {},
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const signatureValid = verifySlackSignature({
      signingSecret: SIGNING_SECRET,
      body: rawBody,
      timestamp: req.headers['x-slack-request-timestamp'] as string | undefined,
      signature: req.headers['x-slack-signature'] as string | undefined,
    });
    let body: Record<string, unknown> = {};
    try {
      body = parseBody(rawBody, req.headers['content-type'] ?? '');
    } catch {
      body = {};
    }
    const received = { headers: req.headers, rawBody, signatureValid, body };
    app.requests.push(received);
    if (!signatureValid) {
      res.writeHead(401).end('invalid signature');
      return;
    }
    const { status = 200, body: out } = await app.reply(received);
    const text = out === undefined ? '' : typeof out === 'string' ? out : JSON.stringify(out);
    res.writeHead(status, { 'content-type': typeof out === 'object' ? 'application/json' : 'text/plain' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  app.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return app;
}

/** WebClient logs every `[ERROR]` in response_metadata; the tests provoke those on purpose. */
const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

/** A WebClient for the emulator that never retries (so error answers surface immediately). */
export function clientFor(emu: SlackEmulator, opts: { rejectRateLimitedCalls?: boolean } = {}): WebClient {
  return new WebClient(emu.botToken, {
    slackApiUrl: emu.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentLogger,
    rejectRateLimitedCalls: opts.rejectRateLimitedCalls ?? false,
  });
}

/** The `view` argument type of views.open/update/publish, without importing @slack/types directly. */
export type ViewPayload = Parameters<WebClient['views']['open']>[0]['view'];

/** Emulator + fake app + client, wired together. */
export async function setup(opts: EmulatorOptions = {}) {
  const emu = await startSlackEmulator(opts);
  const app = await startFakeApp();
  emu.connectApp({ url: app.url, signingSecret: SIGNING_SECRET });
  const client = clientFor(emu);
  return {
    emu,
    app,
    client,
    async teardown() {
      await app.close();
      await emu.close();
    },
  };
}

type Sandbox = Awaited<ReturnType<typeof setup>>;

/**
 * Registers a fresh emulator + fake app + client for each test of the file and hands them to `take`
 * (which assigns the test file's variables). `opts` is called per test, so a test clock can be reset.
 */
export function useSandbox(take: (s: Sandbox) => void, opts: () => EmulatorOptions = () => ({})): void {
  let current: Sandbox | undefined;
  beforeEach(async () => {
    current = await setup(opts());
    take(current);
  });
  afterEach(async () => {
    await current?.teardown();
  });
}

/** Awaits a WebClient promise that must reject with a Slack platform error; returns the error code. */
export async function slackError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const data = (error as { data?: { error?: string } }).data;
    if (data?.error) return data.error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
