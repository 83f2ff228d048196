import type { WebClient } from '@slack/web-api';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SlackEmulator } from '../../../src/sandbox/index.js';
import { setup, slackError, useSandbox } from './helpers.js';

describe('sandbox: channels, membership and invites', () => {
  let emu: SlackEmulator;
  let client: WebClient;
  useSandbox((s) => ({ emu, client } = s));

  it('seeds #incidents with the bot and every human', async () => {
    const incidents = emu.channel('incidents');
    expect(incidents?.id).toBe('CINCIDENTS');
    expect(incidents?.members.sort()).toEqual(['UALICE', 'UBOB', 'UCAROL', 'UDAVE', 'UFIREBOT']);
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: 'UFIREBOT', bot_id: 'BFIREBOT', team_id: 'T0FIREBRK' });
  });

  it('creates channels with the bot as creator and member, honouring is_private', async () => {
    const pub = await client.conversations.create({ name: 'inc-42-db-down' });
    expect(pub.channel).toMatchObject({ name: 'inc-42-db-down', is_private: false, is_member: true });
    const priv = await client.conversations.create({ name: 'inc-43-secret', is_private: true });
    expect(priv.channel?.is_private).toBe(true);
    const snap = emu.channel(priv.channel?.id ?? '');
    expect(snap).toMatchObject({ isPrivate: true, creator: 'UFIREBOT', members: ['UFIREBOT'] });
    emu.assertNoViolations();
  });

  it.each([
    ['', 'invalid_name_required'],
    ['   ', 'invalid_name_required'],
    ['x'.repeat(81), 'invalid_name_maxlength'],
    ['Inc-42', 'invalid_name_specials'],
    ['inc 42', 'invalid_name_specials'],
    ['inc.42', 'invalid_name_specials'],
    ['--__', 'invalid_name_punctuation'],
    ['incidents', 'name_taken'],
  ])('rejects channel name %j with %s', async (name, error) => {
    expect(await slackError(client.conversations.create({ name }))).toBe(error);
  });

  it('keeps the name of an archived channel taken; 80 chars is fine', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-1' });
    emu.archiveChannel(channel?.id ?? '');
    expect(await slackError(client.conversations.create({ name: 'inc-1' }))).toBe('name_taken');
    await expect(client.conversations.create({ name: 'a'.repeat(80) })).resolves.toMatchObject({ ok: true });
  });

  it('answers not_in_channel (or the method-specific equivalent) when the bot is not a member', async () => {
    const lobby = 'CLOBBY';
    // Its own workspace: a channel the bot is not in, and a private one it cannot see.
    const own = await setup({
      channels: [
        { id: lobby, name: 'lobby', members: ['UALICE'] },
        { id: 'GSECRET', name: 'secret', isPrivate: true, members: ['UALICE'] },
      ],
    });
    onTestFinished(() => own.teardown());
    const { client, emu } = own;
    expect(await slackError(client.chat.postMessage({ channel: lobby, text: 'hi' }))).toBe('not_in_channel');
    expect(await slackError(client.conversations.setTopic({ channel: lobby, topic: 't' }))).toBe('not_in_channel');
    expect(await slackError(client.conversations.history({ channel: lobby }))).toBe('not_in_channel');
    expect(await slackError(client.conversations.invite({ channel: lobby, users: 'UBOB' }))).toBe('not_in_channel');
    expect(await slackError(client.pins.add({ channel: lobby, timestamp: '1.000001' }))).toBe('not_in_channel');
    expect(
      await slackError(client.bookmarks.add({ channel_id: lobby, title: 't', type: 'link', link: 'https://x' })),
    ).toBe('access_denied');
    expect(await slackError(client.chat.update({ channel: lobby, ts: '1.000001', text: 'x' }))).toBe(
      'cant_update_message',
    );
    // A private channel the bot is not in is invisible: channel_not_found everywhere.
    expect(await slackError(client.chat.postMessage({ channel: 'GSECRET', text: 'hi' }))).toBe('channel_not_found');
    expect(await slackError(client.conversations.info({ channel: 'GSECRET' }))).toBe('channel_not_found');
    expect(await slackError(client.chat.postMessage({ channel: 'CNOPE', text: 'hi' }))).toBe('channel_not_found');
    // Joining a public channel fixes it.
    await client.conversations.join({ channel: lobby });
    await expect(client.chat.postMessage({ channel: lobby, text: 'hi' })).resolves.toMatchObject({ ok: true });
    emu.assertNoViolations();
  });

  it('opens the app DM with a person once (conversations.open), the one chat.postMessage to their id uses', async () => {
    const opened = await client.conversations.open({ users: 'UBOB' });
    expect(opened.channel?.id).toBe('DBOB');
    const again = await client.conversations.open({ users: 'UBOB' });
    expect(again).toMatchObject({ channel: { id: 'DBOB' }, already_open: true });
    const posted = await client.chat.postMessage({ channel: 'UBOB', text: 'survey' });
    expect(posted.channel).toBe('DBOB');
    const history = await client.conversations.history({ channel: 'DBOB' });
    expect(history.messages?.map((m) => m.text)).toEqual(['survey']);
    expect(await client.conversations.open({ channel: 'DBOB' })).toMatchObject({ channel: { id: 'DBOB' } });
    expect(await slackError(client.conversations.open({} as never))).toBe('users_list_not_supplied');
    expect(await slackError(client.conversations.open({ users: 'UNOBODY' }))).toBe('user_not_found');
    expect(await slackError(client.conversations.open({ channel: 'CINCIDENTS' }))).toBe('channel_not_found');
    emu.assertNoViolations();
  });

  it('reports invite errors like Slack, and invites nobody unless force is set', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-7' });
    const id = channel?.id ?? '';
    expect(await slackError(client.conversations.invite({ channel: id, users: 'UNOBODY' }))).toBe('user_not_found');
    expect(await slackError(client.conversations.invite({ channel: id, users: 'UFIREBOT' }))).toBe('cant_invite_self');
    expect(await slackError(client.conversations.invite({ channel: id, users: 'UALICE,UNOBODY' }))).toBe(
      'user_not_found',
    );
    expect(emu.channel(id)?.members).toEqual(['UFIREBOT']);
    await client.conversations.invite({ channel: id, users: 'UALICE, UBOB' });
    expect(emu.channel(id)?.members).toEqual(['UFIREBOT', 'UALICE', 'UBOB']);
    expect(await slackError(client.conversations.invite({ channel: id, users: 'UALICE' }))).toBe('already_in_channel');
    const forced = await client.conversations.invite({ channel: id, users: 'UCAROL,UALICE', force: true });
    expect(forced.errors).toEqual([{ ok: false, error: 'already_in_channel', user: 'UALICE' }]);
    expect(emu.channel(id)?.members).toContain('UCAROL');
  });

  it('rejects chat.postEphemeral to a user outside the channel', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-8' });
    const id = channel?.id ?? '';
    expect(await slackError(client.chat.postEphemeral({ channel: id, user: 'UALICE', text: 'psst' }))).toBe(
      'user_not_in_channel',
    );
    await client.conversations.invite({ channel: id, users: 'UALICE' });
    const { message_ts } = await client.chat.postEphemeral({ channel: id, user: 'UALICE', text: 'psst' });
    expect(emu.ephemeralsFor('UALICE')).toMatchObject([{ ts: message_ts, text: 'psst', channel: id }]);
  });

  it('sets topic/purpose, pins and bookmarks, visible in the snapshot', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'CINCIDENTS', text: 'status' });
    await client.conversations.setTopic({ channel: 'CINCIDENTS', topic: 'SEV1: db down' });
    await client.conversations.setPurpose({ channel: 'CINCIDENTS', purpose: 'war room' });
    await client.pins.add({ channel: 'CINCIDENTS', timestamp: ts ?? '' });
    expect(await slackError(client.pins.add({ channel: 'CINCIDENTS', timestamp: ts ?? '' }))).toBe('already_pinned');
    await client.bookmarks.add({ channel_id: 'CINCIDENTS', title: 'Runbook', type: 'link', link: 'https://rb' });
    expect(await slackError(client.conversations.setTopic({ channel: 'CINCIDENTS', topic: 'x'.repeat(251) }))).toBe(
      'too_long',
    );
    // Topic/purpose changes post system messages (as Slack does), hidden from messages() by default.
    expect(emu.messages('incidents').map((m) => m.text)).toEqual(['status']);
    expect(emu.messages('incidents', { includeSystem: true }).map((m) => m.subtype)).toEqual([
      undefined,
      'channel_topic',
      'channel_purpose',
    ]);
    expect(emu.channel('incidents')).toMatchObject({
      topic: 'SEV1: db down',
      purpose: 'war room',
      pins: [ts],
      bookmarks: [{ title: 'Runbook', link: 'https://rb' }],
    });
    await client.reactions.add({ channel: 'CINCIDENTS', timestamp: ts ?? '', name: 'eyes' });
    expect(await slackError(client.reactions.add({ channel: 'CINCIDENTS', timestamp: ts ?? '', name: ':eyes:' }))).toBe(
      'invalid_name',
    );
    const info = await client.users.info({ user: 'UALICE' });
    expect(info.user).toMatchObject({ id: 'UALICE', name: 'alice', real_name: 'Alice Adams', is_bot: false });
    expect(await slackError(client.users.info({ user: 'UNOPE' }))).toBe('user_not_found');
    emu.assertNoViolations();
  });
});
