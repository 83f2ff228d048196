import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { isDomainError } from '../../../domain/errors.js';
import { addActionItem } from '../../../services/add-action-item.js';
import type { ListenerContext } from '../../context.js';
import { ACTION_FIELDS } from '../../views/action-item-modal.js';
import { buildNotice } from '../../views/replies.js';

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
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const values = view.state.values as Values;
    const field = (id: string) => values[id]?.[id];
    const description = field(ACTION_FIELDS.description)?.value?.trim() ?? '';
    if (description.length < 3) {
      await ack({ response_action: 'errors', errors: { [ACTION_FIELDS.description]: 'Say what must be done.' } });
      return;
    }
    await ack();
    const { channelId } = JSON.parse(view.private_metadata) as { channelId: string };
    try {
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
      });
      ctx.metrics.interactions.inc({ kind: 'action-item-modal', outcome: 'ok' });
    } catch (err) {
      ctx.metrics.interactions.inc({ kind: 'action-item-modal', outcome: isDomainError(err) ? 'refused' : 'error' });
      if (!isDomainError(err)) throw err;
      await client.chat.postEphemeral({ channel: channelId, user: body.user.id, ...buildNotice(err.message) });
    }
  };
}
