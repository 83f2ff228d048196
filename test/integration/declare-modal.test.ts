import { describe, expect, it } from 'vitest';
import { incidents } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, lastEphemeral, run, settle, waitFor } from '../support/scenario.js';

const h = useHarness();

async function openForm(user = 'UALICE') {
  await run(h, user, BROADCAST, '');
  const [view] = h.emulator.openModals(user);
  if (!view) throw new Error('no modal open');
  return view;
}

describe('the declare modal', () => {
  it('opens for `/incident` and `/incident declare` with severities explained and services from config', async () => {
    const view = await openForm();
    const blocks = view.view.blocks as {
      block_id: string;
      element: { options?: { text: { text: string }; description?: { text: string } }[] };
    }[];
    const severity = blocks.find((b) => b.block_id === 'severity')!;
    expect(severity.element.options!.map((o) => `${o.text.text}: ${o.description!.text}`)).toEqual([
      'SEV0: Critical business-wide outage or data risk',
      'SEV1: Major user-facing degradation',
      'SEV2: Partial degradation with a workaround',
      'SEV3: Low-impact defect or noise',
    ]);
    expect(blocks.find((b) => b.block_id === 'services')!.element.options!.map((o) => o.text.text)).toEqual([
      'payments',
      'search',
      'analytics',
    ]);
    await run(h, 'UBOB', BROADCAST, 'declare');
    expect(h.emulator.openModals('UBOB')).toHaveLength(1);
  });

  it('answers a bad field inline and declares nothing', async () => {
    const view = await openForm();
    const res = await h.emulator.submitView({ user: 'UALICE', viewId: view.id, values: { title: 'x', severity: '1' } });
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: { title: 'Give the incident a title of at least 3 characters.' },
    });
    await settle(h);
    expect(await h.db.select().from(incidents)).toHaveLength(0);
  });

  it('declares with services, impact and links: topic, bookmarks and the declarer told where to go', async () => {
    const view = await openForm();
    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: {
        title: 'Card payments failing',
        severity: '1',
        services: ['payments'],
        impact: 'Checkout fails for 30% of card payments',
      },
    });
    expect(res.status).toBe(200);
    const row = await waitFor(async () => {
      const [r] = await h.db.select().from(incidents);
      if (r?.declareState !== 'complete') throw new Error('not yet');
      return r;
    });
    await settle(h);
    expect(row).toMatchObject({
      severity: 1,
      services: ['payments'],
      impact: 'Checkout fails for 30% of card payments',
      isPrivate: false,
    });
    const channel = h.emulator.channel(row.channelId!)!;
    expect(channel.topic).toBe('SEV1 · Investigating · IC unassigned · Card payments failing');
    expect(channel.bookmarks).toMatchObject([
      { title: 'payments dashboard', link: 'https://grafana.example.com/d/pay' },
    ]);
    expect(h.emulator.messages(channel.id)[0]!.text).toContain('Impact: Checkout fails for 30% of card payments');
    expect(lastEphemeral(h, 'UALICE')).toContain(`<#${channel.id}>`);
  });

  it('declares a private incident: private channel, no announcement, not named in the list', async () => {
    const view = await openForm();
    const announcements = botTexts(h, BROADCAST).length;
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: { title: 'Suspected credential leak', severity: '1', options: ['private'] },
    });
    const row = await waitFor(async () => {
      const [r] = await h.db.select().from(incidents);
      if (r?.declareState !== 'complete') throw new Error('not yet');
      return r;
    });
    await settle(h);
    expect(h.emulator.channel(row.channelId!)!.isPrivate).toBe(true);
    expect(botTexts(h, BROADCAST)).toHaveLength(announcements);
    await run(h, 'UBOB', BROADCAST, 'list');
    expect(lastEphemeral(h, 'UBOB')).toBe('No open public incidents.\n…and 1 private incident.');
  });

  it('marks drills everywhere', async () => {
    await run(h, 'UALICE', BROADCAST, 'declare --drill sev2 Game day failover');
    const row = await waitFor(async () => {
      const [r] = await h.db.select().from(incidents);
      if (r?.declareState !== 'complete') throw new Error('not yet');
      return r;
    });
    await settle(h);
    expect(row.isDrill).toBe(true);
    expect(h.emulator.channel(row.channelId!)!.topic).toMatch(/^DRILL · SEV2/);
    expect(JSON.stringify(h.emulator.messages(row.channelId!)[0]!.blocks)).toContain('Drill');
    expect(botTexts(h, BROADCAST).at(-1)).toMatch(/^🧪 DRILL · 🔴 SEV2 incident declared/);
    expect(h.emulator.messages(row.channelId!)[0]!.text).toMatch(/^🧪 DRILL \(practice incident\)\n🔴 INCIDENT/);
  });

  it('declares once when the same form is submitted twice', async () => {
    const view = await openForm();
    const values = { title: 'Double submit', severity: '2' };
    await Promise.all([
      h.emulator.submitView({ user: 'UALICE', viewId: view.id, values }),
      h.emulator.submitView({ user: 'UALICE', viewId: view.id, values }),
    ]);
    await settle(h, 300);
    expect(await h.db.select().from(incidents)).toHaveLength(1);
    expect(h.emulator.callCount('conversations.create')).toBe(1);
  });
});

describe('App Home', () => {
  it('shows your incidents and roles, the others, private ones only counted, and a Declare button that opens the form', async () => {
    await run(h, 'UALICE', BROADCAST, 'declare sev1 Mine');
    await run(h, 'UBOB', BROADCAST, 'declare sev2 Theirs');
    await settle(h, 300);
    const mine = (await h.db.select().from(incidents)).find((i) => i.title === 'Mine')!;
    await run(h, 'UALICE', mine.channelId!, 'ic <@UALICE>');
    await h.emulator.openAppHome('UALICE');
    await settle(h);
    const home = JSON.stringify(h.emulator.homeView('UALICE')!.view);
    expect(home).toMatch(/Your incidents.*Mine.*you: IC.*All open incidents.*Theirs/);
    await h.emulator.clickHomeButton({ user: 'UALICE', actionId: 'home_declare' });
    await settle(h);
    expect(h.emulator.openModals('UALICE').map((v) => (v.view as { callback_id: string }).callback_id)).toContain(
      'declare_incident',
    );
  });
});
