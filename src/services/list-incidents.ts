import { listOpenIncidents, toIncident } from '../db/repositories/incidents.js';
import { findRoleHolders } from '../db/repositories/roles.js';
import type { Incident, RoleHolders } from '../domain/incident.js';
import type { ServiceDeps } from './deps.js';

export interface IncidentListing {
  /** Open public incidents, newest first, with their holders. */
  incidents: { incident: Incident; roles: RoleHolders }[];
  /** Private incidents are counted, never named. */
  privateCount: number;
}

/** Open incidents, newest first. Private ones are left out of the names and only counted. */
export async function listIncidents(deps: ServiceDeps): Promise<IncidentListing> {
  const rows = await listOpenIncidents(deps.db, 100);
  const visible = rows.filter((r) => !r.isPrivate).slice(0, 25);
  const incidents = await Promise.all(
    visible.map(async (row) => ({ incident: toIncident(row), roles: await findRoleHolders(deps.db, row.id) })),
  );
  return { incidents, privateCount: rows.length - rows.filter((r) => !r.isPrivate).length };
}
