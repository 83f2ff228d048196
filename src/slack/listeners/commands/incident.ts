import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { type Command, parseCommand } from '../../../domain/command.js';
import type { ListenerContext } from '../../context.js';
import { requestOf } from '../../inbox/request-of.js';
import { replyingErrors } from '../../reply-errors.js';
import { fromSlackText } from '../../slack-text.js';
import { buildHelp, buildNotice } from '../../views/replies.js';
import { handleAction, handleActionModal } from './action-item.js';
import { handleAnalyze, handleStop } from './automation.js';
import { handleDeclare, handleDeclareModal } from './declare.js';
import { handleDigest, handleDigestSubscribe, handleDigestUnsubscribe } from './digest.js';
import { handleNote, handleReopen, handleResolve, handleSeverity, handleStatus } from './lifecycle.js';
import { handleList } from './list.js';
import { handlePage } from './page.js';
import { handlePostmortem } from './postmortem.js';
import { handleAssign, handleRoles } from './roles.js';
import { handleRunbooks, handleRunbooksEnable } from './runbooks.js';
import { handleStatusPage } from './status-page.js';
import type { CommandArgs, SubcommandInput } from './types.js';
import { handleUpdate } from './update.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type Handler = (input: SubcommandInput) => Promise<void>;

// Every subcommand but help has a handler: a new kind without one fails to compile.
const HANDLERS: Record<Exclude<Command['kind'], 'help'>, Handler> = {
  declare: handleDeclare as Handler,
  'declare-modal': handleDeclareModal as Handler,
  assign: handleAssign as Handler,
  roles: handleRoles as Handler,
  sev: handleSeverity as Handler,
  status: handleStatus as Handler,
  resolve: handleResolve as Handler,
  reopen: handleReopen as Handler,
  note: handleNote as Handler,
  list: handleList as Handler,
  runbooks: handleRunbooks as Handler,
  'runbooks-enable': handleRunbooksEnable as Handler,
  update: handleUpdate as Handler,
  analyze: handleAnalyze as Handler,
  stop: handleStop as Handler,
  action: handleAction as Handler,
  'action-modal': handleActionModal as Handler,
  postmortem: handlePostmortem as Handler,
  digest: handleDigest as Handler,
  'digest-subscribe': handleDigestSubscribe as Handler,
  'digest-unsubscribe': handleDigestUnsubscribe as Handler,
  page: handlePage as Handler,
  statuspage: handleStatusPage as Handler,
};

/**
 * `/incident …`. Malformed input is answered in the ack itself (instant, nothing changes);
 * everything else acks empty at once and does the slow work after, replying through response_url.
 */
export function handleIncidentCommand(ctx: ListenerContext) {
  return async ({ command, ack, respond, client, context }: Args): Promise<void> => {
    const parsed = parseCommand(fromSlackText(command.text ?? ''));
    if (!parsed.ok) {
      ctx.metrics.commands.inc({ subcommand: 'invalid', outcome: 'refused' });
      await ack({ response_type: 'ephemeral', ...buildNotice(parsed.error) });
      return;
    }
    const cmd = parsed.command;
    const handler = cmd.kind === 'help' ? undefined : HANDLERS[cmd.kind];
    if (cmd.kind === 'help' || !handler) {
      ctx.metrics.commands.inc({ subcommand: cmd.kind, outcome: 'ok' });
      await ack({ response_type: 'ephemeral', ...buildHelp() });
      return;
    }
    await ack();
    const args: CommandArgs = {
      userId: command.user_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      teamId: command.team_id,
      ...requestOf(context),
    };
    const log = ctx.logger.child({ module: 'command', subcommand: cmd.kind, userId: args.userId });
    const timer = ctx.metrics.handlerSeconds.startTimer({ handler: `command:${cmd.kind}` });
    await replyingErrors(
      respond,
      log,
      () => handler({ ctx, cmd, args, respond, client }),
      (outcome) => ctx.metrics.commands.inc({ subcommand: cmd.kind, outcome }),
    ).finally(() => timer());
  };
}
