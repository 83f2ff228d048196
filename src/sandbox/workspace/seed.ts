/**
 * Default workspace contents and the resolved emulator configuration. Kept apart from the state
 * classes so `reset()` can rebuild the exact same starting point.
 */
import type { EmulatorChannelSeed, EmulatorOptions, EmulatorUser } from '../types.js';

/** Emulator options with every default applied. */
export interface EmulatorConfig {
  port: number;
  teamId: string;
  teamDomain: string;
  appId: string;
  botToken: string;
  /** App-level token (Socket Mode): the only token apps.connections.open accepts. */
  appToken: string;
  botUserId: string;
  botId: string;
  botName: string;
  /** Legacy verification token put in payloads (`token` field); apps should verify signatures instead. */
  verificationToken: string;
  users: EmulatorUser[];
  channels: EmulatorChannelSeed[];
  now: () => number;
}

/** Humans and one foreign bot, enough for incident role assignment scenarios. */
export const DEFAULT_USERS: readonly EmulatorUser[] = [
  { id: 'UALICE', name: 'alice', realName: 'Alice Adams', tz: 'Europe/London', email: 'alice@example.com' },
  { id: 'UBOB', name: 'bob', realName: 'Bob Brown', tz: 'America/New_York', email: 'bob@example.com' },
  { id: 'UCAROL', name: 'carol', realName: 'Carol Chen', tz: 'Asia/Singapore', email: 'carol@example.com' },
  { id: 'UDAVE', name: 'dave', realName: 'Dave Diaz', tz: 'America/Los_Angeles', email: 'dave@example.com' },
  { id: 'UOTHERBOT', name: 'otherbot', realName: 'Other Bot', isBot: true, botId: 'BOTHERBOT' },
];

/** Applies defaults to user-supplied options. */
export function resolveConfig(opts: EmulatorOptions = {}): EmulatorConfig {
  const botUserId = opts.botUserId ?? 'UFIREBOT';
  const botId = opts.botId ?? 'BFIREBOT';
  const users = [...(opts.users ?? DEFAULT_USERS)];
  // The bot's own user always exists: users.info on it and mentions of it must resolve.
  if (!users.some((u) => u.id === botUserId)) {
    users.push({ id: botUserId, name: 'firebreak', realName: 'Firebreak', isBot: true, botId });
  }
  const humans = users.filter((u) => !u.isBot && !u.deleted).map((u) => u.id);
  const channels = opts.channels ?? [{ id: 'CINCIDENTS', name: 'incidents', members: [botUserId, ...humans] }];
  return {
    port: opts.port ?? 0,
    teamId: opts.teamId ?? 'T0FIREBRK',
    teamDomain: 'firebreak-sandbox',
    appId: 'AFIREBRK',
    botToken: opts.botToken ?? 'xoxb-emulator-token',
    appToken: opts.appToken ?? 'xapp-1-AFIREBRK-1-emulator',
    botUserId,
    botId,
    botName: users.find((u) => u.id === botUserId)?.name ?? 'firebreak',
    verificationToken: 'emulator-verification-token',
    users,
    channels,
    now: opts.now ?? Date.now,
  };
}
