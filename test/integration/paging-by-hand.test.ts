import { describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/db/queries/digest-facts.js';
import { incidents } from '../../src/db/schema/index.js';
import { BROADCAST } from '../support/harness.js';
import { OG_KEY, PD_MANAGERS, PD_PAYMENTS, usePagingHarness, WEBHOOK_TOKEN } from '../support/paging-harness.js';
import { botTexts, declare, lastEphemeral, run, settle } from '../support/scenario.js';

const { h, clock, pagers, pagingMessage } = usePagingHarness();

describe('incidents from a PagerDuty webhook', () => {
  /** A PagerDuty V3 webhook `incident.triggered` for the payments service. */
  const pdIncident = (id: string, priority?: string) => ({
    event: {
      id: `evt-${id}`,
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: '2026-11-23T03:00:00Z',
      data: {
        id,
        type: 'incident',
        html_url: `https://acme.pagerduty.com/incidents/${id}`,
        number: 9,
        status: 'triggered',
        title: 'Payments API error rate',
        urgency: 'high',
        ...(priority && { priority: { summary: priority } }),
        service: { id: 'PSVC', summary: 'payments', type: 'service_reference' },
      },
    },
  });
  const postWebhook = async (body: unknown) => {
    const res = await fetch(`${h.app.url}/webhooks/pagerduty`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    await settle(h);
  };

  it('declared by the routing rules: its service is not paged again, the incident managers are', async () => {
    await postWebhook(pdIncident('PINCAUTO', 'critical'));
    const [row] = await h.db.select().from(incidents);
    expect(row).toMatchObject({ severity: 1, declaredFrom: 'pagerduty', services: ['payments'] });
    expect(pagers.of('pagerduty', 'trigger').map((t) => t.body.routing_key)).toEqual([PD_MANAGERS]);
    await run(h, 'UALICE', row!.channelId!, 'sev 0');
    expect(pagers.of('pagerduty', 'trigger')).toHaveLength(1);
    expect(pagers.of('opsgenie', 'create')).toHaveLength(1);
  });

  it('declared by a person clicking Declare on its announcement: likewise', async () => {
    await postWebhook(pdIncident('PINCHAND'));
    const announcement = h.emulator.messages(BROADCAST).find((m) => m.text.includes('Payments API error rate'))!;
    await h.emulator.clickButton({
      user: 'UBOB',
      channel: BROADCAST,
      messageTs: announcement.ts,
      actionId: 'alert_declare',
    });
    await settle(h);
    const [row] = await h.db.select().from(incidents);
    expect(row).toMatchObject({ declaredBy: 'UBOB', alertSource: 'pagerduty', services: ['payments'] });
    expect(pagers.of('pagerduty', 'trigger').map((t) => t.body.routing_key)).toEqual([PD_MANAGERS]);
  });
});

describe('paging by hand', () => {
  it('`/incident page <service|team>` pages high urgency once; again says it was already paged', async () => {
    const ch = await declare(h, 'declare sev2 payments slow');
    expect(pagers.of('pagerduty', 'trigger')).toHaveLength(1);
    await run(h, 'UALICE', ch, 'page payments');
    expect(lastEphemeral(h, 'UALICE')).toBe('Paging payments; the Paging message in the channel shows how it goes.');
    const manual = pagers.of('pagerduty', 'trigger')[1]!;
    expect(manual.key).toMatch(/-service:payments$/);
    expect(manual.body).toMatchObject({ payload: { severity: 'warning' } });
    await run(h, 'UALICE', ch, 'page payments');
    expect(lastEphemeral(h, 'UALICE')).toMatch(/^payments was already paged for INC-1/);
    await run(h, 'UALICE', ch, 'page discovery');
    expect(pagers.of('opsgenie', 'create')[0]!.body).toMatchObject({
      responders: [{ type: 'team', name: 'discovery' }],
    });
    await run(h, 'UALICE', ch, 'page nosuch');
    expect(lastEphemeral(h, 'UALICE')).toBe(
      'No service or team is called "nosuch". Services: payments, search, analytics.',
    );
    await run(h, 'UALICE', ch, 'page analytics');
    expect(lastEphemeral(h, 'UALICE')).toMatch(/analytics has no pagerduty or opsgenie/);
    expect(pagers.sent).toHaveLength(3);
  });

  it('`/incident page @person` invites them and sends a direct message', async () => {
    const ch = await declare(h, 'declare sev3 payments receipt typo');
    await run(h, 'UALICE', ch, 'page <@UCAROL>');
    expect(h.emulator.channel(ch)!.members).toContain('UCAROL');
    const dm = h.emulator.channels().find((c) => c.isIm && c.members.includes('UCAROL'))!;
    expect(botTexts(h, dm.id).at(-1)).toMatch(/<@UALICE> is paging you into INC-1 \(SEV3\)/);
    expect(pagers.attempts).toEqual([]);
  });

  it("Page on-call in the roles message pages the incident's services", async () => {
    const ch = await declare(h, 'declare sev3 payments receipt typo');
    expect(pagers.attempts).toEqual([]);
    await run(h, 'UBOB', ch, 'roles');
    const reply = h.emulator.ephemeralsFor('UBOB').at(-1)!;
    expect(JSON.stringify(reply.blocks)).toContain('page_on_call');
    await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: reply.ts, actionId: 'page_on_call' });
    await settle(h);
    expect(pagers.of('pagerduty', 'trigger').map((t) => t.key)).toEqual([expect.stringMatching(/-service:payments$/)]);
  });

  it('a drill pages with --page', async () => {
    await declare(h, 'declare --drill --page sev1 payments game day');
    expect(pagers.of('pagerduty', 'trigger')).toHaveLength(2);
  });
});

describe('the digest', () => {
  it('counts pages sent and acknowledged, their time to acknowledge, and pages per incident', async () => {
    const start = clock.now();
    const ch = await declare(h, 'declare sev1 payments checkout failing');
    clock.advance(90_000);
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    const day = 24 * 3_600_000;
    const digest = await loadDigest(h.db, {
      from: new Date(start.getTime() - day),
      to: new Date(start.getTime() + day),
      prevFrom: new Date(start.getTime() - 8 * day),
      now: new Date(start.getTime() + 3_600_000),
    });
    expect(digest.paging.sent.value).toBe(2);
    expect(digest.paging.acknowledged.value).toBe(2);
    expect(digest.paging.timeToAcknowledge.median.value).toBe(90_000);
    expect(digest.paging.perIncident).toMatchObject({ value: 2, previous: null });
    expect(digest.paging.reduced).toBeNull();
  });
});

describe('secrets', () => {
  it('routing keys and the Opsgenie key never reach the logs or Slack, even when a provider echoes them', async () => {
    pagers.failNext('pagerduty', { status: 400, body: { message: `bad key ${PD_PAYMENTS}` } });
    pagers.failNext('opsgenie', { status: 422, body: { message: `Key ${OG_KEY} is invalid` } });
    const ch = await declare(h, 'declare sev0 payments checkout failing');
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    await run(h, 'UALICE', ch, 'resolve');
    expect(pagers.attempts.length).toBeGreaterThan(3);
    const everything = [
      ...h.logs,
      JSON.stringify(h.emulator.calls),
      ...h.emulator.messages(ch).map((m) => JSON.stringify(m)),
    ].join('\n');
    for (const secret of [PD_PAYMENTS, PD_MANAGERS, OG_KEY]) expect(everything).not.toContain(secret);
    expect(JSON.stringify(pagingMessage(ch).blocks)).toContain('[REDACTED]');
  });
});
