import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../../src/sandbox/index.js';
import { useSandbox } from './helpers.js';

const section = (text: string, block_id?: string) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...(block_id ? { block_id } : {}),
});
const button = (text: string, action_id: string, value = 'v') => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id,
  value,
});

/** Calls the Web API and returns the raw answer, whether ok or not. */
async function raw(client: WebClient, method: string, args: Record<string, unknown>) {
  try {
    return (await client.apiCall(method, args)) as unknown as Record<string, unknown>;
  } catch (error) {
    return (error as { data: Record<string, unknown> }).data;
  }
}

describe('sandbox: Block Kit limits', () => {
  let emu: SlackEmulator;
  let client: WebClient;
  useSandbox((s) => ({ emu, client } = s));

  const post = (blocks: unknown[]) =>
    raw(client, 'chat.postMessage', { channel: 'CINCIDENTS', text: 'fallback', blocks });

  it('accepts a well-formed message and stores its blocks', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'SEV1' } },
      section('x'.repeat(3000), 'summary'),
      { type: 'actions', block_id: 'acts', elements: [button('Approve', 'approve'), button('STOP', 'stop')] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'ctx' }] },
      { type: 'divider' },
    ];
    const answer = await post(blocks);
    expect(answer.ok).toBe(true);
    expect(emu.lastMessage('CINCIDENTS')?.blocks).toEqual(blocks);
    emu.assertNoViolations();
  });

  it.each([
    ['51 blocks', Array.from({ length: 51 }, (_, i) => section(`b${i}`)), 'must be less than 51 items'],
    ['a 3001-char section', [section('x'.repeat(3001))], 'must be less than 3001 characters'],
    ['a 76-char button', [{ type: 'actions', elements: [button('b'.repeat(76), 'a')] }], 'less than 76 characters'],
    ['a duplicate block_id', [section('a', 'dup'), section('b', 'dup')], 'block_id "dup" is already used'],
    [
      'a duplicate action_id',
      [
        { type: 'actions', elements: [button('A', 'same')] },
        { type: 'actions', elements: [button('B', 'same')] },
      ],
      'action_id "same" is already used',
    ],
    ['a 151-char header', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }], '151'],
    ['a mrkdwn header', [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }], 'plain_text'],
    ['an unknown block type', [{ type: 'sectoin', text: { type: 'mrkdwn', text: 'x' } }], 'unknown block type'],
    [
      '11 section fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
      '11 items',
    ],
    [
      '26 actions',
      [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button('b', `a${i}`)) }],
      '26 items',
    ],
    ['a bad text type', [{ type: 'section', text: { type: 'markdown', text: 'x' } }], 'plain_text, mrkdwn'],
    [
      'a 151-char option value',
      [
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select',
              action_id: 's',
              options: [{ text: { type: 'plain_text', text: 'o' }, value: 'v'.repeat(151) }],
            },
          ],
        },
      ],
      'less than 151 characters',
    ],
  ])('rejects %s with invalid_blocks and a violation', async (_name, blocks, expected) => {
    const answer = await post(blocks);
    expect(answer.ok).toBe(false);
    expect(answer.error).toBe('invalid_blocks');
    const messages = (answer.response_metadata as { messages: string[] }).messages;
    expect(messages.join('\n')).toContain(expected);
    expect(messages[0]).toMatch(/^\[ERROR\] .*\[json-pointer:\/blocks/);
    expect(emu.violations.join('\n')).toContain('Block Kit rejected');
    expect(emu.messages('CINCIDENTS')).toHaveLength(0);
    expect(() => emu.assertNoViolations()).toThrow(/violation/);
  });

  it('rejects malformed blocks JSON with invalid_blocks_format', async () => {
    const answer = await raw(client, 'chat.postMessage', { channel: 'CINCIDENTS', text: 't', blocks: '[{' });
    expect(answer.error).toBe('invalid_blocks_format');
  });

  it('accepts blocks without fallback text but records a violation', async () => {
    const answer = await raw(client, 'chat.postMessage', { channel: 'CINCIDENTS', blocks: [section('hello')] });
    expect(answer.ok).toBe(true);
    expect(emu.violations).toEqual([expect.stringContaining('message without fallback text')]);
    const update = await raw(client, 'chat.update', { channel: 'CINCIDENTS', ts: answer.ts, text: '' });
    expect(update.ok).toBe(true);
    expect(emu.violations).toHaveLength(2);
  });

  it('answers no_text when there is neither text nor blocks', async () => {
    const answer = await raw(client, 'chat.postMessage', { channel: 'CINCIDENTS' });
    expect(answer.error).toBe('no_text');
  });

  it('validates views: title length, submit requirement, 100 blocks; answers invalid_arguments', async () => {
    const modal = (over: Record<string, unknown>) => ({
      type: 'modal',
      title: { type: 'plain_text', text: 'Declare incident' },
      submit: { type: 'plain_text', text: 'Declare' },
      blocks: [section('hi')],
      ...over,
    });
    const open = (view: unknown) => raw(client, 'views.open', { trigger_id: emu.issueTriggerId('UALICE'), view });
    expect((await open(modal({}))).ok).toBe(true);
    const long = await open(modal({ title: { type: 'plain_text', text: 't'.repeat(25) } }));
    expect(long.error).toBe('invalid_arguments');
    expect(JSON.stringify(long.response_metadata)).toContain('/view/title/text');
    const input = {
      type: 'input',
      block_id: 'sev',
      label: { type: 'plain_text', text: 'Severity' },
      element: { type: 'plain_text_input', action_id: 'v' },
    };
    expect((await open(modal({ submit: undefined, blocks: [input] }))).error).toBe('invalid_arguments');
    const many = Array.from({ length: 101 }, (_, i) => section(`b${i}`));
    expect((await open(modal({ blocks: many }))).error).toBe('invalid_arguments');
    expect((await open(modal({ blocks: many.slice(0, 100) }))).ok).toBe(true);
    expect((await open(modal({ private_metadata: 'm'.repeat(3001) }))).error).toBe('invalid_arguments');
    const home = await raw(client, 'views.publish', { user_id: 'UALICE', view: modal({}) });
    expect(home.error).toBe('invalid_arguments');
    expect(emu.violations.length).toBe(5);
  });
});
