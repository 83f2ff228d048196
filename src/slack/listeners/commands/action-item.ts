import { defaultDue, dueDateOf, parseActionText } from '../../../domain/action-item.js';
import { addActionItem } from '../../../services/add-action-item.js';
import { incidentInChannel } from '../../../services/incident-context.js';
import { buildActionItemModal } from '../../views/action-item-modal.js';
import { requestFields } from './lifecycle.js';
import type { SubcommandInput } from './types.js';

/** `/incident action @owner 2026-12-01 [P1] [detect] <text>`: recorded at once, the owner gets a DM. */
export async function handleAction({ ctx, cmd, args }: SubcommandInput<'action'>): Promise<void> {
  const { type, priority, description } = parseActionText(cmd.text);
  await addActionItem(ctx.services, {
    channelId: args.channelId,
    actorId: args.userId,
    ownerId: cmd.ownerId,
    due: cmd.due,
    description,
    type,
    priority,
    origin: 'command',
    ...requestFields(args),
  });
}

/** `/incident action`: the form (only in an incident channel; the trigger id lives 3 s). */
export async function handleActionModal({ ctx, args, client }: SubcommandInput<'action-modal'>): Promise<void> {
  await incidentInChannel(ctx.services.db, args.channelId);
  const tz = ctx.config.file.timezone;
  const due = dueDateOf(defaultDue(ctx.services.now(), tz), tz);
  await client.views.open({
    trigger_id: args.triggerId,
    view: buildActionItemModal({ channelId: args.channelId, defaultDue: due }),
  });
}
