import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';

/** Role history: the current holder has ended_at null. A handoff ends one row and starts another. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    userId: text('user_id').notNull(),
    assignedBy: text('assigned_by').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    // One holder per role at a time, enforced by the database so two concurrent clicks cannot both win.
    uniqueIndex('role_assignments_current_key').on(t.incidentId, t.role).where(sql`${t.endedAt} is null`),
    index('role_assignments_user_idx').on(t.userId),
  ],
);
export type RoleAssignmentRow = typeof roleAssignments.$inferSelect;
