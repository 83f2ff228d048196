/**
 * Simulated humans: actions that change workspace state *and* emit the event Slack would send the app
 * (message, message_changed, message_deleted, pin_added, reaction_added, app_home_opened).
 */
import { messageObject, viewObject } from '../api/shapes.js';
import type { EmulatorCore } from '../core.js';
import type { AppResponse } from '../types.js';
import { compareTs } from '../workspace/ids.js';
import type { ChannelRecord } from '../workspace/workspace.js';
import { requireUser, requireVisibleChannel } from './common.js';
import { sendEvent } from './events.js';
import type { AppTransport } from './transport.js';
import { asSlackSendsIt } from './typed-text.js';

const channelType = (c: ChannelRecord): string => (c.isIm ? 'im' : c.isPrivate ? 'group' : 'channel');

/** A channel the user is a member of (humans can only post where they are members). */
function memberChannel(core: EmulatorCore, idOrName: string, user: string): ChannelRecord {
  const channel = requireVisibleChannel(core, idOrName, user);
  if (!channel.members.includes(user)) throw new Error(`slack emulator: ${user} is not a member of ${channel.id}`);
  return channel;
}

/** A human posts a message (optionally in a thread); the app receives a `message` event. */
export async function userPosts(
  core: EmulatorCore,
  t: AppTransport,
  a: { user: string; channel: string; text: string; threadTs?: string },
): Promise<{ ts: string; response: AppResponse }> {
  const user = requireUser(core, a.user);
  const channel = memberChannel(core, a.channel, user.id);
  const stored = core.ws.addMessage(channel, {
    user: user.id,
    text: asSlackSendsIt(a.text),
    ...(a.threadTs ? { thread_ts: a.threadTs } : {}),
    via: 'user',
  });
  const event = {
    ...messageObject(core, stored, channel),
    client_msg_id: `cm-${stored.ts}`,
    channel: channel.id,
    event_ts: stored.ts,
    channel_type: channelType(channel),
  };
  return { ts: stored.ts, response: await sendEvent(core, t, event) };
}

function ownMessage(core: EmulatorCore, a: { user: string; channel: string; ts: string }) {
  const user = requireUser(core, a.user);
  const channel = memberChannel(core, a.channel, user.id);
  const message = core.ws.findMessage(channel, a.ts);
  if (!message || message.user !== user.id || message.ephemeralTo) {
    throw new Error(`slack emulator: ${user.id} has no message ${a.ts} in ${channel.id}`);
  }
  return { user, channel, message };
}

/** A human edits their message; the app receives `message` / `message_changed`. */
export async function userEdits(
  core: EmulatorCore,
  t: AppTransport,
  a: { user: string; channel: string; ts: string; text: string },
): Promise<AppResponse> {
  const { user, channel, message } = ownMessage(core, a);
  const previous = messageObject(core, message, channel);
  const eventTs = core.ws.ts.next();
  message.text = asSlackSendsIt(a.text);
  message.edited = { user: user.id, ts: eventTs };
  return sendEvent(core, t, {
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel: channel.id,
    channel_type: channelType(channel),
    message: messageObject(core, message, channel),
    previous_message: previous,
    event_ts: eventTs,
    ts: eventTs,
  });
}

/** A human deletes their message; the app receives `message` / `message_deleted`. */
export async function userDeletes(
  core: EmulatorCore,
  t: AppTransport,
  a: { user: string; channel: string; ts: string },
): Promise<AppResponse> {
  const { channel, message } = ownMessage(core, a);
  const previous = messageObject(core, message, channel);
  core.ws.removeMessage(channel, message.ts);
  const eventTs = core.ws.ts.next();
  return sendEvent(core, t, {
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    channel: channel.id,
    channel_type: channelType(channel),
    deleted_ts: message.ts,
    previous_message: previous,
    event_ts: eventTs,
    ts: eventTs,
  });
}

/** A human pins a message; the app receives `pin_added`. */
export async function userPins(
  core: EmulatorCore,
  t: AppTransport,
  a: { user: string; channel: string; ts: string },
): Promise<AppResponse> {
  const user = requireUser(core, a.user);
  const channel = memberChannel(core, a.channel, user.id);
  const message = core.ws.findMessage(channel, a.ts);
  if (!message || message.ephemeralTo) throw new Error(`slack emulator: no message ${a.ts} in ${channel.id}`);
  if (!channel.pins.includes(message.ts)) channel.pins.push(message.ts);
  const now = Math.floor(core.now() / 1000);
  return sendEvent(core, t, {
    type: 'pin_added',
    user: user.id,
    channel_id: channel.id,
    item: {
      type: 'message',
      created: now,
      created_by: user.id,
      channel: channel.id,
      message: { ...messageObject(core, message, channel), pinned_to: [channel.id] },
    },
    item_user: message.user,
    pin_count: channel.pins.length,
    pinned_info: { channel: channel.id, pinned_by: user.id, pinned_ts: now },
    event_ts: core.ws.ts.next(),
  });
}

/** A human adds a reaction; the app receives `reaction_added`. */
export async function userReacts(
  core: EmulatorCore,
  t: AppTransport,
  a: { user: string; channel: string; ts: string; reaction: string },
): Promise<AppResponse> {
  const user = requireUser(core, a.user);
  const channel = requireVisibleChannel(core, a.channel, user.id);
  const message = core.ws.findMessage(channel, a.ts);
  if (!message || message.ephemeralTo) throw new Error(`slack emulator: no message ${a.ts} in ${channel.id}`);
  message.reactions ??= [];
  let reaction = message.reactions.find((r) => r.name === a.reaction);
  if (!reaction) {
    reaction = { name: a.reaction, users: [] };
    message.reactions.push(reaction);
  }
  if (!reaction.users.includes(user.id)) reaction.users.push(user.id);
  return sendEvent(core, t, {
    type: 'reaction_added',
    user: user.id,
    item: { type: 'message', channel: channel.id, ts: message.ts },
    reaction: a.reaction,
    item_user: message.user,
    event_ts: core.ws.ts.next(),
  });
}

/** A human opens the app's Home tab; the app receives `app_home_opened` (with the current view, if any). */
export async function openAppHome(core: EmulatorCore, t: AppTransport, userId: string): Promise<AppResponse> {
  const user = requireUser(core, userId);
  const channel = core.ws.imChannel(user.id);
  const home = core.ws.views.home(user.id);
  return sendEvent(core, t, {
    type: 'app_home_opened',
    user: user.id,
    channel: channel.id,
    tab: 'home',
    event_ts: core.ws.ts.next(),
    ...(home ? { view: viewObject(core, home) } : {}),
  });
}

/**
 * Messages the app never heard about — posted while it was down, or events Slack dropped: stored
 * in the channel's history with fresh ts values, no event sent. Sorted once, so seeding thousands
 * of messages stays fast.
 */
export function postedWhileAway(
  core: EmulatorCore,
  a: { channel: string; messages: { user: string; text: string; threadTs?: string }[] },
): string[] {
  const channel = requireVisibleChannel(core, a.channel, a.messages[0]?.user ?? core.config.botUserId);
  const stored = a.messages.map((m) => {
    const user = requireUser(core, m.user);
    const message = { user: user.id, text: m.text, ts: core.ws.ts.next(), via: 'user' as const };
    channel.messages.push(m.threadTs ? { ...message, thread_ts: m.threadTs } : message);
    return message.ts;
  });
  channel.messages.sort((x, y) => compareTs(x.ts, y.ts));
  return stored;
}
