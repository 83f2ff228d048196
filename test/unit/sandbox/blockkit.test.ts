import { describe, expect, it } from 'vitest';
import { validateMessageBlocks, validateMessageText, validateView } from '../../../src/sandbox/blockkit/validate.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text = value) => ({ text: plain(text), value });

describe('sandbox Block Kit validator', () => {
  it('accepts rich but valid messages', () => {
    const blocks = [
      { type: 'header', text: plain('SEV1 — db down') },
      {
        type: 'section',
        fields: Array.from({ length: 10 }, (_, i) => ({ type: 'mrkdwn', text: `*f${i}*` })),
        accessory: { type: 'overflow', action_id: 'more', options: [option('a'), option('b')] },
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'static_select',
            action_id: 'sev',
            placeholder: plain('Severity'),
            option_groups: [{ label: plain('High'), options: [option('SEV1')] }],
          },
          { type: 'checkboxes', action_id: 'cb', options: [{ text: { type: 'mrkdwn', text: '*bold*' }, value: 'x' }] },
          {
            type: 'button',
            action_id: 'stop',
            text: plain('STOP'),
            style: 'danger',
            confirm: {
              title: plain('Sure?'),
              text: { type: 'mrkdwn', text: 'Really' },
              confirm: plain('Yes'),
              deny: plain('No'),
            },
          },
        ],
      },
      {
        type: 'context',
        elements: [
          { type: 'image', image_url: 'https://x/y.png', alt_text: 'y' },
          { type: 'mrkdwn', text: 'z' },
        ],
      },
      { type: 'rich_text', elements: [] },
      { type: 'markdown', text: '**hi**' },
    ];
    expect(validateMessageBlocks(blocks)).toEqual([]);
  });

  it('points at the offending field with a json-pointer', () => {
    const errors = validateMessageBlocks([
      { type: 'divider' },
      { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: plain('x'), value: 'v'.repeat(2001) }] },
    ]);
    expect(errors).toEqual(['must be less than 2001 characters [json-pointer:/blocks/1/elements/0/value]']);
  });

  it.each([
    [
      'overflow with 6 options',
      [
        {
          type: 'actions',
          elements: [{ type: 'overflow', action_id: 'o', options: 'abcdef'.split('').map((c) => option(c)) }],
        },
      ],
    ],
    [
      'select with 101 options',
      [
        {
          type: 'actions',
          elements: [
            { type: 'static_select', action_id: 's', options: Array.from({ length: 101 }, (_, i) => option(`o${i}`)) },
          ],
        },
      ],
    ],
    [
      'option text over 75',
      [
        {
          type: 'actions',
          elements: [{ type: 'static_select', action_id: 's', options: [option('v', 't'.repeat(76))] }],
        },
      ],
    ],
    [
      'mrkdwn option in a select',
      [
        {
          type: 'actions',
          elements: [
            { type: 'static_select', action_id: 's', options: [{ text: { type: 'mrkdwn', text: 'x' }, value: 'v' }] },
          ],
        },
      ],
    ],
    ['image without alt_text', [{ type: 'image', image_url: 'https://x' }]],
    [
      'context with 11 elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }],
    ],
    ['empty actions', [{ type: 'actions', elements: [] }]],
    ['section without text or fields', [{ type: 'section' }]],
    ['empty section text', [{ type: 'section', text: { type: 'mrkdwn', text: '' } }]],
    ['a 256-char block_id', [{ type: 'divider', block_id: 'b'.repeat(256) }]],
    [
      'a 256-char action_id',
      [{ type: 'actions', elements: [{ type: 'button', text: plain('x'), action_id: 'a'.repeat(256) }] }],
    ],
    ['a plain_text_input in actions', [{ type: 'actions', elements: [{ type: 'plain_text_input', action_id: 'p' }] }]],
    [
      'a 3001-char button url',
      [
        {
          type: 'actions',
          elements: [{ type: 'button', text: plain('x'), action_id: 'u', url: `https://${'u'.repeat(2993)}` }],
        },
      ],
    ],
    [
      'a confirm title over 100',
      [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: plain('x'),
              action_id: 'c',
              confirm: { title: plain('t'.repeat(101)), text: plain('t'), confirm: plain('y'), deny: plain('n') },
            },
          ],
        },
      ],
    ],
    ['a non-array', { type: 'divider' }],
  ])('rejects %s', (_name, blocks) => {
    expect(validateMessageBlocks(blocks)).not.toEqual([]);
  });

  it('caps message text at 40,000 characters', () => {
    expect(validateMessageText('x'.repeat(40_000))).toEqual([]);
    expect(validateMessageText('x'.repeat(40_001))).toHaveLength(1);
  });

  it('validates views by surface', () => {
    const modal = { type: 'modal', title: plain('Declare'), blocks: [{ type: 'divider' }] };
    expect(validateView(modal, 'modal')).toEqual([]);
    expect(validateView({ type: 'home', blocks: [] }, 'home')).toEqual([]);
    expect(validateView({ ...modal, title: undefined }, 'modal')).toEqual([
      'missing required field [json-pointer:/view/title]',
    ]);
    expect(validateView({ ...modal, submit: plain('s'.repeat(25)) }, 'modal')).toHaveLength(1);
    expect(validateView({ ...modal, close: { type: 'mrkdwn', text: 'x' } }, 'modal')).toHaveLength(1);
    expect(validateView({ ...modal, callback_id: 'c'.repeat(256) }, 'modal')).toHaveLength(1);
    expect(validateView({ ...modal, blocks: [{ type: 'markdown', text: 'x' }] }, 'modal')).toHaveLength(1);
    expect(validateView('nope', 'modal')).toHaveLength(1);
  });
});
