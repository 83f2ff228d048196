import type { types } from '@slack/bolt';
import { clip } from './format.js';

type Block = types.Block;
type Button = types.Button;
type KnownBlock = types.KnownBlock;

export type { Button, KnownBlock };
export type AnyBlock = KnownBlock | Block;

/** What every builder returns: blocks plus the fallback `text` Slack shows in notifications and old clients. */
export interface SlackMessage {
  text: string;
  blocks: AnyBlock[];
}

export const header = (text: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(text, 150), emoji: true },
});

export const section = (text: string, blockId?: string): KnownBlock => ({
  type: 'section',
  ...(blockId && { block_id: blockId }),
  text: { type: 'mrkdwn', text: clip(text, 3000) },
});

export const fields = (items: string[], blockId?: string): KnownBlock => ({
  type: 'section',
  ...(blockId && { block_id: blockId }),
  fields: items.slice(0, 10).map((t) => ({ type: 'mrkdwn', text: clip(t, 2000) })),
});

export const context = (...items: string[]): KnownBlock => ({
  type: 'context',
  elements: items.slice(0, 10).map((t) => ({ type: 'mrkdwn', text: clip(t, 3000) })),
});

export const divider = (): KnownBlock => ({ type: 'divider' });

export const actions = (blockId: string, elements: Button[]): KnownBlock => ({
  type: 'actions',
  block_id: blockId,
  elements: elements.slice(0, 25),
});

export function button(text: string, actionId: string, value?: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(text, 75), emoji: true },
    action_id: actionId,
    ...(value !== undefined && { value }),
    ...(style && { style }),
  };
}
