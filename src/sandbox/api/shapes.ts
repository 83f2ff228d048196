/**
 * JSON shapes of Slack objects in Web API answers, trimmed from samples/api to the fields an app can
 * reasonably rely on. Kept in one place so every method answers the same shape for the same object.
 */
import type { EmulatorCore } from '../core.js';
import type { EmulatorUser, StoredMessage, StoredView } from '../types.js';
import type { ChannelRecord } from '../workspace/workspace.js';

/** A conversation object as seen by the bot. */
export function conversationObject(
  core: EmulatorCore,
  c: ChannelRecord,
  withNumMembers = false,
): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    is_channel: !c.isIm,
    is_group: false,
    is_im: c.isIm,
    is_mpim: false,
    is_private: c.isPrivate,
    created: c.created,
    creator: c.creator,
    is_archived: c.archived,
    is_general: false,
    unlinked: 0,
    name_normalized: c.name,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    pending_shared: [],
    is_pending_ext_shared: false,
    is_member: c.members.includes(core.config.botUserId),
    topic: { ...c.topic },
    purpose: { ...c.purpose },
    previous_names: [],
    context_team_id: core.config.teamId,
    updated: c.created * 1000,
  };
  if (c.isIm) base.user = c.members.find((m) => m !== core.config.botUserId);
  if (withNumMembers) base.num_members = c.members.length;
  return base;
}

/** The `bot_profile` Slack attaches to messages posted by the app. */
export function botProfile(core: EmulatorCore): Record<string, unknown> {
  const { botId, appId, teamId, botName } = core.config;
  return { id: botId, deleted: false, name: botName, updated: 0, app_id: appId, icons: {}, team_id: teamId };
}

/** A message object (history, replies, postMessage answers and event payloads). */
export function messageObject(core: EmulatorCore, m: StoredMessage, channel?: ChannelRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: 'message',
    ts: m.ts,
    user: m.user,
    text: m.text,
    team: core.config.teamId,
  };
  if (m.subtype) out.subtype = m.subtype;
  if (m.botId) {
    out.bot_id = m.botId;
    if (m.botId === core.config.botId) {
      out.app_id = core.config.appId;
      out.bot_profile = botProfile(core);
    }
  }
  if (m.blocks) out.blocks = m.blocks;
  if (m.metadata) out.metadata = { ...m.metadata };
  if (m.thread_ts) out.thread_ts = m.thread_ts;
  if (m.edited) out.edited = { ...m.edited };
  if (m.files) out.files = m.files.map((f) => ({ id: f.id, name: f.name, title: f.title }));
  if (m.reactions)
    out.reactions = m.reactions.map((r) => ({ name: r.name, users: [...r.users], count: r.users.length }));
  if (channel) {
    if (channel.pins.includes(m.ts)) out.pinned_to = [channel.id];
    const replies = channel.messages.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts && !r.ephemeralTo);
    if (replies.length > 0 && (!m.thread_ts || m.thread_ts === m.ts)) {
      out.thread_ts = m.ts;
      out.reply_count = replies.length;
      out.reply_users = [...new Set(replies.map((r) => r.user))];
      out.reply_users_count = (out.reply_users as string[]).length;
      out.latest_reply = replies[replies.length - 1]?.ts;
    }
    if (m.thread_ts && m.thread_ts !== m.ts) {
      out.parent_user_id = channel.messages.find((p) => p.ts === m.thread_ts)?.user;
    }
  }
  return out;
}

/** A user object (users.info). */
export function userObject(core: EmulatorCore, u: EmulatorUser): Record<string, unknown> {
  const tz = u.tz ?? 'Etc/UTC';
  const realName = u.realName ?? u.name;
  return {
    id: u.id,
    team_id: core.config.teamId,
    name: u.name,
    deleted: u.deleted ?? false,
    real_name: realName,
    tz,
    tz_label: tz,
    tz_offset: tzOffsetSeconds(tz, core.now()),
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.isBot ?? false,
    is_app_user: false,
    updated: 0,
    profile: {
      real_name: realName,
      display_name: u.name,
      real_name_normalized: realName,
      display_name_normalized: u.name,
      team: core.config.teamId,
      ...(u.botId ? { bot_id: u.botId } : {}),
      ...(u.email ? { email: u.email } : {}),
    },
  };
}

/** A view object (views.* answers and interaction payloads). */
export function viewObject(core: EmulatorCore, v: StoredView): Record<string, unknown> {
  const p = v.view;
  return {
    id: v.id,
    team_id: core.config.teamId,
    type: p.type,
    blocks: p.blocks ?? [],
    private_metadata: p.private_metadata ?? '',
    callback_id: p.callback_id ?? '',
    state: { values: {} },
    hash: v.hash,
    title: p.title ?? { type: 'plain_text', text: '' },
    clear_on_close: p.clear_on_close ?? false,
    notify_on_close: p.notify_on_close ?? false,
    close: p.close ?? null,
    submit: p.submit ?? null,
    previous_view_id: v.previousViewId,
    root_view_id: v.rootViewId,
    app_id: core.config.appId,
    external_id: v.externalId,
    app_installed_team_id: core.config.teamId,
    bot_id: core.config.botId,
  };
}

/** UTC offset of an IANA zone at `atMs`, in seconds (what Slack puts in `tz_offset`). */
function tzOffsetSeconds(tz: string, atMs: number): number {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(atMs));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return Math.round((asUtc - Math.floor(atMs / 1000) * 1000) / 1000);
  } catch {
    return 0;
  }
}
