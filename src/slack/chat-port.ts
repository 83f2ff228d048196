import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { IncidentTopic } from '../domain/topic.js';
import type { ChannelMessage, ChatPort, ChatUser, Notice } from '../services/ports.js';
import { messageLink, readChannelHistory } from './chat-history.js';
import { findOwnChannel } from './find-own-channel.js';
import { isUnsure, slackErrorCode, toUpstreamError } from './slack-errors.js';
import { userRef } from './views/format.js';
import { type RenderOptions, renderNotice } from './views/render-notice.js';
import { buildTopic } from './views/topic.js';

// The metadata event type that marks Firebreak's keyed posts (status updates) in a channel.
const KEYED_EVENT = 'firebreak_keyed_post';
// How far back findPosted looks: a recovery happens within minutes, so the key is among the last messages.
const FIND_POSTED_WINDOW = 100;

/** ChatPort over the Web API: the only place services' intentions become Slack calls. */
export class SlackChatPort implements ChatPort {
  constructor(
    private readonly client: WebClient,
    readonly botUserId: string,
    private readonly render: RenderOptions,
    /** auth.test's `url` (https://acme.slack.com/): where permalinks point. */
    private readonly workspaceUrl = 'https://slack.com/',
    /**
     * The client for calls that create (channels, messages): it retries only 429s, because after a 5xx
     * the channel or message may exist already. Those calls look for their effect before trying again.
     */
    private readonly creating: WebClient = client,
  ) {}

  async createChannel(name: string, isPrivate: boolean): Promise<{ id: string } | 'name_taken'> {
    // Slack's `created` is its own clock, in seconds: allow for some skew against ours.
    const startedAt = Math.floor(Date.now() / 1000) - 30;
    try {
      return await this.tryCreateChannel(name, isPrivate);
    } catch (err) {
      if (!isUnsure(err)) throw toUpstreamError(err, `create #${name}`);
      // Slack may have created it before failing: creating again would answer name_taken and the caller
      // would open a second channel (`-2`). Try once more; if the name is taken, see whether by us, just now.
      const again = await this.tryCreateChannel(name, isPrivate).catch((retryErr) => {
        throw toUpstreamError(retryErr, `create #${name}`);
      });
      if (again !== 'name_taken') return again;
      const ours = await findOwnChannel(this.client, {
        name,
        isPrivate,
        creator: this.botUserId,
        since: startedAt,
      }).catch((lookErr) => {
        throw toUpstreamError(lookErr, `create #${name}`);
      });
      return ours ? { id: ours } : 'name_taken';
    }
  }

  private async tryCreateChannel(name: string, isPrivate: boolean): Promise<{ id: string } | 'name_taken'> {
    try {
      const res = await this.creating.conversations.create({ name, is_private: isPrivate });
      return { id: res.channel!.id! };
    } catch (err) {
      if (slackErrorCode(err) === 'name_taken') return 'name_taken';
      throw err;
    }
  }

  async invite(channelId: string, userIds: string[]): Promise<void> {
    const users = userIds.filter((u) => u !== this.botUserId);
    if (!users.length) return;
    try {
      await this.client.conversations.invite({ channel: channelId, users: users.join(',') });
    } catch (err) {
      // Re-running a step (a retry) must not fail because the person is already there.
      if (slackErrorCode(err) === 'already_in_channel') return;
      throw toUpstreamError(err, 'invite people to the incident channel');
    }
  }

  async post(channelId: string, notice: Notice, opts: { key?: string } = {}): Promise<string> {
    // Every post carries a key, so that after an unsure failure the message can be found instead of re-sent.
    const key = opts.key ?? randomUUID();
    const send = async () =>
      (
        await this.creating.chat.postMessage({
          channel: channelId,
          ...renderNotice(notice, this.render),
          metadata: { event_type: KEYED_EVENT, event_payload: { key } },
        })
      ).ts!;
    try {
      return await send();
    } catch (err) {
      if (!isUnsure(err)) throw toUpstreamError(err, `post in <#${channelId}>`);
      // Slack may have posted it before failing. Post again only when the channel shows it did not; if
      // even the look fails, give up and say so rather than risk a second copy.
      const found = await this.findPosted(channelId, key).catch(() => {
        throw toUpstreamError(err, `post in <#${channelId}>`);
      });
      if (found) return found;
      return send().catch((retryErr) => {
        throw toUpstreamError(retryErr, `post in <#${channelId}>`);
      });
    }
  }

  async findPosted(channelId: string, key: string): Promise<string | undefined> {
    try {
      const res = await this.client.conversations.history({
        channel: channelId,
        limit: FIND_POSTED_WINDOW,
        include_all_metadata: true,
      });
      const found = res.messages?.find(
        (m) => m.metadata?.event_type === KEYED_EVENT && (m.metadata.event_payload as { key?: string })?.key === key,
      );
      return found?.ts;
    } catch (err) {
      throw toUpstreamError(err, 'read the channel history');
    }
  }

  async update(channelId: string, ts: string, notice: Notice): Promise<void> {
    try {
      await this.client.chat.update({ channel: channelId, ts, ...renderNotice(notice, this.render) });
    } catch (err) {
      throw toUpstreamError(err, 'update my earlier message');
    }
  }

  async postEphemeral(channelId: string, userId: string, notice: Notice): Promise<void> {
    try {
      await this.client.chat.postEphemeral({ channel: channelId, user: userId, ...renderNotice(notice, this.render) });
    } catch (err) {
      throw toUpstreamError(err, 'show you a private message');
    }
  }

  async setTopic(channelId: string, topic: IncidentTopic): Promise<void> {
    try {
      await this.client.conversations.setTopic({ channel: channelId, topic: buildTopic(topic) });
    } catch (err) {
      throw toUpstreamError(err, 'set the channel topic');
    }
  }

  async addBookmark(channelId: string, title: string, link: string): Promise<void> {
    try {
      // Not retried after a 5xx either: a bookmark is a convenience, a second copy of it is clutter.
      await this.creating.bookmarks.add({ channel_id: channelId, title, type: 'link', link });
    } catch (err) {
      throw toUpstreamError(err, `bookmark ${title}`);
    }
  }

  async findMessage(channelId: string, ts: string): Promise<{ text: string; userId?: string } | undefined> {
    try {
      const res = await this.client.conversations.history({
        channel: channelId,
        latest: ts,
        inclusive: true,
        limit: 1,
      });
      const m = res.messages?.[0];
      return m?.ts === ts ? { text: m.text ?? '', ...(m.user && { userId: m.user }) } : undefined;
    } catch (err) {
      throw toUpstreamError(err, 'read that message');
    }
  }

  async permalink(channelId: string, ts: string): Promise<string | undefined> {
    try {
      return (await this.client.chat.getPermalink({ channel: channelId, message_ts: ts })).permalink;
    } catch {
      // A missing permalink only costs a link in the timeline; the event is still recorded.
      return undefined;
    }
  }

  async isMember(channelId: string): Promise<boolean> {
    try {
      const { channel } = await this.client.conversations.info({ channel: channelId });
      return !!channel?.is_member;
    } catch (err) {
      // A private channel Firebreak was never invited to does not exist, as far as it can tell.
      if (slackErrorCode(err) === 'channel_not_found') return false;
      throw toUpstreamError(err, `look at <#${channelId}>`);
    }
  }

  messageLink(channelId: string, ts: string, threadTs?: string): string {
    return messageLink(this.workspaceUrl, channelId, ts, threadTs);
  }

  mention(userId: string): string {
    return userRef(userId);
  }

  readChannel(channelId: string, opts: { oldest?: string } = {}): Promise<ChannelMessage[]> {
    return readChannelHistory(this.client, channelId, opts);
  }

  async uploadFile(
    channelId: string,
    file: { filename: string; title: string; content: string | Uint8Array; comment?: string },
    opts: { once?: boolean } = {},
  ): Promise<{ fileId: string }> {
    // The creating client: no blind retry after a 5xx, which could share the file twice (see below).
    const client = this.creating;
    const send = async () => {
      const res = (await client.files.uploadV2({
        channel_id: channelId,
        filename: file.filename,
        title: file.title,
        ...(typeof file.content === 'string' ? { content: file.content } : { file: Buffer.from(file.content) }),
        ...(file.comment && { initial_comment: file.comment }),
      })) as { files?: { files?: { id?: string }[] }[] };
      const id = res.files?.[0]?.files?.[0]?.id;
      if (!id) throw new Error('files.completeUploadExternal returned no file');
      return { fileId: id };
    };
    try {
      return await send();
    } catch (err) {
      if (!opts.once || !isUnsure(err)) throw toUpstreamError(err, `upload ${file.filename}`);
      // As with keyed posts: Slack may have shared it before failing; upload again only if the channel shows it did not.
      const found = await this.findSharedFile(channelId, file.filename).catch(() => {
        throw toUpstreamError(err, `upload ${file.filename}`);
      });
      if (found) return { fileId: found };
      return send().catch((retryErr) => {
        throw toUpstreamError(retryErr, `upload ${file.filename}`);
      });
    }
  }

  async findUploaded(channelId: string, filename: string): Promise<string | undefined> {
    try {
      return await this.findSharedFile(channelId, filename);
    } catch (err) {
      throw toUpstreamError(err, 'read the channel history');
    }
  }

  /** The id of a file named `filename` shared by the bot among the channel's recent messages, if any. */
  private async findSharedFile(channelId: string, filename: string): Promise<string | undefined> {
    const res = await this.client.conversations.history({ channel: channelId, limit: FIND_POSTED_WINDOW });
    for (const m of res.messages ?? []) {
      const file = m.user === this.botUserId ? m.files?.find((f) => f.name === filename) : undefined;
      if (file?.id) return file.id;
    }
    return undefined;
  }

  async openDm(userId: string): Promise<string> {
    try {
      // Opening is idempotent on Slack's side: the same DM comes back (already_open), so a retry is safe.
      const res = await this.client.conversations.open({ users: userId });
      return res.channel!.id!;
    } catch (err) {
      throw toUpstreamError(err, 'open a direct message');
    }
  }

  async findUser(userId: string): Promise<ChatUser | undefined> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      if (!user?.id) return undefined;
      const email = user.profile?.email;
      return {
        id: user.id,
        name: user.name ?? user.id,
        isBot: !!user.is_bot,
        deleted: !!user.deleted,
        ...(email && { email }),
      };
    } catch (err) {
      if (slackErrorCode(err) === 'user_not_found') return undefined;
      throw toUpstreamError(err, 'look that person up');
    }
  }

  async findUserByEmail(email: string): Promise<string | undefined> {
    try {
      const { user } = await this.client.users.lookupByEmail({ email });
      if (!user?.id || user.is_bot || user.deleted) return undefined;
      return user.id;
    } catch (err) {
      if (slackErrorCode(err) === 'users_not_found') return undefined;
      throw toUpstreamError(err, 'look a person up by email');
    }
  }
}
