import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { postStatusUpdate } from '../../../services/post-status-update.js';
import type { ListenerContext } from '../../context.js';
import type { ViewStateValues } from '../../forms/declare-form.js';
import { mappingErrors } from '../../reply-errors.js';
import { UPDATE_FIELDS } from '../../views/update-modal.js';
import { formValues, tellSubmitter } from './form-io.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The update form was published: post it (the view id makes a double submit post once). */
export function handleUpdateSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const values = formValues<ViewStateValues>(view);
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
    const log = ctx.logger.child({ module: 'update-modal', userId: body.user.id });
    await mappingErrors(
      tellSubmitter(client, log, body.user.id, channelId),
      log,
      async () => {
        await postStatusUpdate(ctx.services, {
          channelId,
          actorId: body.user.id,
          text: internal,
          ...(customer && { customerText: customer }),
          source: 'modal',
          requestKey: `view:${view.id}`,
        });
      },
      (outcome) => ctx.metrics.interactions.inc({ kind: 'update-modal', outcome }),
    );
  };
}
