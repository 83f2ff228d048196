import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../../src/sandbox/index.js';
import { type FakeApp, slackError, useSandbox, type ViewPayload } from './helpers.js';

const approvalBlocks = [
  { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*Restart db-1?*' } },
  {
    type: 'actions',
    block_id: 'decide',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Approve' },
        action_id: 'approve',
        value: 'run-1',
        style: 'primary',
      },
      {
        type: 'button',
        text: { type: 'plain_text', text: 'STOP' },
        action_id: 'stop',
        value: 'run-1',
        style: 'danger',
      },
    ],
  },
];

describe('sandbox driver: commands, buttons, response_urls, transcript', () => {
  let emu: SlackEmulator;
  let client: WebClient;
  let app: FakeApp;
  let clock = 1_700_000_000_000;
  useSandbox(
    (s) => ({ emu, client, app } = s),
    () => {
      clock = 1_700_000_000_000;
      return { now: () => clock };
    },
  );

  it('sends slash commands form-encoded and correctly signed', async () => {
    const res = await emu.slashCommand({ user: 'UALICE', channel: 'CINCIDENTS', text: 'declare db down' });
    expect(res.status).toBe(200);
    const req = app.last();
    expect(req.signatureValid).toBe(true);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.body).toMatchObject({
      command: '/incident',
      text: 'declare db down',
      user_id: 'UALICE',
      user_name: 'alice',
      channel_id: 'CINCIDENTS',
      channel_name: 'incidents',
      team_id: 'T0FIREBRK',
      api_app_id: emu.appId,
    });
    expect(req.body.enterprise_id).toBeUndefined();
    expect(String(req.body.response_url)).toMatch(new RegExp(`^${emu.baseUrl}/response/`));
    expect(req.body.trigger_id).toEqual(expect.any(String));
  });

  it('exposes sign() and rawPost() for forged and stale requests', async () => {
    const body = 'command=%2Fincident&text=x';
    const stale = emu.signatureHeaders(body, Math.floor(Date.now() / 1000) - 600);
    const r1 = await emu.rawPost(body, { 'Content-Type': 'application/x-www-form-urlencoded', ...stale });
    expect(r1.status).toBe(401);
    const forged = { ...emu.signatureHeaders(body), 'X-Slack-Signature': 'v0=deadbeef' };
    expect((await emu.rawPost(body, forged)).status).toBe(401);
    const good = await emu.rawPost(body, {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...emu.signatureHeaders(body),
    });
    expect(good.status).toBe(200);
    const now = String(Math.floor(Date.now() / 1000));
    const bySign = await emu.rawPost(body, {
      'x-slack-request-timestamp': now,
      'x-slack-signature': emu.sign(body, Number(now)),
    });
    expect(bySign.status).toBe(200);
  });

  it('enforces trigger_id expiry, single use and validity on views.open', async () => {
    const view: ViewPayload = { type: 'modal', title: { type: 'plain_text', text: 'Declare' }, blocks: [] };
    await emu.slashCommand({ user: 'UALICE', channel: 'CINCIDENTS', text: '' });
    const trigger = String(app.last().body.trigger_id);
    clock += 3001;
    expect(await slackError(client.views.open({ trigger_id: trigger, view }))).toBe('expired_trigger_id');
    await emu.slashCommand({ user: 'UALICE', channel: 'CINCIDENTS', text: '' });
    const fresh = String(app.last().body.trigger_id);
    clock += 2999;
    const opened = await client.views.open({ trigger_id: fresh, view });
    expect(opened.view?.id).toMatch(/^V/);
    expect(await slackError(client.views.open({ trigger_id: fresh, view }))).toBe('exchanged_trigger_id');
    expect(await slackError(client.views.open({ trigger_id: '123.456.abc', view }))).toBe('invalid_trigger_id');
    expect(emu.openModals('UALICE').map((v) => v.id)).toEqual([opened.view?.id]);
  });

  it('clicks buttons of stored messages and applies response_url replies', async () => {
    const { ts } = await client.chat.postMessage({
      channel: 'CINCIDENTS',
      text: 'Restart db-1?',
      blocks: approvalBlocks,
    });
    await expect(
      emu.clickButton({ user: 'UBOB', channel: 'CINCIDENTS', messageTs: ts ?? '', actionId: 'missing' }),
    ).rejects.toThrow(/no button "missing"/);
    await emu.clickButton({ user: 'UBOB', channel: 'CINCIDENTS', messageTs: ts ?? '', actionId: 'approve' });
    // The post's echo (a message event) may reach the app after the click: pick the click.
    const click = app.requests.findLast((r) => (r.body as { type?: string }).type === 'block_actions')!;
    const payload = click.body;
    expect(click.signatureValid).toBe(true);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'UBOB', username: 'bob' },
      container: { type: 'message', message_ts: ts, channel_id: 'CINCIDENTS', is_ephemeral: false },
      channel: { id: 'CINCIDENTS', name: 'incidents' },
      message: { ts, text: 'Restart db-1?', bot_id: 'BFIREBOT' },
      actions: [{ type: 'button', action_id: 'approve', block_id: 'decide', value: 'run-1' }],
    });
    const responseUrl = String(payload.response_url);
    const ephemeral = await fetch(responseUrl, { method: 'POST', body: JSON.stringify({ text: 'Only you see this' }) });
    expect(ephemeral.status).toBe(200);
    expect(emu.ephemeralsFor('UBOB')).toMatchObject([{ text: 'Only you see this', via: 'response_url' }]);
    await fetch(responseUrl, {
      method: 'POST',
      body: JSON.stringify({ replace_original: true, text: 'Approved by bob', blocks: [approvalBlocks[0]] }),
    });
    expect(emu.messages('CINCIDENTS').find((m) => m.ts === ts)).toMatchObject({
      text: 'Approved by bob',
      blocks: [approvalBlocks[0]],
    });
    await fetch(responseUrl, { method: 'POST', body: JSON.stringify({ response_type: 'in_channel', text: 'Done' }) });
    expect(emu.lastMessage('CINCIDENTS')?.text).toBe('Done');
    await fetch(responseUrl, { method: 'POST', body: JSON.stringify({ delete_original: true }) });
    expect(emu.messages('CINCIDENTS').some((m) => m.ts === ts)).toBe(false);
    await fetch(responseUrl, { method: 'POST', body: JSON.stringify({ text: '5th use' }) });
    const sixth = await fetch(responseUrl, { method: 'POST', body: JSON.stringify({ text: '6th use' }) });
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_url');
    expect(emu.responses()).toHaveLength(5);
    clock += 31 * 60 * 1000;
    await emu.slashCommand({ user: 'UALICE', channel: 'CINCIDENTS', text: '' });
    const late = String(app.last().body.response_url);
    clock += 31 * 60 * 1000;
    expect(await (await fetch(late, { method: 'POST', body: '{"text":"x"}' })).text()).toBe('expired_url');
  });

  it('renders a readable transcript', async () => {
    await emu.userPosts({ user: 'UALICE', channel: 'CINCIDENTS', text: 'db is down' });
    clock += 61_000;
    const { ts } = await client.chat.postMessage({
      channel: 'CINCIDENTS',
      text: 'Restart db-1?',
      blocks: approvalBlocks,
    });
    await client.chat.postMessage({ channel: 'CINCIDENTS', text: 'on it', thread_ts: ts });
    await client.chat.postEphemeral({ channel: 'CINCIDENTS', user: 'UBOB', text: 'you are on call' });
    expect(emu.transcript('incidents')).toBe(
      [
        '[22:13:20] @alice: db is down',
        '[22:14:21] @firebreak: *Restart db-1?*',
        '           [Approve] [STOP]',
        '[22:14:21]   ↳ @firebreak: on it',
        '[22:14:21] (only you, @bob) @firebreak: you are on call',
      ].join('\n'),
    );
  });

  it('does not flag a prompt acknowledgement (the 3 s deadline is measured on real time)', async () => {
    app.reply = async () => {
      await new Promise((r) => setTimeout(r, 5));
      return {};
    };
    await emu.slashCommand({ user: 'UALICE', channel: 'CINCIDENTS', text: '' });
    expect(emu.violations).toEqual([]);
  });
});
