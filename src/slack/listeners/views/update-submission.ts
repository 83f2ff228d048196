import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { isDomainError } from '../../../domain/errors.js';
import { postStatusUpdate } from '../../../services/post-status-update.js';
import type { ListenerContext } from '../../context.js';
import { buildNotice } from '../../views/replies.js';
import { UPDATE_FIELDS } from '../../views/update-modal.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The update form was published: post it (the view id makes a double submit post once). */
export function handleUpdateSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const values = view.state.values;
    const internal = values[UPDATE_FIELDS.internal]?.[UPDATE_FIELDS.internal]?.value?.trim();
    const customer = values[UPDATE_FIELDS.customer]?.[UPDATE_FIELDS.customer]?.value?.trim();
    if (!internal) {
      await ack({
        response_action: 'errors',
        errors: { [UPDATE_FIELDS.internal]: 'The internal update cannot be empty.' },
      });
      return;
    }
    await ack();
    const { channelId } = JSON.parse(view.private_metadata) as { channelId: string };
    try {
      await postStatusUpdate(ctx.services, {
        channelId,
        actorId: body.user.id,
        text: internal,
        ...(customer && { customerText: customer }),
        source: 'modal',
        requestKey: `view:${view.id}`,
      });
      ctx.metrics.interactions.inc({ kind: 'update-modal', outcome: 'ok' });
    } catch (err) {
      ctx.metrics.interactions.inc({ kind: 'update-modal', outcome: isDomainError(err) ? 'refused' : 'error' });
      if (!isDomainError(err)) throw err;
      await client.chat.postEphemeral({ channel: channelId, user: body.user.id, ...buildNotice(err.message) });
    }
  };
}
