import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPrometheusClient } from '../../src/integrations/prometheus/client.js';
import { capturingLogger } from '../support/logs.js';

const fixture = (name: string) => readFileSync(`test/fixtures/prometheus/${name}`, 'utf8');
const TOKEN = 'prom-secret-token-value-123';

/** A local stand-in for Prometheus: answers what the test scripts, and records each request. */
let server: Server;
let url: string;
let answer: (req: IncomingMessage, body: string) => { status: number; body: string } | 'hang';
const seen: { path: string; auth?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ path: req.url!, ...(req.headers.authorization && { auth: req.headers.authorization }), body });
      const a = answer(req, body);
      if (a === 'hang') return;
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen.length = 0;
});

function client(opts: { token?: string; timeoutMs?: number } = {}) {
  const { logger, lines } = capturingLogger('debug');
  return { c: createPrometheusClient({ url, timeoutMs: opts.timeoutMs ?? 2000, token: opts.token, logger }), lines };
}

describe('Prometheus client', () => {
  it('reads a vector, sending the query and the bearer token, and never logs the token', async () => {
    answer = () => ({ status: 200, body: fixture('vector.json') });
    const { c, lines } = client({ token: TOKEN });
    const r = await c.query('up');
    expect(r).toEqual({ status: 'ok', value: 1, at: new Date(1796075155368), series: 1 });
    expect(seen[0]).toMatchObject({ path: '/api/v1/query', auth: `Bearer ${TOKEN}` });
    expect(new URLSearchParams(seen[0]!.body).get('query')).toBe('up');
    answer = () => ({ status: 400, body: fixture('error-bad-data.json') });
    await c.query('sum(rate(x[5m]');
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('reads a scalar, and says so when nothing matched', async () => {
    answer = () => ({ status: 200, body: fixture('scalar.json') });
    expect(await client().c.query('scalar(up) * 0.25')).toMatchObject({ status: 'ok', value: 0.25 });
    answer = () => ({ status: 200, body: fixture('empty.json') });
    expect(await client().c.query('nothing_here')).toEqual({ status: 'empty', detail: 'no series matched' });
    expect(seen.every((s) => !s.auth)).toBe(true);
  });

  it('turns NaN (0/0 over no traffic) into "no data", not a number', async () => {
    answer = () => ({
      status: 200,
      body: '{"status":"success","data":{"resultType":"scalar","result":[1796075150.248,"NaN"]}}',
    });
    expect(await client().c.query('0/0')).toMatchObject({ status: 'empty' });
  });

  it("reports Prometheus's own refusal in one sentence", async () => {
    answer = () => ({ status: 400, body: fixture('error-bad-data.json') });
    expect(await client().c.query('sum(rate(x[5m]')).toEqual({
      status: 'error',
      detail:
        'Prometheus refused the query (bad_data: invalid parameter "query": 1:15: parse error: unclosed left parenthesis)',
    });
  });

  it('refuses a body that is not the documented shape, and HTML', async () => {
    answer = () => ({
      status: 200,
      body: '{"status":"success","data":{"resultType":"vector","result":[{"value":"x"}]}}',
    });
    expect(await client().c.query('up')).toEqual({
      status: 'error',
      detail: 'Prometheus answered HTTP 200 with an unexpected body',
    });
    answer = () => ({ status: 502, body: '<html>bad gateway</html>' });
    expect(await client().c.query('up')).toEqual({
      status: 'error',
      detail: 'Prometheus answered HTTP 502 without JSON',
    });
  });

  it('gives up after the timeout', async () => {
    answer = () => 'hang';
    expect(await client({ timeoutMs: 200 }).c.query('up')).toEqual({
      status: 'error',
      detail: 'Prometheus did not answer within 0.2s',
    });
  });

  it('says so when nothing listens', async () => {
    const c = createPrometheusClient({
      url: 'http://127.0.0.1:1',
      timeoutMs: 2000,
      logger: capturingLogger('silent').logger,
    });
    expect(await c.query('up')).toMatchObject({
      status: 'error',
      detail: expect.stringMatching(/could not be reached/),
    });
  });

  it('reads a range as series of points', async () => {
    answer = () => ({ status: 200, body: fixture('matrix.json') });
    const r = await client().c.queryRange('up', new Date(1796075152000), new Date(1796075155000), 1000);
    expect(seen[0]!.path).toBe('/api/v1/query_range');
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({
      query: 'up',
      start: '1796075152.000',
      end: '1796075155.000',
      step: '1s',
    });
    expect(r).toMatchObject({ status: 'ok', series: [{ labels: { job: 'self' }, points: expect.any(Array) }] });
    if (r.status === 'ok') expect(r.series[0]!.points).toHaveLength(4);
  });
});
