import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { type ChannelActivity, captureActivity } from '../../../services/capture-timeline.js';
import type { ListenerContext } from '../../context.js';
import { fromSlackText } from '../../slack-text.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

interface RawMessage {
  subtype?: string;
  channel: string;
  ts: string;
  user?: string;
  bot_id?: string;
  text?: string;
  thread_ts?: string;
  message?: { ts: string; user?: string; text?: string; edited?: { ts: string } };
  deleted_ts?: string;
}

// Subtypes that are not conversation: joins, topic changes and the like stay out of the timeline.
const IGNORED = new Set([
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'pinned_item',
]);

/** Normalises Slack's message event family (new, edited, deleted) into timeline activity. */
export function toActivity(m: RawMessage, eventId?: string): ChannelActivity | undefined {
  if (m.subtype && IGNORED.has(m.subtype)) return undefined;
  if (m.subtype === 'message_changed' && m.message?.edited)
    return {
      kind: 'edited',
      channelId: m.channel,
      ts: m.message.ts,
      editTs: m.message.edited.ts,
      text: fromSlackText(m.message.text ?? ''),
      ...(m.message.user && { userId: m.message.user }),
    };
  if (m.subtype === 'message_changed') return undefined; // unfurls and other non-edits
  if (m.subtype === 'message_deleted' && m.deleted_ts)
    return { kind: 'deleted', channelId: m.channel, ts: m.deleted_ts };
  return {
    kind: 'message',
    channelId: m.channel,
    ts: m.ts,
    isBot: !!m.bot_id || m.subtype === 'bot_message',
    text: fromSlackText(m.text ?? ''),
    ...(m.user && { userId: m.user }),
    ...(m.thread_ts && m.thread_ts !== m.ts && { threadTs: m.thread_ts }),
    ...(eventId && { eventId }),
  };
}

/** Messages in incident channels (public and private), their edits and deletions → timeline. */
export function handleMessage(ctx: ListenerContext) {
  return async ({ event, body }: Args): Promise<void> => {
    const activity = toActivity(event as unknown as RawMessage, (body as { event_id?: string }).event_id);
    if (!activity) return;
    const outcome = await captureActivity(ctx.services, activity);
    if (outcome !== 'not-incident') ctx.metrics.interactions.inc({ kind: `timeline:${activity.kind}`, outcome });
  };
}
