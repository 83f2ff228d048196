/**
 * Small methods: auth.test, users.info, users.lookupByEmail, bookmarks.add, pins.add, reactions.add.
 */
import { memberChannel, notArchived, visibleChannel } from '../guards.js';
import { defineMethod, type MethodContext } from '../method.js';
import { userObject } from '../shapes.js';

export const authTest = defineMethod({
  name: 'auth.test',
  errors: [],
  handle(ctx: MethodContext) {
    const { teamId, botUserId, botId, botName, appId } = ctx.config;
    return {
      url: `${ctx.core.baseUrl}/`,
      team: 'Firebreak Sandbox',
      user: botName,
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      app_id: appId,
      is_enterprise_install: false,
    };
  },
});

export const usersInfo = defineMethod({
  name: 'users.info',
  errors: ['user_not_found'],
  handle(ctx: MethodContext) {
    const user = ctx.ws.users.get(ctx.str('user') ?? '');
    if (!user) ctx.fail('user_not_found');
    return { user: userObject(ctx.core, user) };
  },
});

export const usersLookupByEmail = defineMethod({
  name: 'users.lookupByEmail',
  errors: ['users_not_found'],
  handle(ctx: MethodContext) {
    // Slack matches the address whatever its case; bots and people without an email are not found.
    const email = (ctx.str('email') ?? '').toLowerCase();
    const user = [...ctx.ws.users.values()].find((u) => !!email && u.email?.toLowerCase() === email);
    if (!user) ctx.fail('users_not_found');
    return { user: userObject(ctx.core, user) };
  },
});

export const bookmarksAdd = defineMethod({
  name: 'bookmarks.add',
  errors: ['channel_not_found', 'access_denied', 'invalid_bookmark_type', 'invalid_link'],
  handle(ctx: MethodContext) {
    // bookmarks.add documents no not_in_channel: a non-member is simply denied access.
    const channel = memberChannel(ctx, 'access_denied', 'channel_id');
    if (ctx.str('type') !== 'link') ctx.fail('invalid_bookmark_type');
    const link = ctx.str('link') ?? '';
    if (!/^https?:\/\//.test(link)) ctx.fail('invalid_link');
    const title = ctx.str('title') ?? '';
    const now = ctx.ws.nowSeconds();
    const id = ctx.core.ids.next('Bk');
    channel.bookmarks.push({ id, title, link, created: now });
    return {
      bookmark: {
        id,
        channel_id: channel.id,
        title,
        link,
        emoji: ctx.str('emoji') ?? '',
        icon_url: '',
        type: 'link',
        entity_id: null,
        date_created: now,
        date_updated: 0,
        rank: String(channel.bookmarks.length),
        last_updated_by_user_id: ctx.config.botUserId,
        last_updated_by_team_id: ctx.config.teamId,
        shortcut_id: '',
        app_id: ctx.config.appId,
      },
    };
  },
});

export const pinsAdd = defineMethod({
  name: 'pins.add',
  errors: ['channel_not_found', 'not_in_channel', 'no_item_specified', 'message_not_found', 'already_pinned'],
  handle(ctx: MethodContext) {
    const channel = memberChannel(ctx, 'not_in_channel');
    const ts = ctx.str('timestamp');
    if (!ts) ctx.fail('no_item_specified');
    if (!channel.messages.some((m) => m.ts === ts && !m.ephemeralTo)) ctx.fail('message_not_found');
    if (channel.pins.includes(ts)) ctx.fail('already_pinned');
    channel.pins.push(ts);
    return {};
  },
});

export const reactionsAdd = defineMethod({
  name: 'reactions.add',
  errors: ['channel_not_found', 'is_archived', 'invalid_name', 'message_not_found', 'already_reacted'],
  handle(ctx: MethodContext) {
    const channel = visibleChannel(ctx);
    notArchived(ctx, channel);
    const name = ctx.str('name') ?? '';
    // Emoji names go without colons (`white_check_mark`); `:x:` is a classic bot mistake.
    if (!/^[a-z0-9_+'-]+(::skin-tone-\d)?$/.test(name)) ctx.fail('invalid_name');
    const message = channel.messages.find((m) => m.ts === ctx.str('timestamp') && !m.ephemeralTo);
    if (!message) ctx.fail('message_not_found');
    const bot = ctx.config.botUserId;
    message.reactions ??= [];
    let reaction = message.reactions.find((r) => r.name === name);
    if (reaction?.users.includes(bot)) ctx.fail('already_reacted');
    if (!reaction) {
      reaction = { name, users: [] };
      message.reactions.push(reaction);
    }
    reaction.users.push(bot);
    return {};
  },
});
