import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertGroups, alerts, incidents, timelineEvents } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, lastEphemeral, settle, waitFor } from '../support/scenario.js';

const TOKEN = 'intake-token-0123456789abcdef';
const PD_SECRET = 'pagerduty-secret-0123456789';
const h = useHarness({
  config: `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: checkout, risk: medium, team: payments }
alerts:
  routes:
    - match: { severity: critical }
      severity: sev1
      action: declare
  default: { action: notify, severity: sev2 }
`,
  env: { FIREBREAK_WEBHOOK_TOKEN: TOKEN, FIREBREAK_PAGERDUTY_SECRETS: `old-secret-000000,${PD_SECRET}` },
});

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/alerts/${name}`, import.meta.url), 'utf8'));
const AM_FIRING = fixture('alertmanager-v4-firing.json').body;
const AM_RESOLVED = fixture('alertmanager-v4-resolved.json').body;

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${h.app.url}/webhooks/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: raw,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const incidentChannels = () => h.emulator.channels().filter((c) => c.name.startsWith('inc-'));
async function declaredIncidents(n: number, timeout?: number) {
  return waitFor(async () => {
    const rows = (await h.db.select().from(incidents)).filter((i) => i.declareState === 'complete');
    if (rows.length < n) throw new Error(`${rows.length} of ${n} incidents declared`);
    return rows;
  }, timeout);
}

describe('alert intake', () => {
  it('refuses the unauthenticated and the malformed with one sentence, storing nothing', async () => {
    expect(await post('alertmanager', AM_FIRING, {})).toMatchObject({ status: 401 });
    expect(await post('alertmanager', AM_FIRING, { authorization: 'Bearer wrong-token-0000000000' })).toMatchObject({
      status: 401,
    });
    const bad = await post('alertmanager', { version: '4' });
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toMatch(/alerts/);
    expect((await post('grafana', 'not json')).status).toBe(400);
    expect(await h.db.select().from(alerts)).toHaveLength(0);
    expect(await h.db.select().from(alertGroups)).toHaveLength(0);
  });

  it('declares from a critical Alertmanager alert: one channel, the alert on the timeline and linked, redeliveries ignored', async () => {
    const first = await post('alertmanager', AM_FIRING);
    expect(first).toEqual({ status: 202, json: { accepted: 1, duplicate: false } });
    const [incident] = await declaredIncidents(1);
    expect(incident).toMatchObject({
      severity: 1,
      services: ['checkout'],
      sourceUrl: 'http://prometheus.example/graph',
    });
    await settle(h);
    // Alertmanager re-sends the same group on every group_interval: same incident, no new channel.
    expect((await post('alertmanager', AM_FIRING)).json).toEqual({ accepted: 0, duplicate: true });
    await settle(h);
    expect(incidentChannels()).toHaveLength(1);
    const opened = h.emulator.messages(incident!.channelId!)[0]!;
    expect(JSON.stringify(opened.blocks)).toContain('<http://prometheus.example/graph|open the alert>');
    const kinds = (await h.db.select().from(timelineEvents)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'alert_firing')).toHaveLength(1);

    // Resolved: shown in the channel as evidence; the incident stays open.
    expect((await post('alertmanager', AM_RESOLVED)).status).toBe(202);
    await waitFor(() => {
      if (!botTexts(h, incident!.channelId!).some((t) => t.startsWith('✅ Alert resolved: HighErrorRate')))
        throw new Error('no resolved notice yet');
    });
    const [after] = await h.db.select().from(incidents);
    expect(after!.status).not.toBe('resolved');
    expect((await h.db.select().from(timelineEvents)).some((e) => e.kind === 'alert_resolved')).toBe(true);
  });

  it('an alert storm opens one incident per group, not one per alert', { timeout: 90_000 }, async () => {
    const before = incidentChannels().length;
    const storm = Array.from({ length: 120 }, (_, i) => ({
      ...AM_FIRING,
      groupKey: `{}:{alertname="Storm${i % 3}"}`,
      alerts: [
        {
          ...AM_FIRING.alerts[0],
          fingerprint: `fp-${i}`,
          labels: { ...AM_FIRING.alerts[0].labels, alertname: `Storm${i % 3}`, pod: `p-${i}` },
        },
      ],
    }));
    const answers = await Promise.all(storm.map((body) => post('alertmanager', body)));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    await declaredIncidents(before + 3, 45_000);
    await settle(h, 300, 45_000);
    expect(incidentChannels().length - before).toBe(3);
    expect(await h.db.select().from(alerts)).toHaveLength(120);
  });

  it('announces an alert the rules only notify about, with a Declare button that declares once', async () => {
    const warning = {
      ...AM_FIRING,
      groupKey: '{}:{alertname="DiskFilling"}',
      commonLabels: { alertname: 'DiskFilling', severity: 'warning' },
      alerts: [
        { ...AM_FIRING.alerts[0], fingerprint: 'disk-1', labels: { alertname: 'DiskFilling', severity: 'warning' } },
      ],
    };
    const before = incidentChannels().length;
    expect((await post('alertmanager', warning)).status).toBe(202);
    const announcement = await waitFor(() => {
      const m = h.emulator.messages(BROADCAST).find((x) => x.text.includes('DiskFilling'));
      if (!m) throw new Error('no announcement yet');
      return m;
    });
    expect(incidentChannels().length).toBe(before);
    await h.emulator.clickButton({
      user: 'UBOB',
      channel: BROADCAST,
      messageTs: announcement.ts,
      actionId: 'alert_declare',
    });
    await h.emulator.clickButton({
      user: 'UCAROL',
      channel: BROADCAST,
      messageTs: announcement.ts,
      actionId: 'alert_declare',
    });
    await settle(h);
    expect(incidentChannels().length).toBe(before + 1);
    // The two clicks race after their acks: either may win, but only one declares.
    const redrawn = h.emulator.messages(BROADCAST).find((x) => x.ts === announcement.ts)!;
    const winner = /Declared by <@(UBOB|UCAROL)>/.exec(JSON.stringify(redrawn.blocks))?.[1];
    expect(winner).toBeDefined();
    const loser = winner === 'UBOB' ? 'UCAROL' : 'UBOB';
    expect(lastEphemeral(h, loser)).toContain('An incident is already being declared for this alert.');
  });

  it('takes PagerDuty only with a valid signature (any of the rotated secrets) and dedupes on X-Webhook-Id', async () => {
    const body = JSON.stringify({
      event: {
        id: 'evt-1',
        event_type: 'incident.triggered',
        resource_type: 'incident',
        occurred_at: '2026-11-23T10:00:00Z',
        data: {
          id: 'PINC1',
          type: 'incident',
          html_url: 'https://acme.pagerduty.com/incidents/PINC1',
          number: 7,
          status: 'triggered',
          title: 'Checkout latency high',
          urgency: 'high',
          service: { id: 'PSVC', summary: 'checkout', type: 'service_reference' },
        },
      },
    });
    const sig = `v1=${createHmac('sha256', PD_SECRET).update(body).digest('hex')}`;
    expect((await post('pagerduty', body, { 'x-pagerduty-signature': 'v1=deadbeef' })).status).toBe(401);
    const headers = { 'x-pagerduty-signature': `v1=0000,${sig}`, 'x-webhook-id': 'wh-1' };
    expect((await post('pagerduty', body, headers)).status).toBe(202);
    expect((await post('pagerduty', body, headers)).json).toMatchObject({ duplicate: true });
    await settle(h);
    const groups = (await h.db.select().from(alertGroups)).filter((g) => g.source === 'pagerduty');
    expect(groups).toHaveLength(1);
  });

  it('a PagerDuty acknowledgement of the incident it declared is its acknowledgement (MTTA) when it comes first', async () => {
    const event = (type: string, status: string) => ({
      event: {
        id: `evt-${type}`,
        event_type: type,
        resource_type: 'incident',
        occurred_at: '2026-11-23T10:00:00Z',
        data: {
          id: 'PINCACK',
          type: 'incident',
          html_url: 'https://acme.pagerduty.com/incidents/PINCACK',
          number: 8,
          status,
          title: 'Checkout down',
          urgency: 'high',
          priority: { summary: 'critical' }, // the harness routes severity critical to declare
          service: { id: 'PSVC', summary: 'checkout', type: 'service_reference' },
        },
      },
    });
    await post('pagerduty', event('incident.triggered', 'triggered'));
    await settle(h);
    const [declared] = await declaredIncidents(1);
    expect(declared!.acknowledgedAt).toBeNull();
    expect((await post('pagerduty', event('incident.acknowledged', 'acknowledged'))).status).toBe(202);
    await settle(h);
    const [acked] = await h.db.select().from(incidents);
    expect(acked!.acknowledgedAt).toBeInstanceOf(Date);
  });

  it('never logs the token or a signing secret, and is off (503) when neither is configured', async () => {
    await post('alertmanager', AM_FIRING, { authorization: 'Bearer wrong-token-0000000000' });
    await post('alertmanager', AM_FIRING);
    await settle(h);
    const logged = h.logs.join('\n');
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain(PD_SECRET);
    await h.restart({ config: 'channels: { broadcast: CINCIDENTS }' });
    const off = await post('alertmanager', AM_FIRING);
    expect(off).toEqual({
      status: 503,
      json: { error: 'Alert intake is disabled: set FIREBREAK_WEBHOOK_TOKEN (or the provider secret).' },
    });
  });
});
