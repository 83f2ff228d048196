import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../domain/command.js';
import type { ListenerContext } from '../../context.js';
import { replyingErrors } from '../../reply-errors.js';
import { buildHelp, buildNotice } from '../../views/replies.js';
import { handleDeclare } from './declare.js';
import type { CommandArgs } from './types.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/incident …`. Malformed input is answered in the ack itself (instant, nothing changes);
 * everything else acks empty at once and does the slow work after, replying through response_url.
 */
export function handleIncidentCommand(ctx: ListenerContext) {
  return async ({ command, ack, respond }: Args): Promise<void> => {
    const parsed = parseCommand(command.text ?? '');
    if (!parsed.ok) {
      ctx.metrics.commands.inc({ subcommand: 'invalid', outcome: 'refused' });
      await ack({ response_type: 'ephemeral', ...buildNotice(parsed.error) });
      return;
    }
    const cmd = parsed.command;
    if (cmd.kind === 'help') {
      ctx.metrics.commands.inc({ subcommand: 'help', outcome: 'ok' });
      await ack({ response_type: 'ephemeral', ...buildHelp() });
      return;
    }
    await ack();
    const args: CommandArgs = {
      userId: command.user_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      teamId: command.team_id,
    };
    const log = ctx.logger.child({ module: 'command', subcommand: cmd.kind, userId: args.userId });
    const timer = ctx.metrics.handlerSeconds.startTimer({ handler: `command:${cmd.kind}` });
    await replyingErrors(
      respond,
      log,
      async () => {
        switch (cmd.kind) {
          case 'declare':
            return handleDeclare(ctx, cmd, args, respond);
          default:
            await respond({
              response_type: 'ephemeral',
              ...buildNotice(`\`${cmd.kind}\` is not available yet in this version of Firebreak.`),
            });
        }
      },
      (outcome) => ctx.metrics.commands.inc({ subcommand: cmd.kind, outcome }),
    ).finally(() => timer());
  };
}
