import { enableRunbook } from '../../../services/remediation/enable-runbook.js';
import { listRunbooks } from '../../../services/remediation/list-runbooks.js';
import { escapeText } from '../../views/format.js';
import { buildRunbookList } from '../../views/runbook-list.js';
import type { SubcommandInput } from './types.js';

/** `/incident runbooks`: shown only to the caller, anywhere. */
export async function handleRunbooks({ ctx, respond }: SubcommandInput<'runbooks'>): Promise<void> {
  await respond({ response_type: 'ephemeral', ...buildRunbookList(await listRunbooks(ctx.services)) });
}

/** `/incident runbooks enable <id> [why]`: lifts a suspension; refusals come back as one sentence. */
export async function handleRunbooksEnable({
  ctx,
  cmd,
  args,
  respond,
}: SubcommandInput<'runbooks-enable'>): Promise<void> {
  await enableRunbook(ctx.services, { runbookId: cmd.runbookId, actorId: args.userId, reason: cmd.reason });
  const text = `Runbook ${cmd.runbookId} is enabled again${cmd.reason ? ` (${escapeText(cmd.reason)})` : ''}.`;
  await respond({ response_type: 'ephemeral', text });
}
