import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { rejectProposal } from '../../../services/remediation/reject-proposal.js';
import type { ListenerContext } from '../../context.js';
import type { ViewStateValues } from '../../forms/declare-form.js';
import { mappingErrors } from '../../reply-errors.js';
import { REJECT_FIELDS } from '../../views/reject-modal.js';
import { formValues, tellSubmitter } from './form-io.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The reason form was submitted: reject (a proposal decided meanwhile is refused with its state). */
export function handleRejectSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    await ack();
    const { proposalId, channelId } = JSON.parse(view.private_metadata) as { proposalId: string; channelId: string };
    const reason = formValues<ViewStateValues>(view)[REJECT_FIELDS.reason]?.[REJECT_FIELDS.reason]?.value ?? undefined;
    const log = ctx.logger.child({ module: 'proposal-reject', userId: body.user.id });
    await mappingErrors(
      tellSubmitter(client, log, body.user.id, channelId),
      log,
      () => rejectProposal(ctx.services, { proposalId, actorId: body.user.id, reason }).then(() => {}),
      (outcome) => ctx.metrics.interactions.inc({ kind: 'proposal-reject', outcome }),
    );
  };
}
