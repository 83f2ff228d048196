import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { declareIncident } from '../../../services/declare-incident.js';
import type { ListenerContext } from '../../context.js';
import { parseDeclareForm, type ViewStateValues } from '../../forms/declare-form.js';
import { mappingErrors } from '../../reply-errors.js';
import { buildDeclaredReply } from '../../views/replies.js';
import { analyzeAfterDeclaration } from '../analyze-after-declaration.js';
import { formValues, tellSubmitter } from './form-io.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The declare modal was submitted. Invalid fields are answered inline (`response_action: errors`)
 * in the ack; a valid form closes the modal at once and the declaration runs after. The view id is
 * the idempotency key, so a double submit declares once.
 */
export function handleDeclareSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const services = ctx.config.file.services.map((s) => s.name);
    const parsed = parseDeclareForm(formValues<ViewStateValues>(view), services);
    if (!parsed.ok) {
      ctx.metrics.interactions.inc({ kind: 'declare-modal', outcome: 'refused' });
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    await ack();
    const userId = body.user.id;
    const origin = readOrigin(view.private_metadata);
    const log = ctx.logger.child({ module: 'declare-modal', userId });
    // The modal has no response_url: answer where /incident was typed, or by DM if that fails.
    const tell = tellSubmitter(client, log, userId, origin);
    await mappingErrors(
      tell,
      log,
      async () => {
        const { form } = parsed;
        const { incident, created } = await declareIncident(ctx.services, {
          title: form.title,
          severity: form.severity,
          services: form.services,
          ...(form.impact && { impact: form.impact }),
          ...(form.description && { description: form.description }),
          isPrivate: form.isPrivate,
          isDrill: form.isDrill,
          declaredBy: userId,
          ...(origin && { originChannelId: origin }),
          requestKey: `view:${view.id}`,
        });
        await tell(buildDeclaredReply(incident, created));
        await analyzeAfterDeclaration(ctx, incident.id);
      },
      (outcome) => ctx.metrics.interactions.inc({ kind: 'declare-modal', outcome }),
    );
  };
}

function readOrigin(metadata: string): string | undefined {
  try {
    return (JSON.parse(metadata) as { originChannelId?: string }).originChannelId ?? undefined;
  } catch {
    return undefined;
  }
}
