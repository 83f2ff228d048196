import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createDryRunExecutor,
  createExecutors,
  createWebhookExecutor,
  type ExecutionRequest,
  type ExecutionResult,
  verifyFirebreakSignature,
} from '../../src/remediation/executors/index.js';
import { capturingLogger } from '../support/logs.js';

const ORIGIN = 'https://automation.example.test';
const URL_ = `${ORIGIN}/hooks/firebreak`;
const SECRET = 'whsec-test-S3cr3tValue-0123456789';

const request: ExecutionRequest = {
  idempotencyKey: 'proposal-7f3a:approve',
  incident: { id: '9b2c7d1e-0000-4000-8000-000000000001', ref: 'INC-42', channelId: 'C0INC42', severity: 1 },
  runbook: { id: 'restart-api', title: 'Restart the API deployment' },
  action: { name: 'rollout-restart', params: { deployment: 'api', namespace: 'prod' } },
  approvedBy: 'U0APPROVER',
  approvedAt: new Date('2025-03-04T05:06:07.000Z'),
};

interface Captured {
  /** The exact bytes handed to fetch: nock gives reply callbacks parsed JSON, which cannot prove a signature. */
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Intercepts one POST and records the raw body (via `fetchImpl`) and headers (via nock) for assertions. */
function intercept(status: number, reply: string | object = { ok: true }, delayMs = 0) {
  const captured: Captured[] = [];
  const rawBodies: string[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    rawBodies.push(String(init?.body));
    return fetch(input, init);
  };
  const interceptor = nock(ORIGIN).post('/hooks/firebreak');
  const scope = (delayMs ? interceptor.delay(delayMs) : interceptor).reply(function () {
    captured.push({ body: rawBodies.at(-1)!, headers: this.req.headers });
    return [status, reply];
  });
  return { scope, captured, fetchImpl };
}

function webhook(overrides: Partial<Parameters<typeof createWebhookExecutor>[0]> = {}) {
  const { logger, lines } = capturingLogger();
  const executor = createWebhookExecutor({ url: URL_, secret: SECRET, logger, ...overrides });
  return { executor, lines };
}

function expectNoSecret(result: ExecutionResult, lines: string[]) {
  expect(result.detail).not.toContain(SECRET);
  expect(result.detail.length).toBeLessThanOrEqual(300);
  for (const line of lines) expect(line).not.toContain(SECRET);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('webhook executor', () => {
  it('sends the contract body, signed so that verifyFirebreakSignature accepts it', async () => {
    const { scope, captured, fetchImpl } = intercept(202);
    const { executor, lines } = webhook({ fetchImpl });

    const result = await executor.execute(request);

    expect(result).toEqual({ status: 'accepted', httpStatus: 202, detail: expect.stringContaining('202') });
    expect(scope.isDone()).toBe(true);
    const [sent] = captured;
    expect(JSON.parse(sent!.body)).toEqual({
      idempotency_key: 'proposal-7f3a:approve',
      incident: { id: request.incident.id, ref: 'INC-42', channel: 'C0INC42', severity: 1 },
      runbook: { id: 'restart-api', title: 'Restart the API deployment' },
      action: { name: 'rollout-restart', params: { deployment: 'api', namespace: 'prod' } },
      approved_by: 'U0APPROVER',
      approved_at: '2025-03-04T05:06:07.000Z',
    });
    const h = sent!.headers;
    expect(h['content-type']).toBe('application/json');
    expect(h['idempotency-key']).toBe('proposal-7f3a:approve');
    const timestamp = String(h['x-firebreak-timestamp']);
    const signature = String(h['x-firebreak-signature']);
    expect(timestamp).toMatch(/^\d+$/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyFirebreakSignature(sent!.body, timestamp, signature, SECRET)).toBe(true);
    expectNoSecret(result, lines);
  });

  it('produces signatures that fail verification for a tampered body, wrong secret or stale timestamp', async () => {
    const { captured, fetchImpl } = intercept(200);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const { executor: fresh } = webhook({ fetchImpl });
    await fresh.execute(request);
    const { body, headers } = captured[0]!;
    const ts = String(headers['x-firebreak-timestamp']);
    const sig = String(headers['x-firebreak-signature']);

    expect(verifyFirebreakSignature(body.replace('"prod"', '"staging"'), ts, sig, SECRET)).toBe(false);
    expect(verifyFirebreakSignature(body, ts, sig, 'another-secret-of-enough-length')).toBe(false);
    expect(verifyFirebreakSignature(body, String(Number(ts) + 1), sig, SECRET)).toBe(false);
    expect(verifyFirebreakSignature(body, ts, sig.slice(0, -1), SECRET)).toBe(false);

    const { captured: old, fetchImpl: staleFetch } = intercept(200);
    const { executor: stale } = webhook({ now: () => tenMinutesAgo, fetchImpl: staleFetch });
    await stale.execute(request);
    const staleReq = old[0]!;
    const staleTs = String(staleReq.headers['x-firebreak-timestamp']);
    const staleSig = String(staleReq.headers['x-firebreak-signature']);
    expect(verifyFirebreakSignature(staleReq.body, staleTs, staleSig, SECRET)).toBe(false);
    // Same bytes are valid at the moment they were signed: only the age is wrong.
    expect(verifyFirebreakSignature(staleReq.body, staleTs, staleSig, SECRET, 300, tenMinutesAgo)).toBe(true);
  });

  it.each([
    ['undefined', undefined],
    ['empty', ''],
  ])('refuses without a secret (%s) and sends nothing', async (_label, secret) => {
    const { scope } = intercept(200);
    const { executor, lines } = webhook({ secret });

    const result = await executor.execute(request);

    expect(result).toEqual({
      status: 'refused',
      detail: 'The webhook executor needs FIREBREAK_EXECUTOR_SECRET to sign requests; nothing was sent.',
    });
    expect(scope.isDone()).toBe(false);
    expect(nock.pendingMocks()).toHaveLength(1);
    expect(lines.join('')).not.toContain('hooks/firebreak');
  });

  it('refuses without a url and sends nothing', async () => {
    const { scope } = intercept(200);
    const { executor, lines } = webhook({ url: undefined });

    const result = await executor.execute(request);

    expect(result.status).toBe('refused');
    expect(result.detail).toContain('executors.webhook.url is not configured');
    expect(scope.isDone()).toBe(false);
    expectNoSecret(result, lines);
  });

  it('reports a 500 as a retryable failure', async () => {
    const { scope } = intercept(500, 'upstream exploded');
    const { executor, lines } = webhook();

    const result = await executor.execute(request);

    expect(result).toMatchObject({ status: 'failed', httpStatus: 500, retryable: true });
    expect(result.detail).toContain('500');
    expect(scope.isDone()).toBe(true);
    expectNoSecret(result, lines);
  });

  it('reports a 400 as a failure that is not retryable, with a short redacted excerpt of the response', async () => {
    const echo = JSON.stringify({
      error: 'bad params',
      echoed_secret: SECRET,
      slack: 'xoxb-1234-5678-abcdefghij',
      filler: 'x '.repeat(2000),
    });
    const { scope } = intercept(400, echo);
    const { executor, lines } = webhook();

    const result = await executor.execute(request);

    expect(result).toMatchObject({ status: 'failed', httpStatus: 400, retryable: false });
    expect(result.detail).toContain('400');
    expect(result.detail).toContain('bad params');
    expect(result.detail).not.toContain('xoxb-1234');
    expect(scope.isDone()).toBe(true);
    expectNoSecret(result, lines);
    expect(lines.join('')).not.toContain('xoxb-1234');
  });

  it('gives up after timeoutMs and reports a retryable failure', async () => {
    intercept(200, { ok: true }, 1_000);
    const { executor, lines } = webhook({ timeoutMs: 50 });

    const result = await executor.execute(request);

    expect(result).toMatchObject({ status: 'failed', retryable: true });
    expect(result.detail).toContain('did not answer within 50 ms');
    expectNoSecret(result, lines);
  });

  it('refuses when the signal is already aborted, and sends nothing', async () => {
    const { scope } = intercept(200);
    const { executor } = webhook();
    const controller = new AbortController();
    controller.abort();

    const result = await executor.execute(request, controller.signal);

    expect(result.status).toBe('refused');
    expect(result.detail).toContain('stopped before sending');
    expect(scope.isDone()).toBe(false);
    expect(nock.pendingMocks()).toHaveLength(1);
  });

  it('reports a network error as a retryable failure without leaking the error text', async () => {
    nock(ORIGIN)
      .post('/hooks/firebreak')
      .replyWithError({ code: 'ECONNRESET', message: `reset; key=${SECRET}` });
    const { executor, lines } = webhook();

    const result = await executor.execute(request);

    expect(result).toMatchObject({ status: 'failed', retryable: true });
    expectNoSecret(result, lines);
  });
});

describe('dry-run executor', () => {
  it('logs what would be sent and executes nothing', async () => {
    const { logger, lines } = capturingLogger();
    const executor = createDryRunExecutor(logger);

    const result = await executor.execute({
      ...request,
      action: { ...request.action, params: { ...request.action.params, token: SECRET } },
    });

    expect(result.status).toBe('accepted');
    expect(result.detail).toMatch(/^Dry run: nothing was executed; /);
    expect(result.detail).toContain('rollout-restart');
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.wouldSend);
    expect(logged.wouldSend).toMatchObject({
      incident: { ref: 'INC-42' },
      action: { name: 'rollout-restart', params: { deployment: 'api', namespace: 'prod' } },
    });
    expect(nock.pendingMocks()).toHaveLength(0);
    expect(result.detail).not.toContain(SECRET);
    expect(lines.join('')).not.toContain(SECRET);
  });
});

describe('executor registry', () => {
  it('builds each executor once and wires config into the webhook executor', async () => {
    const { logger } = capturingLogger();
    const registry = createExecutors({ webhook: { url: URL_ }, secret: SECRET, logger });
    expect(registry.get('webhook')).toBe(registry.get('webhook'));
    expect(registry.get('dry-run').name).toBe('dry-run');

    const { scope } = intercept(204, '');
    expect((await registry.get('webhook').execute(request)).status).toBe('accepted');
    expect(scope.isDone()).toBe(true);

    const unconfigured = createExecutors({ logger });
    expect((await unconfigured.get('webhook').execute(request)).status).toBe('refused');
  });
});
