import type { types } from '@slack/bolt';
import { VIEWS } from '../ids.js';

export const REJECT_FIELDS = { reason: 'reason' } as const;

/** Why a proposal is rejected: optional, because at 3 a.m. "no" must be one click and one Enter. */
export function buildRejectModal(args: { proposalId: string; channelId: string; runbookId: string }): types.ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.rejectProposal,
    title: { type: 'plain_text', text: 'Reject proposal' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ proposalId: args.proposalId, channelId: args.channelId }),
    blocks: [
      {
        type: 'input',
        block_id: REJECT_FIELDS.reason,
        optional: true,
        label: { type: 'plain_text', text: `Why not ${args.runbookId}? (optional)` },
        hint: { type: 'plain_text', text: 'Recorded in the audit trail and the postmortem timeline.' },
        element: {
          type: 'plain_text_input',
          action_id: REJECT_FIELDS.reason,
          multiline: true,
          max_length: 500,
          placeholder: { type: 'plain_text', text: 'e.g. the cache is not the cause; latency started before' },
        },
      },
    ],
  };
}
