import { draftPostmortem } from '../../../services/postmortem/draft-postmortem.js';
import { buildNotice } from '../../views/replies.js';
import { requestFields } from './lifecycle.js';
import type { SubcommandInput } from './types.js';

/** `/incident postmortem`: the draft lands in the channel as a file with a summary; this says it is coming. */
export async function handlePostmortem({ ctx, args, respond }: SubcommandInput<'postmortem'>): Promise<void> {
  // Carried out again after a crash, the person was told this the first time.
  if (!args.replay)
    await respond({
      response_type: 'ephemeral',
      ...buildNotice('📝 Drafting the postmortem from the channel timeline; it will be posted here as a file.'),
    });
  await draftPostmortem(ctx.services, { channelId: args.channelId, actorId: args.userId, ...requestFields(args) });
}
