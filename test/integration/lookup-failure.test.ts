import { describe, expect, it } from 'vitest';
import { digestRuns, statusUpdates } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, lastEphemeral, run, settle } from '../support/scenario.js';

// A failed "was it posted?" lookup means "try later", never "post": these fail when it means "post".
const CONFIG = `
timezone: UTC
channels: { broadcast: ${BROADCAST} }
digest:
  schedule: "0 9 * * 1"
  channels: [${BROADCAST}]
`;
const clock = new TestClock('2026-11-18T10:00:00Z');
const h = useHarness({ config: CONFIG, now: clock.now });
const MIN = 60_000;

async function tickAt(at: number | string) {
  clock.set(typeof at === 'number' ? new Date(at) : at);
  await h.app.tick();
  await settle(h);
}

describe('when Slack cannot say whether something was posted', () => {
  it('a status update whose post and lookup both fail is not released: the scheduler posts it once', async () => {
    clock.set('2026-11-18T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev2 Search slow');
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    const updates = () => botTexts(h, ch).filter((t) => t.includes('Rolled back the deploy'));
    clock.set(new Date(t0 + 5 * MIN));
    h.emulator.failNext('chat.postMessage', 'not_in_channel');
    h.emulator.failNext('conversations.history', 'channel_not_found');
    await run(h, 'UCAROL', ch, 'update Rolled back the deploy');
    expect(lastEphemeral(h, 'UCAROL')).toBe(
      'Slack did not confirm the update; Firebreak will post it once within a few minutes, so do not send it again.',
    );
    expect(updates()).toHaveLength(0);
    expect(await h.db.select().from(statusUpdates)).toMatchObject([{ postedAt: null, text: 'Rolled back the deploy' }]);

    await tickAt(t0 + 7 * MIN);
    expect(updates()).toHaveLength(1);
    await tickAt(t0 + 8 * MIN);
    expect(updates()).toHaveLength(1);
  });

  it('the Monday digest is not posted while its lookup fails, and goes out once later', async () => {
    const digests = () => botTexts(h, BROADCAST).filter((t) => t.startsWith('Weekly incident digest'));
    h.emulator.failNext('conversations.history', 'channel_not_found');
    await tickAt('2026-11-23T09:00:00Z');
    expect(digests()).toHaveLength(0);
    // The claim's lease (10 minutes) runs out, and the next tick sends it.
    await tickAt('2026-11-23T09:11:00Z');
    expect(digests()).toHaveLength(1);
    await tickAt('2026-11-23T09:12:00Z');
    expect(digests()).toHaveLength(1);
    expect(await h.db.select().from(digestRuns)).toHaveLength(1);
  });
});
