import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { statusUpdateDraft } from '../../../services/status-update-draft.js';
import type { ListenerContext } from '../../context.js';
import { replyingErrors } from '../../reply-errors.js';
import { buildUpdateModal } from '../../views/update-modal.js';

/** "Post update" on a reminder: the update form, opened within the trigger id's 3 seconds. */
export function handleOpenUpdate(ctx: ListenerContext) {
  return async ({
    ack,
    body,
    respond,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await replyingErrors(respond, ctx.logger.child({ module: 'open-update' }), async () => {
      const draft = await statusUpdateDraft(ctx.services, body.channel?.id ?? '');
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildUpdateModal(draft, ctx.config.file.templates),
      });
    });
  };
}
