import type { Db } from '../db/client.js';
import { findIncidentByChannel, toIncident } from '../db/repositories/incidents.js';
import { findRoleHolders } from '../db/repositories/roles.js';
import { DomainError } from '../domain/errors.js';
import type { Incident, RoleHolders } from '../domain/incident.js';

export const NOT_AN_INCIDENT_CHANNEL =
  'This is not an incident channel. Run it in the incident’s channel (`/incident list` shows them).';

/** The incident of a channel with its current role holders, or a NOT_FOUND sentence. */
export async function incidentInChannel(
  db: Db,
  channelId: string,
): Promise<{ incident: Incident; roles: RoleHolders }> {
  const row = await findIncidentByChannel(db, channelId);
  if (!row) throw new DomainError('NOT_FOUND', NOT_AN_INCIDENT_CHANNEL);
  return { incident: toIncident(row), roles: await findRoleHolders(db, row.id) };
}
