import { destinations } from '../../../services/status-page/require-publisher.js';
import { statusPageDraft } from '../../../services/status-page/status-page-draft.js';
import { buildStatusPageModal } from '../../views/status-page-modal.js';
import type { SubcommandInput } from './types.js';

/** `/incident statuspage`: the publication form, for the comms lead or the IC (others are told why not). */
export async function handleStatusPage({ ctx, args, client }: SubcommandInput<'statuspage'>): Promise<void> {
  const draft = await statusPageDraft(ctx.services, { channelId: args.channelId, actorId: args.userId });
  await client.views.open({
    trigger_id: args.triggerId,
    view: buildStatusPageModal(draft, destinations(ctx.services)),
  });
}
