import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { isDomainError } from '../../../domain/errors.js';
import { rejectProposal } from '../../../services/remediation/reject-proposal.js';
import type { ListenerContext } from '../../context.js';
import { REJECT_FIELDS } from '../../views/reject-modal.js';
import { buildNotice } from '../../views/replies.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The reason form was submitted: reject (a proposal decided meanwhile is refused with its state). */
export function handleRejectSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    await ack();
    const { proposalId, channelId } = JSON.parse(view.private_metadata) as { proposalId: string; channelId: string };
    const reason = view.state.values[REJECT_FIELDS.reason]?.[REJECT_FIELDS.reason]?.value ?? undefined;
    try {
      await rejectProposal(ctx.services, { proposalId, actorId: body.user.id, reason });
      ctx.metrics.interactions.inc({ kind: 'proposal-reject', outcome: 'ok' });
    } catch (err) {
      ctx.metrics.interactions.inc({ kind: 'proposal-reject', outcome: isDomainError(err) ? 'refused' : 'error' });
      if (!isDomainError(err)) throw err;
      await client.chat.postEphemeral({ channel: channelId, user: body.user.id, ...buildNotice(err.message) });
    }
  };
}
