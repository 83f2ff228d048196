import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../../src/sandbox/index.js';
import { type FakeApp, slackError, useSandbox, type ViewPayload } from './helpers.js';

describe('sandbox driver: modals, events and simulated humans', () => {
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

  it('submits modals with typed state values and applies response_action', async () => {
    const view: ViewPayload = {
      type: 'modal',
      callback_id: 'declare',
      private_metadata: '{"channel":"CINCIDENTS"}',
      title: { type: 'plain_text', text: 'Declare incident' },
      submit: { type: 'plain_text', text: 'Declare' },
      blocks: [
        {
          type: 'input',
          block_id: 'title',
          label: { type: 'plain_text', text: 'Title' },
          element: { type: 'plain_text_input', action_id: 'title_v' },
        },
        {
          type: 'input',
          block_id: 'sev',
          label: { type: 'plain_text', text: 'Severity' },
          element: {
            type: 'static_select',
            action_id: 'sev_v',
            options: ['SEV1', 'SEV2'].map((s) => ({ text: { type: 'plain_text', text: s }, value: s })),
          },
        },
        {
          type: 'input',
          block_id: 'lead',
          label: { type: 'plain_text', text: 'Lead' },
          element: { type: 'users_select', action_id: 'lead_v' },
        },
        {
          type: 'input',
          block_id: 'notify',
          optional: true,
          label: { type: 'plain_text', text: 'Notify' },
          element: {
            type: 'checkboxes',
            action_id: 'notify_v',
            options: [{ text: { type: 'mrkdwn', text: '*status page*' }, value: 'status' }],
          },
        },
      ],
    };
    const { view: opened } = await client.views.open({ trigger_id: emu.issueTriggerId('UALICE'), view });
    const viewId = opened?.id ?? '';
    app.reply = () => ({ body: { response_action: 'errors', errors: { title: 'Too short' } } });
    const res = await emu.submitView({
      user: 'UALICE',
      viewId,
      values: { title: 'db', sev_v: 'SEV1', lead: 'UBOB', notify: true },
    });
    expect(res.json).toEqual({ response_action: 'errors', errors: { title: 'Too short' } });
    const submitted = app.last().body as { view: { state: { values: Record<string, Record<string, unknown>> } } };
    expect(submitted).toMatchObject({
      type: 'view_submission',
      view: { id: viewId, callback_id: 'declare', private_metadata: '{"channel":"CINCIDENTS"}', hash: opened?.hash },
    });
    expect(submitted.view.state.values).toEqual({
      title: { title_v: { type: 'plain_text_input', value: 'db' } },
      sev: {
        sev_v: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'SEV1' }, value: 'SEV1' },
        },
      },
      lead: { lead_v: { type: 'users_select', selected_user: 'UBOB' } },
      notify: {
        notify_v: {
          type: 'checkboxes',
          selected_options: [{ text: { type: 'mrkdwn', text: '*status page*' }, value: 'status' }],
        },
      },
    });
    expect(emu.view(viewId)?.closed).toBe(false);
    await expect(emu.submitView({ user: 'UALICE', viewId, values: { title: 't', sev: 'SEV9' } })).rejects.toThrow(
      /no option "SEV9"/,
    );
    await expect(emu.submitView({ user: 'UALICE', viewId, values: { sev: 'SEV1', lead: 'UBOB' } })).rejects.toThrow(
      /required input "title"/,
    );
    const done = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Declared' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'ok' } }],
    };
    app.reply = () => ({ body: { response_action: 'update', view: done } });
    await emu.submitView({ user: 'UALICE', viewId, values: { title: 'database down', sev: 'SEV2', lead: 'UBOB' } });
    expect(emu.view(viewId)?.view).toEqual(done);
    app.reply = () => ({});
    // The updated view has no inputs; an empty ack closes it.
    await emu.submitView({ user: 'UALICE', viewId });
    expect(emu.view(viewId)?.closed).toBe(true);
    expect(emu.openModals('UALICE')).toEqual([]);
    emu.assertNoViolations();
  });

  it('applies response_action push and clear, and treats {} as an ack', async () => {
    const modal = (title: string): ViewPayload => ({
      type: 'modal',
      title: { type: 'plain_text', text: title },
      submit: { type: 'plain_text', text: 'Next' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }],
    });
    const { view: root } = await client.views.open({ trigger_id: emu.issueTriggerId('UDAVE'), view: modal('Step 1') });
    app.reply = () => ({ body: { response_action: 'push', view: modal('Step 2') } });
    await emu.submitView({ user: 'UDAVE', viewId: root?.id ?? '' });
    const stack = emu.openModals('UDAVE');
    expect(stack.map((v) => (v.view.title as { text: string }).text)).toEqual(['Step 1', 'Step 2']);
    expect(stack[1]).toMatchObject({ previousViewId: root?.id, rootViewId: root?.id });
    app.reply = () => ({ body: {} });
    await emu.submitView({ user: 'UDAVE', viewId: stack[1]?.id ?? '' });
    expect(emu.openModals('UDAVE').map((v) => v.id)).toEqual([root?.id]);
    await client.views.push({ trigger_id: emu.issueTriggerId('UDAVE'), view: modal('Step 2b') });
    app.reply = () => ({ body: { response_action: 'clear' } });
    await emu.submitView({ user: 'UDAVE', viewId: root?.id ?? '' });
    expect(emu.openModals('UDAVE')).toEqual([]);
    expect(await slackError(client.views.push({ trigger_id: emu.issueTriggerId('UDAVE'), view: modal('x') }))).toBe(
      'not_found',
    );
    emu.assertNoViolations();
  });

  it('flags response_action errors that name a non-input block', async () => {
    const view: ViewPayload = {
      type: 'modal',
      title: { type: 'plain_text', text: 'X' },
      submit: { type: 'plain_text', text: 'Go' },
      blocks: [
        {
          type: 'input',
          block_id: 'a',
          optional: true,
          label: { type: 'plain_text', text: 'A' },
          element: { type: 'plain_text_input', action_id: 'v' },
        },
      ],
    };
    const { view: opened } = await client.views.open({ trigger_id: emu.issueTriggerId('UALICE'), view });
    app.reply = () => ({ body: { response_action: 'errors', errors: { b: 'nope' } } });
    await emu.submitView({ user: 'UALICE', viewId: opened?.id ?? '' });
    expect(emu.violations).toEqual([expect.stringContaining('"b", which is not an input block_id')]);
  });

  it('delivers events with unique ids, and retry headers on redelivery', async () => {
    await emu.sendEvent({ type: 'app_mention', user: 'UALICE', channel: 'CINCIDENTS', text: 'hi', ts: '1.000001' });
    const first = app.last();
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.signatureValid).toBe(true);
    expect(first.body).toMatchObject({
      type: 'event_callback',
      team_id: 'T0FIREBRK',
      api_app_id: emu.appId,
      event: { type: 'app_mention' },
      authorizations: [{ user_id: 'UFIREBOT', is_bot: true }],
    });
    const eventId = String(first.body.event_id);
    await emu.sendEvent({ type: 'app_mention' }, { eventId, retryNum: 1, retryReason: 'http_timeout' });
    expect(app.last().body.event_id).toBe(eventId);
    expect(app.last().headers['x-slack-retry-num']).toBe('1');
    expect(app.last().headers['x-slack-retry-reason']).toBe('http_timeout');
    await emu.sendEvent({ type: 'app_mention' });
    expect(app.last().body.event_id).not.toBe(eventId);
  });

  it('simulates humans: post, edit, delete, pin, react, shortcut, App Home', async () => {
    const { ts } = await emu.userPosts({ user: 'UALICE', channel: 'CINCIDENTS', text: 'db is down' });
    expect(app.last().body.event).toMatchObject({
      type: 'message',
      user: 'UALICE',
      text: 'db is down',
      ts,
      channel: 'CINCIDENTS',
      channel_type: 'channel',
    });
    await expect(emu.userPosts({ user: 'UOTHERBOT', channel: 'CINCIDENTS', text: 'x' })).rejects.toThrow(
      /not a member/,
    );
    await emu.userEdits({ user: 'UALICE', channel: 'CINCIDENTS', ts, text: 'db is really down' });
    expect(app.last().body.event).toMatchObject({
      subtype: 'message_changed',
      message: { ts, text: 'db is really down' },
      previous_message: { text: 'db is down' },
    });
    await emu.userPins({ user: 'UBOB', channel: 'CINCIDENTS', ts });
    expect(app.last().body.event).toMatchObject({
      type: 'pin_added',
      user: 'UBOB',
      channel_id: 'CINCIDENTS',
      item: { type: 'message', message: { ts } },
    });
    expect(emu.channel('CINCIDENTS')?.pins).toEqual([ts]);
    await emu.userReacts({ user: 'UBOB', channel: 'CINCIDENTS', ts, reaction: 'eyes' });
    expect(app.last().body.event).toMatchObject({
      type: 'reaction_added',
      reaction: 'eyes',
      item: { channel: 'CINCIDENTS', ts },
      item_user: 'UALICE',
    });
    await emu.messageShortcut({ user: 'UBOB', channel: 'CINCIDENTS', ts, callbackId: 'add_to_timeline' });
    expect(app.last().body).toMatchObject({
      type: 'message_action',
      callback_id: 'add_to_timeline',
      message_ts: ts,
      message: { text: 'db is really down' },
    });
    await emu.userDeletes({ user: 'UALICE', channel: 'CINCIDENTS', ts });
    expect(app.last().body.event).toMatchObject({ subtype: 'message_deleted', deleted_ts: ts });
    await emu.openAppHome('UCAROL');
    expect(app.last().body.event).toMatchObject({ type: 'app_home_opened', user: 'UCAROL', tab: 'home' });
    await client.views.publish({
      user_id: 'UCAROL',
      view: {
        type: 'home',
        blocks: [
          {
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: 'Declare' }, action_id: 'home_declare' }],
          },
        ],
      },
    });
    await emu.clickHomeButton({ user: 'UCAROL', actionId: 'home_declare' });
    expect(app.last().body).toMatchObject({
      type: 'block_actions',
      container: { type: 'view' },
      view: { type: 'home' },
      actions: [{ action_id: 'home_declare' }],
    });
    expect(app.last().body.response_url).toBeUndefined();
    expect(emu.homeView('UCAROL')?.kind).toBe('home');
  });
});
