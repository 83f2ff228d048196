import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { pageByHand } from '../../../services/paging/page-by-hand.js';
import { retryPage } from '../../../services/paging/retry-page.js';
import type { ListenerContext } from '../../context.js';
import { replyingErrors } from '../../reply-errors.js';
import { buildNotice } from '../../views/replies.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Retry on a page that could not be delivered: sent again now; the paging message shows the outcome. */
export function handleRetryPage(ctx: ListenerContext) {
  return async ({ ack, action, body, respond }: Args): Promise<void> => {
    await ack();
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'retry-page', userId: body.user.id }),
      () => retryPage(ctx.services, { pageId: action.value ?? '', actorId: body.user.id }),
      (outcome) => ctx.metrics.interactions.inc({ kind: 'retry-page', outcome }),
    );
  };
}

/** Page on-call (the roles message): pages the incident's services by hand; the clicker is told what happened. */
export function handlePageOnCall(ctx: ListenerContext) {
  return async ({ ack, body, respond }: Args): Promise<void> => {
    await ack();
    const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'page-on-call', userId: body.user.id }),
      async () => {
        const said = await pageByHand(ctx.services, { channelId, actorId: body.user.id, target: { kind: 'on-call' } });
        await respond({ response_type: 'ephemeral', replace_original: false, ...buildNotice(said) });
      },
      (outcome) => ctx.metrics.interactions.inc({ kind: 'page-on-call', outcome }),
    );
  };
}
