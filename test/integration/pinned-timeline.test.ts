import { describe, expect, it } from 'vitest';
import { timelineEvents } from '../../src/db/schema/index.js';
import { useHarness } from '../support/harness.js';
import { declare, run, settle } from '../support/scenario.js';

const h = useHarness();

describe('pinned and flagged messages in the postmortem timeline', () => {
  it('sit where they were said, by who said them, whatever order they were pinned in', async () => {
    const ch = await declare(h, 'declare sev2 Checkout errors');
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    await run(h, 'UBOB', ch, 'comms <@UCAROL>');
    await run(h, 'UBOB', ch, 'ops <@UDAVE>');
    const first = await h.emulator.userPosts({ user: 'UBOB', channel: ch, text: 'database failover started' });
    const second = await h.emulator.userPosts({ user: 'UCAROL', channel: ch, text: 'replica lag at 30 seconds' });
    await settle(h);
    // Pinned (and flagged) later, in the other order, by other people.
    await h.emulator.userPins({ user: 'UDAVE', channel: ch, ts: second.ts });
    await settle(h);
    await h.emulator.userReacts({ user: 'UALICE', channel: ch, ts: first.ts, reaction: 'timeline' });
    await settle(h);
    await run(h, 'UBOB', ch, 'resolve Failover finished');
    await run(h, 'UBOB', ch, 'postmortem');
    await settle(h);

    const events = await h.db.select().from(timelineEvents);
    const pinned = events.find((e) => e.kind === 'pinned')!;
    expect(pinned).toMatchObject({ actorId: 'UCAROL', actorType: 'human', data: { markedBy: 'UDAVE' } });
    expect(pinned.at).toEqual(new Date(Math.round(Number(second.ts) * 1000)));

    const md = h.emulator.files()[0]!.content;
    const timeline = md.slice(md.indexOf('Timeline'), md.indexOf('Root cause'));
    const lineOf = (needle: string) => timeline.split('\n').find((l) => l.includes(needle)) ?? '';
    expect(lineOf('database failover started')).toContain(
      'Message from <@UBOB>: "database failover started" (highlighted by <@UALICE>)',
    );
    expect(lineOf('replica lag')).toContain('Message from <@UCAROL>: "replica lag at 30 seconds" (pinned by <@UDAVE>)');
    expect(timeline.indexOf('database failover started')).toBeLessThan(timeline.indexOf('replica lag'));
    expect(timeline.indexOf('replica lag')).toBeLessThan(timeline.indexOf('Resolved'));
  });
});
