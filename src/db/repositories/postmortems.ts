import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type PostmortemRow, postmortems } from '../schema/index.js';

export type NewPostmortem = Omit<typeof postmortems.$inferInsert, 'version'>;

/**
 * Stores a new version (1, 2, …). The version is computed in the insert itself and protected by the
 * unique (incident, version) index, so two drafts racing cannot both become version 2.
 */
export async function insertPostmortemVersion(db: Db, values: NewPostmortem): Promise<PostmortemRow> {
  const [row] = await db
    .insert(postmortems)
    .values({
      ...values,
      version: sql`(select coalesce(max(${postmortems.version}), 0) + 1 from ${postmortems} where ${postmortems.incidentId} = ${values.incidentId})`,
    })
    .returning();
  return row!;
}

/** The version a `/incident postmortem` request drafted, if it got that far (it is being carried out again). */
export async function findPostmortemByRequestKey(db: Db, requestKey: string): Promise<PostmortemRow | undefined> {
  const [row] = await db.select().from(postmortems).where(eq(postmortems.requestKey, requestKey));
  return row;
}

export async function setPostmortem(
  db: Db,
  id: string,
  values: Partial<typeof postmortems.$inferInsert>,
): Promise<PostmortemRow> {
  const [row] = await db.update(postmortems).set(values).where(eq(postmortems.id, id)).returning();
  return row!;
}

/** The newest version of an incident's postmortem, if any. */
export async function findLatestPostmortem(db: Db, incidentId: string): Promise<PostmortemRow | undefined> {
  const [row] = await db
    .select()
    .from(postmortems)
    .where(eq(postmortems.incidentId, incidentId))
    .orderBy(desc(postmortems.version))
    .limit(1);
  return row;
}
