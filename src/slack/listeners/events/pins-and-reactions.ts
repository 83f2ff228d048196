import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { captureActivity } from '../../../services/capture-timeline.js';
import type { ListenerContext } from '../../context.js';
import { fromSlackText } from '../../slack-text.js';

/** 📌 A pinned message in an incident channel becomes a timeline entry. */
export function handlePinAdded(ctx: ListenerContext) {
  return async ({ event }: SlackEventMiddlewareArgs<'pin_added'> & AllMiddlewareArgs): Promise<void> => {
    const item = event.item as { type?: string; message?: { ts?: string; text?: string } } | undefined;
    if (item?.type !== 'message' || !item.message?.ts) return;
    await captureActivity(ctx.services, {
      kind: 'pinned',
      channelId: event.channel_id,
      ts: item.message.ts,
      userId: event.user,
      ...(item.message.text !== undefined && { text: fromSlackText(item.message.text) }),
    });
  };
}

/** The configured reaction (default :timeline:) flags a message for the timeline. Other reactions are ignored. */
export function handleReactionAdded(ctx: ListenerContext) {
  const wanted = ctx.config.file.incidents.timeline_reaction;
  return async ({ event }: SlackEventMiddlewareArgs<'reaction_added'> & AllMiddlewareArgs): Promise<void> => {
    if (event.reaction !== wanted || event.item.type !== 'message') return;
    await captureActivity(ctx.services, {
      kind: 'highlighted',
      channelId: event.item.channel,
      ts: event.item.ts,
      userId: event.user,
      via: 'reaction',
    });
  };
}
