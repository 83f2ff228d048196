import type { types } from '@slack/bolt';
import { TRUST_QUESTION } from '../../domain/trust-survey.js';
import type { Notice } from '../../services/ports.js';
import { ACTIONS, trustScore, VIEWS } from '../ids.js';
import { actions, button, context, type SlackMessage, section } from './blocks.js';

type Survey = Extract<Notice, { kind: 'trust-survey' }>;

export const TRUST_COMMENT_FIELD = 'comment';

/**
 * The monthly trust survey, one click: 0–10 buttons (two rows, so they stay readable on a phone).
 * Once answered, the buttons go and the answer shows, with an optional comment button.
 */
export function buildTrustSurvey(n: Survey): SlackMessage {
  const head = `${TRUST_QUESTION} (${n.monthLabel})`;
  if (n.answered) {
    const text = `Thank you: you answered ${n.answered.score}/10 to "${TRUST_QUESTION}" for ${n.monthLabel}.`;
    return {
      text,
      blocks: [
        section(text, 'trust_survey_answered'),
        ...(n.answered.commented
          ? [context('Your comment was recorded.')]
          : [actions('trust_survey_comment', [button('Add a comment (optional)', ACTIONS.trustComment, n.surveyId)])]),
      ],
    };
  }
  const scores = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => button(String(from + i), trustScore.encode(from + i), n.surveyId));
  return {
    text: `${head} Answer from 0 (not at all) to 10 (completely).`,
    blocks: [
      section(
        `*${head}*\nYou approved, rejected or stopped a proposal this month. One click, from 0 (not at all) to 10 (completely); the team sees only the average.`,
        'trust_survey_question',
      ),
      actions('trust_survey_low', scores(0, 5)),
      actions('trust_survey_high', scores(6, 10)),
      context('Answered once; you can add a comment after.'),
    ],
  };
}

/** The optional comment after an answer. */
export function buildTrustCommentModal(surveyId: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.trustComment,
    title: { type: 'plain_text', text: 'Trust survey' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ surveyId }),
    blocks: [
      {
        type: 'input',
        block_id: TRUST_COMMENT_FIELD,
        label: { type: 'plain_text', text: 'What would make you trust the proposals more (or less)?' },
        element: {
          type: 'plain_text_input',
          action_id: TRUST_COMMENT_FIELD,
          multiline: true,
          max_length: 1000,
        },
      },
    ],
  };
}
