import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseAlertmanager } from '../../src/alerts/parse-alertmanager.js';
import { parseGrafana } from '../../src/alerts/parse-grafana.js';
import { parsePagerDuty } from '../../src/alerts/parse-pagerduty.js';
import { AlertRouting, checkRouting, routeAlert } from '../../src/alerts/routing.js';
import type { AlertBatch, AlertParseResult } from '../../src/alerts/types.js';
import { fixtureJson, recordedRequest } from '../fixtures/alerts/load.js';

const batch = (result: AlertParseResult): AlertBatch => {
  if (!result.ok) throw new Error(result.error);
  return result.batch;
};
const checkout = batch(parseAlertmanager(recordedRequest('alertmanager-v4-firing.json').body, {}));
const grafana = batch(parseGrafana(fixtureJson('grafana-v1-example.json'), {}));
const pagerduty = batch(parsePagerDuty(fixtureJson('pagerduty-v3-example.json'), {}));

const routing = AlertRouting.parse(
  (
    parseYaml(`
alerts:
  routes:                                   # first match wins
    - match: { severity: critical }
      severity: sev1
      action: declare
      title: "{alertname} on {service}"
    - match: { severity: critical, service: checkout }
      severity: sev0
      action: declare
    - match: { source: pagerduty, priority: P1 }
      action: declare
      service: payments
    - match: { team: search }
      action: notify
  default: { action: notify, severity: sev2 }
`) as { alerts: unknown }
  ).alerts,
);

describe('alert routing', () => {
  it('takes the first matching route and fills its title template', () => {
    expect(routeAlert(checkout, routing, ['checkout', 'payments'])).toEqual({
      action: 'declare',
      severity: 1,
      service: 'checkout',
      title: 'HighErrorRate on checkout',
      description: '5xx > 5%\nRunbook: https://runbooks.example/checkout\nSource: http://prometheus.example/graph',
      route: 0,
    });
  });

  it('takes the service from the alert’s label only when it is a configured service', () => {
    expect(routeAlert(checkout, routing, ['payments']).service).toBeUndefined();
    expect(routeAlert(checkout, routing, []).title).toBe('HighErrorRate on checkout');
  });

  it('falls back to the default, and a severity label alone changes nothing', () => {
    const none = AlertRouting.parse({});
    expect(routeAlert(checkout, none, ['checkout'])).toMatchObject({ action: 'notify', severity: 2, route: undefined });
    expect(routeAlert(grafana, routing, [])).toEqual({
      action: 'notify',
      severity: 2,
      service: undefined,
      title: 'High memory usage and 1 other alert',
      description: expect.stringContaining('High memory usage\nThis alert was triggered for zone us-1'),
      route: undefined,
    });
  });

  it('matches on the common labels of a group and on the source', () => {
    const blue = AlertRouting.parse({
      routes: [{ match: { team: 'blue' }, action: 'declare', title: '{team}: {zone}' }],
    });
    expect(routeAlert(grafana, blue, [])).toMatchObject({ action: 'declare', title: 'blue:', route: 0 });
    expect(routeAlert(pagerduty, routing, ['payments'])).toMatchObject({
      action: 'declare',
      severity: 2,
      service: 'payments',
      title: 'A little bump in the road',
      route: 2,
    });
  });

  it('leaves unknown placeholders out and clips long titles to 150 characters', () => {
    const titled = (title: string) => AlertRouting.parse({ routes: [{ match: {}, title }] });
    expect(routeAlert(checkout, titled('{alertname} {region} on {service}: {summary}'), []).title).toBe(
      'HighErrorRate on checkout: 5xx > 5%',
    );
    const long = routeAlert(checkout, titled(`{alertname} ${'x'.repeat(200)}`), []).title;
    expect(long).toHaveLength(150);
    expect(long.endsWith('…')).toBe(true);
  });

  it('reads YAML numbers in a match as label text and rejects unknown keys', () => {
    expect(AlertRouting.parse({ routes: [{ match: { code: 500 } }] }).routes[0]?.match).toEqual({ code: '500' });
    expect(AlertRouting.safeParse({ routes: [{ matches: { team: 'x' } }] }).success).toBe(false);
    expect(AlertRouting.safeParse({ default: { severity: 'critical' } }).success).toBe(false);
  });
});

describe('routing checks at start-up', () => {
  it('accepts the example with its services', () => {
    expect(checkRouting(routing, ['checkout', 'payments'])).toEqual([]);
  });

  it('reports unknown services, unknown sources and routes hidden behind a catch-all', () => {
    const bad = AlertRouting.parse({
      routes: [{ match: { source: 'datadog' } }, { match: {}, service: 'paymnts' }, { match: { team: 'search' } }],
      default: { service: 'gone' },
    });
    expect(checkRouting(bad, ['payments'])).toEqual([
      'alerts.routes[0].match.source "datadog" is not a source; use alertmanager, grafana, pagerduty',
      'alerts.routes[1].service "paymnts" is not a configured service; services: payments',
      'alerts.routes[2] can never match: alerts.routes[1] has an empty match and catches everything',
      'alerts.default.service "gone" is not a configured service; services: payments',
    ]);
  });
});
