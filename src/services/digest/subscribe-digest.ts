import { deleteDigestSubscription, upsertDigestSubscription } from '../../db/repositories/digest-subscriptions.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { configDigestTargets, knownTeams } from './digest-targets.js';

/** Channels firebreak.yml lists are changed there, not by a command. */
const inConfig = (deps: ServiceDeps, channelId: string) =>
  configDigestTargets(deps.config).some((t) => t.channelId === channelId);

/** Checks a team name against the teams that own services; a typo would mean an empty digest forever. */
export function assertTeam(deps: ServiceDeps, team: string | undefined): void {
  if (!team) return;
  const teams = knownTeams(deps.config);
  if (!teams.includes(team))
    throw new DomainError(
      'VALIDATION',
      `There is no team "${team}"; teams are ${teams.length ? teams.join(', ') : 'not configured (services[].team in firebreak.yml)'}.`,
    );
}

/**
 * `/incident digest subscribe [#channel] [team]`: the channel gets the Monday digest (of one team, or
 * everyone). Firebreak must already be in the channel — it cannot post where it was not invited,
 * and a subscription that silently fails every Monday is worse than a clear "invite me first".
 */
export async function subscribeDigest(
  deps: ServiceDeps,
  args: { channelId: string; team?: string | undefined; actorId: string },
): Promise<{ replaced: boolean }> {
  assertTeam(deps, args.team);
  if (inConfig(deps, args.channelId))
    throw new DomainError(
      'CONFLICT',
      `<#${args.channelId}> already gets the digest from firebreak.yml; change it there.`,
    );
  if (!(await deps.chat.isMember(args.channelId)))
    throw new DomainError(
      'VALIDATION',
      `I am not in <#${args.channelId}>: invite me there first (\`/invite @firebreak\`).`,
    );
  return upsertDigestSubscription(deps.db, {
    channelId: args.channelId,
    team: args.team ?? null,
    createdBy: args.actorId,
    createdAt: deps.now(),
  });
}

/** `/incident digest unsubscribe [#channel]`. */
export async function unsubscribeDigest(deps: ServiceDeps, args: { channelId: string }): Promise<void> {
  if (inConfig(deps, args.channelId))
    throw new DomainError('CONFLICT', `<#${args.channelId}> gets the digest from firebreak.yml; remove it there.`);
  if (!(await deleteDigestSubscription(deps.db, args.channelId)))
    throw new DomainError('NOT_FOUND', `<#${args.channelId}> is not subscribed to the digest.`);
}
