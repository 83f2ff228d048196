import { z } from 'zod';
import { findTrustSurvey, answerTrustSurvey as storeAnswer } from '../../db/repositories/trust-surveys.js';
import { DomainError } from '../../domain/errors.js';
import { monthLabel } from '../../domain/trust-survey.js';
import type { ServiceDeps } from '../deps.js';

const NOT_A_SCORE = 'A score is a whole number from 0 to 10.';
const Answer = z.object({
  surveyId: z.uuid({ message: 'That survey could not be read.' }),
  userId: z.string().min(1),
  score: z.number(NOT_A_SCORE).int(NOT_A_SCORE).min(0, NOT_A_SCORE).max(10, NOT_A_SCORE),
});

/**
 * One click on the trust survey: the score is stored once (a conditional update), the DM redrawn
 * with the answer and a comment button. A second click — another button, a retried request, an
 * old copy of the message — says it was already answered, and changes nothing.
 */
export async function answerTrustSurvey(
  deps: ServiceDeps,
  args: { surveyId: string; userId: string; score: number },
): Promise<void> {
  const parsed = Answer.safeParse(args);
  if (!parsed.success) throw new DomainError('VALIDATION', parsed.error.issues[0]!.message);
  const { surveyId, userId, score } = parsed.data;
  const answered = await storeAnswer(deps.db, { id: surveyId, userId, score, at: deps.now() });
  if (!answered) {
    const row = await findTrustSurvey(deps.db, surveyId);
    if (!row || row.userId !== userId) throw new DomainError('NOT_FOUND', 'That survey is not yours to answer.');
    throw new DomainError(
      'CONFLICT',
      `You already answered the survey for ${monthLabel(row.month)} (${row.score}/10); each survey is answered once.`,
    );
  }
  if (answered.dmChannel && answered.messageTs)
    await deps.chat.update(answered.dmChannel, answered.messageTs, {
      kind: 'trust-survey',
      surveyId,
      monthLabel: monthLabel(answered.month),
      answered: { score, commented: false },
    });
}
