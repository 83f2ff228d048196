import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { incidents, statusPublications, timelineEvents } from '../../src/db/schema/index.js';
import { publishToStatusPage } from '../../src/services/status-page/publish-to-status-page.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, lastEphemeral, run, settle } from '../support/scenario.js';
import { FakeStatuspage, SP_KEY, statusConfig } from '../support/statuspage.js';

// The page's JSON as tests read it (README "/status.json"); loosely typed on purpose.
// biome-ignore lint/suspicious/noExplicitAny: assertions walk the document freely
type StatusJson = Record<string, any>;

const clock = new TestClock('2026-11-23T10:00:00Z');
const h = useHarness({
  config: statusConfig({ statuspage: true }),
  env: { FIREBREAK_STATUSPAGE_API_KEY: SP_KEY },
  now: clock.now,
  // The pace itself (1 request per second) is the rate limiter's unit test; here it only slows the suite.
  statuspagePace: { intervalMs: 0, sleep: async () => undefined },
});
const sp = new FakeStatuspage('pg123');

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  sp.install();
});
afterEach(() => {
  expect(sp.invalid).toEqual([]);
  sp.reset();
  clock.set('2026-11-23T10:00:00Z');
});
afterAll(() => {
  sp.uninstall();
  nock.enableNetConnect();
});

type Block = { block_id: string; element: { initial_value?: string; initial_option?: { value: string } } };
const blocksOf = (view: { view: unknown }) => (view.view as { blocks: Block[] }).blocks;
const field = (view: { view: unknown }, id: string) => blocksOf(view).find((b) => b.block_id === id)!.element;

async function getJson(path: string) {
  const res = await fetch(`${h.app.url}${path}`);
  return { res, json: (await res.json()) as StatusJson };
}

/** Opens the form as `user` and submits it with `values` over the defaults it was prefilled with. */
async function publish(user: string, ch: string, values: Record<string, string>) {
  await run(h, user, ch, 'statuspage');
  const view = h.emulator.openModals(user).at(-1)!;
  await h.emulator.submitView({ user, viewId: view.id, values });
  await settle(h);
  return view;
}

describe('/incident statuspage', () => {
  it('the comms lead publishes from the prefilled form; updates and the resolution follow through the same form', async () => {
    const ch = await declare(h, 'declare sev2 payments checkout failing for card users');
    await run(h, 'UALICE', ch, 'comms <@UCAROL>');

    await run(h, 'UCAROL', ch, 'statuspage');
    const first = h.emulator.openModals('UCAROL').at(-1)!;
    expect(field(first, 'public_name').initial_value).toBe('Payments API - Investigating increased error rates');
    expect(field(first, 'public_message').initial_value).toContain(
      'We are currently investigating reports of problems with Payments API.',
    );
    // The internal title never reaches the form: customers read only what the comms lead keeps.
    expect(JSON.stringify(first.view)).not.toContain('card users');
    expect(field(first, 'public_phase').initial_option!.value).toBe('investigating');
    expect(field(first, 'component:payments').initial_option!.value).toBe('degraded_performance');
    expect(field(first, 'component:search').initial_option!.value).toBe('operational');
    expect(blocksOf(first).some((b) => b.block_id === 'component:analytics')).toBe(false);

    await h.emulator.submitView({
      user: 'UCAROL',
      viewId: first.id,
      values: { public_message: 'Card payments fail for some customers.', 'component:payments': 'partial_outage' },
    });
    await settle(h);

    const [created] = sp.of('POST');
    expect(created!.authorization).toBe(`OAuth ${SP_KEY}`);
    const [row] = await h.db.select().from(incidents);
    expect(created!.body).toEqual({
      incident: {
        name: 'Payments API - Investigating increased error rates',
        status: 'investigating',
        body: 'Card payments fail for some customers.',
        components: { cmppay: 'partial_outage' },
        component_ids: ['cmppay'],
        metadata: { firebreak: { incident_id: row!.id } },
      },
    });
    expect(row!.statuspageIncidentId).toBe('spinc1');
    const record = h.emulator.messages(ch).find((m) => m.text.startsWith('📣 Published'))!;
    expect(record.text).toBe(
      '📣 Published to the status page and Statuspage by <@UCAROL> (Investigating): Payments API - Investigating increased error rates',
    );
    expect(JSON.stringify(record.blocks)).toContain('✅ Statuspage: updated');
    const said = (await h.db.select().from(timelineEvents)).filter((e) => e.kind.startsWith('status_page'));
    expect(said.map((e) => [e.kind, e.actorId])).toEqual([
      ['status_page_published', 'UCAROL'],
      ['status_page_delivered', h.emulator.botUserId],
    ]);
    expect(said[0]!.data).toMatchObject({ where: ['the status page', 'Statuspage'], phase: 'investigating' });

    // The next update is prefilled from the last one and updates the same Statuspage incident.
    clock.set('2026-11-23T10:20:00Z');
    await run(h, 'UCAROL', ch, 'statuspage');
    const second = h.emulator.openModals('UCAROL').at(-1)!;
    expect(field(second, 'public_message').initial_value).toBe('Card payments fail for some customers.');
    expect(field(second, 'component:payments').initial_option!.value).toBe('partial_outage');
    await h.emulator.submitView({
      user: 'UCAROL',
      viewId: second.id,
      values: { public_phase: 'monitoring', public_message: 'A fix is in place; we are watching.' },
    });
    await settle(h);
    expect(sp.of('POST')).toHaveLength(1);
    expect(sp.of('PATCH').map((r) => [r.path, (r.body!.incident as { status: string }).status])).toEqual([
      ['/v1/pages/pg123/incidents/spinc1', 'monitoring'],
    ]);

    const { json } = await getJson('/status.json');
    expect(json.status).toEqual({ indicator: 'partial_outage', description: 'Partial outage' });
    expect(json.components.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ['Payments API', 'partial_outage'],
      ['Search', 'operational'],
    ]);
    expect(json.incidents).toHaveLength(1);
    expect(json.incidents[0].updates.map((u: { body: string }) => u.body)).toEqual([
      'A fix is in place; we are watching.',
      'Card payments fail for some customers.',
    ]);

    // The IC resolves it for customers: every component back to operational, on Statuspage too.
    await run(h, 'UALICE', ch, 'ic <@UALICE>');
    clock.set('2026-11-23T11:00:00Z');
    await publish('UALICE', ch, { public_phase: 'resolved', public_message: 'Payments work normally again.' });
    const resolved = sp.of('PATCH').at(-1)!.body!.incident as Record<string, unknown>;
    expect(resolved).toMatchObject({ status: 'resolved', components: { cmppay: 'operational' } });
    const after = (await getJson('/status.json')).json;
    expect(after.status.indicator).toBe('operational');
    expect(after.incidents[0].status).toBe('resolved');
    expect(after.components[0].days.at(-1)).toEqual({
      date: '2026-11-23',
      status: 'partial_outage',
      incidents: ['Payments API - Investigating increased error rates'],
    });
    expect(after.components[1].days.at(-1).status).toBe('operational');
  });

  it('refuses anyone but the comms lead or the IC, drills and private incidents, in one sentence, changing nothing', async () => {
    const ch = await declare(h, 'declare sev2 payments checkout failing');
    await run(h, 'UBOB', ch, 'statuspage');
    expect(lastEphemeral(h, 'UBOB')).toBe(
      'Only the comms lead or the incident commander publishes to the status page (`/incident roles` shows who they are).',
    );
    expect(h.emulator.openModals('UBOB')).toEqual([]);

    const drill = await declare(h, 'declare --drill sev2 payments game day');
    await run(h, 'UALICE', drill, 'ic <@UALICE>');
    await run(h, 'UALICE', drill, 'statuspage');
    expect(lastEphemeral(h, 'UALICE')).toBe('This is a drill: drills are never published to the status page.');

    await run(h, 'UALICE', BROADCAST, '');
    const [declareView] = h.emulator.openModals('UALICE');
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: declareView!.id,
      values: { title: 'Card data exposure', severity: '1', services: ['payments'], options: ['private'] },
    });
    await settle(h, 300);
    const [secret] = await h.db.select().from(incidents).where(eq(incidents.isPrivate, true));
    await run(h, 'UALICE', secret!.channelId!, 'ic <@UALICE>');
    await run(h, 'UALICE', secret!.channelId!, 'statuspage');
    expect(lastEphemeral(h, 'UALICE')).toBe(
      'This incident is private: nothing about it is ever published to the status page.',
    );
    // The form's own submission checks again (a role handed on, a stale form): still nothing published.
    await expect(
      publishToStatusPage(h.app.services, {
        channelId: ch,
        actorId: 'UBOB',
        requestKey: 'view:stale',
        name: 'x',
        message: 'y',
        phase: 'investigating',
        components: {},
      }),
    ).rejects.toThrow(/Only the comms lead/);
    expect(await h.db.select().from(statusPublications)).toEqual([]);
    expect(sp.requests).toEqual([]);
    expect((await getJson('/status.json')).json.incidents).toEqual([]);
  });

  it('one submission publishes once, however often it arrives', async () => {
    const ch = await declare(h, 'declare sev2 search is slow');
    await run(h, 'UALICE', ch, 'comms <@UALICE>');
    const input = {
      channelId: ch,
      actorId: 'UALICE',
      requestKey: 'view:V123',
      name: 'Search is slow',
      message: 'Searches take longer than usual.',
      phase: 'investigating' as const,
      components: { search: 'degraded_performance' as const },
    };
    await Promise.all([publishToStatusPage(h.app.services, input), publishToStatusPage(h.app.services, input)]);
    await publishToStatusPage(h.app.services, input);
    await settle(h);
    expect(await h.db.select().from(statusPublications)).toHaveLength(1);
    expect(sp.of('POST')).toHaveLength(1);
    expect(botTexts(h, ch).filter((t) => t.startsWith('📣'))).toHaveLength(1);
  });
});

describe('Publish to status page on a customer-facing update', () => {
  it('opens the form with that text, for the comms lead', async () => {
    const ch = await declare(h, 'declare sev2 payments checkout failing');
    await run(h, 'UALICE', ch, 'comms <@UCAROL>');
    await run(h, 'UCAROL', ch, 'update');
    const [updateView] = h.emulator.openModals('UCAROL');
    await h.emulator.submitView({
      user: 'UCAROL',
      viewId: updateView!.id,
      values: { internal: 'Rolled back', customer: 'Card payments are recovering.' },
    });
    await settle(h);
    const customer = h.emulator.messages(ch).find((m) => m.text.startsWith('🌐'))!;
    await h.emulator.clickButton({ user: 'UCAROL', channel: ch, messageTs: customer.ts, actionId: 'statuspage_open' });
    await settle(h);
    const form = h.emulator.openModals('UCAROL').at(-1)!;
    expect(field(form, 'public_message').initial_value).toBe('Card payments are recovering.');
    await h.emulator.submitView({ user: 'UCAROL', viewId: form.id, values: {} });
    await settle(h);
    expect((sp.of('POST')[0]!.body!.incident as { body: string }).body).toBe('Card payments are recovering.');

    // Anyone else is told why not, in one sentence.
    await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: customer.ts, actionId: 'statuspage_open' });
    await settle(h);
    expect(lastEphemeral(h, 'UBOB')).toContain('Only the comms lead or the incident commander publishes');
  });
});
