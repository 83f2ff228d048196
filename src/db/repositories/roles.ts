import { and, eq, isNull } from 'drizzle-orm';
import type { RoleHolders } from '../../domain/incident.js';
import type { Role } from '../../domain/roles.js';
import type { Db } from '../client.js';
import { roleAssignments } from '../schema/index.js';

export async function findRoleHolders(db: Db, incidentId: string): Promise<RoleHolders> {
  const rows = await db
    .select({ role: roleAssignments.role, userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.incidentId, incidentId), isNull(roleAssignments.endedAt)));
  return Object.fromEntries(rows.map((r) => [r.role as Role, r.userId]));
}
