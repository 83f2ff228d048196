import { describe, expect, it } from 'vitest';
import { parsePagerDuty } from '../../src/alerts/parse-pagerduty.js';
import type { AlertBatch } from '../../src/alerts/types.js';
import { fixtureJson } from '../fixtures/alerts/load.js';

interface Sample {
  event: { id: string; event_type: string; occurred_at: string; data: Record<string, unknown> };
}
const sample = fixtureJson<Sample>('pagerduty-v3-example.json');
const webhookId = { 'X-Webhook-Id': 'c1f2f1a4-6f5b-4b7e-9a57-0d2c7c1e9f10' };

function batchOf(body: unknown, headers: Record<string, string> = webhookId): AlertBatch {
  const result = parsePagerDuty(body, headers);
  if (!result.ok) throw new Error(result.error);
  return result.batch;
}

/** The sample with another event type (and data), the way PagerDuty sends the other events. */
function event(eventType: string, data: Record<string, unknown> = sample.event.data): Sample {
  return { event: { ...sample.event, id: `${eventType}-1`, event_type: eventType, data } };
}

describe('PagerDuty v3 intake', () => {
  it('normalizes the documented incident event', () => {
    const batch = batchOf(sample);
    expect(batch).toMatchObject({ source: 'pagerduty', groupKey: 'PGR0VU2', deliveryId: webhookId['X-Webhook-Id'] });
    expect(batch.alerts).toEqual([
      {
        source: 'pagerduty',
        groupKey: 'PGR0VU2',
        fingerprint: '5ac64822-4adc-4fda-ade0-410becf0de4f',
        status: 'firing',
        title: 'A little bump in the road',
        labels: {
          service: 'API Service',
          urgency: 'high',
          priority: 'P1',
          team: 'Engineering',
          status: 'triggered',
          event_type: 'incident.priority_updated',
        },
        annotations: { summary: 'A little bump in the road' },
        service: 'API Service',
        severity: 'P1',
        generatorUrl: 'https://acme.pagerduty.com/incidents/PGR0VU2',
        startsAt: new Date('2020-04-09T15:16:27Z'),
        endsAt: undefined,
        raw: sample.event,
      },
    ]);
  });

  it('uses the event id as delivery id when X-Webhook-Id is absent', () => {
    expect(batchOf(sample, {}).deliveryId).toBe('5ac64822-4adc-4fda-ade0-410becf0de4f');
  });

  it('resolves on incident.resolved, ending at the event time', () => {
    const [alert] = batchOf(event('incident.resolved', { ...sample.event.data, status: 'resolved' })).alerts;
    expect(alert).toMatchObject({
      status: 'resolved',
      groupKey: 'PGR0VU2',
      endsAt: new Date(sample.event.occurred_at),
    });
  });

  it('keeps an acknowledged incident firing, falling back to urgency without a priority', () => {
    const [alert] = batchOf(event('incident.acknowledged', { ...sample.event.data, priority: null })).alerts;
    expect(alert).toMatchObject({ status: 'firing', severity: 'high' });
  });

  it('answers a ping with an empty batch', () => {
    const ping = {
      event: {
        id: '01BZ6VQ9RJ8ZVQ4SV9MLT4J4EZ',
        event_type: 'pagey.ping',
        resource_type: 'pagey',
        occurred_at: '2021-12-08T22:33:54.563Z',
        agent: null,
        client: null,
        data: { message: 'Hello from your friend Pagey!', type: 'ping' },
      },
    };
    expect(batchOf(ping)).toMatchObject({ alerts: [], ignoredReason: 'PagerDuty ping' });
  });

  it('ignores notes and unknown event types instead of failing', () => {
    const note = event('incident.annotated', {
      incident: { id: 'PGR0VU2', type: 'incident_reference' },
      content: 'Looking at it',
      type: 'incident_note',
    });
    expect(batchOf(note)).toMatchObject({ groupKey: 'PGR0VU2', alerts: [] });
    expect(batchOf(event('service.updated', { id: 'PF9KMXH', type: 'service' })).alerts).toEqual([]);
  });

  it('refuses a body without an event, or an incident without a title, in one sentence', () => {
    const expected = 'Expected a PagerDuty v3 webhook with an "event" object';
    expect(parsePagerDuty({ messages: [] }, {})).toEqual({ ok: false, error: `${expected}; "event" is missing.` });
    expect(parsePagerDuty('ping', {})).toEqual({
      ok: false,
      error: `${expected}; the body is a string, not a JSON object.`,
    });
    const { title: _, ...untitled } = sample.event.data;
    expect(parsePagerDuty(event('incident.triggered', untitled), {})).toEqual({
      ok: false,
      error: `${expected}; "event.data.title" is missing.`,
    });
  });
});
