import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { resumeDeclaration } from '../../../services/declare-incident.js';
import type { ListenerContext } from '../../context.js';
import { replyingErrors } from '../../reply-errors.js';
import { buildDeclaredReply } from '../../views/replies.js';
import { analyzeAfterDeclaration } from '../analyze-after-declaration.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Retry setup" on a declaration that stopped part-way: resumes the same incident. */
export function handleRetryDeclaration(ctx: ListenerContext) {
  return async ({ ack, action, respond }: Args): Promise<void> => {
    await ack();
    await replyingErrors(
      respond,
      ctx.logger.child({ module: 'retry-declaration' }),
      async () => {
        const incident = await resumeDeclaration(ctx.services, action.value ?? '');
        await respond({ response_type: 'ephemeral', replace_original: true, ...buildDeclaredReply(incident, true) });
        await analyzeAfterDeclaration(ctx, incident.id);
      },
      (outcome) => ctx.metrics.interactions.inc({ kind: 'retry-declaration', outcome }),
    );
  };
}
