import { describe, expect, it } from 'vitest';
import { incidents, pages, timelineEvents } from '../../src/db/schema/index.js';
import { BROADCAST } from '../support/harness.js';
import { ENV, OG_KEY, PAGING_CONFIG, PD_MANAGERS, PD_PAYMENTS, usePagingHarness } from '../support/paging-harness.js';
import { declare, run, settle } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';

const { h, clock, pagers, pagingMessage, tickAfter } = usePagingHarness();

describe('paging by severity', () => {
  it('SEV1 on a service pages the service and the incident managers once each, then SEV0 adds leadership only', async () => {
    const ch = await declare(h, 'declare sev1 payments checkout failing');

    const triggers = pagers.of('pagerduty', 'trigger');
    expect(triggers.map((t) => t.body.routing_key).sort()).toEqual([PD_MANAGERS, PD_PAYMENTS].sort());
    expect(pagers.of('opsgenie')).toEqual([]);
    const [row] = await h.db.select().from(incidents);
    const service = triggers.find((t) => t.body.routing_key === PD_PAYMENTS)!.body;
    expect(service).toMatchObject({
      event_action: 'trigger',
      dedup_key: `firebreak-${row!.id}-service:payments`,
      payload: {
        summary: '[INC-1] SEV1 payments checkout failing',
        severity: 'error',
        source: 'firebreak',
        component: 'payments',
        custom_details: { incident: 'INC-1', severity: 'SEV1', channel: `#${row!.channelName}` },
      },
      client: 'Firebreak',
    });
    const link = (service.links as { href: string; text: string }[])[0]!;
    expect(link.href).toContain(ch);
    expect(link.text).toBe(`Slack: #${row!.channelName}`);
    expect(new Set(triggers.map((t) => t.key)).size).toBe(2);

    const message = pagingMessage(ch);
    expect(message.blocks).toBeDefined();
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('*payments* via PagerDuty: 📟 triggered');
    expect(shown).toContain('*incident managers* via PagerDuty: 📟 triggered');
    // Without FIREBREAK_PAGERDUTY_API_TOKEN nobody is looked up (nock refuses any other host).
    expect(shown).not.toContain('on call');

    await run(h, 'UALICE', ch, 'sev 0');
    expect(pagers.of('pagerduty', 'trigger')).toHaveLength(2);
    const [leadership] = pagers.of('opsgenie', 'create');
    expect(pagers.of('opsgenie')).toHaveLength(1);
    expect(leadership!.body).toMatchObject({
      alias: `firebreak-${row!.id}-leadership`,
      message: '[INC-1] SEV0 payments checkout failing',
      responders: [{ type: 'team', name: 'leadership' }],
      priority: 'P1',
      entity: 'INC-1',
    });
    expect(leadership!.headers.authorization).toBe(`GenieKey ${OG_KEY}`);
    expect(JSON.stringify(pagingMessage(ch).blocks)).toContain('*leadership* via Opsgenie: 📟 triggered');
    expect(await h.db.select().from(pages)).toHaveLength(3);
  });

  it('the IC taking the role acknowledges every page in their name; resolving resolves them all', async () => {
    const ch = await declare(h, 'declare sev0 payments checkout failing');
    expect(pagers.sent.map((s) => s.action).sort()).toEqual(['create', 'trigger', 'trigger']);

    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    const acks = pagers.sent.filter((s) => s.action === 'acknowledge');
    expect(acks.map((a) => a.key).sort()).toEqual(
      pagers.sent
        .slice(0, 3)
        .map((s) => s.key)
        .sort(),
    );
    const ogAck = acks.find((a) => a.provider === 'opsgenie')!;
    expect(ogAck.path).toMatch(/\/acknowledge\?identifierType=alias$/);
    expect(ogAck.body.user).toBe('bob');
    const shown = JSON.stringify(pagingMessage(ch).blocks);
    expect(shown).toContain('*payments* via PagerDuty: 👍 acknowledged by <@UBOB>');

    await run(h, 'UBOB', ch, 'ic <@UCAROL>');
    expect(pagers.sent.filter((s) => s.action === 'acknowledge')).toHaveLength(3);

    await run(h, 'UBOB', ch, 'resolve Rolled back');
    const resolves = pagers.sent.filter((s) => s.action === 'resolve' || s.action === 'close');
    expect(resolves.map((r) => r.key).sort()).toEqual(acks.map((a) => a.key).sort());
    expect(JSON.stringify(pagingMessage(ch).blocks).match(/✅ resolved/g)).toHaveLength(3);
    expect((await h.db.select().from(pages)).every((p) => p.state === 'resolved' && p.resolvedAt)).toBe(true);
  });

  it('SEV2 pages the service at low urgency; SEV3 pages nobody; lowering pages nobody new', async () => {
    const ch = await declare(h, 'declare sev2 payments slow');
    const [low] = pagers.of('pagerduty', 'trigger');
    expect(pagers.sent).toHaveLength(1);
    expect(low!.body).toMatchObject({ payload: { severity: 'warning' } });
    expect(low!.key).toMatch(/-service:payments:low$/);
    expect(JSON.stringify(pagingMessage(ch).blocks)).toContain('*payments (low urgency)* via PagerDuty');

    await run(h, 'UALICE', ch, 'sev 3');
    expect(pagers.sent).toHaveLength(1);
    await declare(h, 'declare sev3 payments typo on receipt', 'UBOB');
    expect(pagers.sent).toHaveLength(1);
  });

  it('pages Opsgenie services through their responder with the mapped priority', async () => {
    await declare(h, 'declare sev1 search results empty');
    const [created] = pagers.of('opsgenie', 'create');
    expect(created!.body).toMatchObject({
      responders: [{ type: 'team', name: 'discovery' }],
      priority: 'P2',
      tags: ['firebreak', 'SEV1'],
    });
  });

  it('drills page nobody; private incidents page with a generic summary', async () => {
    await declare(h, 'declare --drill sev1 payments game day');
    expect(pagers.attempts).toEqual([]);
    expect(await h.db.select().from(pages)).toEqual([]);

    await run(h, 'UALICE', BROADCAST, '');
    const [view] = h.emulator.openModals('UALICE');
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: view!.id,
      values: { title: 'Card data exposure', severity: '1', services: ['payments'], options: ['private'] },
    });
    await settle(h, 300);
    const triggers = pagers.of('pagerduty', 'trigger');
    expect(triggers).toHaveLength(2);
    for (const t of triggers) {
      expect(JSON.stringify(t.body)).not.toContain('Card data');
      expect((t.body.payload as { summary: string }).summary).toBe(
        '[INC-2] SEV1 private incident: details in its Slack channel',
      );
    }
  });
});

describe('delivery', () => {
  it('a provider down then up: retried on the tick with backoff, the channel told meanwhile', async () => {
    pagers.failNext('pagerduty', { status: 503, body: { status: 'unavailable' } }, 2);
    const ch = await declare(h, 'declare sev1 payments checkout failing');
    expect(pagers.attempts).toHaveLength(2);
    expect(pagers.sent).toHaveLength(0);
    expect(JSON.stringify(pagingMessage(ch).blocks)).toContain('failed: PagerDuty answered 503');

    await tickAfter(10_000);
    expect(pagers.attempts).toHaveLength(2);
    await tickAfter(25_000);
    expect(pagers.sent.map((s) => s.action)).toEqual(['trigger', 'trigger']);
    expect(pagers.attempts).toHaveLength(4);
    const shown = JSON.stringify(pagingMessage(ch).blocks);
    expect(shown).not.toContain('failed');
    expect(shown.match(/📟 triggered/g)).toHaveLength(2);
  });

  it('honours 429 Retry-After', async () => {
    pagers.failNext('pagerduty', { status: 429, headers: { 'retry-after': '120' } }, 2);
    await declare(h, 'declare sev1 payments checkout failing');
    expect(pagers.attempts).toHaveLength(2);
    await tickAfter(60_000);
    expect(pagers.attempts).toHaveLength(2);
    await tickAfter(61_000);
    expect(pagers.sent).toHaveLength(2);
  });

  it('a refusal is said plainly with a Retry button, and Retry pages', async () => {
    pagers.failNext('pagerduty', {
      status: 400,
      body: {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: [`Length of 'routing_key' is incorrect (${PD_PAYMENTS})`],
      },
    });
    const ch = await declare(h, 'declare sev2 payments checkout slow');
    expect(pagers.sent).toHaveLength(0);
    const message = pagingMessage(ch);
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('*not delivered*: PagerDuty answered 400: Event object is invalid');
    const [page] = await h.db.select().from(pages);
    expect(shown).toContain(`page_retry:${page!.id}`);
    // A refusal is not retried by the tick: the same body would be refused again.
    await tickAfter(15 * 60_000);
    expect(pagers.attempts).toHaveLength(1);

    await h.emulator.clickButton({
      user: 'UALICE',
      channel: ch,
      messageTs: message.ts,
      actionId: `page_retry:${page!.id}`,
      value: page!.id,
    });
    await settle(h);
    expect(pagers.sent).toHaveLength(1);
    const after = JSON.stringify(pagingMessage(ch).blocks);
    expect(after).toContain('📟 triggered');
    expect(after).not.toContain('page_retry');
  });

  it('gives up after five failures, says so with Retry, and records it on the timeline', async () => {
    pagers.failNext('pagerduty', { status: 500 }, 5);
    const ch = await declare(h, 'declare sev2 payments checkout slow');
    for (let i = 0; i < 6; i++) await tickAfter(10 * 60_000);
    expect(pagers.attempts).toHaveLength(5);
    expect(JSON.stringify(pagingMessage(ch).blocks)).toContain('*not delivered*: PagerDuty answered 500');
    const failed = (await h.db.select().from(timelineEvents)).filter((e) => e.kind === 'page_failed');
    expect(failed).toHaveLength(1);
  });

  it('two replicas ticking at once deliver each page once', async () => {
    const second = await startSecondInstance(h, { config: PAGING_CONFIG, now: clock.now, env: ENV });
    try {
      pagers.failNext('pagerduty', { status: 503 }, 2);
      pagers.failNext('opsgenie', { status: 503 });
      const ch = await declare(h, 'declare sev0 payments checkout failing');
      expect(pagers.attempts).toHaveLength(3);
      clock.advance(60_000);
      await Promise.all([h.app.tick(), second.tick(), h.app.tick(), second.tick()]);
      await settle(h);
      expect(pagers.sent.map((s) => s.action).sort()).toEqual(['create', 'trigger', 'trigger']);
      expect(pagers.attempts).toHaveLength(6);
      expect(JSON.stringify(pagingMessage(ch).blocks).match(/📟 triggered/g)).toHaveLength(3);
    } finally {
      await stopSecondInstance(second);
    }
  });

  it('a restart between storing the pages and sending them: the new process sends each once', async () => {
    pagers.failNext('pagerduty', { status: 503 }, 2);
    const ch = await declare(h, 'declare sev1 payments checkout failing');
    expect(pagers.sent).toHaveLength(0);
    await h.restart({ config: PAGING_CONFIG, env: ENV, now: clock.now });
    await tickAfter(60_000);
    await tickAfter(60_000);
    expect(pagers.sent.map((s) => s.action)).toEqual(['trigger', 'trigger']);
    expect(new Set(pagers.sent.map((s) => s.key)).size).toBe(2);
    expect(JSON.stringify(pagingMessage(ch).blocks).match(/📟 triggered/g)).toHaveLength(2);
  });

  it('the same declaration submitted twice (a Slack retry) pages once', async () => {
    await run(h, 'UALICE', BROADCAST, '');
    const [view] = h.emulator.openModals('UALICE');
    const values = { title: 'Card payments failing', severity: '1', services: ['payments'] };
    await Promise.all([
      h.emulator.submitView({ user: 'UALICE', viewId: view!.id, values }),
      h.emulator.submitView({ user: 'UALICE', viewId: view!.id, values }),
    ]);
    await settle(h, 300);
    await tickAfter(60_000);
    expect(pagers.of('pagerduty', 'trigger')).toHaveLength(2);
    expect(await h.db.select().from(pages)).toHaveLength(2);
  });
});
