import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { isDomainError } from '../../../domain/errors.js';
import { declareIncident } from '../../../services/declare-incident.js';
import type { ListenerContext } from '../../context.js';
import { parseDeclareForm, type ViewStateValues } from '../../forms/declare-form.js';
import { buildDeclarationFailed, buildDeclaredReply, buildNotice } from '../../views/replies.js';
import { analyzeAfterDeclaration } from '../analyze-after-declaration.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The declare modal was submitted. Invalid fields are answered inline (`response_action: errors`)
 * in the ack; a valid form closes the modal at once and the declaration runs after. The view id is
 * the idempotency key, so a double submit declares once.
 */
export function handleDeclareSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const services = ctx.config.file.services.map((s) => s.name);
    const parsed = parseDeclareForm(view.state.values as ViewStateValues, services);
    if (!parsed.ok) {
      ctx.metrics.interactions.inc({ kind: 'declare-modal', outcome: 'refused' });
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    await ack();
    const userId = body.user.id;
    const origin = readOrigin(view.private_metadata);
    const tell = async (message: { text: string; blocks: unknown[] }) => {
      // The modal has no response_url: answer where /incident was typed, or by DM if that fails.
      if (origin) {
        try {
          await client.chat.postEphemeral({ channel: origin, user: userId, ...message } as never);
          return;
        } catch (err) {
          ctx.logger.warn({ err, userId }, 'could not answer in the origin channel; sending a DM instead');
        }
      }
      await client.chat.postMessage({ channel: userId, ...message } as never);
    };
    try {
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
      ctx.metrics.interactions.inc({ kind: 'declare-modal', outcome: 'ok' });
      await tell(buildDeclaredReply(incident, created));
      await analyzeAfterDeclaration(ctx, incident.id);
    } catch (err) {
      ctx.metrics.interactions.inc({ kind: 'declare-modal', outcome: isDomainError(err) ? 'refused' : 'error' });
      if (!isDomainError(err)) throw err;
      const incidentId = err.details?.incidentId;
      await tell(
        typeof incidentId === 'string' ? buildDeclarationFailed(err.message, incidentId) : buildNotice(err.message),
      );
    }
  };
}

function readOrigin(metadata: string): string | undefined {
  try {
    return (JSON.parse(metadata) as { originChannelId?: string }).originChannelId ?? undefined;
  } catch {
    return undefined;
  }
}
