import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { incidents, statusPublications } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run, settle } from '../support/scenario.js';
import { FakeStatuspage, SP_KEY, statusConfig } from '../support/statuspage.js';

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
const _blocksOf = (view: { view: unknown }) => (view.view as { blocks: Block[] }).blocks;
/** Opens the form as `user` and submits it with `values` over the defaults it was prefilled with. */
async function publish(user: string, ch: string, values: Record<string, string>) {
  await run(h, user, ch, 'statuspage');
  const view = h.emulator.openModals(user).at(-1)!;
  await h.emulator.submitView({ user, viewId: view.id, values });
  await settle(h);
  return view;
}

describe('Statuspage delivery', () => {
  it('a 429 is retried after Retry-After; 5xx until the attempts run out, then Retry in the channel', async () => {
    const ch = await declare(h, 'declare sev2 payments checkout failing');
    await run(h, 'UALICE', ch, 'comms <@UALICE>');
    sp.failNext({ status: 429, body: { error: 'rate limited' }, headers: { 'retry-after': '0' } });
    await publish('UALICE', ch, {});
    expect(sp.of('POST')).toHaveLength(2);
    expect((await h.db.select().from(statusPublications))[0]).toMatchObject({
      statuspageState: 'sent',
      statuspageAttempts: 2,
    });

    sp.failNext({ status: 503, body: { error: 'unavailable' } }, 3);
    await publish('UALICE', ch, { public_phase: 'identified' });
    expect(sp.of('PATCH')).toHaveLength(3);
    const record = h.emulator
      .messages(ch)
      .filter((m) => m.text.startsWith('📣'))
      .at(-1)!;
    expect(JSON.stringify(record.blocks)).toContain(
      'Statuspage: *not updated* after 3 attempts: Statuspage answered 503: unavailable',
    );
    expect(JSON.stringify(record.blocks)).not.toContain(SP_KEY);

    // A later publication waits behind the failed one, so Statuspage never goes back in time.
    await publish('UALICE', ch, { public_phase: 'monitoring' });
    expect(sp.of('PATCH')).toHaveLength(3);

    const failed = (await h.db.select().from(statusPublications)).find((p) => p.statuspageState === 'failed')!;
    await h.emulator.clickButton({ user: 'UALICE', channel: ch, messageTs: record.ts, actionId: 'statuspage_retry' });
    await settle(h);
    expect(
      sp
        .of('PATCH')
        .slice(3)
        .map((r) => (r.body!.incident as { status: string }).status),
    ).toEqual(['identified', 'monitoring']);
    const rows = await h.db.select().from(statusPublications);
    expect(rows.map((r) => r.statuspageState)).toEqual(['sent', 'sent', 'sent']);
    expect(JSON.stringify(h.emulator.messages(ch).find((m) => m.ts === record.ts)!.blocks)).toContain(
      '✅ Statuspage: updated',
    );
    expect(failed.statuspageError).toBe('Statuspage answered 503: unavailable');
  });

  it('a create whose answer was lost is looked for before creating again: one Statuspage incident', async () => {
    const ch = await declare(h, 'declare sev2 payments checkout failing');
    await run(h, 'UALICE', ch, 'comms <@UALICE>');
    // Statuspage creates it, then the answer is lost: 3 network failures (the first after creating).
    sp.failNext({ status: 502, body: { error: 'bad gateway' } }, 3);
    await publish('UALICE', ch, {});
    expect((await h.db.select().from(statusPublications))[0]!.statuspageState).toBe('failed');
    // As if the first had gone through: the incident exists on Statuspage with our id in its metadata.
    const [row] = await h.db.select().from(incidents);
    expect(row!.statuspageCreatingAt).not.toBeNull();
    sp.incidents.set('spinc9', {
      id: 'spinc9',
      status: 'investigating',
      metadata: { firebreak: { incident_id: row!.id } },
    });

    const record = h.emulator.messages(ch).find((m) => m.text.startsWith('📣'))!;
    await h.emulator.clickButton({ user: 'UALICE', channel: ch, messageTs: record.ts, actionId: 'statuspage_retry' });
    await settle(h);
    expect(sp.of('GET')).toHaveLength(1);
    expect(sp.of('PATCH').map((r) => r.path)).toEqual(['/v1/pages/pg123/incidents/spinc9']);
    expect(sp.of('POST')).toHaveLength(3);
    expect((await h.db.select().from(incidents))[0]!.statuspageIncidentId).toBe('spinc9');
  });
});

describe('after a failure between storing and recording', () => {
  it('the next tick posts the record and sends to Statuspage once; the person is told not to publish again', async () => {
    const ch = await declare(h, 'declare sev2 payments checkout failing');
    await run(h, 'UALICE', ch, 'comms <@UALICE>');
    h.emulator.failNext('chat.postMessage', 'channel_not_found', { times: 1 });
    await publish('UALICE', ch, {});
    expect(lastEphemeral(h, 'UALICE')).toContain('so do not publish it again.');
    expect(h.emulator.messages(ch).filter((m) => m.text.startsWith('📣'))).toHaveLength(0);
    expect(sp.requests).toEqual([]);

    await h.app.tick();
    await settle(h);
    expect(h.emulator.messages(ch).filter((m) => m.text.startsWith('📣'))).toHaveLength(1);
    expect(sp.of('POST')).toHaveLength(1);
    await h.app.tick();
    await settle(h);
    expect(h.emulator.messages(ch).filter((m) => m.text.startsWith('📣'))).toHaveLength(1);
    expect(sp.of('POST')).toHaveLength(1);
  });
});
