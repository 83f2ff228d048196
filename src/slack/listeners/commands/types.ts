import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Command } from '../../../domain/command.js';
import type { ListenerContext } from '../../context.js';

/** The parts of a slash command payload handlers use. */
export interface CommandArgs {
  userId: string;
  channelId: string;
  triggerId: string;
  teamId: string;
  /** The durable inbox's key of this request: services use it so that carrying it out again changes nothing. */
  requestKey?: string;
  /** True when the inbox carries the request out again (after a crash): some of it may already be done. */
  replay: boolean;
}

/** What a subcommand handler receives; it replies through `respond` (the command's response_url). */
export interface SubcommandInput<K extends Command['kind'] = Command['kind']> {
  ctx: ListenerContext;
  cmd: Extract<Command, { kind: K }>;
  args: CommandArgs;
  respond: RespondFn;
  client: WebClient;
}
