import { addNote } from '../../../services/add-note.js';
import { changeSeverity } from '../../../services/change-severity.js';
import { changeStatus } from '../../../services/change-status.js';
import { reopenIncident } from '../../../services/reopen-incident.js';
import { resolveIncident } from '../../../services/resolve-incident.js';
import type { CommandArgs, SubcommandInput } from './types.js';

/** The request's key and whether it is carried out again: each service does it once. */
export const requestFields = (args: CommandArgs) => ({
  ...(args.requestKey && { requestKey: args.requestKey }),
  recovering: args.replay,
});

// Each change is announced in the channel by the service itself, so these reply nothing privately.

export async function handleSeverity({ ctx, cmd, args }: SubcommandInput<'sev'>): Promise<void> {
  await changeSeverity(ctx.services, {
    channelId: args.channelId,
    severity: cmd.severity,
    actorId: args.userId,
    ...requestFields(args),
  });
}

export async function handleStatus({ ctx, cmd, args }: SubcommandInput<'status'>): Promise<void> {
  await changeStatus(ctx.services, {
    channelId: args.channelId,
    status: cmd.status,
    actorId: args.userId,
    ...requestFields(args),
  });
}

export async function handleResolve({ ctx, cmd, args }: SubcommandInput<'resolve'>): Promise<void> {
  await resolveIncident(ctx.services, {
    channelId: args.channelId,
    actorId: args.userId,
    falseAlarm: cmd.falseAlarm,
    ...(cmd.summary && { summary: cmd.summary }),
    ...requestFields(args),
  });
}

export async function handleReopen({ ctx, args }: SubcommandInput<'reopen'>): Promise<void> {
  await reopenIncident(ctx.services, { channelId: args.channelId, actorId: args.userId, ...requestFields(args) });
}

export async function handleNote({ ctx, cmd, args }: SubcommandInput<'note'>): Promise<void> {
  await addNote(ctx.services, {
    channelId: args.channelId,
    actorId: args.userId,
    text: cmd.text,
    ...requestFields(args),
  });
}
