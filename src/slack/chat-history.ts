import type { WebClient } from '@slack/web-api';
import type { ChannelMessage } from '../services/ports.js';
import { toUpstreamError } from './slack-errors.js';
import { fromSlackText } from './slack-text.js';

// Slack recommends no more than 200 per page; fewer pages would mean more time per 429 wait.
const PAGE = 200;

interface RawMessage {
  ts?: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
  reply_count?: number;
}

const toMessage = (m: RawMessage): ChannelMessage | undefined =>
  m.ts
    ? {
        ts: m.ts,
        text: fromSlackText(m.text ?? ''),
        ...(m.thread_ts && m.thread_ts !== m.ts && { threadTs: m.thread_ts }),
        ...(m.user && { userId: m.user }),
        ...(m.bot_id && { botId: m.bot_id }),
        ...(m.subtype && { subtype: m.subtype }),
      }
    : undefined;

/**
 * Every message of a channel since `oldest`, thread replies included, oldest first. Follows
 * `next_cursor` to the end (history and each thread's replies); rate limits are the WebClient's
 * business (it waits out Retry-After).
 */
export async function readChannelHistory(
  client: WebClient,
  channelId: string,
  opts: { oldest?: string } = {},
): Promise<ChannelMessage[]> {
  const out: ChannelMessage[] = [];
  const threads: string[] = [];
  try {
    let cursor: string | undefined;
    do {
      const res = await client.conversations.history({
        channel: channelId,
        limit: PAGE,
        ...(opts.oldest && { oldest: opts.oldest }),
        ...(cursor && { cursor }),
      });
      for (const raw of (res.messages ?? []) as RawMessage[]) {
        const m = toMessage(raw);
        if (m) out.push(m);
        if (raw.ts && (raw.reply_count ?? 0) > 0) threads.push(raw.ts);
      }
      cursor = res.response_metadata?.next_cursor || undefined;
    } while (cursor);
    for (const ts of threads) out.push(...(await readReplies(client, channelId, ts)));
  } catch (err) {
    throw toUpstreamError(err, 'read the channel history');
  }
  return out.sort((a, b) => Number(a.ts) - Number(b.ts));
}

async function readReplies(client: WebClient, channelId: string, ts: string): Promise<ChannelMessage[]> {
  const out: ChannelMessage[] = [];
  let cursor: string | undefined;
  do {
    const res = await client.conversations.replies({ channel: channelId, ts, limit: PAGE, ...(cursor && { cursor }) });
    // The parent comes first on every page; it is already in the history.
    for (const raw of (res.messages ?? []) as RawMessage[]) {
      const m = raw.ts !== ts ? toMessage(raw) : undefined;
      if (m) out.push(m);
    }
    cursor = res.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return out;
}

/**
 * Slack's permalink shape (`<workspace>/archives/<channel>/p<ts without dot>`), built locally from
 * auth.test's workspace URL: a 10,000-message postmortem cannot afford a chat.getPermalink each.
 */
export function messageLink(workspaceUrl: string, channelId: string, ts: string, threadTs?: string): string {
  const base = `${workspaceUrl.replace(/\/+$/, '')}/archives/${channelId}/p${ts.replace('.', '')}`;
  return threadTs ? `${base}?thread_ts=${threadTs}&cid=${channelId}` : base;
}
