/**
 * conversations.* methods that read: info, history, replies, members, list. All paginate like Slack,
 * so a bot that forgets `next_cursor` is caught by tests that use a small `limit`.
 */
import type { StoredMessage } from '../../types.js';
import { parseTs } from '../../workspace/ids.js';
import { memberChannel, visibleChannel } from '../guards.js';
import { defineMethod, type MethodContext } from '../method.js';
import { paginate } from '../paging.js';
import { conversationObject, messageObject } from '../shapes.js';

export const conversationsInfo = defineMethod({
  name: 'conversations.info',
  errors: ['channel_not_found'],
  handle(ctx: MethodContext) {
    const channel = visibleChannel(ctx);
    return { channel: conversationObject(ctx.core, channel, ctx.bool('include_num_members')) };
  },
});

/** Applies `oldest` / `latest` / `inclusive` (Slack defaults: 0, now, exclusive). */
function inWindow(ctx: MethodContext, messages: StoredMessage[]): StoredMessage[] {
  const bound = (arg: string, error: string, fallback: number): number => {
    const raw = ctx.str(arg);
    if (raw === undefined || raw === '') return fallback;
    const micros = parseTs(raw);
    if (micros === undefined) ctx.fail(error);
    return micros;
  };
  const oldest = bound('oldest', 'invalid_ts_oldest', 0);
  const latest = bound('latest', 'invalid_ts_latest', Number.MAX_SAFE_INTEGER);
  const inclusive = ctx.bool('inclusive');
  return messages.filter((m) => {
    const t = parseTs(m.ts) ?? 0;
    return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
  });
}

const windowErrors = ['invalid_ts_oldest', 'invalid_ts_latest', 'invalid_cursor'];

export const conversationsHistory = defineMethod({
  name: 'conversations.history',
  errors: ['channel_not_found', 'not_in_channel', ...windowErrors],
  handle(ctx: MethodContext) {
    const channel = memberChannel(ctx, 'not_in_channel');
    // History holds top-level messages only: thread replies live in conversations.replies; ephemeral
    // messages are never stored by Slack at all.
    const topLevel = channel.messages.filter((m) => !m.ephemeralTo && (!m.thread_ts || m.thread_ts === m.ts));
    const newestFirst = inWindow(ctx, topLevel).reverse();
    const { page, nextCursor } = paginate(ctx, newestFirst, 100);
    return {
      messages: page.map((m) => messageObject(ctx.core, m, channel)),
      has_more: nextCursor !== '',
      pin_count: channel.pins.length,
      response_metadata: { next_cursor: nextCursor },
    };
  },
});

export const conversationsReplies = defineMethod({
  name: 'conversations.replies',
  errors: ['channel_not_found', 'thread_not_found', ...windowErrors],
  handle(ctx: MethodContext) {
    const channel = visibleChannel(ctx);
    const ts = ctx.str('ts') ?? '';
    const parent = channel.messages.find((m) => m.ts === ts && !m.ephemeralTo);
    if (!parent) ctx.fail('thread_not_found');
    const replies = channel.messages.filter((m) => m.thread_ts === ts && m.ts !== ts && !m.ephemeralTo);
    // The parent always comes first; the window only filters replies (as Slack does).
    const { page, nextCursor } = paginate(ctx, [parent, ...inWindow(ctx, replies)], 1000);
    return {
      messages: page.map((m) => messageObject(ctx.core, m, channel)),
      has_more: nextCursor !== '',
      response_metadata: { next_cursor: nextCursor },
    };
  },
});

export const conversationsMembers = defineMethod({
  name: 'conversations.members',
  errors: ['channel_not_found', 'invalid_cursor'],
  handle(ctx: MethodContext) {
    const channel = visibleChannel(ctx);
    const { page, nextCursor } = paginate(ctx, channel.members, 100);
    return { members: page, response_metadata: { next_cursor: nextCursor } };
  },
});

const CONVERSATION_TYPES = ['public_channel', 'private_channel', 'mpim', 'im'];

export const conversationsList = defineMethod({
  name: 'conversations.list',
  errors: ['invalid_types', 'invalid_cursor'],
  handle(ctx: MethodContext) {
    const types = (ctx.str('types') || 'public_channel').split(',').map((t) => t.trim());
    if (types.some((t) => !CONVERSATION_TYPES.includes(t))) ctx.fail('invalid_types');
    const bot = ctx.config.botUserId;
    const excludeArchived = ctx.bool('exclude_archived');
    const channels = [...ctx.ws.channels.values()].filter((c) => {
      if (excludeArchived && c.archived) return false;
      if (c.isIm) return types.includes('im') && c.members.includes(bot);
      if (c.isPrivate) return types.includes('private_channel') && c.members.includes(bot);
      return types.includes('public_channel');
    });
    const { page, nextCursor } = paginate(ctx, channels, 100);
    return {
      channels: page.map((c) => conversationObject(ctx.core, c)),
      response_metadata: { next_cursor: nextCursor },
    };
  },
});
