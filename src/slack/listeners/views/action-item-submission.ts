import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { addActionItem } from '../../../services/add-action-item.js';
import type { ListenerContext } from '../../context.js';
import { requestInput } from '../../inbox/request-of.js';
import { mappingErrors } from '../../reply-errors.js';
import { ACTION_FIELDS } from '../../views/action-item-modal.js';
import { formValues, tellSubmitter } from './form-io.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Values = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_user?: string | null;
      selected_option?: { value: string } | null;
      selected_date?: string | null;
    }
  >
>;

/** The action item form: an empty description is answered under the field; the rest after the ack. */
export function handleActionItemSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body, client, context }: Args): Promise<void> => {
    const values = formValues<Values>(view);
    const field = (id: string) => values[id]?.[id];
    const description = field(ACTION_FIELDS.description)?.value?.trim() ?? '';
    if (description.length < 3) {
      await ack({ response_action: 'errors', errors: { [ACTION_FIELDS.description]: 'Say what must be done.' } });
      return;
    }
    await ack();
    const { channelId } = JSON.parse(view.private_metadata) as { channelId: string };
    const log = ctx.logger.child({ module: 'action-item-modal', userId: body.user.id });
    await mappingErrors(
      tellSubmitter(client, log, body.user.id, channelId),
      log,
      async () => {
        await addActionItem(ctx.services, {
          channelId,
          actorId: body.user.id,
          ownerId: field(ACTION_FIELDS.owner)?.selected_user ?? '',
          description,
          ...(field(ACTION_FIELDS.due)?.selected_date && { due: field(ACTION_FIELDS.due)!.selected_date! }),
          type: (field(ACTION_FIELDS.type)?.selected_option?.value ?? 'prevent') as 'prevent',
          priority: (field(ACTION_FIELDS.priority)?.selected_option?.value ?? 'P1') as 'P1',
          ...(field(ACTION_FIELDS.validation)?.value && { validation: field(ACTION_FIELDS.validation)!.value! }),
          origin: 'modal',
          ...requestInput(context),
        });
      },
      (outcome) => ctx.metrics.interactions.inc({ kind: 'action-item-modal', outcome }),
    );
  };
}
