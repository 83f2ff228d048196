import { servicesNamedIn } from '../../../domain/services-named.js';
import { severityLabel } from '../../../domain/severity.js';
import { declareIncident } from '../../../services/declare-incident.js';
import { buildDeclareModalFor } from '../../views/declare-modal.js';
import { buildDeclaredReply } from '../../views/replies.js';
import { analyzeAfterDeclaration } from '../analyze-after-declaration.js';
import type { SubcommandInput } from './types.js';

/** `/incident declare [sevN] <title>`: declares at once; the reply says where to go. */
export async function handleDeclare({ ctx, cmd, args, respond }: SubcommandInput<'declare'>): Promise<void> {
  const { incident, created } = await declareIncident(ctx.services, {
    title: cmd.title,
    services: servicesNamedIn(
      cmd.title,
      ctx.config.file.services.map((s) => s.name),
    ),
    ...(cmd.severity !== undefined && { severity: cmd.severity }),
    isDrill: cmd.drill,
    pageDrill: cmd.page ?? false,
    declaredBy: args.userId,
    originChannelId: args.channelId,
    // A command carried out again after a crash resumes its declaration instead of opening another.
    ...(args.requestKey && { requestKey: args.requestKey }),
  });
  if (created) ctx.metrics.incidentsDeclared.inc({ severity: severityLabel(incident.severity) });
  await respond({ response_type: 'ephemeral', ...buildDeclaredReply(incident, created) });
  await analyzeAfterDeclaration(ctx, incident.id);
}

/** `/incident` or `/incident declare`: the form. Opened right after the ack: the trigger id lives 3 s. */
export async function handleDeclareModal({ ctx, args, client }: SubcommandInput<'declare-modal'>): Promise<void> {
  await client.views.open({ trigger_id: args.triggerId, view: buildDeclareModalFor(ctx.config.file, args.channelId) });
}
