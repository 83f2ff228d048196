import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../src/config/env.js';
import { parseConfigText } from '../../src/config/load.js';
import { parseCommand } from '../../src/domain/command.js';
import {
  nextPageStep,
  opsgeniePriority,
  type PagingPolicy,
  pageBackoffMs,
  pageDedupKey,
  pagerDutySeverity,
  plannedPages,
  targetPerson,
} from '../../src/domain/paging.js';
import { retryAfter } from '../../src/integrations/paging/http-outcome.js';
import { createPagingProviders } from '../../src/integrations/paging/index.js';
import { opsgenieRequest } from '../../src/integrations/paging/opsgenie-alerts.js';
import { pagerDutyBody } from '../../src/integrations/paging/pagerduty-events.js';
import type { PageEvent } from '../../src/integrations/paging/ports.js';
import { assertOpsgenieBody, assertPagerDutyEvent } from '../support/paging-providers.js';

const YAML = `
services:
  - { name: payments, pagerduty: "\${PD_PAYMENTS}" }
paging:
  incident_managers: { pagerduty: "key-\${PD_IM}" }
  leadership: { opsgenie: { team: leadership } }
`;

describe('paging configuration', () => {
  it(`replaces \${NAME} with the environment and applies the default policy of the issue`, () => {
    const file = parseConfigText(YAML, 'firebreak.yml', { PD_PAYMENTS: 'abc123', PD_IM: 'xyz' });
    expect(file.services[0]!.pagerduty).toBe('abc123');
    expect(file.paging!.incident_managers).toEqual({ pagerduty: 'key-xyz' });
    expect(file.paging!.by_severity).toEqual({
      sev0: ['service', 'incident_managers', 'leadership'],
      sev1: ['service', 'incident_managers'],
      sev2: ['service_low_urgency'],
      sev3: [],
    });
    expect(file.paging!.pagerduty.events_url).toBe('https://events.pagerduty.com/v2/enqueue');
  });

  it('stops start-up naming a missing variable and the key that uses it', () => {
    expect(() => parseConfigText(YAML, 'firebreak.yml', { PD_PAYMENTS: 'abc123' })).toThrow(
      new ConfigError(`firebreak.yml: paging.incident_managers.pagerduty uses \${PD_IM}, but PD_IM is not set`),
    );
  });

  it('leaves groups nobody configured out of the default policy', () => {
    const file = parseConfigText('paging: { incident_managers: { pagerduty: k } }', 'f.yml');
    expect(file.paging!.by_severity.sev0).toEqual(['service', 'incident_managers']);
  });

  it('refuses a severity that pages a group nobody configured, and an Opsgenie responder naming two things', () => {
    expect(() => parseConfigText('paging: { by_severity: { sev1: [leadership] } }', 'f.yml')).toThrow(
      'f.yml: paging.by_severity.sev1 pages leadership, but paging.leadership is not configured',
    );
    expect(() => parseConfigText('paging: { leadership: { opsgenie: { team: a, user: b } } }', 'f.yml')).toThrow(
      /must name exactly one of team, user, escalation, schedule/,
    );
  });

  it('needs FIREBREAK_OPSGENIE_API_KEY when an Opsgenie destination is configured; no paging: no providers', () => {
    const file = parseConfigText('paging: { leadership: { opsgenie: { team: leadership } } }', 'f.yml');
    expect(() => createPagingProviders({ env: parseEnv({}), file })).toThrow(/^FIREBREAK_OPSGENIE_API_KEY is required/);
    expect(createPagingProviders({ env: parseEnv({ FIREBREAK_OPSGENIE_API_KEY: 'k' }), file })?.opsgenie).toBeDefined();
    expect(createPagingProviders({ env: parseEnv({}), file: parseConfigText('{}', 'f.yml') })).toBeUndefined();
  });

  it('the REST side only with FIREBREAK_PAGERDUTY_API_TOKEN; a service id and the From email are checked', () => {
    const file = parseConfigText(
      'services: [ { name: pay, pagerduty: k, pagerduty_service: PABC123 } ]\npaging: { pagerduty: { from: bot@example.com } }',
      'f.yml',
    );
    expect(file.services[0]!.pagerduty_service).toBe('PABC123');
    expect(createPagingProviders({ env: parseEnv({}), file })?.pagerdutyRest).toBeUndefined();
    const rest = createPagingProviders({ env: parseEnv({ FIREBREAK_PAGERDUTY_API_TOKEN: 't' }), file })?.pagerdutyRest;
    expect(rest?.canAct).toBe(true);
    expect(() => parseConfigText('services: [ { name: pay, pagerduty_service: "https://x/PABC" } ]', 'f.yml')).toThrow(
      /must be a PagerDuty service id such as PABC123/,
    );
    expect(() => parseConfigText('paging: { pagerduty: { from: firebreak } }', 'f.yml')).toThrow(
      /must be the email address of a PagerDuty user/,
    );
  });
});

const POLICY: PagingPolicy = {
  bySeverity: {
    0: ['service', 'incident_managers', 'leadership'],
    1: ['service', 'incident_managers'],
    2: ['service_low_urgency'],
    3: [],
  },
  services: { payments: ['pagerduty'], search: ['opsgenie', 'pagerduty'], analytics: [] },
  incidentManagers: ['pagerduty'],
  leadership: ['opsgenie'],
};

describe('paging rules', () => {
  it('plans one page per target and provider; a raise adds only the new targets', () => {
    const sev1 = plannedPages({ severity: 1, services: ['payments', 'analytics'], declaredFrom: null }, POLICY);
    expect(sev1).toEqual([
      { target: 'service:payments', provider: 'pagerduty' },
      { target: 'incident_managers', provider: 'pagerduty' },
    ]);
    const sev0 = plannedPages({ severity: 0, services: ['payments', 'analytics'], declaredFrom: null }, POLICY);
    const key = (p: { target: string; provider: string }) => `${p.target}/${p.provider}`;
    expect(sev0.map(key).filter((k) => !sev1.map(key).includes(k))).toEqual(['leadership/opsgenie']);
    expect(plannedPages({ severity: 2, services: ['search'], declaredFrom: null }, POLICY)).toEqual([
      { target: 'service:search:low', provider: 'opsgenie' },
      { target: 'service:search:low', provider: 'pagerduty' },
    ]);
    expect(plannedPages({ severity: 3, services: ['payments'], declaredFrom: null }, POLICY)).toEqual([]);
  });

  it('does not page again through PagerDuty the service whose PagerDuty incident declared it', () => {
    expect(plannedPages({ severity: 1, services: ['search'], declaredFrom: 'pagerduty' }, POLICY)).toEqual([
      { target: 'service:search', provider: 'opsgenie' },
      { target: 'incident_managers', provider: 'pagerduty' },
    ]);
  });

  it('nor when a person clicked Declare on the PagerDuty alert (the alert source is kept)', () => {
    expect(
      plannedPages({ severity: 1, services: ['search'], declaredFrom: null, alertSource: 'pagerduty' }, POLICY),
    ).toEqual([
      { target: 'service:search', provider: 'opsgenie' },
      { target: 'incident_managers', provider: 'pagerduty' },
    ]);
  });

  it('dedup keys: one per target, a new one per reopening round; person targets name a Slack user', () => {
    expect(pageDedupKey('i1', 'service:payments')).toBe('firebreak-i1-service:payments');
    expect(pageDedupKey('i1', 'service:payments', 0)).toBe('firebreak-i1-service:payments');
    expect(pageDedupKey('i1', 'leadership', 2)).toBe('firebreak-i1-leadership-r2');
    expect(targetPerson('person:UCAROL')).toBe('UCAROL');
    expect(targetPerson('service:payments')).toBeUndefined();
  });

  it('maps SEV0..3 to PagerDuty critical, error, warning, info and Opsgenie P1..P4; low urgency is capped', () => {
    expect([0, 1, 2, 3].map((s) => pagerDutySeverity(s as 0, false))).toEqual(['critical', 'error', 'warning', 'info']);
    expect([0, 1, 2, 3].map((s) => pagerDutySeverity(s as 0, true))).toEqual(['warning', 'warning', 'warning', 'info']);
    expect([0, 1, 2, 3].map((s) => opsgeniePriority(s as 0, false))).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(opsgeniePriority(0, true)).toBe('P3');
  });

  it('moves a page towards what is wanted, and never sends for a page resolved before it went out', () => {
    expect(nextPageStep('pending', 'trigger')).toBe('trigger');
    expect(nextPageStep('pending', 'acknowledge')).toBe('trigger');
    expect(nextPageStep('pending', 'resolve')).toBe('cancel');
    expect(nextPageStep('triggered', 'acknowledge')).toBe('acknowledge');
    expect(nextPageStep('triggered', 'resolve')).toBe('resolve');
    expect(nextPageStep('acknowledged', 'resolve')).toBe('resolve');
    expect(nextPageStep('triggered', 'trigger')).toBeUndefined();
    expect(nextPageStep('resolved', 'resolve')).toBeUndefined();
  });

  it('backs off 30 s, 1, 2, 4 min, at least the Retry-After, at most 10 min', () => {
    expect([1, 2, 3, 4].map((n) => pageBackoffMs(n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(pageBackoffMs(1, 90_000)).toBe(90_000);
    expect(pageBackoffMs(9)).toBe(600_000);
    expect(retryAfter('120')).toBe(120_000);
    expect(retryAfter('Mon, 23 Nov 2026 03:01:00 GMT', Date.parse('2026-11-23T03:00:00Z'))).toBe(60_000);
    expect(retryAfter('soon')).toBeUndefined();
  });
});

const EVENT: PageEvent = {
  action: 'trigger',
  destination: { provider: 'pagerduty', routingKey: 'R0KEY' },
  dedupKey: 'firebreak-1-service:payments',
  summary: '[INC-1] SEV0 Checkout down',
  severity: 0,
  lowUrgency: false,
  incidentRef: 'INC-1',
  service: 'payments',
  channelUrl: 'https://acme.slack.com/archives/C1/p1',
  channelName: 'inc-2026-11-23-checkout-down',
  actor: 'bob',
  at: new Date('2026-11-23T03:00:00Z'),
};

describe('provider bodies against the published schemas', () => {
  it.each([0, 1, 2, 3] as const)('PagerDuty trigger, acknowledge and resolve at SEV%i', (severity) => {
    for (const action of ['trigger', 'acknowledge', 'resolve'] as const) {
      const body = pagerDutyBody({ ...EVENT, action, severity }, 'R0KEY');
      expect(() => assertPagerDutyEvent(body)).not.toThrow();
      expect(body).toMatchObject({ routing_key: 'R0KEY', event_action: action, dedup_key: EVENT.dedupKey });
    }
    expect(pagerDutyBody({ ...EVENT, severity }, 'R0KEY')).toMatchObject({
      payload: { severity: ['critical', 'error', 'warning', 'info'][severity] },
    });
  });

  it('a body outside the schema is caught by the check the tests use', () => {
    expect(() => assertPagerDutyEvent({ routing_key: 'k', event_action: 'page' })).toThrow(/allowed values/);
    expect(() => assertPagerDutyEvent({ ...pagerDutyBody(EVENT, 'k'), urgency: 'high' })).toThrow(
      /urgency is not in the schema/,
    );
    expect(() => assertOpsgenieBody('create', { alias: 'x' })).toThrow(/message/);
  });

  it('Opsgenie create, acknowledge and close by alias', () => {
    const responder = { team: 'leadership' };
    const create = opsgenieRequest(EVENT, responder);
    expect(create.path).toBe('/v2/alerts');
    expect(() => assertOpsgenieBody('create', create.body)).not.toThrow();
    const ack = opsgenieRequest({ ...EVENT, action: 'acknowledge' }, responder);
    expect(ack.path).toBe('/v2/alerts/firebreak-1-service%3Apayments/acknowledge?identifierType=alias');
    expect(() => assertOpsgenieBody('acknowledge', ack.body)).not.toThrow();
    const close = opsgenieRequest({ ...EVENT, action: 'resolve' }, responder);
    expect(close.path).toMatch(/\/close\?identifierType=alias$/);
    expect(() => assertOpsgenieBody('close', close.body)).not.toThrow();
  });
});

describe('the page grammar', () => {
  it('reads `page <name>`, `page @person` and `declare --drill --page`', () => {
    expect(parseCommand('page Payments')).toEqual({
      ok: true,
      command: { kind: 'page', target: { kind: 'name', name: 'payments' } },
    });
    expect(parseCommand('page <@U123|bob>')).toEqual({
      ok: true,
      command: { kind: 'page', target: { kind: 'person', userId: 'U123' } },
    });
    expect(parseCommand('page')).toMatchObject({ ok: false, error: /Name one service, team or person/ });
    expect(parseCommand('declare --drill --page sev1 Game day')).toEqual({
      ok: true,
      command: { kind: 'declare', title: 'Game day', drill: true, page: true, severity: 1 },
    });
    expect(parseCommand('declare --page sev1 Real')).toMatchObject({ ok: false, error: /`--page` is for drills/ });
  });
});
