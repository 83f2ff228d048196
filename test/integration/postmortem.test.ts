import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  actionItems,
  incidents,
  postmortems,
  remediationProposals,
  timelineEvents,
} from '../../src/db/schema/index.js';
import { formatDuration } from '../../src/domain/duration-text.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, lastEphemeral, run, settle } from '../support/scenario.js';

const HOOK = 'https://automation.example.test';
/** A due date a month ahead: always in the future, and within the two years action items allow. */
const DUE = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const h = useHarness({
  config: `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: checkout, risk: medium, team: payments }
ai: { mode: propose }
runbooks_dir: ./runbooks
executors: { webhook: { url: "${HOOK}/firebreak" } }
`,
  env: { FIREBREAK_EXECUTOR_SECRET: 'executor-secret-0123456789abcdef' },
});
afterEach(() => nock.cleanAll());

/** A whole incident, the way people run one: roles, talk, a pin, an escalation, an approved fix, resolution. */
async function scriptedIncident(): Promise<{ ch: string; pinned: string }> {
  const ch = await declare(h, 'declare sev2 Checkout pods restarting');
  await h.db.update(incidents).set({ services: ['checkout'] });
  await run(h, 'UALICE', ch, 'ic <@UBOB>');
  await run(h, 'UBOB', ch, 'scribe <@UALICE>');
  const { ts: pinned } = await h.emulator.userPosts({
    user: 'UBOB',
    channel: ch,
    text: 'checkout pods OOMKilled, exit code 137, since the 10:02 deploy',
  });
  await h.emulator.userPins({ user: 'UBOB', channel: ch, ts: pinned });
  await run(h, 'UBOB', ch, 'sev 1');
  await run(h, 'UBOB', ch, 'analyze');
  const [proposal] = await h.db.select().from(remediationProposals);
  nock(HOOK).post('/firebreak').reply(200, { accepted: true });
  await h.emulator.clickButton({
    user: 'UBOB',
    channel: ch,
    messageTs: proposal!.channelTs!,
    actionId: 'proposal_approve',
  });
  await settle(h);
  await run(h, 'UALICE', ch, 'note Error rate back to baseline after the restart');
  await run(h, 'UBOB', ch, 'status mitigated');
  await run(h, 'UBOB', ch, 'resolve Memory limit too low for the new image');
  return { ch, pinned };
}

describe('/incident postmortem without an AI key', () => {
  it('drafts from the timeline: events in order with permalinks, durations from milestones, a file and a summary', async () => {
    const { ch, pinned } = await scriptedIncident();
    // Said while Firebreak was down: only the channel history knows it.
    const [missed] = h.emulator.postedWhileAway({
      channel: ch,
      messages: [{ user: 'UBOB', text: 'heap profile attached: the image cache grows without bound' }],
    });
    await run(h, 'UBOB', ch, `action <@UDAVE> ${DUE} P1 detect Alert at 90% of the memory limit`);
    await run(h, 'UBOB', ch, 'postmortem');
    await settle(h);

    const [file] = h.emulator.files();
    expect(file).toMatchObject({ completed: true, channels: [ch] });
    expect(file!.filename).toMatch(/^inc-\d{4}-\d{2}-\d{2}-checkout-pods-restarting-postmortem-v1\.md$/);
    const md = file!.content;
    for (const section of [
      'Summary',
      'Impact',
      'Timeline',
      'Root cause',
      'Contributing factors',
      'Detection',
      'Resolution',
      'What went well',
      'What went wrong',
      'Where we got lucky',
      'Action items',
    ])
      expect(md, section).toContain(section);

    // The timeline lists what happened, in order, and cites the pinned message by its permalink.
    const timeline = md.slice(md.indexOf('Timeline'), md.indexOf('Root cause'));
    const order = [
      'declared',
      'IC',
      'SEV2 → SEV1',
      'pod-oomkilled-restart',
      'Error rate back to baseline',
      'mitigated',
      'Resolved',
    ];
    const positions = order.map((needle) =>
      timeline.search(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i')),
    );
    expect(
      positions.every((p) => p >= 0),
      `${order.join(', ')} in\n${timeline}`,
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(timeline).toContain(`${h.emulator.baseUrl}/archives/${ch}/p${pinned.replace('.', '')}`);
    // Every line cites a message people can open, the channel's creation included; none a bare record id.
    expect(timeline).not.toContain('record:');

    // Recorded action items are listed with their owner, due date and status.
    expect(md).toMatch(
      new RegExp(
        `\\| INC-\\d+-A1 \\| detect \\| Alert at 90% of the memory limit \\| <@UDAVE> \\| P1 \\| ${DUE} \\| open \\|`,
      ),
    );

    // People are named as the channel links them (the Slack side supplies the mention, not the domain).
    expect(md).toContain('| Authors | <@UBOB>, <@UALICE> |');
    expect(timeline).toContain('Incident Commander assigned: <@UBOB> by <@UALICE>');

    // Durations are the milestones' differences, not estimates.
    const [row] = await h.db.select().from(incidents);
    const summary = botTexts(h, ch).at(-1)!;
    expect(summary).toMatch(/^📝 Postmortem draft v1 for INC-\d+/);
    const blocks = JSON.stringify(h.emulator.lastMessage(ch)!.blocks);
    expect(blocks).toContain(formatDuration(row!.resolvedAt!.getTime() - row!.declaredAt.getTime()));
    expect(blocks).toContain(formatDuration(row!.mitigatedAt!.getTime() - row!.declaredAt.getTime()));
    expect(blocks).toContain('deterministic draft');

    // The missed message was recovered into the timeline, once.
    const [pm] = await h.db.select().from(postmortems);
    expect(pm).toMatchObject({ version: 1, source: 'deterministic', fileId: file!.id });
    expect(pm!.publishedAt).not.toBeNull();
    expect(pm!.stats.recoveredMessages).toBeGreaterThanOrEqual(1);
    const recovered = async () => (await h.db.select().from(timelineEvents)).filter((e) => e.messageTs === missed);
    expect(await recovered()).toHaveLength(1);

    // Re-running adds a version; nothing is recorded twice.
    await run(h, 'UBOB', ch, 'postmortem');
    await settle(h);
    expect((await h.db.select().from(postmortems)).map((p) => p.version).sort()).toEqual([1, 2]);
    expect(h.emulator.files()).toHaveLength(2);
    expect(await recovered()).toHaveLength(1);
  });

  it('records action items from the command, DMs the owner, and refuses bad input with a sentence', async () => {
    const ch = await declare(h, 'declare sev2 Search slow');
    await run(h, 'UALICE', ch, `action <@UBOB> ${DUE} P0 detect Alert when the pool is above 90% for 5 min`);
    await settle(h);
    const [item] = await h.db.select().from(actionItems);
    expect(item).toMatchObject({ ownerId: 'UBOB', priority: 'P0', type: 'detect', status: 'open', origin: 'command' });
    expect(botTexts(h, ch).at(-1)).toMatch(
      new RegExp(`^📋 Action item INC-\\d+-A1 for <@UBOB>, due ${DUE}: Alert when the pool`),
    );
    const dm = h.emulator.channels().find((c) => c.isIm && c.members.includes('UBOB'));
    expect(dm && botTexts(h, dm.id).at(-1)).toMatch(/gave you action item INC-\d+-A1/);

    await run(h, 'UALICE', ch, 'action <@UBOB> 2020-01-01 Too late');
    expect(lastEphemeral(h, 'UALICE')).toBe('2020-01-01 has already passed; give a due date from today on.');
    await run(h, 'UALICE', ch, `action <@UOTHERBOT> ${DUE} A bot cannot own this`);
    expect(lastEphemeral(h, 'UALICE')).toBe('<@UOTHERBOT> is a bot; action items need a person to own them.');
    const res = await run(h, 'UALICE', ch, 'action tomorrow fix it');
    expect(JSON.stringify(res.json)).toContain('An action item needs an owner first.');
    expect(await h.db.select().from(actionItems)).toHaveLength(1);
  });
});
