import { analyzeIncident } from '../../../services/remediation/analyze-incident.js';
import { stopAutomation } from '../../../services/remediation/stop-automation.js';
import { buildReenableOffer } from '../../views/proposal.js';
import { requestFields } from './lifecycle.js';
import type { SubcommandInput } from './types.js';

/** `/incident analyze`: the analysis and proposals appear in the channel; after a STOP the IC is asked first. */
export async function handleAnalyze({ ctx, args, respond }: SubcommandInput<'analyze'>): Promise<void> {
  const result = await analyzeIncident(ctx.services, {
    channelId: args.channelId,
    actorId: args.userId,
    ...requestFields(args),
  });
  if (result.needsReenable) await respond({ response_type: 'ephemeral', ...buildReenableOffer() });
}

/** `/incident stop`: break-glass. No confirmation, ever. */
export async function handleStop({ ctx, args }: SubcommandInput<'stop'>): Promise<void> {
  await stopAutomation(ctx.services, { channelId: args.channelId, actorId: args.userId, ...requestFields(args) });
}
