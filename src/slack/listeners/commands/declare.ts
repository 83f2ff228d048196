import type { RespondFn } from '@slack/bolt';
import type { Command } from '../../../domain/command.js';
import { severityLabel } from '../../../domain/severity.js';
import { declareIncident } from '../../../services/declare-incident.js';
import type { ListenerContext } from '../../context.js';
import { buildDeclaredReply } from '../../views/replies.js';
import type { CommandArgs } from './types.js';

/** `/incident declare [sevN] <title>`: declares at once; the reply says where to go. */
export async function handleDeclare(
  ctx: ListenerContext,
  cmd: Extract<Command, { kind: 'declare' }>,
  args: CommandArgs,
  respond: RespondFn,
): Promise<void> {
  const { incident, created } = await declareIncident(ctx.services, {
    title: cmd.title,
    ...(cmd.severity !== undefined && { severity: cmd.severity }),
    isDrill: cmd.drill,
    declaredBy: args.userId,
    originChannelId: args.channelId,
  });
  if (created) ctx.metrics.incidentsDeclared.inc({ severity: severityLabel(incident.severity) });
  await respond({ response_type: 'ephemeral', ...buildDeclaredReply(incident, created) });
}
