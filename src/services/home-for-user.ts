import { listOpenIncidents, toIncident } from '../db/repositories/incidents.js';
import { findRoleHolders, findRolesOfUser } from '../db/repositories/roles.js';
import type { Incident, RoleHolders } from '../domain/incident.js';
import type { Role } from '../domain/roles.js';
import type { ServiceDeps } from './deps.js';

export interface HomeEntry {
  incident: Incident;
  roles: RoleHolders;
  /** The viewer's roles in it (empty if they only declared it). */
  mine: Role[];
}

export interface Home {
  /** Open incidents the viewer declared or holds a role in, private ones included (they are in them). */
  yours: HomeEntry[];
  /** Every other open public incident. */
  others: HomeEntry[];
  /** Other people's private incidents: counted, not named. */
  privateCount: number;
}

/** What the App Home shows one person. */
export async function homeForUser(deps: ServiceDeps, userId: string): Promise<Home> {
  const [open, myRoles] = await Promise.all([listOpenIncidents(deps.db, 100), findRolesOfUser(deps.db, userId)]);
  const home: Home = { yours: [], others: [], privateCount: 0 };
  for (const row of open) {
    const mine = myRoles.filter((r) => r.incidentId === row.id).map((r) => r.role);
    const involved = mine.length > 0 || row.declaredBy === userId;
    if (!involved && row.isPrivate) {
      home.privateCount++;
      continue;
    }
    const entry = { incident: toIncident(row), roles: await findRoleHolders(deps.db, row.id), mine };
    (involved ? home.yours : home.others).push(entry);
  }
  return home;
}
