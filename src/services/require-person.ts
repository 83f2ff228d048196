import { DomainError } from '../domain/errors.js';
import type { ServiceDeps } from './deps.js';
import type { ChatUser } from './ports.js';

/**
 * Unknown people, bots (Firebreak itself included) and deactivated accounts cannot hold a role or
 * own follow-up work. `say.need` finishes "<@U1> is a bot; …"; `say.self` answers naming Firebreak.
 */
export async function requirePerson(
  deps: ServiceDeps,
  userId: string,
  say: { self: string; need: string },
): Promise<ChatUser> {
  if (userId === deps.chat.botUserId) throw new DomainError('VALIDATION', say.self);
  const user = await deps.chat.findUser(userId);
  if (!user) throw new DomainError('NOT_FOUND', `I cannot find <@${userId}> in this workspace; name a person who is.`);
  if (user.deleted) throw new DomainError('VALIDATION', `<@${userId}> is deactivated; name someone active.`);
  if (user.isBot) throw new DomainError('VALIDATION', `<@${userId}> is a bot; ${say.need}.`);
  return user;
}
