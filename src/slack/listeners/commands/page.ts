import { pageByHand } from '../../../services/paging/page-by-hand.js';
import { buildNotice } from '../../views/replies.js';
import { requestFields } from './lifecycle.js';
import type { SubcommandInput } from './types.js';

/** `/incident page <service|team|@person>`: pages by hand; the caller is told what was done. */
export async function handlePage({ ctx, cmd, args, respond }: SubcommandInput<'page'>): Promise<void> {
  const said = await pageByHand(ctx.services, {
    channelId: args.channelId,
    actorId: args.userId,
    target: cmd.target,
    ...requestFields(args),
  });
  await respond({ response_type: 'ephemeral', ...buildNotice(said) });
}
