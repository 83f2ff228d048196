/**
 * conversations.* methods that change a channel: create, invite, join, setTopic, setPurpose.
 * The naming rules and invite errors mirror Slack's, because incident channel creation is where a bot
 * most often meets them (`name_taken` after a retry, uppercase incident slugs, inviting itself…).
 */
import type { ChannelRecord } from '../../workspace/workspace.js';
import { memberChannel, notArchived, visibleChannel } from '../guards.js';
import { defineMethod, type MethodContext } from '../method.js';
import { conversationObject } from '../shapes.js';

/** Slack's channel-name length limit. */
export const CHANNEL_NAME_MAX = 80;
/** Slack's topic and purpose length limit. */
const TOPIC_MAX = 250;

/** The conversations.create error for `name`, or undefined when Slack would accept it. */
export function channelNameError(name: string, existing: Iterable<ChannelRecord>): string | undefined {
  if (name.trim() === '') return 'invalid_name_required';
  if (name.length > CHANNEL_NAME_MAX) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  // Archived channels keep their name reserved: a bot reusing an incident slug hits this.
  for (const c of existing) if (c.name === name && !c.isIm) return 'name_taken';
  return undefined;
}

export const conversationsCreate = defineMethod({
  name: 'conversations.create',
  errors: [
    'invalid_name_required',
    'invalid_name_maxlength',
    'invalid_name_specials',
    'invalid_name_punctuation',
    'name_taken',
  ],
  handle(ctx: MethodContext) {
    const name = ctx.str('name') ?? '';
    const error = channelNameError(name, ctx.ws.channels.values());
    if (error) ctx.fail(error);
    const bot = ctx.config.botUserId;
    const channel = ctx.ws.addChannel({ name, isPrivate: ctx.bool('is_private'), creator: bot, members: [bot] });
    return { channel: conversationObject(ctx.core, channel) };
  },
});

export const conversationsInvite = defineMethod({
  name: 'conversations.invite',
  errors: [
    'channel_not_found',
    'not_in_channel',
    'is_archived',
    'no_user',
    'user_not_found',
    'cant_invite_self',
    'already_in_channel',
    'cant_invite',
  ],
  handle(ctx: MethodContext) {
    const channel = memberChannel(ctx, 'not_in_channel');
    notArchived(ctx, channel);
    const ids = (ctx.str('users') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) ctx.fail('no_user');
    const failures: { ok: false; error: string; user: string }[] = [];
    const valid: string[] = [];
    for (const id of ids) {
      const error = inviteError(ctx, channel, id);
      if (error) failures.push({ ok: false, error, user: id });
      else if (!valid.includes(id)) valid.push(id);
    }
    // Without `force`, one bad id fails the whole call and nobody is invited (Slack's behaviour).
    const first = failures[0];
    if (first && (!ctx.bool('force') || valid.length === 0)) ctx.fail(first.error, { errors: failures });
    channel.members.push(...valid);
    const body: Record<string, unknown> = { channel: conversationObject(ctx.core, channel) };
    if (failures.length > 0) body.errors = failures;
    return body;
  },
});

function inviteError(ctx: MethodContext, channel: ChannelRecord, id: string): string | undefined {
  const user = ctx.ws.users.get(id);
  if (!user) return 'user_not_found';
  if (id === ctx.config.botUserId) return 'cant_invite_self';
  if (user.deleted) return 'cant_invite';
  if (channel.members.includes(id)) return 'already_in_channel';
  return undefined;
}

export const conversationsJoin = defineMethod({
  name: 'conversations.join',
  errors: ['channel_not_found', 'is_archived', 'method_not_supported_for_channel_type'],
  handle(ctx: MethodContext) {
    const channel = visibleChannel(ctx);
    notArchived(ctx, channel);
    if (channel.isIm) ctx.fail('method_not_supported_for_channel_type');
    const bot = ctx.config.botUserId;
    if (channel.members.includes(bot)) {
      // Slack answers ok with a warning rather than an error here.
      return {
        channel: conversationObject(ctx.core, channel),
        warning: 'already_in_channel',
        response_metadata: { warnings: ['already_in_channel'] },
      };
    }
    channel.members.push(bot);
    return { channel: conversationObject(ctx.core, channel) };
  },
});

function setTopicOrPurpose(ctx: MethodContext, field: 'topic' | 'purpose'): Record<string, unknown> {
  const channel = memberChannel(ctx, 'not_in_channel');
  notArchived(ctx, channel);
  if (channel.isIm) ctx.fail('method_not_supported_for_channel_type');
  const value = ctx.str(field) ?? '';
  if (value.length > TOPIC_MAX) ctx.fail('too_long');
  const bot = ctx.config.botUserId;
  channel[field] = { value, creator: bot, last_set: ctx.ws.nowSeconds() };
  // Slack posts a system message for the change; history readers (timeline builders) will see it.
  ctx.ws.addMessage(channel, {
    user: bot,
    subtype: `channel_${field}`,
    text: `set the channel ${field}: ${value}`,
    via: 'api',
  });
  return { channel: conversationObject(ctx.core, channel) };
}

const topicErrors = [
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'too_long',
  'method_not_supported_for_channel_type',
];

export const conversationsSetTopic = defineMethod({
  name: 'conversations.setTopic',
  errors: topicErrors,
  handle: (ctx: MethodContext) => setTopicOrPurpose(ctx, 'topic'),
});

export const conversationsSetPurpose = defineMethod({
  name: 'conversations.setPurpose',
  errors: topicErrors,
  handle: (ctx: MethodContext) => setTopicOrPurpose(ctx, 'purpose'),
});

/**
 * conversations.open for a 1:1 DM (what Firebreak uses): the app's DM with one user, created on first
 * use; `channel` resumes an existing DM. Slack refuses a missing user list, unknown or deactivated
 * users and more than 8; a group DM (several users) is not emulated and recorded as a violation.
 */
export const conversationsOpen = defineMethod({
  name: 'conversations.open',
  errors: [
    'users_list_not_supplied',
    'user_not_found',
    'user_disabled',
    'too_many_users',
    'restricted_action',
    'channel_not_found',
  ],
  handle(ctx: MethodContext) {
    const resume = ctx.str('channel');
    if (resume) {
      const channel = ctx.ws.channels.get(resume);
      if (!channel?.isIm) ctx.fail('channel_not_found');
      return { channel: { id: channel.id } };
    }
    const ids = (ctx.str('users') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) ctx.fail('users_list_not_supplied');
    if (ids.length > 8) ctx.fail('too_many_users');
    for (const id of ids) {
      const user = ctx.ws.users.get(id);
      if (!user || user.isBot) ctx.fail('user_not_found');
      if (user.deleted) ctx.fail('user_disabled');
    }
    if (ids.length > 1) {
      // Only 1:1 DMs are modelled; a group DM would need its own channel type.
      ctx.violation('group DMs are not emulated; open one DM per person');
      ctx.fail('restricted_action');
    }
    const existed = ctx.ws.channels.has(`D${ids[0]!.replace(/^[UW]/, '')}`);
    const channel = ctx.ws.imChannel(ids[0]!);
    return existed ? { no_op: true, already_open: true, channel: { id: channel.id } } : { channel: { id: channel.id } };
  },
});
