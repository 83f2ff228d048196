import { lastSevenDays } from '../../../domain/metrics/period.js';
import { computeDigest } from '../../../services/digest/compute-digest.js';
import { assertTeam, subscribeDigest, unsubscribeDigest } from '../../../services/digest/subscribe-digest.js';
import { buildDigestMessage } from '../../views/digest.js';
import { buildNotice } from '../../views/replies.js';
import type { SubcommandInput } from './types.js';

/** `/incident digest [team]`: the last seven days' digest, shown only to the caller. */
export async function handleDigest({ ctx, cmd, respond }: SubcommandInput<'digest'>): Promise<void> {
  assertTeam(ctx.services, cmd.team);
  const { digest, ...labels } = await computeDigest(ctx.services, {
    period: lastSevenDays(ctx.services.now()),
    team: cmd.team,
  });
  await respond({ response_type: 'ephemeral', ...buildDigestMessage(digest, labels) });
}

/** `/incident digest subscribe [#channel] [team]` (the current channel by default). */
export async function handleDigestSubscribe({ ctx, cmd, args, respond }: SubcommandInput<'digest-subscribe'>) {
  const channelId = cmd.channelId ?? args.channelId;
  const { replaced } = await subscribeDigest(ctx.services, { channelId, team: cmd.team, actorId: args.userId });
  const { schedule } = ctx.config.file.digest;
  await respond({
    response_type: 'ephemeral',
    ...buildNotice(
      `📊 <#${channelId}> ${replaced ? 'now gets' : 'will get'} the weekly digest${cmd.team ? ` of ${cmd.team}` : ''} (schedule \`${schedule}\`, ${ctx.config.file.timezone}).`,
    ),
  });
}

/** `/incident digest unsubscribe [#channel]`. */
export async function handleDigestUnsubscribe({ ctx, cmd, args, respond }: SubcommandInput<'digest-unsubscribe'>) {
  const channelId = cmd.channelId ?? args.channelId;
  await unsubscribeDigest(ctx.services, { channelId });
  await respond({ response_type: 'ephemeral', ...buildNotice(`<#${channelId}> no longer gets the weekly digest.`) });
}
