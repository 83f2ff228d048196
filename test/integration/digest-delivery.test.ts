import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { digestRuns, digestSubscriptions, incidents } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run, settle } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';

const CONFIG = `
timezone: Europe/Paris
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments }
  - { name: search, risk: medium, team: discovery }
digest:
  schedule: "0 9 * * 1"
  channels: [${BROADCAST}]
  definitions_url: https://firebreak.example.com/digest/definitions
`;
const clock = new TestClock('2026-11-18T10:00:00Z');
const h = useHarness({ config: CONFIG, now: clock.now });

const digestsIn = (channel: string) =>
  h.emulator
    .messages(channel)
    .filter((m) => m.user === h.emulator.botUserId && !m.ephemeralTo && m.text.startsWith('Weekly incident digest'));
async function tickAt(at: string) {
  clock.set(at);
  await h.app.tick();
  await settle(h);
}

describe('the Monday digest', () => {
  it('goes out at 09:00 in the configured time zone, once, reporting last week without naming private incidents', async () => {
    // Wednesday 18 Nov: a public and a private incident, and a drill.
    clock.set('2026-11-18T10:00:00Z');
    const pay = await declare(h, 'declare sev1 Card payments failing');
    await run(h, 'UALICE', pay, 'ic <@UBOB>');
    await run(h, 'UBOB', pay, 'resolve Rolled back');
    const secret = await declare(h, 'declare sev2 Acquisition talks leak', 'UBOB');
    await h.db.update(incidents).set({ isPrivate: true }).where(eq(incidents.channelId, secret));
    await declare(h, 'declare --drill sev1 Game day', 'UCAROL');

    // Monday 23 Nov, 09:00 in Paris is 08:00 UTC.
    await tickAt('2026-11-23T07:59:00Z');
    expect(digestsIn(BROADCAST)).toHaveLength(0);
    await tickAt('2026-11-23T08:00:00Z');
    await tickAt('2026-11-23T08:00:15Z');
    const [digest] = digestsIn(BROADCAST);
    expect(digestsIn(BROADCAST)).toHaveLength(1);
    expect(digest!.text).toMatch(/^Weekly incident digest, 16–22 Nov 2026: 2 ↑ \+2 incidents/);
    const blocks = JSON.stringify(digest!.blocks);
    expect(blocks).not.toContain('Acquisition');
    expect(blocks).not.toContain('Game day');
    expect(blocks).toContain('<https://firebreak.example.com/digest/definitions|How each figure is computed>');
    const definitions = await (await fetch(`${h.app.url}/digest/definitions`)).text();
    expect(definitions).toContain('Declared → resolved');
    expect(await h.db.select().from(digestRuns)).toMatchObject([
      { period: '2026-11-16', channelId: BROADCAST, postedTs: digest!.ts },
    ]);
  });

  it('catches up a missed Monday once when it comes back, for the latest week only', async () => {
    await h.db.delete(digestRuns);
    const before = digestsIn(BROADCAST).length;
    // Down from before Monday 30 Nov until Wednesday 9 Dec: the 30 Nov digest is stale, the 7 Dec one is due.
    await tickAt('2026-12-09T10:00:00Z');
    await tickAt('2026-12-09T10:00:15Z');
    const sent = digestsIn(BROADCAST).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/^Weekly incident digest, 30 Nov – 6 Dec 2026:/);
  });

  it('subscribes a channel for a team (only where Firebreak is a member) and shows the digest on demand', async () => {
    clock.set('2026-12-10T10:00:00Z');
    const ch = await declare(h, 'declare sev3 Search relevance dip');
    await run(h, 'UALICE', ch, 'digest subscribe discovery');
    expect(lastEphemeral(h, 'UALICE')).toContain('will get the weekly digest of discovery');
    expect(await h.db.select().from(digestSubscriptions)).toMatchObject([{ channelId: ch, team: 'discovery' }]);

    await run(h, 'UALICE', ch, 'digest subscribe <#CGENERAL|general>');
    expect(lastEphemeral(h, 'UALICE')).toBe('I am not in <#CGENERAL>: invite me there first (`/invite @firebreak`).');
    await run(h, 'UALICE', ch, 'digest subscribe nosuchteam');
    expect(lastEphemeral(h, 'UALICE')).toBe('There is no team "nosuchteam"; teams are payments, discovery.');
    await run(h, 'UALICE', ch, `digest unsubscribe <#${BROADCAST}>`);
    expect(lastEphemeral(h, 'UALICE')).toContain('gets the digest from firebreak.yml; remove it there.');

    await run(h, 'UBOB', ch, 'digest payments');
    const shown = h.emulator.ephemeralsFor('UBOB').at(-1)!;
    expect(shown.text).toMatch(/^Weekly incident digest — payments, \d/);
    expect(digestsIn(ch)).toHaveLength(0);

    await tickAt('2026-12-14T08:00:00Z');
    expect(digestsIn(ch).map((m) => m.text)).toEqual([
      expect.stringMatching(/^Weekly incident digest — discovery, 7–13 Dec 2026:/),
    ]);
    expect(digestsIn(BROADCAST).at(-1)!.text).toMatch(/^Weekly incident digest, 7–13 Dec 2026:/);

    await run(h, 'UALICE', ch, 'digest unsubscribe');
    expect(await h.db.select().from(digestSubscriptions)).toHaveLength(0);
  });

  it.skipIf(!process.env.DATABASE_URL)('two app instances on one PostgreSQL send each digest once', async () => {
    await h.db.delete(digestRuns);
    const before = digestsIn(BROADCAST).length;
    clock.set('2026-12-21T08:00:05Z');
    const second = await startSecondInstance(h, { config: CONFIG, now: clock.now });
    try {
      await Promise.all([h.app.tick(), second.tick(), h.app.tick(), second.tick()]);
      await settle(h);
      expect(digestsIn(BROADCAST).slice(before)).toHaveLength(1);
    } finally {
      await stopSecondInstance(second);
    }
  });
});
