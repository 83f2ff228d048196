import { z } from 'zod';
import { findTrustSurvey, commentTrustSurvey as storeComment } from '../../db/repositories/trust-surveys.js';
import { DomainError } from '../../domain/errors.js';
import { monthLabel } from '../../domain/trust-survey.js';
import type { ServiceDeps } from '../deps.js';

const Comment = z.object({
  surveyId: z.uuid({ message: 'That survey could not be read.' }),
  userId: z.string().min(1),
  comment: z
    .string()
    .trim()
    .min(1, 'The comment is empty; nothing was recorded.')
    .max(1000, 'A comment is at most 1,000 characters.'),
});

/** The optional comment after a trust-survey answer: stored once, the DM redrawn without the button. */
export async function commentTrustSurvey(
  deps: ServiceDeps,
  args: { surveyId: string; userId: string; comment: string },
): Promise<void> {
  const parsed = Comment.safeParse(args);
  if (!parsed.success) throw new DomainError('VALIDATION', parsed.error.issues[0]!.message);
  const { surveyId, userId, comment } = parsed.data;
  const row = await storeComment(deps.db, { id: surveyId, userId, comment, at: deps.now() });
  if (!row) {
    const current = await findTrustSurvey(deps.db, surveyId);
    if (!current || current.userId !== userId)
      throw new DomainError('NOT_FOUND', 'That survey is not yours to answer.');
    throw new DomainError(
      'CONFLICT',
      current.answeredAt
        ? 'You already commented on this survey; thank you.'
        : 'Answer the survey first (0–10), then add a comment.',
    );
  }
  if (row.dmChannel && row.messageTs)
    await deps.chat.update(row.dmChannel, row.messageTs, {
      kind: 'trust-survey',
      surveyId,
      monthLabel: monthLabel(row.month),
      answered: { score: row.score!, commented: true },
    });
}
