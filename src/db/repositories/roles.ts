import { and, eq, inArray, isNull } from 'drizzle-orm';
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

/**
 * Hands `role` to `userId`: ends the current holder's assignment and starts the new one in the
 * same transaction. The partial unique index makes a concurrent second assignment fail rather than
 * leave two holders. Returns the previous holder, if any.
 */
export async function replaceRoleHolder(
  db: Db,
  args: { incidentId: string; role: Role; userId: string; assignedBy: string; at: Date },
): Promise<string | undefined> {
  const ended = await db
    .update(roleAssignments)
    .set({ endedAt: args.at })
    .where(
      and(
        eq(roleAssignments.incidentId, args.incidentId),
        eq(roleAssignments.role, args.role),
        isNull(roleAssignments.endedAt),
      ),
    )
    .returning({ userId: roleAssignments.userId });
  await db.insert(roleAssignments).values({
    incidentId: args.incidentId,
    role: args.role,
    userId: args.userId,
    assignedBy: args.assignedBy,
    assignedAt: args.at,
  });
  return ended[0]?.userId;
}

/** Incidents in which `userId` currently holds a role, with the role. */
export async function findRolesOfUser(db: Db, userId: string): Promise<{ incidentId: string; role: Role }[]> {
  const rows = await db
    .select({ incidentId: roleAssignments.incidentId, role: roleAssignments.role })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), isNull(roleAssignments.endedAt)));
  return rows.map((r) => ({ incidentId: r.incidentId, role: r.role as Role }));
}

/** Current holders of many incidents in one query (the scheduler handles incidents in batches). */
export async function findRoleHoldersOf(db: Db, incidentIds: string[]): Promise<Map<string, RoleHolders>> {
  const out = new Map<string, RoleHolders>(incidentIds.map((id) => [id, {}]));
  if (!incidentIds.length) return out;
  const rows = await db
    .select({ incidentId: roleAssignments.incidentId, role: roleAssignments.role, userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(and(inArray(roleAssignments.incidentId, incidentIds), isNull(roleAssignments.endedAt)));
  for (const r of rows) out.get(r.incidentId)![r.role as Role] = r.userId;
  return out;
}
