import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { actionItems, incidents, postmortems } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { useHarness } from '../support/harness.js';
import { botTexts, declare, run, settle } from '../support/scenario.js';

// Monday 2026-11-23, 10:00 UTC; the harness config's timezone is UTC.
const clock = new TestClock('2026-11-23T10:00:00Z');
const h = useHarness({ now: clock.now });

const dmOf = (user: string) => h.emulator.channels().find((c) => c.isIm && c.members.includes(user));
async function tickAt(at: string) {
  clock.set(at);
  await h.app.tick();
  await settle(h);
}

describe('action items', () => {
  it('the form: due date pre-set to five business days out, owner, type and priority; recorded as given', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const ch = await declare(h, 'declare sev2 Search slow');
    await run(h, 'UALICE', ch, 'action');
    const [view] = h.emulator.openModals('UALICE');
    const blocks = view!.view.blocks as { block_id: string; element: { initial_date?: string } }[];
    // Monday + 5 business days = the next Monday.
    expect(blocks.find((b) => b.block_id === 'due')!.element.initial_date).toBe('2026-11-30');
    const empty = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view!.id,
      values: { description: 'x', owner: 'UBOB' },
    });
    expect(empty.json).toEqual({ response_action: 'errors', errors: { description: 'Say what must be done.' } });
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: view!.id,
      values: {
        description: 'Add a runbook for index rebuilds',
        owner: 'UCAROL',
        type: 'process',
        priority: 'P2',
        validation: 'Used in the next game day',
      },
    });
    await settle(h);
    const [item] = await h.db.select().from(actionItems);
    expect(item).toMatchObject({
      ownerId: 'UCAROL',
      type: 'process',
      priority: 'P2',
      validation: 'Used in the next game day',
      origin: 'modal',
      dueOn: new Date('2026-12-01T00:00:00Z'),
    });
    expect(botTexts(h, dmOf('UCAROL')!.id).at(-1)).toMatch(/gave you action item INC-\d+-A1/);
  });

  it('reminds the owner of an overdue item once a day, and never a done one', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const ch = await declare(h, 'declare sev2 Search slow');
    await run(h, 'UALICE', ch, 'action <@UBOB> 2026-11-24 detect Alert on slow queries');
    await run(h, 'UALICE', ch, 'action <@UBOB> 2026-11-24 prevent Cap query fan-out');
    await h.db.update(actionItems).set({ status: 'done' }).where(eq(actionItems.seq, 2));
    const overdue = () => botTexts(h, dmOf('UBOB')!.id).filter((t) => t.startsWith('⏰'));

    await tickAt('2026-11-24T23:59:00Z');
    expect(overdue()).toHaveLength(0);
    await tickAt('2026-11-25T00:01:00Z');
    await tickAt('2026-11-25T09:00:00Z');
    expect(overdue()).toEqual([
      expect.stringMatching(/^⏰ Action item INC-\d+-A1 .* is overdue: Alert on slow queries$/),
    ]);
    await tickAt('2026-11-26T00:02:00Z');
    expect(overdue()).toHaveLength(2);
  });
});

describe('the postmortem reminder', () => {
  it('goes to the channel once, five business days after resolution, unless a postmortem was published', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const late = await declare(h, 'declare sev2 Search slow');
    await run(h, 'UALICE', late, 'resolve Index rebuilt');
    const done = await declare(h, 'declare sev2 Cache cold', 'UBOB');
    await run(h, 'UBOB', done, 'resolve Warmed up');
    await run(h, 'UBOB', done, 'postmortem');
    expect(await h.db.select().from(postmortems)).toHaveLength(1);
    const drill = await declare(h, 'declare --drill sev2 Game day');
    await run(h, 'UALICE', drill, 'resolve Practice over');
    const reminders = (ch: string) => botTexts(h, ch).filter((t) => t.includes('has no published postmortem'));

    // Resolved Monday 10:00: due by the end of the next Monday.
    await tickAt('2026-11-30T23:59:00Z');
    expect(reminders(late)).toHaveLength(0);
    await tickAt('2026-12-01T00:01:00Z');
    await tickAt('2026-12-01T00:02:00Z');
    expect(reminders(late)).toHaveLength(1);
    expect(reminders(done)).toHaveLength(0);
    expect(reminders(drill)).toHaveLength(0);
    expect((await h.db.select().from(incidents).where(eq(incidents.channelId, late)))[0]!.postmortemRemindedAt).toEqual(
      new Date('2026-12-01T00:01:00Z'),
    );
  });
});
