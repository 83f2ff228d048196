import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DomainError } from '../../../domain/errors.js';
import { answerTrustSurvey } from '../../../services/survey/answer-trust-survey.js';
import type { ListenerContext } from '../../context.js';
import { trustScore } from '../../ids.js';
import { replyingErrors } from '../../reply-errors.js';
import { buildTrustCommentModal } from '../../views/trust-survey.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A 0–10 button of the trust survey: stored once; a second click is told it was already answered. */
export const handleTrustScore =
  (ctx: ListenerContext) =>
  async ({ ack, action, body, respond }: Args): Promise<void> => {
    await ack();
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'trust-survey', userId: body.user.id }),
      async () => {
        const score = trustScore.parse(action.action_id);
        if (score === undefined) throw new DomainError('VALIDATION', 'That answer could not be read; click a number.');
        await answerTrustSurvey(ctx.services, { surveyId: action.value ?? '', userId: body.user.id, score });
      },
      (outcome) => ctx.metrics.interactions.inc({ kind: 'trust-survey', outcome }),
    );
  };

/** "Add a comment" after answering: the optional comment form (trigger ids live 3 s, so it opens first). */
export const handleTrustComment =
  (ctx: ListenerContext) =>
  async ({ ack, action, body, client, respond }: Args): Promise<void> => {
    await ack();
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'trust-comment', userId: body.user.id }),
      async () => {
        await client.views.open({ trigger_id: body.trigger_id, view: buildTrustCommentModal(action.value ?? '') });
      },
      (outcome) => ctx.metrics.interactions.inc({ kind: 'trust-comment', outcome }),
    );
  };
