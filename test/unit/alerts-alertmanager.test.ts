import { describe, expect, it } from 'vitest';
import { parseAlertmanager } from '../../src/alerts/parse-alertmanager.js';
import type { AlertBatch } from '../../src/alerts/types.js';
import { verifyBearer } from '../../src/alerts/verify.js';
import { recordedRequest } from '../fixtures/alerts/load.js';

const firing = recordedRequest('alertmanager-v4-firing.json');
const resolved = recordedRequest('alertmanager-v4-resolved.json');
const at = new Date('2026-11-22T11:11:00Z');

function batchOf(body: unknown): AlertBatch {
  const result = parseAlertmanager(body, {}, at);
  if (!result.ok) throw new Error(result.error);
  return result.batch;
}

/** A deep copy of the firing body with `change` applied, for malformed and varied deliveries. */
function firingWith(change: (body: Record<string, unknown>) => void): Record<string, unknown> {
  const body = structuredClone(firing.body) as Record<string, unknown>;
  change(body);
  return body;
}

describe('Alertmanager v4 intake', () => {
  it('normalizes the captured firing alert', () => {
    const batch = batchOf(firing.body);
    expect(batch).toMatchObject({
      source: 'alertmanager',
      groupKey: '{}:{alertname="HighErrorRate", service="checkout"}',
      receivedAt: at,
    });
    expect(batch.alerts).toHaveLength(1);
    const [alert] = batch.alerts;
    expect(alert).toEqual({
      source: 'alertmanager',
      groupKey: '{}:{alertname="HighErrorRate", service="checkout"}',
      fingerprint: '7d2d332feada5c59',
      status: 'firing',
      title: 'HighErrorRate',
      labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' },
      annotations: { runbook_url: 'https://runbooks.example/checkout', summary: '5xx > 5%' },
      service: 'checkout',
      severity: 'critical',
      generatorUrl: 'http://prometheus.example/graph',
      startsAt: new Date('2026-11-22T11:10:49.619Z'),
      endsAt: undefined,
      values: undefined,
      raw: expect.objectContaining({ fingerprint: '7d2d332feada5c59', endsAt: '0001-01-01T00:00:00Z' }),
    });
  });

  it('normalizes the captured resolve of the same alert, with its end time', () => {
    const [alert] = batchOf(resolved.body).alerts;
    expect(alert?.status).toBe('resolved');
    expect(alert?.fingerprint).toBe('7d2d332feada5c59');
    expect(alert?.endsAt).toEqual(new Date('2026-11-22T11:10:57Z'));
  });

  it('ignores the expiry Alertmanager puts in a firing alert’s endsAt', () => {
    const body = firingWith((b) => {
      (b.alerts as Record<string, unknown>[])[0]!.endsAt = '2026-11-22T11:15:49Z';
    });
    expect(batchOf(body).alerts[0]?.endsAt).toBeUndefined();
  });

  it('authenticates with the bearer token Alertmanager was configured with', () => {
    expect(verifyBearer(firing.headers.authorization, 'test-shared-token')).toBe(true);
    expect(verifyBearer(firing.headers.authorization, 'another-token')).toBe(false);
  });
});

describe('Alertmanager delivery ids', () => {
  it('gives an identical redelivery the same id', () => {
    const first = batchOf(firing.body).deliveryId;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(batchOf(structuredClone(firing.body)).deliveryId).toBe(first);
  });

  it('gives the resolve of the same group a different id', () => {
    expect(batchOf(resolved.body).deliveryId).not.toBe(batchOf(firing.body).deliveryId);
  });

  it('changes when an alert joins the group, whatever order the alerts come in', () => {
    const second = { ...(firing.body as { alerts: object[] }).alerts[0], fingerprint: 'aaaaaaaaaaaaaaaa' };
    const grown = firingWith((b) => {
      b.alerts = [...(b.alerts as object[]), second];
    });
    const reordered = firingWith((b) => {
      b.alerts = [second, ...(b.alerts as object[])];
    });
    expect(batchOf(grown).deliveryId).not.toBe(batchOf(firing.body).deliveryId);
    expect(batchOf(reordered).deliveryId).toBe(batchOf(grown).deliveryId);
  });
});

describe('malformed Alertmanager bodies', () => {
  const expected = 'Expected an Alertmanager webhook (version "4") with an "alerts" array';
  const errorOf = (body: unknown): string => {
    const result = parseAlertmanager(body, {});
    if (result.ok) throw new Error('parsed a malformed body');
    return result.error;
  };

  it.each([
    ['a string', 'hello', 'the body is a string, not a JSON object.'],
    ['an array', [], 'the body is an array, not a JSON object.'],
    ['null', null, 'the body is null, not a JSON object.'],
  ])('refuses %s in one sentence', (_, body, sentence) => {
    expect(errorOf(body)).toBe(`${expected}; ${sentence}`);
  });

  it('names a wrong version, such as a Grafana body sent to the wrong route', () => {
    expect(errorOf(firingWith((b) => (b.version = '1')))).toBe(`${expected}; "version" is "1", not "4".`);
  });

  it('names the missing alerts array', () => {
    const error = errorOf(firingWith((b) => delete b.alerts));
    expect(error).toBe(`${expected}; "alerts" is missing.`);
  });

  it('names the field inside an alert that is wrong', () => {
    const body = firingWith((b) => {
      (b.alerts as Record<string, unknown>[])[0]!.status = 'pending';
    });
    expect(errorOf(body)).toBe(`${expected}; "alerts[0].status" is "pending", not "firing" or "resolved".`);
    expect(errorOf(firingWith((b) => (b.alerts = 'x')))).toBe(`${expected}; "alerts" is a string, not an array.`);
  });
});
