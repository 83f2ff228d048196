/**
 * chat.* methods: postMessage, postEphemeral, update, delete, getPermalink.
 */
import type { StoredMessage } from '../../types.js';
import type { ChannelRecord } from '../../workspace/workspace.js';
import { memberChannel, notArchived, visibleChannel } from '../guards.js';
import { defineMethod, type MethodContext } from '../method.js';
import { messageObject } from '../shapes.js';
import { readMessageContent, requireTextOrBlocks } from './message-content.js';

const contentErrors = ['invalid_blocks', 'invalid_blocks_format', 'no_text'];

/** chat.postMessage also accepts a user id: the message goes to the app's DM with that user. */
function targetChannel(ctx: MethodContext): ChannelRecord {
  const id = ctx.str('channel') ?? '';
  const user = ctx.ws.users.get(id);
  if (user && !user.isBot) return ctx.ws.imChannel(id);
  return memberChannel(ctx, 'not_in_channel');
}

export const chatPostMessage = defineMethod({
  name: 'chat.postMessage',
  errors: [
    'channel_not_found',
    'not_in_channel',
    'is_archived',
    'invalid_metadata_format',
    'invalid_metadata_schema',
    ...contentErrors,
  ],
  handle(ctx: MethodContext) {
    const channel = targetChannel(ctx);
    notArchived(ctx, channel);
    const content = readMessageContent(ctx, 'truncate');
    requireTextOrBlocks(ctx, content);
    const threadTs = ctx.str('thread_ts') || undefined;
    if (threadTs && !channel.messages.some((m) => m.ts === threadTs && !m.ephemeralTo)) {
      ctx.violation(`thread_ts ${threadTs} is not a message of ${channel.id}`);
    }
    const metadata = readMetadata(ctx);
    const message = ctx.ws.addMessage(channel, {
      user: ctx.config.botUserId,
      botId: ctx.config.botId,
      text: content.text ?? '',
      ...(metadata ? { metadata } : {}),
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      via: 'api',
    });
    ctx.core.onBotMessage?.(channel, message);
    return { channel: channel.id, ts: message.ts, message: messageObject(ctx.core, message) };
  },
});

export const chatPostEphemeral = defineMethod({
  name: 'chat.postEphemeral',
  errors: [
    'channel_not_found',
    'not_in_channel',
    'is_archived',
    'user_not_in_channel',
    'msg_too_long',
    ...contentErrors,
  ],
  handle(ctx: MethodContext) {
    const channel = memberChannel(ctx, 'not_in_channel');
    notArchived(ctx, channel);
    const user = ctx.str('user') ?? '';
    if (!channel.members.includes(user)) ctx.fail('user_not_in_channel');
    const content = readMessageContent(ctx, 'msg_too_long');
    requireTextOrBlocks(ctx, content);
    const threadTs = ctx.str('thread_ts') || undefined;
    const message = ctx.ws.addMessage(channel, {
      user: ctx.config.botUserId,
      botId: ctx.config.botId,
      text: content.text ?? '',
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ephemeralTo: user,
      via: 'api',
    });
    return { message_ts: message.ts };
  },
});

/** A non-ephemeral message of the channel that the bot itself posted; `notOwn` otherwise. */
function ownMessage(ctx: MethodContext, channel: ChannelRecord, notOwn: string): StoredMessage {
  const ts = ctx.str('ts') ?? '';
  const message = channel.messages.find((m) => m.ts === ts && !m.ephemeralTo);
  if (!message) ctx.fail('message_not_found');
  if (message.botId !== ctx.config.botId) ctx.fail(notOwn);
  return message;
}

export const chatUpdate = defineMethod({
  name: 'chat.update',
  errors: ['channel_not_found', 'message_not_found', 'cant_update_message', 'msg_too_long', ...contentErrors],
  handle(ctx: MethodContext) {
    // chat.update documents no not_in_channel; losing membership means losing edit rights.
    const channel = memberChannel(ctx, 'cant_update_message');
    const message = ownMessage(ctx, channel, 'cant_update_message');
    const content = readMessageContent(ctx, 'msg_too_long');
    const merged = {
      text: content.text ?? message.text,
      blocks: ctx.args.blocks !== undefined ? content.blocks : message.blocks,
      hasAttachments: content.hasAttachments,
    };
    requireTextOrBlocks(ctx, merged);
    message.text = merged.text;
    if (merged.blocks) message.blocks = merged.blocks;
    else delete message.blocks;
    message.edited = { user: ctx.config.botUserId, ts: ctx.ws.ts.next() };
    return { channel: channel.id, ts: message.ts, text: message.text, message: messageObject(ctx.core, message) };
  },
});

export const chatDelete = defineMethod({
  name: 'chat.delete',
  errors: ['channel_not_found', 'message_not_found', 'cant_delete_message'],
  handle(ctx: MethodContext) {
    const channel = visibleChannel(ctx);
    const message = ownMessage(ctx, channel, 'cant_delete_message');
    ctx.ws.removeMessage(channel, message.ts);
    return { channel: channel.id, ts: message.ts };
  },
});

export const chatGetPermalink = defineMethod({
  name: 'chat.getPermalink',
  errors: ['channel_not_found', 'message_not_found'],
  handle(ctx: MethodContext) {
    const channel = visibleChannel(ctx);
    const ts = ctx.str('message_ts') ?? '';
    const message = channel.messages.find((m) => m.ts === ts && !m.ephemeralTo);
    if (!message) ctx.fail('message_not_found');
    let permalink = `${ctx.core.baseUrl}/archives/${channel.id}/p${ts.replace('.', '')}`;
    if (message.thread_ts && message.thread_ts !== message.ts) {
      permalink += `?thread_ts=${message.thread_ts}&cid=${channel.id}`;
    }
    return { channel: channel.id, permalink };
  },
});

/** `metadata` as Slack takes it: `{event_type, event_payload}`; anything else is `invalid_metadata_format`. */
function readMetadata(ctx: MethodContext): StoredMessage['metadata'] {
  if (ctx.args.metadata === undefined || ctx.args.metadata === '') return undefined;
  let parsed: unknown;
  try {
    parsed = ctx.json('metadata');
  } catch {
    return ctx.fail('invalid_metadata_format');
  }
  const m = parsed as { event_type?: unknown; event_payload?: unknown };
  if (typeof m?.event_type !== 'string' || typeof m.event_payload !== 'object' || m.event_payload === null)
    return ctx.fail('invalid_metadata_schema');
  return { event_type: m.event_type, event_payload: m.event_payload as Record<string, unknown> };
}
