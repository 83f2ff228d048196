import type { ConfigFile } from '../../config/file.js';
import type { Db } from '../../db/client.js';
import { digestSubscriptions } from '../../db/schema/index.js';

/** A channel that gets the Monday digest, for the whole organisation (`team` undefined) or one team. */
export interface DigestTarget {
  channelId: string;
  team?: string;
  /** firebreak.yml (only editable there) or `/incident digest subscribe`. */
  source: 'config' | 'subscription';
}

/** The digest channels firebreak.yml lists (a bare id means the whole organisation). */
export function configDigestTargets(config: ConfigFile): DigestTarget[] {
  return config.digest.channels.map((c) =>
    typeof c === 'string'
      ? { channelId: c, source: 'config' }
      : { channelId: c.channel, ...(c.team && { team: c.team }), source: 'config' },
  );
}

/** Config channels first (the file is their source of truth), then stored subscriptions not already listed. */
export async function digestTargets(db: Db, config: ConfigFile): Promise<DigestTarget[]> {
  const fromConfig = configDigestTargets(config);
  const seen = new Set(fromConfig.map((t) => t.channelId));
  const stored = await db.select().from(digestSubscriptions);
  return [
    ...fromConfig,
    ...stored
      .filter((s) => !seen.has(s.channelId))
      .map((s): DigestTarget => ({ channelId: s.channelId, ...(s.team && { team: s.team }), source: 'subscription' })),
  ];
}

/** The service names of a team (what its digest is filtered on); undefined = everything. */
export function teamServices(config: ConfigFile, team: string | undefined): string[] | undefined {
  return team ? config.services.filter((s) => s.team === team).map((s) => s.name) : undefined;
}

/** Teams that own at least one service. */
export const knownTeams = (config: ConfigFile): string[] => [
  ...new Set(config.services.flatMap((s) => (s.team ? [s.team] : []))),
];
