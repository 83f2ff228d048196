import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { closeActionItem } from '../../../services/trackers/close-action-item.js';
import { retryTrackerItem } from '../../../services/trackers/retry-tracker-item.js';
import type { ListenerContext } from '../../context.js';
import { replyingErrors } from '../../reply-errors.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Done on an action item: done here, closed in its tracker; the item message shows it. */
export function handleCloseActionItem(ctx: ListenerContext) {
  return async ({ ack, action, body, respond }: Args): Promise<void> => {
    await ack();
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'action-item-done', userId: body.user.id }),
      () => closeActionItem(ctx.services, { itemId: action.value ?? '', actorId: body.user.id }),
      (outcome) => ctx.metrics.interactions.inc({ kind: 'action-item-done', outcome }),
    );
  };
}

/** Retry on an item its tracker did not take: tried again now; the item message shows the outcome. */
export function handleRetryTracker(ctx: ListenerContext) {
  return async ({ ack, action, body, respond }: Args): Promise<void> => {
    await ack();
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'tracker-retry', userId: body.user.id }),
      () => retryTrackerItem(ctx.services, { itemId: action.value ?? '', actorId: body.user.id }),
      (outcome) => ctx.metrics.interactions.inc({ kind: 'tracker-retry', outcome }),
    );
  };
}
