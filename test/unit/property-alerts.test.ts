import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAlertmanager } from '../../src/alerts/parse-alertmanager.js';
import { parseGrafana } from '../../src/alerts/parse-grafana.js';
import { parsePagerDuty } from '../../src/alerts/parse-pagerduty.js';
import { AlertRouting, routeAlert } from '../../src/alerts/routing.js';
import type { AlertParseResult } from '../../src/alerts/types.js';
import { linkableUrl } from '../../src/domain/link-url.js';
import { hostileText, isOneSentence, PROPERTY_TIMEOUT, RUNS } from './property-support.js';

const text = fc.oneof(hostileText(6), fc.constantFrom('firing', 'resolved', '4', '1', 'critical', 'checkout'));
const labels = fc.dictionary(fc.oneof(fc.constantFrom('alertname', 'severity', 'service', 'job'), text), text, {
  maxKeys: 5,
});
const prometheusAlert = fc.record(
  {
    status: fc.oneof(fc.constantFrom('firing', 'resolved'), text),
    labels,
    annotations: labels,
    startsAt: fc.oneof(fc.constant('2026-11-30T10:00:00Z'), fc.constant('0001-01-01T00:00:00Z'), text),
    endsAt: fc.oneof(fc.constant('2026-11-30T11:00:00Z'), text),
    generatorURL: fc.oneof(fc.webUrl(), text, fc.constant('https://x.example/d|Open> <!channel> <https://evil')),
    fingerprint: text,
    values: fc.option(fc.dictionary(text, fc.oneof(fc.double(), fc.constant(null))), { nil: undefined }),
  },
  { requiredKeys: [] },
);
const alertmanagerLike = fc.record(
  {
    version: fc.constantFrom('4', '1', 4, '3'),
    status: fc.oneof(fc.constantFrom('firing', 'resolved'), text),
    groupKey: text,
    commonLabels: labels,
    alerts: fc.array(prometheusAlert, { maxLength: 4 }),
  },
  { requiredKeys: [] },
);
const pagerDutyLike = fc.record({
  event: fc.record(
    {
      id: text,
      event_type: fc.constantFrom('incident.triggered', 'incident.resolved', 'pagey.ping', 'incident.annotated'),
      occurred_at: text,
      data: fc.record(
        {
          id: text,
          type: fc.constantFrom('incident', 'incident_note'),
          title: text,
          status: text,
          html_url: fc.oneof(fc.webUrl(), text),
          urgency: text,
          service: fc.record({ summary: text }),
          teams: fc.array(fc.record({ summary: text }), { maxLength: 2 }),
          body: fc.record({ details: fc.oneof(text, fc.dictionary(text, fc.jsonValue())) }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  ),
});
const anyBody = fc.oneof(alertmanagerLike, pagerDutyLike, fc.jsonValue(), fc.anything());
const ROUTING = AlertRouting.parse({
  routes: [{ match: { severity: 'critical' }, action: 'declare', severity: 'sev1' }],
});

// What PostgreSQL refuses in text and jsonb, and what would break out of a Slack link.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function check(result: AlertParseResult) {
  if (!result.ok) {
    expect(isOneSentence(result.error), result.error.slice(0, 200)).toBe(true);
    return;
  }
  const { batch } = result;
  expect(UNSTORABLE.test(JSON.stringify(batch))).toBe(false);
  for (const alert of batch.alerts) {
    if (alert.generatorUrl !== undefined) expect(linkableUrl(alert.generatorUrl)).toBe(alert.generatorUrl);
    expect(UNSTORABLE.test(JSON.stringify(alert.raw))).toBe(false);
  }
  if (batch.alerts.length) {
    const decision = routeAlert(batch, ROUTING, ['checkout']);
    expect(decision.title.length).toBeGreaterThan(0);
    expect(decision.title.length).toBeLessThanOrEqual(150);
    // An incident title keeps a person's mentions; one taken from an alert must have none.
    expect(decision.title).not.toMatch(/<[@#]/);
    expect(decision.description).not.toMatch(/<[@#]/);
  }
}

describe('alert parsers, generated', () => {
  for (const [name, parse] of [
    ['Alertmanager', parseAlertmanager],
    ['Grafana', parseGrafana],
    ['PagerDuty', parsePagerDuty],
  ] as const)
    it(
      `${name}: never throws; refuses in one sentence; what it accepts is storable and links only safe URLs`,
      () => {
        fc.assert(
          fc.property(anyBody, (body) => check(parse(body, { 'x-webhook-id': 'w1' }))),
          RUNS,
        );
      },
      PROPERTY_TIMEOUT,
    );
});
