import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { declareAlertGroup } from '../../../services/alerts/declare-alert-group.js';
import type { ListenerContext } from '../../context.js';
import { replyingErrors } from '../../reply-errors.js';
import { buildNotice } from '../../views/replies.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Declare incident" on an announced alert: the clicker declares it; they are told where to go. */
export function handleDeclareFromAlert(ctx: ListenerContext) {
  return async ({ ack, action, body, respond }: Args): Promise<void> => {
    await ack();
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'declare-from-alert' }),
      async () => {
        const { channelId } = await declareAlertGroup(ctx.services, {
          groupId: action.value ?? '',
          actorId: body.user.id,
        });
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          ...buildNotice(`Declared. Head to <#${channelId}>.`),
        });
      },
      (outcome) => ctx.metrics.interactions.inc({ kind: 'declare-from-alert', outcome }),
    );
  };
}
