/**
 * Channel access rules shared by handlers. Slack distinguishes "cannot see" (private channel the bot is
 * not in, or no such channel: `channel_not_found`) from "can see but is not a member" (public channel:
 * the method's own not-in-channel error, whose name varies by method).
 */
import type { ChannelRecord } from '../workspace/workspace.js';
import type { MethodContext } from './method.js';

/** The channel named by `ctx.args[arg]`, if the bot can see it; otherwise `channel_not_found`. */
export function visibleChannel(ctx: MethodContext, arg = 'channel'): ChannelRecord {
  const id = ctx.str(arg) ?? '';
  const channel = ctx.ws.channel(id);
  if (!channel || (channel.isPrivate && !channel.members.includes(ctx.config.botUserId))) {
    return ctx.fail('channel_not_found');
  }
  return channel;
}

/** Like {@link visibleChannel}, and the bot must be a member; otherwise `notInChannelError`. */
export function memberChannel(ctx: MethodContext, notInChannelError: string, arg = 'channel'): ChannelRecord {
  const channel = visibleChannel(ctx, arg);
  if (!channel.members.includes(ctx.config.botUserId)) ctx.fail(notInChannelError);
  return channel;
}

/** Fails with `error` (the method's name for it, usually `is_archived`) when the channel is archived. */
export function notArchived(ctx: MethodContext, channel: ChannelRecord, error = 'is_archived'): void {
  if (channel.archived) ctx.fail(error);
}
