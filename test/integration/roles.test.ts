import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { incidents, roleAssignments, timelineEvents } from '../../src/db/schema/index.js';
import { useHarness } from '../support/harness.js';
import { botTexts, declare, lastEphemeral, run, settle } from '../support/scenario.js';

const h = useHarness();

describe('roles', () => {
  it('assigns IC by command: invited, announced, role card, topic, acknowledged, first message redrawn', async () => {
    const ch = await declare(h);
    expect(h.emulator.channel(ch)!.topic).toBe('SEV2 · Investigating · IC unassigned · Checkout is failing');
    await run(h, 'UALICE', ch, 'ic <@UBOB|bob>');

    expect(h.emulator.channel(ch)!.members).toContain('UBOB');
    expect(botTexts(h, ch)).toContain('👤 <@UBOB> is now IC');
    expect(lastEphemeral(h, 'UBOB')).toMatch(/You are the Incident Commander of INC-1.*You own the resolution/);
    expect(h.emulator.channel(ch)!.topic).toBe('SEV2 · Investigating · IC <@UBOB> · Checkout is failing');
    const [row] = await h.db.select().from(incidents);
    expect(row!.acknowledgedAt).toBeInstanceOf(Date);
    const first = h.emulator.messages(ch)[0]!;
    expect(first.text).toContain('IC: <@UBOB>');
    expect(JSON.stringify(first.blocks)).not.toContain('ic_take');
  });

  it('hands off: one holder at a time, announced "handed from → to", recorded with the actor', async () => {
    const ch = await declare(h);
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    await run(h, 'UBOB', ch, 'ic <@UCAROL>');
    expect(botTexts(h, ch)).toContain('🔁 IC handed from <@UBOB> to <@UCAROL>');
    const current = await h.db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.role, 'ic'), isNull(roleAssignments.endedAt)));
    expect(current.map((r) => r.userId)).toEqual(['UCAROL']);
    const handoff = (await h.db.select().from(timelineEvents)).find((e) => e.kind === 'role_handoff');
    expect(handoff).toMatchObject({ actorId: 'UBOB', data: { role: 'ic', from: 'UBOB', to: 'UCAROL' } });
    const [row] = await h.db.select().from(incidents);
    const firstAck = row!.acknowledgedAt;
    expect(firstAck).toBeInstanceOf(Date);
  });

  it('takes IC with the button on the first status message', async () => {
    const ch = await declare(h);
    const first = h.emulator.messages(ch)[0]!;
    await h.emulator.clickButton({ user: 'UDAVE', channel: ch, messageTs: first.ts, actionId: 'ic_take' });
    await settle(h);
    expect(botTexts(h, ch)).toContain('👤 <@UDAVE> is now IC');
  });

  it('assigns IC with the user picker on the first status message; the picker is the actor', async () => {
    const ch = await declare(h);
    const first = h.emulator.messages(ch)[0]!;
    const payload = {
      type: 'block_actions',
      team: { id: h.emulator.teamId },
      user: { id: 'UALICE' },
      api_app_id: 'AFIREBRK',
      token: h.emulator.verificationToken,
      trigger_id: h.emulator.issueTriggerId('UALICE'),
      container: { type: 'message', channel_id: ch, message_ts: first.ts },
      channel: { id: ch },
      message: first,
      actions: [
        {
          type: 'users_select',
          action_id: 'ic_assign',
          block_id: 'ic_actions',
          selected_user: 'UCAROL',
          action_ts: '1',
        },
      ],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const res = await h.emulator.rawPost(body, {
      'content-type': 'application/x-www-form-urlencoded',
      ...h.emulator.signatureHeaders(body),
    });
    expect(res.status).toBe(200);
    await settle(h);
    expect(botTexts(h, ch)).toContain('👤 <@UCAROL> is now IC');
    const event = (await h.db.select().from(timelineEvents)).find((e) => e.kind === 'role_assigned');
    expect(event).toMatchObject({ actorId: 'UALICE', data: { to: 'UCAROL' } });
  });

  it('lists holders and empty roles, and the Take buttons fill them', async () => {
    const ch = await declare(h);
    await run(h, 'UALICE', ch, 'comms <@UCAROL>');
    await run(h, 'UBOB', ch, 'roles');
    const reply = h.emulator.ephemeralsFor('UBOB').at(-1)!;
    expect(reply.text).toContain('*Communications lead*: <@UCAROL>');
    expect(reply.text).toContain('*Incident Commander*: _empty_');
    await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: reply.ts, actionId: 'role_take:scribe' });
    await settle(h);
    expect(botTexts(h, ch)).toContain('👤 <@UBOB> is now Scribe');
  });

  it('refuses unknown users, bots, Firebreak itself and a no-op reassignment, changing nothing', async () => {
    const ch = await declare(h);
    await run(h, 'UALICE', ch, 'ic <@UNOBODY>');
    expect(lastEphemeral(h, 'UALICE')).toBe('I cannot find <@UNOBODY> in this workspace; name a person who is.');
    await run(h, 'UALICE', ch, 'ops <@UOTHERBOT>');
    expect(lastEphemeral(h, 'UALICE')).toBe('<@UOTHERBOT> is a bot; incident roles need a person.');
    await run(h, 'UALICE', ch, `scribe <@${h.emulator.botUserId}>`);
    expect(lastEphemeral(h, 'UALICE')).toBe('I cannot hold an incident role myself; name a person.');
    expect(await h.db.select().from(roleAssignments)).toHaveLength(0);
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    expect(lastEphemeral(h, 'UALICE')).toBe('<@UBOB> is already the Incident Commander.');
    expect(await h.db.select().from(roleAssignments)).toHaveLength(1);
  });

  it('says so when a channel command is run outside an incident channel', async () => {
    await run(h, 'UALICE', 'CINCIDENTS', 'ic <@UBOB>');
    expect(lastEphemeral(h, 'UALICE')).toMatch(/^This is not an incident channel/);
  });

  it('reminds the channel once when nobody takes IC in time', async () => {
    const ch = await declare(h);
    await h.app.tick();
    expect(botTexts(h, ch).some((t) => t.includes('Nobody has taken IC'))).toBe(false);
    await h.db.update(incidents).set({ declaredAt: new Date(Date.now() - 6 * 60_000) });
    await h.app.tick();
    await h.app.tick();
    expect(botTexts(h, ch).filter((t) => t.includes('Nobody has taken IC'))).toHaveLength(1);
  });
});
