import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { retryPage } from '../../../services/paging/retry-page.js';
import type { ListenerContext } from '../../context.js';
import { replyingErrors } from '../../reply-errors.js';

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
