import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockButtonAction,
  BlockStaticSelectAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { DomainError } from '../../../domain/errors.js';
import { changeStatus } from '../../../services/change-status.js';
import { analyzeIncident } from '../../../services/remediation/analyze-incident.js';
import { approveProposal } from '../../../services/remediation/approve-proposal.js';
import { chooseProposalTarget } from '../../../services/remediation/choose-proposal-target.js';
import { assertMayReject } from '../../../services/remediation/reject-proposal.js';
import { rollBackProposal } from '../../../services/remediation/roll-back-proposal.js';
import { stopAutomation } from '../../../services/remediation/stop-automation.js';
import type { ListenerContext } from '../../context.js';
import { proposalTarget } from '../../ids.js';
import { requestInput } from '../../inbox/request-of.js';
import { replyingErrors } from '../../reply-errors.js';
import { buildRejectModal } from '../../views/reject-modal.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const channelOf = (body: BlockAction): string => body.channel?.id ?? body.container?.channel_id ?? '';

/** A proposal button: ack at once, run the verb, refusals come back as an ephemeral sentence. */
function button(ctx: ListenerContext, kind: string, run: (a: Args) => Promise<unknown>) {
  return async (a: Args): Promise<void> => {
    await a.ack();
    await replyingErrors(
      a.respond,
      ctx.logger.child({ module: kind, userId: a.body.user.id }),
      async () => {
        await run(a);
      },
      (outcome) => ctx.metrics.interactions.inc({ kind, outcome }),
    );
  };
}

export const handleApprove = (ctx: ListenerContext) =>
  button(ctx, 'proposal-approve', ({ action, body }) =>
    approveProposal(ctx.services, { proposalId: action.value ?? '', actorId: body.user.id }),
  );

/** Reject: refusals come at once; allowed people get the optional-reason form (trigger ids live 3 s). */
export const handleReject = (ctx: ListenerContext) =>
  button(ctx, 'proposal-reject', async ({ action, body, client }) => {
    const proposal = await assertMayReject(ctx.services, { proposalId: action.value ?? '', actorId: body.user.id });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildRejectModal({ proposalId: proposal.id, channelId: channelOf(body), runbookId: proposal.runbookId }),
    });
  });

/** STOP on a proposal: anyone in the channel, instantly. */
export const handleStopButton = (ctx: ListenerContext) =>
  button(ctx, 'automation-stop', ({ body, context }) =>
    stopAutomation(ctx.services, { channelId: channelOf(body), actorId: body.user.id, ...requestInput(context) }),
  );

/** The IC confirms re-enabling automation after a STOP; analysis runs again. */
export const handleEnable = (ctx: ListenerContext) =>
  button(ctx, 'automation-enable', ({ body, context }) =>
    analyzeIncident(ctx.services, {
      channelId: channelOf(body),
      actorId: body.user.id,
      reenable: true,
      ...requestInput(context),
    }),
  );

/** "Roll back" on an executed proposal: the runbook's rollback action, once. */
export const handleRollBack = (ctx: ListenerContext) =>
  button(ctx, 'proposal-rollback', ({ action, body }) =>
    rollBackProposal(ctx.services, { proposalId: action.value ?? '', actorId: body.user.id }),
  );

/** A service picked in a proposal's target menu (the incident named none the catalogue knows). */
export const handleChooseTarget =
  (ctx: ListenerContext) =>
  async (a: SlackActionMiddlewareArgs<BlockStaticSelectAction> & AllMiddlewareArgs): Promise<void> => {
    await a.ack();
    await replyingErrors(
      a.respond,
      ctx.logger.child({ module: 'proposal-target', userId: a.body.user.id }),
      async () => {
        const choice = proposalTarget.parse(a.action.selected_option?.value ?? '');
        if (!choice) throw new DomainError('VALIDATION', 'That choice could not be read; pick the service again.');
        await chooseProposalTarget(ctx.services, { ...choice, actorId: a.body.user.id });
      },
      (outcome) => ctx.metrics.interactions.inc({ kind: 'proposal-target', outcome }),
    );
  };

/** "Mark mitigated" after a verified remediation: the same as `/incident status mitigated`, with its rules. */
export const handleMarkMitigated = (ctx: ListenerContext) =>
  button(ctx, 'mark-mitigated', ({ body }) =>
    changeStatus(ctx.services, { channelId: channelOf(body), actorId: body.user.id, status: 'mitigated' }),
  );
