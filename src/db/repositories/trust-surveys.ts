import { and, eq, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type TrustSurveyRow, trustSurveys } from '../schema/index.js';

/**
 * Claims the survey of (month, person): a new row, or one whose send was claimed before `staleBefore`
 * and never finished (the sender died). Undefined when it was sent, or another sender holds it.
 */
export async function claimTrustSurvey(
  db: Db,
  values: { month: string; userId: string; now: Date; staleBefore: Date },
): Promise<TrustSurveyRow | undefined> {
  const [row] = await db
    .insert(trustSurveys)
    .values({ month: values.month, userId: values.userId, claimedAt: values.now })
    .onConflictDoUpdate({
      target: [trustSurveys.month, trustSurveys.userId],
      set: { claimedAt: values.now },
      setWhere: and(isNull(trustSurveys.sentAt), lt(trustSurveys.claimedAt, values.staleBefore)),
    })
    .returning();
  return row;
}

/** The people of a month whose survey went out. */
export async function sentTrustSurveys(db: Db, month: string): Promise<Set<string>> {
  const rows = await db
    .select({ userId: trustSurveys.userId })
    .from(trustSurveys)
    .where(and(eq(trustSurveys.month, month), isNotNull(trustSurveys.sentAt)));
  return new Set(rows.map((r) => r.userId));
}

/** Where the DM goes, stored before the post so a takeover looks in the right conversation. */
export async function setTrustSurvey(
  db: Db,
  id: string,
  values: Partial<Pick<TrustSurveyRow, 'dmChannel' | 'messageTs' | 'sentAt'>>,
): Promise<void> {
  await db.update(trustSurveys).set(values).where(eq(trustSurveys.id, id));
}

export async function findTrustSurvey(db: Db, id: string): Promise<TrustSurveyRow | undefined> {
  const [row] = await db.select().from(trustSurveys).where(eq(trustSurveys.id, id));
  return row;
}

/** Records the person's score, only the first time: a second click (or a retried one) gets nothing back. */
export async function answerTrustSurvey(
  db: Db,
  args: { id: string; userId: string; score: number; at: Date },
): Promise<TrustSurveyRow | undefined> {
  const [row] = await db
    .update(trustSurveys)
    .set({ score: args.score, answeredAt: args.at })
    .where(and(eq(trustSurveys.id, args.id), eq(trustSurveys.userId, args.userId), isNull(trustSurveys.answeredAt)))
    .returning();
  return row;
}

/** Records the optional comment of an answered survey, once. */
export async function commentTrustSurvey(
  db: Db,
  args: { id: string; userId: string; comment: string; at: Date },
): Promise<TrustSurveyRow | undefined> {
  const [row] = await db
    .update(trustSurveys)
    .set({ comment: args.comment, commentedAt: args.at })
    .where(
      and(
        eq(trustSurveys.id, args.id),
        eq(trustSurveys.userId, args.userId),
        isNotNull(trustSurveys.answeredAt),
        isNull(trustSurveys.commentedAt),
      ),
    )
    .returning();
  return row;
}

/** One month's survey figures: asked (sent), answered, and the mean score (null with no answer). */
export interface TrustScore {
  month: string;
  asked: number;
  answered: number;
  score: number | null;
}

/** The latest month whose survey went out by `now`, with its answers so far; undefined before the first. */
export async function latestTrustScore(db: Db, now: Date): Promise<TrustScore | undefined> {
  const t = trustSurveys;
  const [latest] = await db
    .select({ month: sql<string>`max(${t.month})` })
    .from(t)
    .where(lte(t.sentAt, now));
  if (!latest?.month) return undefined;
  const [row] = await db
    .select({
      asked: sql<number>`count(*)::int`,
      answered: sql<number>`count(${t.answeredAt})::int`,
      score: sql<number | null>`avg(${t.score})::float8`,
    })
    .from(t)
    .where(and(eq(t.month, latest.month), isNotNull(t.sentAt)));
  return {
    month: latest.month,
    asked: Number(row?.asked ?? 0),
    answered: Number(row?.answered ?? 0),
    score: row?.score === null || row?.score === undefined ? null : Number(row.score),
  };
}
