import { postStatusUpdate } from '../../../services/post-status-update.js';
import { statusUpdateDraft } from '../../../services/status-update-draft.js';
import { buildUpdateModal } from '../../views/update-modal.js';
import { requestFields } from './lifecycle.js';
import type { SubcommandInput } from './types.js';

/** `/incident update <text>` posts at once; `/incident update` opens the form with the templates. */
export async function handleUpdate({ ctx, cmd, args, client }: SubcommandInput<'update'>): Promise<void> {
  if (cmd.text) {
    const { requestKey } = requestFields(args);
    await postStatusUpdate(ctx.services, {
      channelId: args.channelId,
      actorId: args.userId,
      text: cmd.text,
      ...(requestKey && { requestKey }),
    });
    return;
  }
  const draft = await statusUpdateDraft(ctx.services, args.channelId);
  await client.views.open({ trigger_id: args.triggerId, view: buildUpdateModal(draft, ctx.config.file.templates) });
}
