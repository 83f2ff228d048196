import { describe, expect, it } from 'vitest';
import { parseGrafana } from '../../src/alerts/parse-grafana.js';
import type { AlertBatch } from '../../src/alerts/types.js';
import { fixtureJson } from '../fixtures/alerts/load.js';

const sample = fixtureJson<Record<string, unknown>>('grafana-v1-example.json');

function batchOf(body: unknown): AlertBatch {
  const result = parseGrafana(body, {});
  if (!result.ok) throw new Error(result.error);
  return result.batch;
}

describe('Grafana v1 intake', () => {
  it('normalizes the documented example, values included', () => {
    const batch = batchOf(sample);
    expect(batch.source).toBe('grafana');
    expect(batch.groupKey).toBe('{}:{}');
    expect(batch.alerts.map((a) => [a.fingerprint, a.title, a.status])).toEqual([
      ['c6eadffa33fcdf37', 'High memory usage', 'firing'],
      ['bc97ff14869b13e3', 'High CPU usage', 'firing'],
    ]);
    expect(batch.alerts[0]).toMatchObject({
      groupKey: '{}:{}',
      labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
      annotations: { summary: 'This alert was triggered for zone us-1' },
      generatorUrl: 'https://play.grafana.org/alerting/1afz29v7z/edit',
      startsAt: new Date('2021-10-12T07:51:03.157Z'),
      values: { B: 44.23943737541908, C: 1 },
    });
    expect(batch.alerts[0]?.service).toBeUndefined();
    expect(batch.alerts[0]?.severity).toBeUndefined();
    expect(batch.alerts[0]?.endsAt).toBeUndefined();
  });

  it('falls back to a stable hash of the common labels when there is no groupKey', () => {
    const { groupKey: _, ...withoutKey } = sample;
    const reordered = { ...withoutKey, commonLabels: { zone: 'x', team: 'blue' } };
    const sameLabels = { ...withoutKey, commonLabels: { team: 'blue', zone: 'x' } };
    expect(batchOf(withoutKey).groupKey).toMatch(/^labels:[0-9a-f]{16}$/);
    expect(batchOf(reordered).groupKey).toBe(batchOf(sameLabels).groupKey);
    expect(batchOf(reordered).groupKey).not.toBe(batchOf(withoutKey).groupKey);
  });

  it('dedupes an identical redelivery and tells a resolve apart', () => {
    const resolved = {
      ...sample,
      status: 'resolved',
      alerts: (sample.alerts as object[]).map((a) => ({ ...a, status: 'resolved', endsAt: '2021-10-12T10:00:00Z' })),
    };
    expect(batchOf(structuredClone(sample)).deliveryId).toBe(batchOf(sample).deliveryId);
    expect(batchOf(resolved).deliveryId).not.toBe(batchOf(sample).deliveryId);
    expect(batchOf(resolved).alerts[0]?.endsAt).toEqual(new Date('2021-10-12T10:00:00Z'));
  });

  it('refuses an Alertmanager body and a body without alerts in one sentence', () => {
    const expected = 'Expected a Grafana alerting webhook (version "1") with an "alerts" array';
    const { alerts: _, ...withoutAlerts } = sample;
    expect(parseGrafana({ ...sample, version: '4' }, {})).toEqual({
      ok: false,
      error: `${expected}; "version" is "4", not "1".`,
    });
    expect(parseGrafana(withoutAlerts, {})).toEqual({ ok: false, error: `${expected}; "alerts" is missing.` });
  });
});
