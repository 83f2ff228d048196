import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { destinations } from '../../../services/status-page/require-publisher.js';
import { retryPublication } from '../../../services/status-page/retry-publication.js';
import { statusPageDraft } from '../../../services/status-page/status-page-draft.js';
import type { ListenerContext } from '../../context.js';
import { replyingErrors } from '../../reply-errors.js';
import { buildStatusPageModal } from '../../views/status-page-modal.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Publish to status page" on a customer-facing update: the publication form, with that text as the message. */
export function handleOpenStatusPage(ctx: ListenerContext) {
  return async ({ ack, action, body, respond, client }: Args): Promise<void> => {
    await ack();
    const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'open-status-page', userId: body.user.id }),
      async () => {
        const draft = await statusPageDraft(ctx.services, {
          channelId,
          actorId: body.user.id,
          ...(action.value && { fromStatusUpdate: action.value }),
        });
        await client.views.open({
          trigger_id: body.trigger_id,
          view: buildStatusPageModal(draft, destinations(ctx.services)),
        });
      },
      (outcome) => ctx.metrics.interactions.inc({ kind: 'open-status-page', outcome }),
    );
  };
}

/** Retry on a publication Statuspage did not take; the record in the channel shows the outcome. */
export function handleRetryPublication(ctx: ListenerContext) {
  return async ({ ack, action, body, respond }: Args): Promise<void> => {
    await ack();
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'retry-publication', userId: body.user.id }),
      () => retryPublication(ctx.services, { publicationId: action.value ?? '', actorId: body.user.id }),
      (outcome) => ctx.metrics.interactions.inc({ kind: 'retry-publication', outcome }),
    );
  };
}
