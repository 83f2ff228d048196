import type { Incident, RoleHolders } from '../domain/incident.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';

/** The incident's role holders (`/incident roles`). */
export async function listRoles(
  deps: ServiceDeps,
  channelId: string,
): Promise<{ incident: Incident; roles: RoleHolders }> {
  return incidentInChannel(deps.db, channelId);
}
