import { nextUpdateAt } from '../domain/cadence.js';
import type { Incident, RoleHolders } from '../domain/incident.js';
import { cadencePolicy } from './cadence-policy.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { changesSince } from './what-changed.js';

export interface StatusUpdateDraft {
  incident: Incident;
  roles: RoleHolders;
  changes: string[];
  /** When the next update would be due if one were posted now. */
  nextUpdateAt: Date | null;
  /** The cadence in ms (for "we will update within 15 minutes"); null when the severity has none. */
  intervalMs: number | null;
}

/** What the update form is pre-filled from: the incident's state and what changed since the last update. */
export async function statusUpdateDraft(deps: ServiceDeps, channelId: string): Promise<StatusUpdateDraft> {
  const { incident, roles } = await incidentInChannel(deps.db, channelId);
  const now = deps.now();
  const next = nextUpdateAt(incident.severity, now, cadencePolicy(deps.config));
  return {
    incident,
    roles,
    changes: await changesSince(deps.db, incident.id, incident.lastUpdateAt ?? incident.declaredAt),
    nextUpdateAt: next,
    intervalMs: next ? next.getTime() - now.getTime() : null,
  };
}
