import type { types } from '@slack/bolt';
import { ACTION_TYPES, PRIORITIES } from '../../domain/action-item.js';
import { VIEWS } from '../ids.js';

export const ACTION_FIELDS = {
  owner: 'owner',
  description: 'description',
  type: 'type',
  priority: 'priority',
  due: 'due',
  validation: 'validation',
} as const;

const TYPE_MEANING: Record<(typeof ACTION_TYPES)[number], string> = {
  prevent: 'stops it happening again',
  detect: 'finds it sooner next time',
  mitigate: 'makes it hurt less or end sooner',
  process: 'how we work: runbooks, on-call, reviews',
};
const opt = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });

/** `/incident action` with nothing after it: the form, due date pre-set to five business days out. */
export function buildActionItemModal(args: { channelId: string; defaultDue: string }): types.ModalView {
  const input = (block_id: string, label: string, element: Record<string, unknown>, optional = false) => ({
    type: 'input' as const,
    block_id,
    label: { type: 'plain_text' as const, text: label },
    optional,
    element: { action_id: block_id, ...element },
  });
  return {
    type: 'modal',
    callback_id: VIEWS.actionItem,
    title: { type: 'plain_text', text: 'Action item' },
    submit: { type: 'plain_text', text: 'Add' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ channelId: args.channelId }),
    blocks: [
      input(ACTION_FIELDS.description, 'What must be done?', {
        type: 'plain_text_input',
        multiline: true,
        max_length: 1000,
      }),
      input(ACTION_FIELDS.owner, 'Owner', { type: 'users_select' }),
      input(ACTION_FIELDS.type, 'Type', {
        type: 'static_select',
        initial_option: opt(`prevent: ${TYPE_MEANING.prevent}`, 'prevent'),
        options: ACTION_TYPES.map((t) => opt(`${t}: ${TYPE_MEANING[t]}`, t)),
      }),
      input(ACTION_FIELDS.priority, 'Priority', {
        type: 'static_select',
        initial_option: opt('P1', 'P1'),
        options: PRIORITIES.map((p) => opt(p, p)),
      }),
      input(ACTION_FIELDS.due, 'Due', { type: 'datepicker', initial_date: args.defaultDue }),
      input(
        ACTION_FIELDS.validation,
        'How will we know it worked?',
        {
          type: 'plain_text_input',
          max_length: 500,
          placeholder: { type: 'plain_text', text: 'e.g. a game day shows the alert fires within 2 min' },
        },
        true,
      ),
    ],
  } as types.ModalView;
}
