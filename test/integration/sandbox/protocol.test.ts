import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../../src/sandbox/index.js';
import { isAllowedError } from '../../../src/sandbox/specs.js';
import { clientFor, slackError, useSandbox } from './helpers.js';

describe('sandbox: Web API protocol rules', () => {
  let emu: SlackEmulator;
  let client: WebClient;
  useSandbox((s) => ({ emu, client } = s));

  it('answers unknown_method for a method it does not emulate, and records a violation', async () => {
    expect(await slackError(client.apiCall('chat.scheduleMessage', { channel: 'C1', text: 'x', post_at: 1 }))).toBe(
      'unknown_method',
    );
    expect(await slackError(client.apiCall('no.such.method'))).toBe('unknown_method');
    expect(emu.violations).toEqual([
      expect.stringContaining('chat.scheduleMessage'),
      expect.stringContaining('no.such.method'),
    ]);
    expect(() => emu.assertNoViolations()).toThrow(/2 violation\(s\)[\s\S]*no\.such\.method/);
  });

  it('users.lookupByEmail finds a person by email whatever its case, like Slack; bots and unknowns: users_not_found', async () => {
    const found = await client.users.lookupByEmail({ email: 'Carol@Example.com' });
    expect(found.user).toMatchObject({ id: 'UCAROL', profile: { email: 'carol@example.com' } });
    expect(await slackError(client.users.lookupByEmail({ email: 'nobody@example.com' }))).toBe('users_not_found');
    expect(await slackError(client.apiCall('users.lookupByEmail', {}))).toBe('invalid_arguments');
    expect((await client.users.info({ user: 'UCAROL' })).user?.profile?.email).toBe('carol@example.com');
  });

  it("enforces the spec's required arguments with the error name the spec lists", async () => {
    // conversations.create lists missing_argument; chat.postMessage lists neither → invalid_arguments.
    expect(await slackError(client.apiCall('conversations.create', {}))).toBe('missing_argument');
    expect(await slackError(client.apiCall('chat.postMessage', { text: 'x' }))).toBe('invalid_arguments');
    expect(await slackError(client.apiCall('reactions.add', { channel: 'CINCIDENTS', name: 'x' }))).toBe(
      'invalid_arguments',
    );
    expect(emu.violations).toHaveLength(3);
    expect(emu.violations[2]).toContain('timestamp');
  });

  it('authenticates with the bot token from the header or the token field', async () => {
    const wrong = clientFor(emu);
    expect(await slackError(wrong.auth.test({ token: 'xoxb-wrong' }))).toBe('invalid_auth');
    const res = await fetch(`${emu.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: emu.botToken }),
    });
    expect(await res.json()).toMatchObject({ ok: true, user_id: 'UFIREBOT' });
    const none = await fetch(`${emu.apiUrl}auth.test`, { method: 'POST' });
    expect(await none.json()).toEqual({ ok: false, error: 'not_authed' });
    emu.assertNoViolations();
  });

  it('accepts JSON bodies with nested objects', async () => {
    const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${emu.botToken}` },
      body: JSON.stringify({ channel: 'CINCIDENTS', text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'CINCIDENTS' });
    expect(emu.lastMessage('CINCIDENTS')).toMatchObject({ text: 'json', blocks: [{ type: 'divider' }] });
  });

  it('answers 429 with Retry-After when rate limited', async () => {
    emu.rateLimit('chat.postMessage', { retryAfterSeconds: 7 });
    const strict = clientFor(emu, { rejectRateLimitedCalls: true });
    await expect(strict.chat.postMessage({ channel: 'CINCIDENTS', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
    emu.rateLimit('chat.postMessage', { retryAfterSeconds: 3, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'channel=CINCIDENTS&text=x',
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
    }
    await expect(strict.chat.postMessage({ channel: 'CINCIDENTS', text: 'x' })).resolves.toMatchObject({ ok: true });
    expect(emu.calls.filter((c) => c.error === 'ratelimited')).toHaveLength(3);
  });

  it('injects documented errors, and refuses undocumented ones at configuration time', async () => {
    emu.failNext('conversations.create', 'restricted_action', { times: 2 });
    expect(await slackError(client.conversations.create({ name: 'a' }))).toBe('restricted_action');
    expect(await slackError(client.conversations.create({ name: 'a' }))).toBe('restricted_action');
    await expect(client.conversations.create({ name: 'a' })).resolves.toMatchObject({ ok: true });
    emu.failNext('chat.postMessage', 'internal_error');
    expect(await slackError(client.chat.postMessage({ channel: 'CINCIDENTS', text: 'x' }))).toBe('internal_error');
    expect(() => emu.failNext('chat.postMessage', 'made_up_error')).toThrow(/never answers "made_up_error"/);
    expect(() => emu.failNext('chat.update', 'not_in_channel')).toThrow(/never answers/);
    expect(() => emu.failNext('chat.scheduleMessage', 'invalid_auth')).toThrow(/spec file not found/);
  });

  it('only ever answers errors listed in the method spec or the generic list', async () => {
    const attempts: Promise<unknown>[] = [
      client.conversations.create({ name: 'BAD NAME' }),
      client.conversations.create({ name: 'incidents' }),
      client.conversations.invite({ channel: 'CINCIDENTS', users: 'UALICE' }),
      client.conversations.invite({ channel: 'CNOPE', users: 'UALICE' }),
      client.conversations.info({ channel: 'CNOPE' }),
      client.conversations.history({ channel: 'CINCIDENTS', cursor: 'garbage' }),
      client.conversations.history({ channel: 'CINCIDENTS', oldest: 'yesterday' }),
      client.conversations.replies({ channel: 'CINCIDENTS', ts: '1.000001' }),
      client.conversations.members({ channel: 'CNOPE' }),
      client.conversations.list({ types: 'weird' }),
      client.conversations.join({ channel: 'CNOPE' }),
      client.conversations.setPurpose({ channel: 'CINCIDENTS', purpose: 'p'.repeat(300) }),
      client.chat.update({ channel: 'CINCIDENTS', ts: '1.000001', text: 'x' }),
      client.chat.delete({ channel: 'CINCIDENTS', ts: '1.000001' }),
      client.chat.getPermalink({ channel: 'CINCIDENTS', message_ts: '1.000001' }),
      client.chat.postEphemeral({ channel: 'CINCIDENTS', user: 'UOTHERBOT', text: 'x' }),
      client.views.open({
        trigger_id: 'nope',
        view: { type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: [] },
      }),
      client.views.update({
        view_id: 'VNOPE',
        view: { type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: [] },
      }),
      client.views.publish({ user_id: 'UNOPE', view: { type: 'home', blocks: [] } }),
      client.users.info({ user: 'UNOPE' }),
      client.users.lookupByEmail({ email: 'nobody@example.com' }),
      client.apiCall('bookmarks.add', { channel_id: 'CINCIDENTS', title: 't', type: 'file' }),
      client.bookmarks.add({ channel_id: 'CINCIDENTS', title: 't', type: 'link', link: 'ftp://x' }),
      client.pins.add({ channel: 'CINCIDENTS', timestamp: '1.000001' }),
      client.reactions.add({ channel: 'CINCIDENTS', timestamp: '1.000001', name: 'eyes' }),
      client.files.getUploadURLExternal({ filename: 'a.txt', length: -1 }),
      client.files.completeUploadExternal({ files: [{ id: 'FNOPE' }] }),
      client.apiCall('chat.postMessage', { channel: 'CINCIDENTS', text: 'x', blocks: '{' }),
    ];
    const results = await Promise.allSettled(attempts);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const failed = emu.calls.filter((c) => !c.ok);
    expect(failed).toHaveLength(attempts.length);
    for (const call of failed)
      expect(isAllowedError(call.method, call.error ?? ''), `${call.method}: ${call.error}`).toBe(true);
    expect(emu.violations.filter((v) => v.includes('[emulator bug]'))).toEqual([]);
  });

  it('answers 404 to unknown paths', async () => {
    expect((await fetch(`${emu.baseUrl}/nothing`)).status).toBe(404);
    expect((await fetch(`${emu.baseUrl}/api/`)).status).toBe(404);
    expect((await fetch(`${emu.baseUrl}/response/RNOPE`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('resets to the seed', async () => {
    await client.conversations.create({ name: 'inc-9' });
    await client.chat.postMessage({ channel: 'CINCIDENTS', text: 'x' });
    await client.apiCall('nope.nope').catch(() => undefined);
    emu.reset();
    expect(emu.channels().map((c) => c.id)).toEqual(['CINCIDENTS']);
    expect(emu.messages('CINCIDENTS')).toEqual([]);
    expect(emu.calls).toHaveLength(0);
    expect(emu.violations).toHaveLength(0);
  });
});
