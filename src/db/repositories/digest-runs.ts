import { and, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type DigestRunRow, digestRuns } from '../schema/index.js';

/** The channels whose digest for `period` (the week's start) is posted. */
export async function findDigestedChannels(db: Db, period: string): Promise<Set<string>> {
  const rows = await db
    .select({ channelId: digestRuns.channelId })
    .from(digestRuns)
    .where(and(eq(digestRuns.period, period), isNotNull(digestRuns.postedTs)));
  return new Set(rows.map((r) => r.channelId));
}

/**
 * Claims the (week, channel) run: the first claim inserts it; a later one takes it over only while
 * it is not posted and its claim is older than `staleBefore` (the sender died). Undefined: someone
 * else holds it, or it is posted.
 */
export async function claimDigestRun(
  db: Db,
  a: { period: string; channelId: string; team: string | null; now: Date; staleBefore: Date },
): Promise<DigestRunRow | undefined> {
  const [claim] = await db
    .insert(digestRuns)
    .values({ period: a.period, channelId: a.channelId, team: a.team, claimedAt: a.now })
    .onConflictDoUpdate({
      target: [digestRuns.period, digestRuns.channelId],
      set: { claimedAt: a.now },
      setWhere: and(sql`${digestRuns.postedTs} is null`, lt(digestRuns.claimedAt, a.staleBefore)),
    })
    .returning();
  return claim;
}

export async function markDigestPosted(
  db: Db,
  id: string,
  values: { postedTs: string; postedAt: Date },
): Promise<void> {
  await db.update(digestRuns).set(values).where(eq(digestRuns.id, id));
}
