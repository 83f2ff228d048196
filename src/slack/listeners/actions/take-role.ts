import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  UsersSelectAction,
} from '@slack/bolt';
import { isRole, type Role } from '../../../domain/roles.js';
import { assignRole } from '../../../services/assign-role.js';
import type { ListenerContext } from '../../context.js';
import { requestInput } from '../../inbox/request-of.js';
import { replyingErrors } from '../../reply-errors.js';

type Args<A extends BlockAction['actions'][number]> = SlackActionMiddlewareArgs<BlockAction<A>> & AllMiddlewareArgs;

/** The channel a block action happened in (a message in a channel, or an ephemeral reply there). */
const channelOf = (body: BlockAction): string => body.channel?.id ?? body.container?.channel_id ?? '';

function assignFrom(ctx: ListenerContext, kind: string, role: (a: string) => Role | undefined) {
  return async ({ ack, body, action, respond, context }: Args<BlockButtonAction['actions'][number]>): Promise<void> => {
    const request = requestInput(context);
    await ack();
    await replyingErrors(
      respond,
      ctx.logger.child({ module: kind }),
      async () => {
        const r = role(action.action_id);
        if (!r) return;
        await assignRole(ctx.services, {
          channelId: channelOf(body),
          role: r,
          userId: body.user.id,
          actorId: body.user.id,
          ...request,
        });
      },
      (outcome) => ctx.metrics.interactions.inc({ kind, outcome }),
    );
  };
}

/** "I'll be IC" on the first status message. */
export const handleTakeIc = (ctx: ListenerContext) => assignFrom(ctx, 'take-ic', () => 'ic');

/** "Take …" buttons of `/incident roles` (action id `role_take:<role>`). */
export const handleTakeRole = (ctx: ListenerContext) =>
  assignFrom(ctx, 'take-role', (actionId) => {
    const role = actionId.split(':')[1] ?? '';
    return isRole(role) ? role : undefined;
  });

/** "Assign IC to…" on the first status message: the picked person becomes IC, the clicker is the actor. */
export function handleAssignIc(ctx: ListenerContext) {
  return async ({ ack, body, action, respond, context }: Args<UsersSelectAction>): Promise<void> => {
    await ack();
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'assign-ic' }),
      () =>
        assignRole(ctx.services, {
          channelId: channelOf(body),
          role: 'ic',
          userId: action.selected_user,
          actorId: body.user.id,
          ...requestInput(context),
        }).then(() => undefined),
      (outcome) => ctx.metrics.interactions.inc({ kind: 'assign-ic', outcome }),
    );
  };
}
