import { describe, expect, it } from 'vitest';
import { buildAnalysisContext, type ContextInput } from '../../src/ai/context.js';

const j = (...parts: string[]) => parts.join('');
const T0 = Date.parse('2024-05-01T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const incident: ContextInput['incident'] = {
  ref: 'INC-42',
  title: 'Checkout errors',
  severity: 1,
  status: 'investigating',
  impact: 'Customers cannot pay; contact ops@example.com',
  description: null,
  services: ['payments'],
};

type Event = ContextInput['timeline'][number];
const event = (id: string, minute: number, kind: string, text: string | null, actorType = 'human'): Event => ({
  id,
  at: at(minute),
  actorType,
  kind,
  text,
});

describe('buildAnalysisContext', () => {
  it('redacts every string: incident fields, timeline text and alert fields, and counts them', () => {
    const { context, redactions } = buildAnalysisContext({
      incident,
      alerts: [{ labels: { alertname: 'HighErrors', dsn: 'postgres://u:pw@db/x' }, annotations: { summary: 'x' } }],
      timeline: [
        event('e1', 0, 'declared', 'declared by Bob'),
        event('e2', 1, 'message', j('token xox', 'b-1234-abcdef')),
      ],
    });
    expect(context.incident.impact).toBe('Customers cannot pay; contact [REDACTED:email]');
    expect(context.timeline[1]!.text).toBe('token [REDACTED:slack-token]');
    expect(context.alerts[0]!.labels.dsn).toBe('postgres://u:[REDACTED:password]@db/x');
    expect(redactions).toBe(3);
  });

  it('maps events to items oldest first, with ISO times and a known source', () => {
    const { context } = buildAnalysisContext({
      incident,
      alerts: [],
      timeline: [
        event('b', 2, 'message', 'second', 'bot'),
        event('a', 1, 'message', null, 'webhook'),
        event('c', 2, 'message', 'same minute, stored later'),
      ],
    });
    expect(context.timeline).toEqual([
      { id: 'a', at: at(1).toISOString(), source: 'system', kind: 'message', text: '' },
      { id: 'b', at: at(2).toISOString(), source: 'bot', kind: 'message', text: 'second' },
      { id: 'c', at: at(2).toISOString(), source: 'human', kind: 'message', text: 'same minute, stored later' },
    ]);
  });

  it('keeps the newest chatter within maxItems, plus the declaration and key items however old', () => {
    const timeline = [
      event('declared', 0, 'declared', 'Checkout errors declared'),
      event('pin', 1, 'pinned', 'dashboard link'),
      event('note', 2, 'note', 'suspect deploy 1234'),
      event('status', 3, 'status-changed', 'identified'),
      ...Array.from({ length: 50 }, (_, i) => event(`m${i}`, 10 + i, 'message', `message ${i}`)),
    ];
    const { context, omitted } = buildAnalysisContext({ incident, alerts: [], timeline }, { maxItems: 10 });
    expect(context.timeline.map((i) => i.id)).toEqual([
      'declared',
      'pin',
      'note',
      'status',
      ...['m44', 'm45', 'm46', 'm47', 'm48', 'm49'],
    ]);
    expect(omitted).toBe(44);
  });

  it('stays within the character budget and keeps the declaration even when it is spent', () => {
    const long = 'x'.repeat(500);
    const timeline = [
      event('d', 0, 'declared', 'declared'),
      ...Array.from({ length: 200 }, (_, i) => event(`m${i}`, 1 + i, 'message', long)),
    ];
    const { context } = buildAnalysisContext({ incident, alerts: [], timeline }, { maxChars: 10_000 });
    expect(JSON.stringify(context).length).toBeLessThanOrEqual(10_000);
    expect(context.timeline[0]!.id).toBe('d');
    expect(context.timeline.at(-1)!.id).toBe('m199');
    expect(context.timeline.length).toBeGreaterThan(5);

    const starved = buildAnalysisContext({ incident, alerts: [], timeline }, { maxChars: 100 });
    expect(starved.context.timeline.map((i) => i.id)).toEqual(['d']);
  });

  it('clips a giant paste so it cannot crowd out the rest', () => {
    const { context } = buildAnalysisContext({
      incident,
      alerts: [],
      timeline: [event('paste', 0, 'message', 'log line\n'.repeat(10_000))],
    });
    expect(context.timeline[0]!.text.length).toBe(2_000);
    expect(context.timeline[0]!.text.endsWith('…')).toBe(true);
  });

  it('summarises an Alertmanager webhook, one entry per alert with common labels merged', () => {
    const { context } = buildAnalysisContext({
      incident,
      alerts: [
        {
          version: '4',
          status: 'firing',
          commonLabels: { severity: 'critical', service: 'payments' },
          commonAnnotations: { runbook_url: 'https://wiki.example.com/rb/5xx' },
          alerts: [
            {
              status: 'firing',
              labels: { alertname: 'HighErrorRate', pod: 'payments-7d9f' },
              annotations: { summary: '5xx ratio above 5%', description: 'owner jane@example.com' },
              startsAt: '2024-05-01T09:58:00Z',
            },
            { status: 'resolved', labels: { alertname: 'PodOOMKilled' }, annotations: {} },
          ],
        },
      ],
      timeline: [],
    });
    expect(context.alerts).toHaveLength(2);
    expect(context.alerts[0]).toEqual({
      summary:
        '[firing] HighErrorRate | runbook_url: https://wiki.example.com/rb/5xx | summary: 5xx ratio above 5% | description: owner [REDACTED:email] | since 2024-05-01T09:58:00Z',
      labels: { severity: 'critical', service: 'payments', alertname: 'HighErrorRate', pod: 'payments-7d9f' },
    });
    expect(context.alerts[1]!.summary).toBe('[resolved] PodOOMKilled | runbook_url: https://wiki.example.com/rb/5xx');
  });

  it('summarises Grafana values, PagerDuty v3/v2 webhooks and Events API v2 without its routing key', () => {
    const routingKey = j('R0UT1NGKEY', 'e93facc04764012d7bfb002500d5d1a6');
    const { context } = buildAnalysisContext({
      incident,
      alerts: [
        {
          status: 'firing',
          alerts: [{ status: 'firing', labels: { alertname: 'CPU' }, values: { A: 95.3, B: 1 } }],
        },
        {
          event: {
            event_type: 'incident.triggered',
            data: {
              title: 'Redis timeouts',
              status: 'triggered',
              urgency: 'high',
              service: { summary: 'cache' },
            },
          },
        },
        { messages: [{ event: 'incident.trigger', incident: { title: 'Disk full on db-1', status: 'triggered' } }] },
        {
          routing_key: routingKey,
          event_action: 'trigger',
          payload: {
            summary: 'Disk 98% on db-1',
            source: 'db-1',
            severity: 'critical',
            custom_details: { free: '2%' },
          },
        },
        { ruleName: 'Latency', state: 'alerting', evalMatches: [{ metric: 'p99', value: 2.4 }] },
        { title: 'Something odd', api_token: 'abc', nested: { a: 1 } },
      ],
      timeline: [],
    });
    const summaries = context.alerts.map((a) => a.summary);
    expect(summaries).toEqual([
      '[firing] CPU | values: A=95.3, B=1',
      '[triggered] Redis timeouts | service: cache',
      '[triggered] Disk full on db-1',
      '[trigger] Disk 98% on db-1 | free: 2%',
      '[alerting] Latency | values: p99=2.4',
      'Something odd | other fields: nested',
    ]);
    expect(context.alerts[1]!.labels).toEqual({
      source: 'pagerduty',
      event: 'incident.triggered',
      status: 'triggered',
      urgency: 'high',
      service: 'cache',
    });
    expect(context.alerts[5]!.labels.api_token).toBe('[REDACTED:secret]');
    expect(JSON.stringify(context)).not.toContain(routingKey);
  });

  it('caps the number of alerts and says how many were left out', () => {
    const alerts = Array.from({ length: 25 }, (_, i) => ({ labels: { alertname: `A${i}` } }));
    const { context } = buildAnalysisContext({ incident, alerts, timeline: [] });
    expect(context.alerts).toHaveLength(21);
    expect(context.alerts.at(-1)!.summary).toBe('5 more alerts not shown');
  });
});
