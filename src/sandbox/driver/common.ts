/**
 * Lookups and payload fragments shared by driver actions. The driver throws plain Errors for impossible
 * scenarios (unknown user, clicking a button that is not there): those are test bugs, not app bugs.
 */
import type { EmulatorCore } from '../core.js';
import type { EmulatorUser } from '../types.js';
import type { ChannelRecord } from '../workspace/workspace.js';

/** A known, active user, or throws. */
export function requireUser(core: EmulatorCore, id: string): EmulatorUser {
  const user = core.ws.users.get(id);
  if (!user) throw new Error(`slack emulator: unknown user ${id}`);
  if (user.deleted) throw new Error(`slack emulator: user ${id} is deactivated`);
  return user;
}

/** A channel the user can see (public, or private with the user as member), or throws. */
export function requireVisibleChannel(core: EmulatorCore, idOrName: string, user: string): ChannelRecord {
  const channel = core.ws.channel(idOrName);
  if (!channel) throw new Error(`slack emulator: unknown channel ${idOrName}`);
  if (channel.isPrivate && !channel.members.includes(user)) {
    throw new Error(`slack emulator: ${user} cannot see private channel ${channel.id}`);
  }
  return channel;
}

/** `user` object of interactivity payloads. */
export function userRef(core: EmulatorCore, id: string): Record<string, unknown> {
  const name = core.userName(id);
  return { id, username: name, name, team_id: core.config.teamId };
}

/** `team` object of interactivity payloads. */
export function teamRef(core: EmulatorCore): Record<string, unknown> {
  return { id: core.config.teamId, domain: core.config.teamDomain };
}

/** Fields every interactivity payload carries. */
export function interactivityEnvelope(core: EmulatorCore, user: string): Record<string, unknown> {
  return {
    team: teamRef(core),
    user: userRef(core, user),
    api_app_id: core.config.appId,
    token: core.config.verificationToken,
    enterprise: null,
    is_enterprise_install: false,
  };
}

/** Absolute response_url for an id issued by the registry. */
export function responseUrl(core: EmulatorCore, id: string): string {
  return `${core.baseUrl}/response/${id}`;
}

/** `action_ts` / `event_ts`-style timestamp from the emulator clock. */
export function actionTs(core: EmulatorCore): string {
  return (core.now() / 1000).toFixed(6);
}
