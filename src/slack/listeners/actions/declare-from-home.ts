import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { buildDeclareModalFor } from '../../views/declare-modal.js';

/** "Declare incident" on the App Home: the declare form (opened at once: the trigger id lives 3 s). */
export function handleDeclareFromHome(ctx: ListenerContext) {
  return async ({
    ack,
    body,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: buildDeclareModalFor(ctx.config.file) });
  };
}
