import { assignRole } from '../../../services/assign-role.js';
import { listRoles } from '../../../services/list-roles.js';
import { buildRolesList } from '../../views/roles-list.js';
import { requestFields } from './lifecycle.js';
import type { SubcommandInput } from './types.js';

/** `/incident ic|comms|ops|scribe @user`: the channel sees the assignment or handoff; no private reply needed. */
export async function handleAssign({ ctx, cmd, args }: SubcommandInput<'assign'>): Promise<void> {
  await assignRole(ctx.services, {
    channelId: args.channelId,
    role: cmd.role,
    userId: cmd.userId,
    actorId: args.userId,
    ...requestFields(args),
  });
}

/** `/incident roles`: holders and empty roles, with Take buttons for the empty ones. */
export async function handleRoles({ ctx, args, respond }: SubcommandInput<'roles'>): Promise<void> {
  const { incident, roles } = await listRoles(ctx.services, args.channelId);
  await respond({
    response_type: 'ephemeral',
    ...buildRolesList(incident, roles, { canPage: !!ctx.config.file.paging }),
  });
}
