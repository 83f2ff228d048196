import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { commentTrustSurvey } from '../../../services/survey/comment-trust-survey.js';
import type { ListenerContext } from '../../context.js';
import type { ViewStateValues } from '../../forms/declare-form.js';
import { mappingErrors } from '../../reply-errors.js';
import { TRUST_COMMENT_FIELD } from '../../views/trust-survey.js';
import { formValues, tellSubmitter } from './form-io.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The trust survey's optional comment was submitted: stored once, refusals by DM. */
export function handleTrustCommentSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    await ack();
    const { surveyId } = JSON.parse(view.private_metadata) as { surveyId: string };
    const comment = formValues<ViewStateValues>(view)[TRUST_COMMENT_FIELD]?.[TRUST_COMMENT_FIELD]?.value ?? '';
    const log = ctx.logger.child({ module: 'trust-comment', userId: body.user.id });
    await mappingErrors(
      tellSubmitter(client, log, body.user.id),
      log,
      () => commentTrustSurvey(ctx.services, { surveyId, userId: body.user.id, comment }),
      (outcome) => ctx.metrics.interactions.inc({ kind: 'trust-comment', outcome }),
    );
  };
}
